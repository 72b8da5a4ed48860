// The printable 督办单: A4 portrait, title in 方正小标宋, body in 仿宋, the number, the unit, the task,
// 督办要求 (the reason), the level and 办理时限, then 承办单位签收 (signature and date), 办理情况 with room for
// a written answer, and the office's 审核. Page as the office's other documents (GB/T 9704): A4, margins top
// 37 mm, bottom 35 mm, left 28 mm, right 26 mm.

import { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { SupervisionNotice } from '../../api/supervision.js';
import { chineseDate, cstDate } from '../../core/time.js';
import { NOTICE_SEVERITY_ZH, NOTICE_STATUS_ZH } from './labels.js';
import { OFFICIAL_PAGE } from './page.js';

const BODY = { ascii: 'FangSong', eastAsia: '仿宋_GB2312', hAnsi: 'FangSong' };
const HEAD = { ascii: 'SimHei', eastAsia: '黑体', hAnsi: 'SimHei' };
const TITLE = { ascii: 'SimSun', eastAsia: '方正小标宋简体', hAnsi: 'SimSun' };

const BLANK = '　'.repeat(8);
const BLANK_DATE = '　　　　年　　月　　日';
/** A YYYY-MM-DD day as official documents write it. */
const written = (date: string) => chineseDate(new Date(`${date}T12:00:00+08:00`));

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
        properties: {
          page: OFFICIAL_PAGE,
        },
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
              row('督办要求', n.reason),
              row('督办等级', NOTICE_SEVERITY_ZH[n.severity]),
              row('办理时限', n.respondBy ? `${written(n.respondBy)}前书面反馈` : '—'),
              row('下发时间', `${day(n.issuedAt)}${n.issuedBy ? `（${n.issuedBy}）` : ''}`),
              // The form goes out on paper too: the unit signs for it and writes its answer by hand.
              row('承办单位签收', `签收人：${BLANK}\n签收日期：${BLANK_DATE}`),
              row(
                '办理情况',
                n.response
                  ? `${n.response}${n.newDueOn ? `\n承诺完成时间：${written(n.newDueOn)}` : ''}`
                  : '\n\n\n\n\n\n',
              ),
              row(
                '审核',
                `督查室审核意见：${n.closeNote ?? ''}\n审核人：${BLANK}审核日期：${n.closedAt ? chineseDate(new Date(n.closedAt)) : BLANK_DATE}`,
              ),
              row('办理状态', NOTICE_STATUS_ZH[n.status]),
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
