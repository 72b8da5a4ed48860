// A bulletin as documents: .docx in official-document layout (GB/T 9704-2012: A4; margins top 37 mm,
// bottom 35 mm, left 28 mm, right 26 mm; title 方正小标宋简体 二号; body 仿宋_GB2312 三号 at a fixed 28.95 pt
// line; headings 黑体 (一、) and 楷体_GB2312 ((一)); page numbers "— 1 —" in 宋体 四号), and .xlsx with the
// detail sheets. Fonts missing on a machine fall back through the ascii/hAnsi names given beside them.
// 签发人: GB/T 9704 puts it in the 版头 only for upward documents (上行文); a 通报 goes down to the units, so
// the approver and the time of 签发 are printed in the 版记, on the line above 印发机关和印发日期. A 更正
// has the same 版头, 落款 and 版记 around its own text.

import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import ExcelJS from 'exceljs';
import type { Bulletin, BulletinInstruction } from '../../api/bulletins.js';
import { taskCode } from '../../core/task-code.js';
import { chineseDate, chineseDateTime } from '../../core/time.js';
import { safeRow } from './cells.js';
import {
  COORDINATION_STATUS_ZH,
  LEVEL_ZH,
  LIGHT_ZH,
  labelOf,
  NOTICE_STATUS_ZH,
  PROGRESS_CLASS_ZH,
  STATUS_ZH,
} from './labels.js';
import { OFFICIAL_PAGE } from './page.js';

const TITLE = { ascii: 'SimSun', eastAsia: '方正小标宋简体', hAnsi: 'SimSun' };
const BODY = { ascii: 'FangSong', eastAsia: '仿宋_GB2312', hAnsi: 'FangSong' };
const HEI = { ascii: 'SimHei', eastAsia: '黑体', hAnsi: 'SimHei' };
const KAI = { ascii: 'KaiTi', eastAsia: '楷体_GB2312', hAnsi: 'KaiTi' };
const SONG = { ascii: 'SimSun', eastAsia: '宋体', hAnsi: 'SimSun' };
const SIZE_2 = 44; // 二号 22 pt, in half-points
const SIZE_3 = 32; // 三号 16 pt
const SIZE_4 = 28; // 四号 14 pt
const LINE = { line: 579, lineRule: LineRuleType.EXACT }; // 28.95 pt: 22 lines on a page
/**
 * 28 characters on a line: the 156 mm 版心 is 442.2 pt and a 三号 character 16 pt, so characters are drawn
 * 0.25 pt closer (15.75 pt each); indents count in the same characters.
 */
const CHAR_SPACING = -5; // twentieths of a point
const CHAR = SIZE_3 * 10 + CHAR_SPACING; // twips
const grid = { font: BODY, size: SIZE_3, characterSpacing: CHAR_SPACING };

const RED = 'FF0000';
const MARK_SIZE = 52; // the 发文机关标志, red, above 二号
/** The office that issues bulletins and what its 版记 sends copies to. */
const ISSUER = '区政府督查室';
/** The .docx names this many of the most delayed units; the .xlsx lists them all. */
const DOCX_DELAY_UNITS = 10;
const COPY_TO = '区委办公室，区人大常委会办公室，区政协办公室';

/** One line of the 版记, ruled above (the first) and below. */
const imprint = (text: string, first: boolean) =>
  new Paragraph({
    spacing: { before: 60, after: 60 },
    indent: { left: SIZE_4 * 10, right: SIZE_4 * 10 },
    border: {
      ...(first ? { top: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 4 } } : {}),
      bottom: { style: BorderStyle.SINGLE, size: first ? 4 : 6, color: '000000', space: 4 },
    },
    children: [new TextRun({ text, font: BODY, size: SIZE_4 })],
  });

const ZH_NUM = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

const body = (text: string) =>
  new Paragraph({
    spacing: LINE,
    indent: { firstLine: 2 * CHAR },
    alignment: AlignmentType.JUSTIFIED,
    children: [new TextRun({ text, ...grid })],
  });
const heading = (n: number, text: string) =>
  new Paragraph({
    spacing: LINE,
    indent: { firstLine: 2 * CHAR },
    children: [new TextRun({ text: `${ZH_NUM[n] ?? n + 1}、${text}`, ...grid, font: HEI })],
  });
const subheading = (n: number, text: string) =>
  new Paragraph({
    spacing: LINE,
    indent: { firstLine: 2 * CHAR },
    children: [new TextRun({ text: `（${ZH_NUM[n] ?? n + 1}）${text}`, ...grid, font: KAI })],
  });
