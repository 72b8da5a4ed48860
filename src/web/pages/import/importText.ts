import type { TreeDataNode } from 'antd';
import type { DraftWarningPage, ImportPreview } from '../../api/types';
import type { Translate } from '../../i18n';

export type Warning = DraftWarningPage['items'][number];
type PreviewSource = ImportPreview['sources'][number];

export function formatMb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

interface SectionTreeNode extends TreeDataNode {
  key: string;
  label: string;
  own: number;
  count: number;
  children: SectionTreeNode[];
}

/** The preview lists sections as heading paths with the tasks directly under each; nest them and add up. */
export function buildSectionTree(sections: PreviewSource['sections'], t: Translate): SectionTreeNode[] {
  const root: SectionTreeNode = { key: '', label: '', own: 0, count: 0, children: [] };
  for (const section of sections) {
    let node = root;
    const path = section.path.length ? section.path : [t('import.noSection')];
    path.forEach((part, depth) => {
      const key = path.slice(0, depth + 1).join('\u001f');
      let child = node.children.find((c) => c.key === key);
      if (!child) {
        child = { key, label: part, own: 0, count: 0, children: [] };
        node.children.push(child);
      }
      node = child;
    });
    node.own += section.taskCount;
  }
  const total = (node: SectionTreeNode): number => {
    node.count = node.own + node.children.reduce((sum, child) => sum + total(child), 0);
    node.title = `${node.label}（${node.count}）`;
    return node.count;
  };
  for (const child of root.children) total(child);
  return root.children;
}
