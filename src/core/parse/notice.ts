// The notice → sources, sections and tasks. One forward pass per source after one pass to learn
// which numbering style carries the tasks; every step is linear in the input.

import {
  attachmentMarker,
  footerStart,
  homeLevel,
  isFooterLine,
  listedAttachments,
  readPreamble,
  sourceLevel,
} from './document.js';
import { extractIndicators } from './indicators.js';
import { type Marker, markerOf, RANK, type Style } from './markers.js';
import { rewriteQuotedTasks } from './prose.js';
import { readTable, readTableHeader, tableTitle } from './tables.js';
import { fold, type Line, resplitRunOn, splitLines } from './text.js';
import type { AssignmentLevel, Level, Locale, ParsedAssignment, ParsedTask, ParseResult, SourceInfo } from './types.js';
import {
  DEADLINE_RE,
  findNotes as findNotesUncached,
  findTrailingProse as findTrailingProseUncached,
  isLabelLine,
  type Note,
  nameLevel,
  parseLabelledNote,
  parseProseNote,
} from './units.js';
import { levelZh, taskName, WarningList } from './warnings.js';

export interface ParseOptions {
  locale?: Locale;
}

/** A document may say that the first listed unit leads (排在第一位的为牵头单位). */
const FIRST_LEADS_RE = /(?:排在?|列)?(?:第一位|首位|第一个)(?:的)?(?:单位)?(?:为|是)牵头(?:单位)?/;

// Leader-headed sections: （一）张三副市长牵头重点工作 → leader 张三副市长.
const HEADING_LEADER_RE =
  /([\u4e00-\u9fa5]{1,4}?(?:常务副|副)?(?:省长|市长|区长|县长|书记|秘书长|主任))(?:同志)?(?:牵头|负责|分管|领衔)/;

// Several passes ask for the notes of the same line; one parse keeps the answers (synchronous,
// so a module-level cache reset per call is safe). What pays is a long line asked again and again (adversarial
// megabytes on a few lines); keeping an answer for each of a 100,000-line notice's lines cost more than finding
// them again (+90 MB of the parser's peak, and slower), so a cache that fills up starts over.
const CACHE_LINES = 4096;
function cached<T>(cache: Map<string, T>, norm: string, find: (norm: string) => T): T {
  let hit = cache.get(norm);
  if (hit === undefined) {
    hit = find(norm);
    if (cache.size >= CACHE_LINES) cache.clear();
    cache.set(norm, hit);
  }
  return hit;
}

let noteCache = new Map<string, ReturnType<typeof findNotesUncached>>();
const findNotes = (norm: string) => cached(noteCache, norm, findNotesUncached);

let proseCache = new Map<string, ReturnType<typeof findTrailingProseUncached>>();
const findTrailingProse = (norm: string) => cached(proseCache, norm, findTrailingProseUncached);

interface Heading {
  rank: number;
  text: string;
  leaders: string[];
}

interface Piece {
  raw: string;
  norm: string;
}

interface RawAssignment {
  unit: string;
  role: ParsedAssignment['role'];
  labelLevel: AssignmentLevel;
  clause: number;
  line: number;
  label: string;
}

class TaskBuilder {
  pieces: Piece[] = [];
  assignments: RawAssignment[] = [];
  leaders: string[] = [];
  deadline: string | null = null;
  clause = 0;
  notes = 0;
  emptyLabel = false;
  unbalanced = false;
  /**
   * A unit name or a lead was inferred, not read (see Note.inferred), or table cells were placed by
   * what they look like, not by position (tables.ts).
   */
  inferred = false;

  constructor(
    readonly number: string | null,
    readonly line: number,
    readonly section: string[],
    readonly headingLeaders: string[],
  ) {}

  get hasNotes(): boolean {
    return this.notes > 0;
  }

  applyNote(note: Note, line: number, clause: number): void {
    for (const u of note.units) {
      this.assignments.push({ unit: u.unit, role: u.role, labelLevel: u.labelLevel, clause, line, label: u.label });
    }
    this.leaders.push(...note.leaders);
    this.deadline ??= note.deadline;
    if (note.emptyLabel) this.emptyLabel = true;
    if (note.inferred) this.inferred = true;
    this.notes++;
  }