const cell = (text: string, width: number, head = false) =>
  new TableCell({
    width: { size: width, type: WidthType.PERCENTAGE },
    children: text.split('\n').map(
      (line) =>
        new Paragraph({
          alignment: head ? AlignmentType.CENTER : AlignmentType.LEFT,
          children: [new TextRun({ text: line, font: head ? HEI : BODY, size: 24 })],
        }),
    ),
  });
const table = (widths: number[], head: string[], rows: string[][]) =>
  new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: head.map((h, i) => cell(h, widths[i] as number, true)) }),
      ...rows.map((r) => new TableRow({ children: r.map((c, i) => cell(c, widths[i] as number)) })),
    ],
  });

type TaskRef = Bulletin['data']['laggards'][number]['task'];
/** 省1 / 市47 / 区12, as every view names a task. */
/** 已落实（6月3日） / 逾期未落实（期限6月1日） / 办理中（期限6月30日）. */
const instructionState = (u: BulletinInstruction['units'][number]) =>
  u.state === 'answered'
    ? `已落实（${chineseDay(u.answeredOn ?? '')}）`
    : `${u.state === 'overdue' ? '逾期未落实' : '办理中'}（期限${chineseDay(u.dueOn)}）`;
const codeOf = (t: TaskRef) => taskCode({ level: t.level, number: t.number, position: t.position ?? 0 });
const districtCode = (d: { number: string | null }) => taskCode({ level: 'district', number: d.number, position: 0 });

/** 2025-05-31 → 2025年5月31日. */
const chineseDay = (day: string) => day.replace(/^(\d{4})-0?(\d{1,2})-0?(\d{1,2})$/, '$1年$2月$3日');

type LaggardUnit = Bulletin['data']['laggards'][number]['units'][number];
/** 滞后（欠进度）〔原因：资金〕：progress — a lagging unit's situation, as the document and the sheet print it. */
const situation = (u: LaggardUnit) =>
  `${u.status ? STATUS_ZH[u.status] : '未报送'}${u.progressClass ? `（${PROGRESS_CLASS_ZH[u.progressClass]}）` : ''}${
    u.lagReasons?.length ? `〔原因：${u.lagReasons.join('、')}〕` : ''
  }${u.reason ? `：${u.reason}` : ''}`;

function named(b: Bulletin) {
  const tasks = b.data.laggards.filter((l) => b.draft.namedTaskIds.includes(l.task.id));
  const units = b.data.commendations.filter((c) => b.draft.commendedUnitIds.includes(c.unit.id));
  return { tasks, units };
}

/** 签发人 and 签发时间 as the 版记 prints them; a draft shows whom it waits for, or nothing before submission. */
export function signoffLine(b: Pick<Bulletin, 'approver' | 'signoff' | 'signedOffAt'>): string | null {
  if (!b.approver) return null;
  if (b.signoff === 'approved' && b.signedOffAt) {
    return `签发人：${b.approver.name}${'　'.repeat(2)}签发时间：${chineseDateTime(new Date(b.signedOffAt))}`;
  }
  return b.signoff === 'pending' ? `签发人：${b.approver.name}（待签发）` : null;
}

/** The text of a 更正: what is corrected in which bulletin, closed with 特此更正. */
function correctionChildren(b: Bulletin): Paragraph[] {
  const original = b.corrects;
  const lines = (b.correction ?? '').split(/\n+/).filter((l) => l.trim());
  return [
    body(`我室印发的《${original?.title ?? ''}》（${original?.number ?? ''}）中有关内容有误，现更正如下：`),
    ...lines.map(body),
    body('特此更正。'),
  ];
}

