import { describe, expect, it } from 'vitest';
import { translate } from '../../i18n';
import { confidenceTag } from './TaskCorrections';

describe('confidenceTag', () => {
  const zh = (key: Parameters<typeof translate>[1]) => translate('zh-CN', key);
  const en = (key: Parameters<typeof translate>[1]) => translate('en', key);

  it('marks nothing on a sure task, and medium and low tasks with their reason in both languages', () => {
    expect(confidenceTag('high', zh)).toBeNull();
    expect(confidenceTag('medium', zh)).toMatchObject({ color: 'gold', label: '请核对' });
    expect(confidenceTag('low', zh)).toMatchObject({ color: 'red', label: '存疑' });
    expect(confidenceTag('low', en)?.hint).toMatch(/No lead or responsible unit/);
    expect(confidenceTag('medium', en)?.label).toBe('Check');
  });
});
