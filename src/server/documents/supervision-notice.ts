// The printable 督办单: A4 portrait, title in 方正小标宋, body in 仿宋, the number, the unit, the task,
// the reason, the level and the response date, then the unit's response and the office's close-out.

import { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { SupervisionNotice } from '../../api/supervision.js';
import { cstDate } from '../../core/time.js';
import { NOTICE_SEVERITY_ZH, NOTICE_STATUS_ZH } from './labels.js';

const BODY = { ascii: 'FangSong', eastAsia: '仿宋_GB2312', hAnsi: 'FangSong' };
const HEAD = { ascii: 'SimHei', eastAsia: '黑体', hAnsi: 'SimHei' };
const TITLE = { ascii: 'SimSun', eastAsia: '方正小标宋简体', hAnsi: 'SimSun' };

const run = (t: string, font = BODY, size = 32) => new TextRun({ text: t, font, size });
const row = (label: string, value: string) =>
  new TableRow({
    children: [
      new TableCell({
        width: { size: 22, type: WidthType.PERCENTAGE },
        children: [new Paragraph({ children: [run(label, HEAD, 28)] })],
      }),
      new TableCell({
        width: { size: 78, type: WidthType.PERCENTAGE },
        children: value.split('\n').map((line) => new Paragraph({ children: [run(line, BODY, 28)] })),
      }),
    ],
  });

export async function supervisionNoticeDocx(n: SupervisionNotice): Promise<Buffer> {
  const day = (iso: string | null) => (iso ? cstDate(new Date(iso)) : '—');
  const doc = new Document({
    creator: 'duban',
    title: n.number,
    sections: [
      {
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 200 },
            children: [run('督  办  单', TITLE, 44)],
          }),
          new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 300 }, children: [run(n.number)] }),
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            rows: [
              row('责任单位', n.unit.name),
              row('督办事项', `${n.task.number ? `${n.task.number}. ` : ''}${n.task.text}`),
              row('督办事由', n.reason),
              row('督办等级', NOTICE_SEVERITY_ZH[n.severity]),
              row('反馈期限', n.respondBy ?? '—'),
              row('下发时间', `${day(n.issuedAt)}${n.issuedBy ? `（${n.issuedBy}）` : ''}`),
              row('办理情况', n.response ?? '（尚未反馈）'),
              row('承诺完成时间', n.newDueOn ?? '—'),
              row('办理状态', `${NOTICE_STATUS_ZH[n.status]}${n.closedAt ? `（${day(n.closedAt)}办结）` : ''}`),
            ],
          }),
          new Paragraph({
            spacing: { before: 400 },
            children: [run('请责任单位按期将办理情况书面反馈区政府督查室。', BODY, 28)],
          }),
          new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { before: 400 }, children: [run('区政府督查室')] }),
          new Paragraph({ alignment: AlignmentType.RIGHT, children: [run(day(n.issuedAt))] }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
