// Unit notes: the parentheses (or own lines, or table cells) that name who does a task.
// `(市级牵头单位:市发改委;区级牵头单位:区发改局)`, `【责任单位：区财政局】`, `（区发改局负责，区财政局牵头）`,
// `牵头单位：区发改局`, `责任领导：张三`. Everything here works on folded text (see text.ts).

import { trimChars } from './text.js';
import type { AssignmentLevel, Role } from './types.js';

export interface NoteUnit {
  unit: string;
  role: Role;
  /** Level the label states (市级牵头单位 → city), or null when the label has no level. */
  labelLevel: AssignmentLevel;
  /** The label as printed without its colon (`区级牵头单位`), or the prose role word (`牵头`). */
  label: string;
}

export interface Note {
  units: NoteUnit[];
  leaders: string[];
  deadline: string | null;
  /** A label with nothing after it (`牵头单位:`). */
  emptyLabel: boolean;
  /**
   * Something was inferred rather than read: a unit name completed from a shared level prefix
   * (`省商务厅、财政厅` → 省财政厅) or a lead taken from `（A、B等负责）`. The task is then 'medium'.
   */
  inferred?: boolean;
}

const LEVEL_PREFIX: Record<string, Exclude<AssignmentLevel, null>> = {
  省级: 'province',
  市级: 'city',
  区级: 'district',
  县级: 'county',
  省: 'province',
  市: 'city',
  区: 'district',
  县: 'county',
};

const ROLE_LABELS: Record<string, Role> = {
  牵头责任单位: 'lead',
  牵头单位: 'lead',
  主办单位: 'lead',
  主责单位: 'lead',
  责任单位: 'responsible',
  实施单位: 'responsible',
  承办单位: 'responsible',
  配合单位: 'co',
  协办单位: 'co',
  参与单位: 'co',
  协同单位: 'co',
  协助单位: 'co',
};

const LEADER_LABEL = '(?:责任|分管|牵头|联系|包保)(?:省|市|区|县)?领导|(?:牵头|分管|联系)(?:省|市|区|县)领导|责任人';
const DEADLINE_LABEL = '完成时限|完成时间|时间节点|时限要求|时限';
const ROLE_LABEL = Object.keys(ROLE_LABELS).join('|');
const LEVEL_LABEL = '省级|市级|区级|县级';

/** Any label followed by a colon. Global: used with exec to walk a note. */
const LABEL_RE = new RegExp(`(?:(${LEVEL_LABEL})?(${ROLE_LABEL})|(${LEADER_LABEL})|(${DEADLINE_LABEL}))\\s*[:：]`, 'g');
/** A line that is a label line: `牵头单位：…`, `区级责任单位:…`, `责任领导：…`. */
const LABEL_LINE_RE = new RegExp(
  `^(?:(?:${LEVEL_LABEL})?(?:${ROLE_LABEL})|${LEADER_LABEL}|${DEADLINE_LABEL})\\s*[:：]`,
);
const HAS_ROLE_LABEL_RE = new RegExp(`(?:${ROLE_LABEL}|${LEADER_LABEL})\\s*[:：]`);

const HEADER_ROLE_RE = new RegExp(`^(${LEVEL_LABEL}|省|市|区|县)?(${ROLE_LABEL})$`);
const HEADER_LEADER_RE = new RegExp(`^(?:${LEADER_LABEL}|分管领导|责任领导|牵头领导)$`);
const HEADER_DEADLINE_RE = new RegExp(`^(?:${DEADLINE_LABEL})$`);

export function isLabelLine(norm: string): boolean {
  return LABEL_LINE_RE.test(norm);
}

/** Label text of a table header cell → role and level, e.g. `市级牵头单位` → lead, city. */
export function roleOfHeader(cell: string): { role: Role; labelLevel: AssignmentLevel } | null {
  const m = HEADER_ROLE_RE.exec(cell);
  if (!m) return null;
  return { role: ROLE_LABELS[m[2] as string] as Role, labelLevel: m[1] ? (LEVEL_PREFIX[m[1]] ?? null) : null };
}

export function isLeaderHeader(cell: string): boolean {
  return HEADER_LEADER_RE.test(cell);
}

export function isDeadlineHeader(cell: string): boolean {
  return HEADER_DEADLINE_RE.test(cell);
}