  /** Adds printed text, taking out the unit notes in it; each note closes a clause. */
  addText(raw: string, norm: string, line: number): void {
    const { spans, unbalanced } = findNotes(norm);
    if (unbalanced) this.unbalanced = true;
    if (spans.length === 0) {
      const prose = findTrailingProse(norm);
      if (prose) spans.push(prose);
    }
    let at = 0;
    for (const span of spans) {
      this.pieces.push({ raw: raw.slice(at, span.start), norm: norm.slice(at, span.start) });
      this.applyNote(span.note, line, this.clause);
      this.clause++;
      at = span.end;
    }
    this.pieces.push({ raw: raw.slice(at), norm: norm.slice(at) });
  }

  /** A label line (`牵头单位：…`) or a prose line (`X牵头，Y配合`) under the task. */
  addNoteLine(note: Note, line: number): void {
    this.applyNote(note, line, Math.max(0, this.clause - 1));
  }
}

interface Region {
  /** Source title lines come first; `body` is where tasks are. */
  title: string;
  titleLine: number;
  body: Line[];
}

interface Context {
  warnings: WarningList;
  locale: Locale;
  tasks: ParsedTask[];
  firstLeads: boolean;
  home: Level;
  /** unit → first line it was seen on, for the alias check. */
  unitsSeen: Map<string, number>;
  /** Lines whose tasks were quoted in running prose (prose.ts): read, but less surely. */
  quotedLines: Set<number>;
}

function isBlankish(norm: string): boolean {
  return norm.length === 0;
}

/** Lines `…(区级牵头单位:区城管局)附件3`: the glued marker becomes a line of its own. */
function unglueAttachments(lines: Line[]): Line[] {
  const out: Line[] = [];
  for (const line of lines) {
    const m = /^(.*[)\]。;])\s*(附\s*件\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3}))$/.exec(line.norm);
    if (m && (m[1] as string).length > 0) {
      const cut = (m[1] as string).length;
      out.push({ no: line.no, raw: line.raw.slice(0, cut).trimEnd(), norm: line.norm.slice(0, cut).trimEnd() });
      const rest = line.raw.slice(cut).trim();
      out.push({ no: line.no, raw: rest, norm: fold(rest) });
    } else {
      out.push(line);
    }
  }
  return out;
}

/** Structural lines end a source's title: numbered lines, tables, unit notes. */
function isStructural(line: Line): boolean {
  return (
    markerOf(line.norm) !== null ||
    isLabelLine(line.norm) ||
    line.norm.includes('|') ||
    findNotes(line.norm).spans.length > 0
  );
}

function takeTitle(lines: Line[], from: number, first: string): { title: string; next: number } {
  let title = first;
  let i = from;
  let taken = 0;
  while (i < lines.length && taken < 3) {
    const line = lines[i] as Line;
    if (isBlankish(line.norm)) {
      i++;
      continue;
    }
    const stop =
      isStructural(line) ||
      attachmentMarker(line.norm) !== null ||
      readTableHeader(lines, i) !== null ||
      /[。]$/.test(line.norm) ||
      line.norm.length > 80;
    if (stop) break;
    title += line.raw;
    taken++;
    i++;
  }
  return { title: title.trim(), next: i };
}

