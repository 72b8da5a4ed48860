// 考评 as an .xlsx workbook, from the evaluation the service computed.

import ExcelJS from 'exceljs';
import type { Evaluation } from '../../api/evaluation.js';
import { safeRow } from './cells.js';
import { PROGRESS_CLASS_ZH } from './labels.js';

const COMPONENT_ZH = {
  onTime: '按时报送',
  completion: '完成进度',
  indicators: '指标完成',
  supervision: '督办情况',
  quality: '报送质量',
  filled: '填报完整',
};

const PROGRESS_KEYS = Object.keys(PROGRESS_CLASS_ZH) as (keyof typeof PROGRESS_CLASS_ZH)[];

/** The evaluation (a period's or the year's) as an .xlsx workbook: rank, unit, score and its parts. */
export async function evaluationWorkbook(e: Evaluation): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'duban';
  const sheet = book.addWorksheet(e.period ? `${e.period.label}考评` : '年度考评', {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  const keys = Object.keys(COMPONENT_ZH) as (keyof typeof COMPONENT_ZH)[];
  sheet.columns = [
    { header: '名次', key: 'rank', width: 6 },
    { header: '单位', key: 'unit', width: 30 },
    { header: '事项数', key: 'items', width: 8 },
    { header: '得分', key: 'score', width: 8 },
    { header: '未办结红色督办单', key: 'redNotices', width: 10 },
    { header: `逾期完成事项（每项扣${e.weights.completedLate}分）`, key: 'completedLate', width: 12 },
    { header: '问责梯度扣分', key: 'ladder', width: 10 },
    { header: `质量提示事项（每项扣${e.weights.qualityFlags}分）`, key: 'flaggedItems', width: 12 },
    { header: `延期次数（每次扣${e.weights.delays}分）`, key: 'delayCases', width: 12 },
    ...PROGRESS_KEYS.map((k) => ({ header: PROGRESS_CLASS_ZH[k], key: `progress.${k}`, width: 8 })),
    ...(e.period
      ? keys.map((k) => ({ header: `${COMPONENT_ZH[k]}（权重${e.weights[k]}）`, key: k, width: 16 }))
      : (e.rows[0]?.periods ?? []).map((p) => ({ header: p.label, key: p.id, width: 16 }))),
  ];
  for (const r of e.rows) {
    sheet.addRow(
      safeRow({
        rank: r.rank ?? (r.participated ? '' : '未参评'),
        unit: r.unit.name,
        items: r.items,
        score: r.score ?? '',
        redNotices: r.openRedNotices,
        completedLate: r.completedLate,
        ladder: r.ladderDeduction,
        flaggedItems: r.flaggedItems,
        delayCases: r.delayCases,
        ...Object.fromEntries(PROGRESS_KEYS.map((k) => [`progress.${k}`, r.progress[k] ?? 0])),
        ...(r.components ? Object.fromEntries(keys.map((k) => [k, r.components?.[k] ?? ''])) : {}),
        ...Object.fromEntries(r.periods.map((p) => [p.id, p.score ?? ''])),
      }),
    );
  }
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await book.xlsx.writeBuffer());
}