function bulletinChildren(b: Bulletin): (Paragraph | Table)[] {
  const { tasks, units } = named(b);
  const d = b.draft;
  const children: (Paragraph | Table)[] = [
    body(d.intro),
    heading(0, '总体推进情况'),
    body(d.overview),
    table(
      [20, 16, 16, 16, 16, 16],
      ['来源', '任务数', '已完成', '红灯', '黄灯', '绿灯'],
      b.data.overview.bySource.map((s) => [
        LEVEL_ZH[s.level] ?? s.title,
        String(s.tasks),
        String(s.completed),
        String(s.lights.red),
        String(s.lights.yellow),
        String(s.lights.green),
      ]),
    ),
    ...((b.data.lines ?? []).length
      ? [
          subheading(0, '按省市任务条线'),
          table(
            [55, 10, 35],
            ['上级任务', '灯号', '本区承接任务'],
            (b.data.lines ?? []).map((l) => [
              `${codeOf(l.task)} ${l.task.text}`,
              LIGHT_ZH[l.light],
              l.district.map((d) => `${districtCode(d)}（${LIGHT_ZH[d.light]}）`).join('\n'),
            ]),
          ),
        ]
      : []),
    heading(1, '报送情况'),
    body(d.submission),
    heading(2, '存在的问题'),
    body(d.laggards),
  ];
  // The office may name fewer than all lagging tasks; the document then says so, never a silent cut.
  const all = b.data.laggardCount ?? b.data.laggards.length;
  if (all > tasks.length) children.push(body(`列出${tasks.length}项（共${all}项），全部滞后任务见附表。`));
  // The parts under 存在的问题 are numbered (一)(二)… as they appear: none is numbered past a missing one.
  let part = 0;
  if (tasks.length) {
    children.push(
      subheading(part++, '进度滞后和推进受阻的任务'),
      table(
        [6, 44, 20, 30],
        ['序号', '任务', '责任单位', '情况'],
        tasks.map((t, i) => [
          String(i + 1),
          `${codeOf(t.task)} ${t.task.text}`,
          t.units.map((u) => u.unit.name).join('\n'),
          t.units.map(situation).join('\n'),
        ]),
      ),
    );
  }
  const late = b.data.completedLate ?? [];
  if (late.length) {
    children.push(
      subheading(part++, '逾期完成的任务'),
      table(
        [6, 50, 14, 30],
        ['序号', '任务', '期限', '逾期完成单位'],
        late.map((l, i) => [
          String(i + 1),
          `${codeOf(l.task)} ${l.task.text}`,
          chineseDay(l.deadlineOn),
          l.units.map((u) => u.unit.name).join('\n'),
        ]),
      ),
    );
  }
  const blacklist = b.data.blacklist ?? [];
  if (blacklist.length) {
    children.push(
      subheading(part++, '黑榜'),
      table(
        [6, 24, 52, 18],
        ['序号', '单位', '任务', '问责梯度'],
        blacklist.map((u, i) => [
          String(i + 1),
          u.unit.name,
          u.steps.map((s) => `${codeOf(s.task)} ${s.task.text}`).join('\n'),
          u.steps.map((s) => s.name).join('\n'),
        ]),
      ),
    );
  }
  const delays = b.data.delays ?? [];
  if (delays.length) {
    // The most delayed units on the page; every one in the .xlsx.
    const shown = delays.slice(0, DOCX_DELAY_UNITS);
    children.push(
      subheading(part++, '延期情况'),
      table(
        [6, 30, 12, 13, 13, 13, 13],
        ['序号', '单位', '本期', '逾期报送', '节点逾期', '申请延期', '全年累计'],
        shown.map((x, i) => [
          String(i + 1),
          x.unit.name,
          String(x.period.total),
          String(x.period.late_report),
          String(x.period.milestone_overdue),
          String(x.period.extension_approved + x.period.extension_refused),
          String(x.year),
        ]),
      ),
    );
    if (delays.length > shown.length) children.push(body(`另有${delays.length - shown.length}个单位，详见附表。`));
  }
  const instructions = b.data.instructions ?? [];
  if (d.showInstructions && instructions.length) {
    children.push(
      subheading(part++, '领导批示落实情况'),
      table(
        [6, 46, 20, 28],
        ['序号', '批示', '承办单位', '落实情况'],
        instructions.map((x, i) => [
          String(i + 1),
          `${x.author}（${chineseDay(x.writtenOn)}，${x.subject}）：${x.body}`,
          x.units.map((u) => u.unit.name).join('\n'),
          x.units.map(instructionState).join('\n'),
        ]),
      ),
    );
  }
  if (d.coordination) children.push(subheading(part++, '协调事项和督办单'), body(d.coordination));
  children.push(heading(3, '表扬'));
  children.push(body(d.commendation || '本期无。'));
  if (units.length) {
    children.push(
      table(
        [8, 40, 52],
        ['序号', '单位', '事由'],
        units.map((u, i) => [String(i + 1), u.unit.name, u.reason]),
      ),
    );
  }
  children.push(heading(4, '下步要求'), body(d.requirements));
  return children;
}

