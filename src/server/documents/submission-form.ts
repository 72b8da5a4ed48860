// The printable 报送单 of a submission, for the paper archive: A4, 仿宋 body, one table row per item,
// and the signature block (who signed, when, and the fingerprint of the signed content).

import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { OTHER_LAG_REASON } from '../../api/lag-reasons.js';
import type { Submission } from '../../api/v1.js';
import { cstDate } from '../../core/time.js';
import { statusZh, verificationZh } from './labels.js';

const BODY = { ascii: 'FangSong', eastAsia: '仿宋_GB2312', hAnsi: 'FangSong' };
const HEAD = { ascii: 'SimHei', eastAsia: '黑体', hAnsi: 'SimHei' };

const text = (t: string, opts: { bold?: boolean; size?: number; font?: typeof BODY } = {}) =>
  new TextRun({ text: t, font: opts.font ?? BODY, size: opts.size ?? 24, bold: opts.bold ?? false });

const cell = (t: string, width: number, head = false) =>
  new TableCell({
    width: { size: width, type: WidthType.PERCENTAGE },
    children: [new Paragraph({ children: [text(t, head ? { font: HEAD, size: 21 } : { size: 21 })] })],
  });

/** 滞后 with why, as the leader signed it: 滞后（资金、其他：…）. */
function statusWithReasons(item: Submission['items'][number], reasonNames: ReadonlyMap<string, string>): string {
  const reasons = (item.lagReasons ?? []).map((k) =>
    k === OTHER_LAG_REASON && item.lagReasonText ? `其他：${item.lagReasonText}` : (reasonNames.get(k) ?? k),
  );
  return `${statusZh(item.status)}${reasons.length ? `（${reasons.join('、')}）` : ''}`;
}

/** `reasonNames`: the office's reasons for lagging by key (their Chinese names). */
export async function submissionFormDocx(
  pkg: Submission,
  reasonNames: ReadonlyMap<string, string> = new Map(),
): Promise<Buffer> {
  const signed = pkg.signedAt ? new Date(pkg.signedAt) : null;
  const rows = [
    new TableRow({
      tableHeader: true,
      children: [
        cell('序号', 6, true),
        cell('目标任务', 27, true),
        cell('状态', 8, true),
        cell('进展情况', 23, true),
        cell('存在问题', 13, true),
        cell('下步打算', 13, true),
        // How the office verified the item at review (查阅资料 / 电话核查 / 现场核实); empty before it did.
        cell('核实方式', 10, true),
      ],
    }),
    ...pkg.items.map(
      (item, i) =>
        new TableRow({
          children: [
            cell(String(i + 1), 6),
            cell(`${item.task.number ? `${item.task.number}. ` : ''}${item.task.text}`, 27),
            cell(statusWithReasons(item, reasonNames), 8),
            cell(
              [
                item.progress,
                ...item.indicatorActuals.filter((a) => a.value !== null).map((a) => `${a.label}：${a.value}${a.unit}`),
              ].join('\n'),
              23,
            ),
            cell(item.problems ?? '', 13),
            cell(item.nextSteps ?? '', 13),
            cell(verificationZh(item.verification), 10),
          ],
        }),
    ),
  ];
  const doc = new Document({
    creator: 'duban',
    title: `${pkg.unit.name}${pkg.period.label}报送单`,
    sections: [
      {
        properties: { page: { size: { orientation: PageOrientation.LANDSCAPE } } },
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 300 },
            children: [
              text(`${pkg.period.label}《政府工作报告》目标任务落实情况报送单`, {
                font: { ascii: 'SimSun', eastAsia: '方正小标宋简体', hAnsi: 'SimSun' },
                size: 36,
              }),
            ],
          }),
          new Paragraph({
            spacing: { after: 200 },
            children: [text(`报送单位：${pkg.unit.name}　　　共 ${pkg.items.length} 项　　　已填报 ${pkg.filled} 项`)],
          }),
          new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows }),
          new Paragraph({
            spacing: { before: 400 },
            children: [
              text('单位主要领导（签字）：', { font: HEAD }),
              text(
                !pkg.signer ? '（未签字）' : pkg.signedFor ? `代签：${pkg.signer}（代 ${pkg.signedFor}）` : pkg.signer,
              ),
            ],
          }),
          new Paragraph({ children: [text('签字日期：', { font: HEAD }), text(signed ? cstDate(signed) : '—')] }),
          new Paragraph({
            border: { top: { style: BorderStyle.SINGLE, size: 4, color: '999999', space: 4 } },
            spacing: { before: 200 },
            children: [text(`电子签字内容校验码（SHA-256）：${pkg.contentHash ?? '—'}`, { size: 18 })],
          }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