/** Splits a unit list on 、 , ; / and spaces, but never inside 〈〉 or (). */
export function splitList(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '〈' || ch === '(' || ch === '《') depth++;
    else if ((ch === '〉' || ch === ')' || ch === '》') && depth > 0) depth--;
    if (depth === 0 && (ch === '、' || ch === ',' || ch === ';' || ch === '/' || ch === ' ' || ch === '及')) {
      if (cur.trim()) out.push(cur.trim());
      cur = '';
    } else {
      cur += ch;
    }
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/**
 * `区委宣传部〈区文明办〉` names the office 区文明办 housed in 区委宣传部: the assignment goes to the
 * outer unit. Trailing 等 and quotes are dropped.
 */
export function cleanUnitName(s: string): string {
  let t = s;
  if (t.includes('〈')) t = t.replace(/〈[^〉]*〉/g, '');
  if (/[“”"'‘’]/.test(t)) t = t.replace(/[“”"'‘’]/g, '');
  t = t.trim();
  t = trimChars(t, ':.。');
  // `省财政厅等相关部门`, `区发改局等有关单位`: the named unit stands; the tail names no one.
  const etc = /等(?:相关|有关|其他|其它)?(?:部门|单位|成员单位)?$/.exec(t);
  if (etc && etc.index >= 2) t = t.slice(0, etc.index);
  return t;
}

/** A name with a place of its own in its first characters (武汉市…, 湖北省…, 武昌公安分局). */
const OWN_PLACE_RE = /^(?:[省市区县各中国全团]|.{1,4}(?:省|市|区|县|州|旗))/;
const NO_PREFIX_RE = /(?:分局|支队|大队|中队|分行|银行|公司|集团|街道|社区|乡|镇|大学|学院|医院|学校|电视台|报社)$/;

/**
 * `省商务厅、财政厅、发展改革委`: later names of a list carry the first one's level prefix. Only bare
 * department names are completed (no place of their own, no branch or company); `市委组织部、宣传部`
 * gives 市委宣传部. Returns whether any name was completed.
 */
export function shareLevelPrefix(names: string[]): { names: string[]; inferred: boolean } {
  const first = names[0];
  if (names.length < 2 || first === undefined) return { names, inferred: false };
  const m = /^([省市区县])(委(?=.{1,6}部$))?/.exec(first);
  if (!m || /^(?:市场|区域|县域|市政(?!务))/.test(first)) return { names, inferred: false };
  let inferred = false;
  const out = names.map((n, i) => {
    if (i === 0 || OWN_PLACE_RE.test(n) || NO_PREFIX_RE.test(n) || isCollective(n)) return n;
    // Bare department names only (财政厅, 发展改革委, 组织部): 武昌社保处, 武昌古城中心 are places' own units.
    if (n.length > 10 || !/(?:厅|局|委|办|部|署)$/.test(n)) return n;
    inferred = true;
    // 市委组织部、宣传部 → 市委宣传部; 市委组织部、财政局 → 市财政局.
    return (m[2] && /部$/.test(n) ? `${m[1]}委` : (m[1] as string)) + n;
  });
  return { names: out, inferred };
}

/** A note's list → clean unit names with shared prefixes completed. */
export function unitNames(list: string): { names: string[]; inferred: boolean } {
  return shareLevelPrefix(
    splitList(list)
      .map(cleanUnitName)
      .filter((n) => n.length > 0),
  );
}

const ORG_SUFFIX =
  /(局|委|办|部|院|会|厅|处|室|站|所|队|中心|集团|公司|街道|政府|单位|组|联|社|馆|行|区委|团|庭|监委|机关|管委会)$/;

export function looksLikeUnit(name: string): boolean {
  return name.length >= 2 && name.length <= 40 && ORG_SUFFIX.test(name) && !/[。!?]/.test(name);
}

/** 区人民政府各部门, 各街道办事处, 民生实事牵头单位: names standing for a set of units. */
export function isCollective(name: string): boolean {
  return /^各|各(?:部门|街道|单位|区|县|有关)|(?:有关|相关|牵头|责任)单位$/.test(name);
}

/** The level a unit's own name shows, or null (collectives, SOEs, branches of a city bureau). */
export function nameLevel(name: string): AssignmentLevel {
  if (isCollective(name)) return null;
  // 市生态环境局武昌分局, 武昌公安分局: branches seated in the district serve at the district level.
  if (/(分局|支队|大队|中队|派出所)$/.test(name)) return null;
  const tuan = /^团(省|市|区|县)委/.exec(name);
  if (tuan) return LEVEL_PREFIX[tuan[1] as string] ?? null;
  const m = /^(省|市|区|县)/.exec(name);
  return m ? (LEVEL_PREFIX[m[1] as string] ?? null) : null;
}

export const DEADLINE_RE =
  /((?:\d{4}年)?(?:\d{1,2}月(?:底|末|中旬|上旬|下旬|\d{1,2}日)?前|\d{1,2}月底|年底前|年底|[一两二三四五]年内|年内(?:持续推进|完成)?|上半年|下半年|(?:第?[一二三四1-4])季度(?:末|底)?前?))/;
const DEADLINE_PART_RE = new RegExp(`^(?:${DEADLINE_RE.source}|长期坚持|持续推进|长期|常态化)$`);

const PROSE_PART_RE = /^(.+?)(牵头负责|负责落实|负责|牵头|配合|协助|参与|协办)$/;
const PROSE_ROLE: Record<string, Role> = {
  牵头负责: 'lead',
  牵头: 'lead',
  负责落实: 'responsible',
  负责: 'responsible',
  配合: 'co',
  协助: 'co',
  参与: 'co',
  协办: 'co',
};

/** `区发改局负责，区财政局牵头，年内持续推进` → a note, or null if it is not one. */
const PROSE_WORD_RE = /负责|牵头|配合|协助|参与|协办/;

/**
 * Standing rules written inside a note (`明确牵头部门的，其他有关部门配合，不逐一列出，下同`): they name no
 * unit and are read, not assigned. 排在第一位的为牵头单位 is applied document-wide (notice.ts).
 */
const RULE_PART_RE =
  /^(?:明确(?:了)?牵头(?:部门|单位)的|其[他余它](?:有关|相关)?(?:部门|单位)(?:按职责(?:分工)?)?(?:配合|为责任单位|为配合单位)|(?:均)?不(?:再)?(?:逐一|一一)列出|(?:以)?下同|.{0,6}(?:排在?|列)?(?:第一位|首位)的?(?:单位)?为牵头(?:单位)?|其余(?:为|是)(?:责任|配合)单位|按职责分工负责)$/;

/** Leader roles in a prose note: 分管副省长, 协管副秘书长, 张三副市长, 常务副区长. */
const LEADER_ROLE_RE = /^(?:[\u4e00-\u9fa5]{0,6}?)(?:省长|市长|区长|县长|书记|秘书长|主任|州长|旗长)(?:同志)?$/;

export function parseProseNote(content: string): Note | null {
  if (!PROSE_WORD_RE.test(content)) return null;
  const parts = content
    .split(/[,;。]|\.(?!\d)/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  if (parts.length === 0 || parts.length > 12) return null;
  const note: Note = { units: [], leaders: [], deadline: null, emptyLabel: false };
  const etcLeads: NoteUnit[] = [];
  for (const part of parts) {
    if (DEADLINE_PART_RE.test(part)) {
      note.deadline ??= part;
      continue;
    }
    if (RULE_PART_RE.test(part)) continue;
    const m = PROSE_PART_RE.exec(part);
    if (!m) return null;
    const list = m[1] as string;
    const raw = splitList(list)
      .map(cleanUnitName)
      .filter((n) => n.length > 0);
    if (raw.length > 0 && raw.every((n) => LEADER_ROLE_RE.test(n) && !looksLikeUnit(n))) {
      note.leaders.push(...raw);
      continue;
    }
    const { names, inferred } = shareLevelPrefix(raw);
    if (names.length === 0 || !names.every((n) => looksLikeUnit(n) || isCollective(n))) return null;
    if (inferred) note.inferred = true;
    for (const unit of names) {
      const u: NoteUnit = { unit, role: PROSE_ROLE[m[2] as string] as Role, labelLevel: null, label: m[2] as string };
      note.units.push(u);
      if (m[2] === '负责' && /等$/.test(list.trim())) etcLeads.push(u);
    }
  }
  // `（A、B等负责）` names no lead: each of them leads (a reading, so the task is 'medium').
  if (etcLeads.length > 0 && !note.units.some((u) => u.role === 'lead')) {
    for (const u of etcLeads) u.role = 'lead';
    note.inferred = true;
  }
  return note.units.length > 0 || note.leaders.length > 0 ? note : null;
}

/** Parses the inside of a labelled note (no brackets). Null if it carries no label. */
export function parseLabelledNote(content: string): Note | null {
  LABEL_RE.lastIndex = 0;
  const hits: { start: number; end: number; m: RegExpExecArray }[] = [];
  for (let m = LABEL_RE.exec(content); m !== null; m = LABEL_RE.exec(content)) {
    hits.push({ start: m.index, end: m.index + m[0].length, m });
  }
  if (hits.length === 0) return null;
  const note: Note = { units: [], leaders: [], deadline: null, emptyLabel: false };
  for (let i = 0; i < hits.length; i++) {
    const hit = hits[i] as (typeof hits)[number];
    const value = trimChars(content.slice(hit.end, hits[i + 1]?.start ?? content.length), ';,、。');
    const [, level, roleLabel, leaderLabel] = hit.m;
    if (roleLabel) {
      const { names, inferred } = unitNames(value);
      if (inferred) note.inferred = true;
      if (names.length === 0) note.emptyLabel = true;
      for (const unit of names) {
        note.units.push({
          unit,
          role: ROLE_LABELS[roleLabel] as Role,
          labelLevel: level ? (LEVEL_PREFIX[level] ?? null) : null,
          label: `${level ?? ''}${roleLabel}`,
        });
      }
    } else if (leaderLabel) {
      note.leaders.push(...splitList(value).filter((n) => n.length > 0));
    } else if (value) {
      note.deadline ??= value;
    }
  }
  return note;
}

/** Is the inside of this bracket a unit note? Parses it if so. */
export function parseNoteContent(content: string): Note | null {
  // Cheap screens first: most brackets in task text ((间), (小镇)) name no unit at all.
  const labelled =
    (content.includes('单位') || content.includes('领导') || content.includes('责任人')) &&
    HAS_ROLE_LABEL_RE.test(content);
  if (labelled) return parseLabelledNote(content);
  if (/^(?:完成时限|时间节点|完成时间)\s*[:：]/.test(content)) return parseLabelledNote(content);
  return parseProseNote(content);
}

export interface Span {
  start: number;
  /** Exclusive. */
  end: number;
  note: Note;
}

/**
 * Finds the top-level bracketed unit notes in a folded line, in one pass. Returns the notes and
 * whether the line has an unclosed bracket that looks like a note (the bracket was lost).
 */
export function findNotes(norm: string): { spans: Span[]; unbalanced: boolean } {
  const spans: Span[] = [];
  let depth = 0;
  let start = -1;
  for (let i = 0; i < norm.length; i++) {
    const ch = norm[i] as string;
    if (ch === '(' || ch === '[') {
      if (depth === 0) start = i;
      depth++;
    } else if ((ch === ')' || ch === ']') && depth > 0) {
      // A mismatched closer (`(…]`) still closes: the content decides whether it is a note.
      depth--;
      if (depth === 0) {
        const note = parseNoteContent(norm.slice(start + 1, i));
        if (note) spans.push({ start, end: i + 1, note });
      }
    }
  }
  let unbalanced = false;
  if (depth > 0 && start >= 0) {
    // The bracket never closed: take the rest of the line as the note if it carries a label.
    const rest = norm.slice(start + 1);
    if (HAS_ROLE_LABEL_RE.test(rest)) {
      const note = parseLabelledNote(rest);
      if (note) {
        spans.push({ start, end: norm.length, note });
        unbalanced = true;
      }
    }
  }
  return { spans, unbalanced };
}

/** A trailing `X牵头，Y配合` after the last sentence of a line (no brackets). */
export function findTrailingProse(norm: string): Span | null {
  const cut = Math.max(norm.lastIndexOf('。', norm.length - 2), norm.lastIndexOf(';', norm.length - 2));
  const tail = norm.slice(cut + 1);
  if (tail.length === 0 || tail.length > 120) return null;
  const note = parseProseNote(tail);
  return note ? { start: cut + 1, end: norm.length, note } : null;
}
