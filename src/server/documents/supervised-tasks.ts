// The office's filtered task list as an .xlsx workbook: one row per task, its units and their latest progress.

import ExcelJS from 'exceljs';
import type { SupervisedTask } from '../../api/supervision.js';
import { taskCode } from '../../core/task-code.js';
import { safeRow } from './cells.js';
import { LEVEL_ZH, LIGHT_ZH, PROGRESS_CLASS_ZH, ROLE_ZH, STATUS_ZH } from './labels.js';

export async function supervisedTasksXlsx(planTitle: string, rows: SupervisedTask[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'duban';
  const sheet = book.addWorksheet('任务清单', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { header: '序号', key: 'n', width: 6 },
    { header: '来源', key: 'level', width: 8 },
    { header: '编号', key: 'number', width: 8 },
    { header: '任务内容', key: 'text', width: 60 },
    { header: '灯号', key: 'light', width: 8 },
    { header: '责任单位', key: 'units', width: 30 },
    { header: '最新状态', key: 'status', width: 24 },
    { header: '进度', key: 'progressClass', width: 10 },
    { header: '最新进展', key: 'progress', width: 60 },
    { header: '协调事项', key: 'coordination', width: 10 },
    { header: '督办单', key: 'notices', width: 8 },
  ];
  rows.forEach((t, i) => {
    const u = t.supervision.units;
    sheet.addRow(
      safeRow({
        n: i + 1,
        level: LEVEL_ZH[t.source.level] ?? t.source.level,
        number: taskCode({ level: t.source.level, number: t.number, position: t.position }),
        text: t.text,
        light: LIGHT_ZH[t.supervision.light],
        progressClass: t.supervision.progressClass ? PROGRESS_CLASS_ZH[t.supervision.progressClass] : '',
        units: u.map((x) => `${x.unit.name}（${ROLE_ZH[x.role]}）`).join('\n'),
        status: u.map((x) => `${x.unit.name}：${x.status ? STATUS_ZH[x.status] : '未报送'}`).join('\n'),
        progress: u
          .filter((x) => x.progress)
          .map((x) => `${x.unit.name}：${x.progress}`)
          .join('\n'),
        coordination: t.supervision.openCoordination,
        notices: t.supervision.openNotices,
      }),
    );
  });
  sheet.getRow(1).font = { bold: true };
  sheet.autoFilter = { from: 'A1', to: 'K1' };
  sheet.eachRow((row) => {
    row.alignment = { vertical: 'top', wrapText: true };
  });
  sheet.headerFooter.oddHeader = `${planTitle}`;
  return Buffer.from(await book.xlsx.writeBuffer());
}
