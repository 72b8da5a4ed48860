// 领导专报: a district leader's weekly brief on one A4 page — the office's page and fonts (GB/T 9704, as the ladder's
// letters): a title, the week and the leader, then four short sections, each a count and its first lines.

import { AlignmentType, Document, Packer, Paragraph, TextRun } from 'docx';
import type { BriefLine, LeaderBrief } from '../../api/leaders.js';
import { chineseDate, startOfDayCst } from '../../core/time.js';
import { LIGHT_ZH } from './labels.js';
import { OFFICIAL_PAGE } from './page.js';

const BODY = { ascii: 'FangSong', eastAsia: '仿宋_GB2312', hAnsi: 'FangSong' };
const HEAD = { ascii: 'SimHei', eastAsia: '黑体', hAnsi: 'SimHei' };
const TITLE = { ascii: 'SimSun', eastAsia: '方正小标宋简体', hAnsi: 'SimSun' };

// Smaller than a letter's 三号 (32 half-points): four sections must fit one page.
const run = (text: string, font = BODY, size = 26) => new TextRun({ text, font, size });
const para = (text: string, font = BODY, size = 26) =>
  new Paragraph({ spacing: { line: 400 }, children: [run(text, font, size)] });

const day = (date: string) => chineseDate(startOfDayCst(date));

function lineText(l: BriefLine): string {
  const light = l.light ? `【${LIGHT_ZH[l.light]}】` : '';
  const unit = l.units ? `（${l.units}）` : '';
  switch (l.kind) {
    case 'red_task':
      return `${light}${l.text}${unit} 逾期${l.days ?? 0}天`;
    case 'instruction':
      return l.state === 'answered'
        ? `${light}${l.text}${unit} 本周已反馈`
        : `${light}${l.text}${unit} ${l.state === 'overdue' ? `已超期${l.days ?? 0}天` : `应于${l.date}前反馈`}`;
    case 'coordination':
      return `${l.text}${unit} 已等待${l.days ?? 0}天`;
    case 'turned_red':
      return `${light}${l.text}${unit} 本周转为红灯`;
    case 'completed':
      return `${l.text}${unit} 本周完成`;
    case 'notice_issued':
      return `${l.text}${unit} 本周下发`;
    case 'notice_answered':
      return `${l.text}${unit} 本周已反馈`;
    default:
      return `${l.text}${l.date ? ` ${l.date}` : ''}`;
  }
}

function section(title: string, summary: string, lines: readonly BriefLine[], more: number): Paragraph[] {
  return [
    new Paragraph({ spacing: { before: 160, line: 400 }, children: [run(title, HEAD, 28)] }),
    para(summary),
    ...lines.map((l, i) => para(`${i + 1}. ${lineText(l)}`)),
    ...(more > 0 ? [para(`另有${more}项，详见系统。`)] : []),
  ];
}

export async function leaderBriefDocx(brief: LeaderBrief, date: Date): Promise<Buffer> {
  const c = brief.changes.counts;
  const i = brief.instructions.counts;
  const scope = brief.units.length > 0 ? `分管单位：${brief.units.map((u) => u.name).join('、')}` : '范围：全部单位';
  const doc = new Document({
    creator: 'duban',
    title: '领导专报',
    sections: [
      {
        properties: { page: OFFICIAL_PAGE },
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 200 },
            children: [run('领导专报', TITLE, 40)],
          }),
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 200 },
            children: [run(`${brief.leader.displayName}　${day(brief.weekStart)}至${day(brief.weekEnd)}`)],
          }),
          para(scope),
          ...section(
            '一、本周变化',
            `报送签字${c.signed}份，下发督办单${c.noticesIssued}份、反馈${c.noticesAnswered}份，新转红灯${c.turnedRed}项，完成${c.completed}项。`,
            brief.changes.lines,
            brief.changes.total - brief.changes.lines.length,
          ),
          ...section(
            '二、红灯任务',
            `红灯任务${brief.red.total}项。`,
            brief.red.lines,
            brief.red.total - brief.red.lines.length,
          ),
          ...section(
            '三、批示落实',
            `待反馈${i.due}项，已超期${i.overdue}项，本周已反馈${i.answered}项。`,
            brief.instructions.lines,
            brief.instructions.total - brief.instructions.lines.length,
          ),
          ...section(
            '四、待协调事项',
            `待您批示的协调事项${brief.coordination.total}项。`,
            brief.coordination.lines,
            brief.coordination.total - brief.coordination.lines.length,
          ),
          new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { before: 300 }, children: [run('区政府督查室')] }),
          new Paragraph({ alignment: AlignmentType.RIGHT, children: [run(chineseDate(date))] }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