/** Splits the text after the preamble into sources at their 附件N markers. */
function splitRegions(lines: Line[]): { preamble: Line[]; regions: Region[] } {
  const starts: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!attachmentMarker((lines[i] as Line).norm)) continue;
    // A run of markers (附件1：… 附件2：… on consecutive lines) is the notice's own list, not sources.
    let j = i + 1;
    while (j < lines.length && isBlankish((lines[j] as Line).norm)) j++;
    const nextIsMarker = j < lines.length && attachmentMarker((lines[j] as Line).norm) !== null;
    const prevIsMarker = starts.length > 0 && starts[starts.length - 1] === i - 1 && nextIsMarker;
    if (nextIsMarker || prevIsMarker) continue;
    starts.push(i);
  }
  const regions: Region[] = [];
  if (starts.length === 0) {
    // No attachments: the whole text is one source; its title is the first title-like line.
    let i = 0;
    while (i < lines.length && (isBlankish((lines[i] as Line).norm) || (lines[i] as Line).norm.includes('|'))) i++;
    const head = lines[i];
    if (head !== undefined && !isStructural(head)) {
      const { title, next } = takeTitle(lines, i + 1, head.raw);
      regions.push({ title, titleLine: head.no, body: lines.slice(next) });
      return { preamble: lines.slice(0, next), regions };
    }
    regions.push({ title: '', titleLine: 1, body: lines });
    return { preamble: [], regions };
  }
  for (let k = 0; k < starts.length; k++) {
    const at = starts[k] as number;
    const end = starts[k + 1] ?? lines.length;
    const marker = attachmentMarker((lines[at] as Line).norm) as { title: string };
    const first = marker.title
      ? (lines[at] as Line).raw.slice((lines[at] as Line).raw.length - marker.title.length)
      : '';
    const { title, next } = takeTitle(lines.slice(0, end), at + 1, first);
    regions.push({ title, titleLine: (lines[at] as Line).no, body: lines.slice(next, end) });
  }
  return { preamble: lines.slice(0, starts[0]), regions };
}

/** A numbered line that reads as a heading: short, no unit note, no closing punctuation. */
function headingLike(norm: string): boolean {
  return norm.length <= 40 && !/[,，。;；:：]$/.test(norm) && findNotes(norm).spans.length === 0;
}

/**
 * The numbering style that carries the tasks: the one whose items most often have unit notes
 * (on the numbered line, on its wrapped lines or on label lines under it). Notes on text lines
 * under a heading-like line count for unnumbered tasks (null).
 */
function taskStyleOf(body: Line[]): Style | null {
  const withNotes = new Map<Style | null, number>();
  const credit = (s: Style | null) => withNotes.set(s, (withNotes.get(s) ?? 0) + 1);
  const present = new Set<Style>();
  let last: Style | null = null;
  let lastIsHeading = true;
  let credited = false;
  for (const line of body) {
    if (!line.norm) continue;
    const m = markerOf(line.norm);
    if (m) {
      present.add(m.style);
      last = m.style;
      lastIsHeading = headingLike(line.norm.slice(m.bodyStart));
      credited = false;
      if (findNotes(line.norm).spans.length > 0 || findTrailingProse(line.norm)) {
        credit(m.style);
        credited = true;
      }
      continue;
    }
    const label = isLabelLine(line.norm);
    if (!label && findNotes(line.norm).spans.length === 0) continue;
    if (last && !credited && (!lastIsHeading || label)) {
      credit(last);
      credited = true;
    } else if (!credited || !label) {
      credit(null);
      credited = true;
    }
  }
  let best: Style | null | undefined;
  let bestCount = 0;
  for (const [style, count] of withNotes) {
    const deeper = best === undefined || best === null || (style !== null && RANK[style] > RANK[best]);
    if (count > bestCount || (count === bestCount && deeper)) {
      best = style;
      bestCount = count;
    }
  }
  if (best !== undefined) return best;
  // No notes at all: the deepest numbered style (not a dash or a part) carries the tasks.
  let deepest: Style | null = null;
  for (const s of present) {
    if (s === 'dash' || s === 'part') continue;
    if (deepest === null || RANK[s] > RANK[deepest]) deepest = s;
  }
  return deepest;
}

