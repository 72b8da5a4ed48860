// The office's letter for the ladder steps a unit reached in a period (问责梯度): one letter per unit, titled by its
// most severe step — 提醒函, 约谈通知, 挂牌督办通知, 问责建议 — listing each task with its step and the lights that
// brought it there. Page as the office's other documents (GB/T 9704): A4, the official margins, 仿宋 body.

import { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { LADDER_ACTIONS, type LadderAction } from '../../core/ladder.js';
import { taskCode } from '../../core/task-code.js';
import { chineseDate } from '../../core/time.js';
import { LIGHT_ZH } from './labels.js';
import { OFFICIAL_PAGE } from './page.js';

const BODY = { ascii: 'FangSong', eastAsia: '仿宋_GB2312', hAnsi: 'FangSong' };
const HEAD = { ascii: 'SimHei', eastAsia: '黑体', hAnsi: 'SimHei' };
const TITLE = { ascii: 'SimSun', eastAsia: '方正小标宋简体', hAnsi: 'SimSun' };

/** The letter's title and what it asks, by the most severe action in it. */
const LETTER: Record<LadderAction, { title: string; ask: string }> = {
  reminder_letter: {
    title: '提醒函',
    ask: '请你单位高度重视，认真分析滞后原因，制定整改措施，于下一报告期截止前报送整改情况。',
  },
  interview: {
    title: '约谈通知',
    ask: '经研究，拟由分管区领导约谈你单位主要负责同志，请做好准备，届时汇报滞后原因和整改措施，具体时间另行通知。',
  },
  listed: {
    title: '挂牌督办通知',
    ask: '经研究，对上述任务实行挂牌督办。请你单位主要负责同志亲自研究部署，每半月报送一次进展，直至销号。',
  },
  accountability: {
    title: '问责建议函',
    ask: '上述任务连续滞后且整改不力，区政府督查室将按规定提出问责建议，移送有关部门依规处理。',
  },
};

export interface LadderLetterInput {
  unit: string;
  period: string;
  date: Date;
  items: {
    task: { number: string | null; text: string; level: Parameters<typeof taskCode>[0]['level'] };
    step: string;
    action: LadderAction;
    lights: readonly string[];
  }[];
}

const run = (text: string, font = BODY, size = 32) => new TextRun({ text, font, size });
const para = (text: string, indent = true) =>
  new Paragraph({ indent: indent ? { firstLine: 640 } : undefined, spacing: { line: 560 }, children: [run(text)] });
const cell = (text: string, width: number, head = false) =>
  new TableCell({
    width: { size: width, type: WidthType.PERCENTAGE },
    children: text.split('\n').map((line) => new Paragraph({ children: [run(line, head ? HEAD : BODY, 24)] })),
  });

export async function ladderLetterDocx(input: LadderLetterInput): Promise<Buffer> {
  const worst = input.items.reduce<LadderAction>(
    (w, i) => (LADDER_ACTIONS.indexOf(i.action) > LADDER_ACTIONS.indexOf(w) ? i.action : w),
    'reminder_letter',
  );
  const letter = LETTER[worst];
  const doc = new Document({
    creator: 'duban',
    title: letter.title,
    sections: [
      {
        properties: { page: OFFICIAL_PAGE },
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 400 },
            children: [run(letter.title, TITLE, 44)],
          }),
          para(`${input.unit}：`, false),
          para(
            `根据${input.period}目标任务推进情况和问责梯度规定，你单位以下${input.items.length}项任务连续进度滞后，现予以${[
              ...new Set(input.items.map((i) => i.step)),
            ].join('、')}。`,
          ),
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            rows: [
              new TableRow({
                children: [
                  cell('序号', 8, true),
                  cell('任务', 56, true),
                  cell('各期灯号', 20, true),
                  cell('梯度', 16, true),
                ],
              }),
              ...input.items.map(
                (i, n) =>
                  new TableRow({
                    children: [
                      cell(String(n + 1), 8),
                      cell(
                        `${taskCode({ level: i.task.level, number: i.task.number, position: 0 })} ${i.task.text}`,
                        56,
                      ),
                      cell(i.lights.map((l) => LIGHT_ZH[l as keyof typeof LIGHT_ZH] ?? l).join('→'), 20),
                      cell(i.step, 16),
                    ],
                  }),
              ),
            ],
          }),
          para(letter.ask),
          new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { before: 600 }, children: [run('区政府督查室')] }),
          new Paragraph({ alignment: AlignmentType.RIGHT, children: [run(chineseDate(input.date))] }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
