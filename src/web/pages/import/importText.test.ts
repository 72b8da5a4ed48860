import { describe, expect, it } from 'vitest';
import { translate } from '../../i18n';
import { buildSectionTree, formatMb } from './importText';

const t = (key: Parameters<typeof translate>[1]) => translate('zh-CN', key);

describe('the import preview', () => {
  it('shows file sizes in MB with one decimal', () => {
    expect(formatMb(0)).toBe('0.0');
    expect(formatMb(1024 * 1024)).toBe('1.0');
    expect(formatMb(25 * 1024 * 1024 - 1)).toBe('25.0');
    expect(formatMb(1.25 * 1024 * 1024 + 10)).toBe('1.3');
  });

  it('nests heading paths into a tree and adds up the tasks beneath each heading', () => {
    const tree = buildSectionTree(
      [
        { path: ['一、经济'], taskCount: 1 },
        { path: ['一、经济', '（一）工业'], taskCount: 3 },
        { path: ['一、经济', '（二）农业'], taskCount: 2 },
        { path: ['二、民生'], taskCount: 4 },
        { path: [], taskCount: 5 },
      ] as Parameters<typeof buildSectionTree>[0],
      t,
    );
    const shape = (nodes: typeof tree): unknown[] =>
      nodes.map((n) => [n.title, n.own, n.count, ...(n.children.length ? [shape(n.children)] : [])]);
    expect(shape(tree)).toEqual([
      [
        '一、经济（6）',
        1,
        6,
        [
          ['（一）工业（3）', 3, 3],
          ['（二）农业（2）', 2, 2],
        ],
      ],
      ['二、民生（4）', 4, 4],
      [`${t('import.noSection')}（5）`, 5, 5],
    ]);
    // Keys are unique per path, so equal headings under different parents stay apart.
    const same = buildSectionTree(
      [
        { path: ['A', '小结'], taskCount: 1 },
        { path: ['B', '小结'], taskCount: 1 },
      ] as Parameters<typeof buildSectionTree>[0],
      t,
    );
    expect(same.map((n) => n.children[0]?.key)).toEqual(['A\u001f小结', 'B\u001f小结']);
  });
});