function parseRegion(region: Region, source: SourceInfo, ctx: Context): void {
  const style = taskStyleOf(region.body);
  const taskRank = style ? RANK[style] : Number.POSITIVE_INFINITY;
  const headings: Heading[] = [];
  let current: TaskBuilder | null = null;
  let lastNumber: number | null = null;
  let sectionChanged = true;
  /** After a task table, unnumbered text without a unit note is the notice going on, not a task. */
  let afterTable = false;

  const sectionPath = () => headings.map((h) => h.text);
  const sectionLeaders = () => headings.flatMap((h) => h.leaders);
  const flush = () => {
    if (current) finishTask(current, source, ctx);
    current = null;
  };
  const start = (number: string | null, line: number) => {
    flush();
    current = new TaskBuilder(number, line, sectionPath(), sectionLeaders());
    return current;
  };
  const checkSequence = (m: Marker | null, line: number) => {
    if (!m || !Number.isFinite(m.value)) return;
    const expected = lastNumber === null ? 1 : lastNumber + 1;
    const ok = m.value === expected || (sectionChanged && m.value === 1);
    if (!ok) ctx.warnings.add('number_sequence', line, { expected, found: m.number ?? '' });
    lastNumber = m.value;
    sectionChanged = false;
  };
  const pushHeading = (rank: number, text: string) => {
    flush();
    while (headings.length > 0 && (headings[headings.length - 1] as Heading).rank >= rank) headings.pop();
    const leader = HEADING_LEADER_RE.exec(fold(text));
    headings.push({ rank, text, leaders: leader ? [leader[1] as string] : [] });
    sectionChanged = true;
  };

  const body = region.body;
  for (let i = 0; i < body.length; i++) {
    const line = body[i] as Line;
    if (!line.norm) continue;

    const header = readTableHeader(body, i);
    if (header) {
      flush();
      const title = tableTitle(body, i);
      if (title) pushHeading(RANK.part, title);
      i =
        readTable(body, header, {
          row: (number, lineNo, first) => {
            const m = number === null ? null : markerOf(`${number}.x`);
            // A table's first row starts the count: an excerpt may begin at row 80.
            if (first && m) lastNumber = m.value - 1;
            checkSequence(m, lineNo);
            return start(number, lineNo);
          },
          heading: pushHeading,
          warn: (code, line, params) => ctx.warnings.add(code, line, params),
        }) - 1;
      flush();
      afterTable = true;
      continue;
    }

    let m = markerOf(line.norm);
    // `167.100名园艺师…`: a number, a dot and digits is a task only where the sequence expects it.
    const numbered = m !== null && m.style !== 'dash';
    if (m?.ambiguous && !(m.value === (lastNumber ?? 0) + 1 || (sectionChanged && m.value === 1))) m = null;
    if (m && m.style === style) {
      checkSequence(m, line.no);
      start(m.number, line.no).addText(line.raw.slice(m.bodyStart), line.norm.slice(m.bodyStart), line.no);
      continue;
    }
    if (m && RANK[m.style] < taskRank) {
      // A heading never carries units: a numbered line with a unit note taken as one loses a task — say so.
      if (findNotes(line.norm).spans.length > 0 || findTrailingProse(line.norm) !== null) {
        ctx.warnings.add('numbered_line_as_heading', line.no, { text: clip(line.raw) });
      }
      pushHeading(RANK[m.style], line.raw);
      continue;
    }
    if (m) {
      // Deeper than the task level: a sub-item of the current task's text.
      const task = current as TaskBuilder | null;
      if (task) task.addText(line.raw, line.norm, line.no);
      else ctx.warnings.add('unplaced_line', line.no, { text: clip(line.raw) });
      continue;
    }
    if (isLabelLine(line.norm)) {
      const note = parseLabelledNote(line.norm);
      const task = current as TaskBuilder | null;
      if (task && note) task.addNoteLine(note, line.no);
      else if (style === null && note) {
        // Unnumbered document whose first task's note came before any text: keep it visible.
        ctx.warnings.add('unit_note_without_task', line.no, { text: clip(line.raw) });
      } else ctx.warnings.add('unit_note_without_task', line.no, { text: clip(line.raw) });
      continue;
    }
    const task = current as TaskBuilder | null;
    // A report's own sentences after a quoted task, or the stated first-leads rule, are no task's text.
    if (task && ctx.quotedLines.has(task.line) && !findNotes(line.norm).spans.length) continue;
    if (FIRST_LEADS_RE.test(line.norm) && findNotes(line.norm).spans.length === 0) continue;
    const prose = parseProseNote(line.norm.replace(/[。.]$/, ''));
    if (task && prose) {
      task.addNoteLine(prose, line.no);
      continue;
    }
    if (task && !task.hasNotes) {
      // A wrapped line of the task being read.
      task.addText(line.raw, line.norm, line.no);
      continue;
    }
    const hasNote = findNotes(line.norm).spans.length > 0 || findTrailingProse(line.norm) !== null;
    if ((style === null && !afterTable) || hasNote) {
      // Unnumbered documents: a task runs until its unit note. In a numbered document, a line with
      // a unit note but no number is still a task (its number was lost): keep it and say so.
      if (style !== null) ctx.warnings.add('number_sequence', line.no, { expected: (lastNumber ?? 0) + 1, found: '—' });
      start(null, line.no).addText(line.raw, line.norm, line.no);
      continue;
    }
    if (task) task.addText(line.raw, line.norm, line.no);
    else if (numbered) ctx.warnings.add('unplaced_line', line.no, { text: clip(line.raw) });
  }
  flush();
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

function finishTask(b: TaskBuilder, source: SourceInfo, ctx: Context): void {
  const raw = b.pieces.map((p) => p.raw).join('');
  const norm = b.pieces.map((p) => p.norm).join('');
  const lead = raw.length - raw.trimStart().length;
  const text = raw.trim();
  const textNorm = norm.slice(lead, lead + text.length);
  const name = taskName(source.level, source.index, b.number, ctx.locale);

  if (ctx.firstLeads) {
    // The stated rule outranks the reading of `（A、B等负责）` as all leading (units.ts).
    for (const a of b.assignments) if (a.role === 'lead' && a.label === '负责') a.role = 'responsible';
  }
  if (ctx.firstLeads && !b.assignments.some((a) => a.role === 'lead')) {
    // “排在第一位的为牵头单位”: the first unit of each clause leads.
    const seenClause = new Set<number>();
    for (const a of b.assignments) {
      if (a.role === 'responsible' && !seenClause.has(a.clause)) {
        a.role = 'lead';
        seenClause.add(a.clause);
      }
    }
  }

  const assignments: ParsedAssignment[] = [];
  const dedupe = new Set<string>();
  for (const a of b.assignments) {
    const key = `${a.unit}\u0000${a.role}\u0000${a.clause}\u0000${a.labelLevel}`;
    if (dedupe.has(key)) continue;
    dedupe.add(key);
    const own = nameLevel(a.unit);
    if (a.labelLevel && own && own !== a.labelLevel) {
      ctx.warnings.add('unit_level_mismatch', a.line, {
        task: name,
        label: a.label,
        unit: a.unit,
        nameLevel: own,
        nameLevelZh: levelZh(own),
      });
    }
    const fallback: AssignmentLevel =
      ctx.home === 'unknown' || ctx.home === 'national' ? (toAssignmentLevel(source.level) ?? null) : ctx.home;
    assignments.push({ unit: a.unit, role: a.role, level: a.labelLevel ?? own ?? fallback, clause: a.clause });
    if (!ctx.unitsSeen.has(a.unit)) ctx.unitsSeen.set(a.unit, a.line);
  }
  if (assignments.length === 0) ctx.warnings.add('task_without_units', b.line, { task: name });
  if (b.emptyLabel) ctx.warnings.add('empty_unit_note', b.line, { task: name });
  if (b.unbalanced) ctx.warnings.add('unbalanced_bracket', b.line, { task: name });

  const indicators = extractIndicators(text, textNorm);
  for (const ind of indicators) {
    const implausible =
      ind.unit === '%' &&
      ((/失业率/.test(ind.label) && ind.value > 20) || (/(增长|增速|涨幅|上涨)$/.test(ind.label) && ind.value > 30));
    if (implausible) {
      ctx.warnings.add('implausible_figure', b.line, { task: name, text: ind.text, value: ind.value, unit: ind.unit });
    }
  }
  let deadline = b.deadline;
  if (deadline === null) {
    const m = DEADLINE_RE.exec(textNorm);
    if (m) deadline = text.slice(m.index, m.index + (m[0] as string).length);
  }
  const leaders = [...new Set([...b.headingLeaders, ...b.leaders])];
  ctx.tasks.push({
    source: source.index,
    section: b.section,
    number: b.number,
    text,
    line: b.line,
    leaders,
    assignments,
    indicators,
    deadline,
    confidence:
      assignments.length === 0
        ? 'low'
        : b.emptyLabel || b.unbalanced || b.inferred || ctx.quotedLines.has(b.line)
          ? 'medium'
          : 'high',
  });
}

function toAssignmentLevel(level: Level): AssignmentLevel {
  return level === 'unknown' || level === 'national' ? null : level;
}

/** Two spellings of one unit: one name is the other with a run of one or two characters inserted. */
function checkAliases(ctx: Context): void {
  const names = [...ctx.unitsSeen.keys()].filter((n) => n.length >= 4 && n.length <= 40);
  const byName = new Set(names);
  const reported = new Set<string>();
  for (const long of names) {
    for (let len = 1; len <= 2; len++) {
      for (let i = 1; i + len < long.length; i++) {
        const short = long.slice(0, i) + long.slice(i + len);
        if (!byName.has(short)) continue;
        const key = `${short}\u0000${long}`;
        if (reported.has(key)) continue;
        reported.add(key);
        const lineA = ctx.unitsSeen.get(short) as number;
        const lineB = ctx.unitsSeen.get(long) as number;
        ctx.warnings.add('unit_alias', Math.max(lineA, lineB), { a: short, b: long, lineA, lineB });
      }
    }
  }
}

export function parseNoticeText(text: string, options: ParseOptions = {}): ParseResult {
  noteCache = new Map();
  proseCache = new Map();
  try {
    return parseWithCache(text, options);
  } finally {
    noteCache = new Map();
    proseCache = new Map();
  }
}

function parseWithCache(text: string, options: ParseOptions): ParseResult {
  const locale = options.locale ?? 'zh-CN';
  const warnings = new WarningList(locale);
  // Quoted tasks become ordinary lines, and a notice pasted on one line gets its lines back.
  const quoted = rewriteQuotedTasks(splitLines(text));
  const all = resplitRunOn(quoted.lines);
  const namesUnits = (l: Line) => isLabelLine(l.norm) || findNotes(l.norm).spans.length > 0;
  const content = unglueAttachments(all.slice(0, footerStart(all)).filter((l) => !isFooterLine(l.norm)));
  const { preamble, regions } = splitRegions(content);
  const document = readPreamble(preamble.length > 0 ? preamble : content.slice(0, 8));
  const ctx: Context = {
    warnings,
    locale,
    tasks: [],
    // The rule may be stated anywhere: in the notice, in a note, or at the end of a table.
    firstLeads: content.some((l) => FIRST_LEADS_RE.test(l.norm)),
    home: 'unknown',
    unitsSeen: new Map(),
    quotedLines: quoted.quoted,
  };
  ctx.home = homeLevel(document);

  const sources: SourceInfo[] = [];
  for (const region of regions) {
    const title = region.title || document.title || '';
    const source: SourceInfo = { index: sources.length + 1, level: sourceLevel(title), title };
    if (source.level === 'unknown' && ctx.home !== 'unknown' && regions.length === 1 && !region.title) {
      source.level = ctx.home;
    }
    const before = ctx.tasks.length;
    parseRegion(region, source, ctx);
    if (ctx.tasks.length === before && regions.length > 1) continue;
    if (source.level === 'unknown') warnings.add('unknown_source_level', region.titleLine, { title: title || '—' });
    sources.push(source);
  }
  if (regions.length > 0 && preamble.length > 0) {
    // The notice's own text holds no tasks; a numbered line with a unit note there is misplaced.
    for (const line of preamble) {
      if (markerOf(line.norm) && namesUnits(line)) ctx.warnings.add('unplaced_line', line.no, { text: clip(line.raw) });
    }
  }
  const listed = listedAttachments(preamble);
  if (listed > 0 && listed !== sources.length) {
    warnings.add('attachment_count', preamble.find((l) => /^附\s*件\s*:/.test(l.norm))?.no ?? 1, {
      listed,
      found: sources.length,
    });
  }
  checkAliases(ctx);
  warnings.items.sort((a, b) => a.line - b.line);
  return { document, sources, tasks: ctx.tasks, warnings: warnings.items };
}