export async function bulletinDocx(b: Bulletin): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    // 版头: the issuing office's mark in red, the 发文字号 centred under it, then the red separator line.
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 400, after: 300 },
      children: [new TextRun({ text: `${ISSUER}文件`, font: TITLE, size: MARK_SIZE, color: RED, bold: true })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 120 },
      border: { bottom: { style: BorderStyle.SINGLE, size: 18, color: RED, space: 8 } },
      children: [new TextRun({ text: b.number ?? '（草稿）', font: BODY, size: SIZE_3 })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 200, after: 400, line: 700, lineRule: LineRuleType.EXACT },
      children: [new TextRun({ text: b.title, font: TITLE, size: SIZE_2 })],
    }),
    new Paragraph({
      spacing: LINE,
      children: [new TextRun({ text: '各责任单位：', ...grid })],
    }),
    ...(b.corrects ? correctionChildren(b) : bulletinChildren(b)),
  ];
  // 落款: the office and the date written out, right-aligned four characters in, with three blank lines above
  // for the seal (印章) to cover.
  const day = chineseDate(new Date(b.publishedAt ?? b.data.generatedAt));
  const signed = signoffLine(b);
  const sign = (text: string) =>
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      spacing: LINE,
      indent: { right: 4 * CHAR },
      children: [new TextRun({ text, ...grid })],
    });
  children.push(
    ...[0, 1, 2].map(() => new Paragraph({ spacing: LINE, children: [] })),
    sign(ISSUER),
    sign(day),
    // 版记: 抄送 and 印发机关/印发日期 between lines at the foot of the text.
    new Paragraph({ spacing: { before: 600 }, children: [] }),
    imprint(`抄送：${COPY_TO}。`, true),
    ...(signed ? [imprint(signed, false)] : []),
    imprint(`${ISSUER}${' '.repeat(4)}${day}印发`, false),
  );
  const doc = new Document({
    creator: 'duban',
    title: b.title,
    sections: [
      {
        properties: {
          page: OFFICIAL_PAGE,
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: SONG, size: SIZE_4 })],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}

export async function bulletinXlsx(b: Bulletin): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'duban';
  const add = (name: string, columns: { header: string; width: number }[], rows: (string | number)[][]) => {
    const sheet = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = columns.map((c, i) => ({ header: c.header, key: String(i), width: c.width }));
    for (const r of rows) sheet.addRow(safeRow(r));
    sheet.getRow(1).font = { bold: true };
    sheet.eachRow((row) => {
      row.alignment = { vertical: 'top', wrapText: true };
    });
  };
  add(
    '概况',
    [
      { header: '来源', width: 10 },
      { header: '任务数', width: 10 },
      { header: '已完成', width: 10 },
      { header: '红灯', width: 8 },
      { header: '黄灯', width: 8 },
      { header: '绿灯', width: 8 },
      { header: '未开始', width: 8 },
    ],
    b.data.overview.bySource.map((s) => [
      LEVEL_ZH[s.level] ?? s.title,
      s.tasks,
      s.completed,
      s.lights.red,
      s.lights.yellow,
      s.lights.green,
      s.lights.grey,
    ]),
  );
  // Under the figures: the document's number, its 签发 and what it corrects or is corrected by.
  const overview = book.getWorksheet('概况');
  const facts: [string, string][] = [
    ['文号', b.number ?? '（草稿，未编号）'],
    ['签发人', b.approver?.name ?? ''],
    ['签发时间', b.signoff === 'approved' && b.signedOffAt ? chineseDateTime(new Date(b.signedOffAt)) : '（未签发）'],
    ...(b.corrects ? ([['更正', `${b.corrects.number ?? ''}《${b.corrects.title}》`]] as [string, string][]) : []),
    ...b.correctedBy.map((c): [string, string] => ['已更正，见', `${c.number ?? ''} ${c.title}`]),
  ];
  if (overview) {
    overview.addRow([]);
    for (const f of facts) overview.addRow(safeRow(f));
  }
  add(
    '报送情况',
    [
      { header: '单位', width: 30 },
      { header: '报送', width: 12 },
      { header: '逾期天数', width: 10 },
    ],
    [
      ...b.data.submissions.onTime.map((u) => [u.name, '按时', 0]),
      ...b.data.submissions.late.map((u) => [u.name, '逾期', u.lateDays]),
      ...b.data.submissions.missing.map((u) => [u.name, '未报送', '']),
    ],
  );
  add(
    '延期情况',
    [
      { header: '单位', width: 30 },
      { header: '本期', width: 8 },
      { header: '逾期报送', width: 10 },
      { header: '节点逾期', width: 10 },
      { header: '延期获批', width: 10 },
      { header: '延期未批', width: 10 },
      { header: '全年累计', width: 10 },
    ],
    (b.data.delays ?? []).map((x) => [
      x.unit.name,
      x.period.total,
      x.period.late_report,
      x.period.milestone_overdue,
      x.period.extension_approved,
      x.period.extension_refused,
      x.year,
    ]),
  );
  add(
    '领导批示',
    [
      { header: '批示领导', width: 12 },
      { header: '批示日期', width: 12 },
      { header: '批示内容', width: 50 },
      { header: '批示对象', width: 30 },
      { header: '承办单位', width: 24 },
      { header: '落实期限', width: 12 },
      { header: '落实情况', width: 12 },
      { header: '落实日期', width: 12 },
    ],
    (b.data.instructions ?? []).flatMap((x) =>
      x.units.map((u) => [
        x.author,
        x.writtenOn,
        x.body,
        x.subject,
        u.unit.name,
        u.dueOn,
        u.state === 'answered' ? '已落实' : u.state === 'overdue' ? '逾期未落实' : '办理中',
        u.answeredOn ?? '',
      ]),
    ),
  );
  add(
    '滞后任务',
    [
      { header: '来源', width: 8 },
      { header: '编号', width: 8 },
      { header: '任务内容', width: 50 },
      { header: '灯号', width: 8 },
      { header: '逾期天数', width: 10 },
      { header: '责任单位', width: 24 },
      { header: '情况', width: 40 },
      { header: '通报点名', width: 10 },
    ],
    b.data.laggards.map((l) => [
      LEVEL_ZH[l.task.level] ?? '',
      codeOf(l.task),
      l.task.text,
      LIGHT_ZH[l.light],
      l.overdueDays ?? '',
      l.units.map((u) => u.unit.name).join('\n'),
      l.units.map(situation).join('\n'),
      b.draft.namedTaskIds.includes(l.task.id) ? '是' : '',
    ]),
  );
  add(
    '逾期完成',
    [
      { header: '来源', width: 8 },
      { header: '编号', width: 8 },
      { header: '任务内容', width: 50 },
      { header: '期限', width: 12 },
      { header: '单位', width: 24 },
      { header: '报告完成的报告期截止', width: 14 },
    ],
    (b.data.completedLate ?? []).flatMap((l) =>
      l.units.map((u) => [
        LEVEL_ZH[l.task.level] ?? '',
        codeOf(l.task),
        l.task.text,
        l.deadlineOn,
        u.unit.name,
        u.completedBy ?? '',
      ]),
    ),
  );
  add(
    '黑榜',
    [
      { header: '单位', width: 24 },
      { header: '编号', width: 8 },
      { header: '任务内容', width: 50 },
      { header: '问责梯度', width: 12 },
    ],
    (b.data.blacklist ?? []).flatMap((u) => u.steps.map((s) => [u.unit.name, codeOf(s.task), s.task.text, s.name])),
  );
  add(
    '表扬单位',
    [
      { header: '单位', width: 30 },
      { header: '事项数', width: 10 },
      { header: '事由', width: 50 },
      { header: '通报表扬', width: 10 },
    ],
    b.data.commendations.map((c) => [
      c.unit.name,
      c.items,
      c.reason,
      b.draft.commendedUnitIds.includes(c.unit.id) ? '是' : '',
    ]),
  );
  add(
    '协调事项与督办单',
    [
      { header: '类别', width: 10 },
      { header: '事项', width: 50 },
      { header: '单位', width: 24 },
      { header: '状态', width: 10 },
    ],
    [
      ...b.data.coordination.map((c) => ['协调事项', c.title, c.unit, labelOf(COORDINATION_STATUS_ZH, c.status)]),
      ...b.data.notices.map((n) => ['督办单', n.number, n.unit, labelOf(NOTICE_STATUS_ZH, n.status)]),
    ],
  );
  add(
    '上下贯通',
    [
      { header: '上级任务', width: 50 },
      { header: '来源', width: 8 },
      { header: '灯号', width: 8 },
      { header: '本区任务', width: 30 },
    ],
    (b.data.lines ?? []).map((l) => [
      `${codeOf(l.task)} ${l.task.text}`,
      LEVEL_ZH[l.task.level] ?? '',
      LIGHT_ZH[l.light],
      l.district.map((d) => `${districtCode(d)}（${LIGHT_ZH[d.light]}）`).join('、'),
    ]),
  );
  return Buffer.from(await book.xlsx.writeBuffer());
}
