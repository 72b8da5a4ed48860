import { describe, expect, it } from 'vitest';
import { translate } from '../i18n';
import { taskTitle } from './TaskDetail';

describe('taskTitle', () => {
  const zh = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) =>
    translate('zh-CN', key, params);

  it('writes a numbered task as the notice does, and a carried-over task by its code', () => {
    expect(taskTitle({ number: '12', source: { id: 'x', index: 2, level: 'district' } }, zh)).toBe('区第12项');
    expect(taskTitle({ number: '结1', source: { id: 'x', index: 2, level: 'district' } }, zh)).toBe('区结1');
  });
});
