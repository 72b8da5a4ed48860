// Report quality flags (报送质量提示): what a supervision office reads between the lines of a quarterly report —
// the paragraph pasted again, the sentence made of 按计划推进 and nothing behind it, 正常推进 beside an indicator far
// behind 序时进度 (报喜不报忧), 已完成 without a single piece of evidence. Pure; the table-driven test in
// quality.test.ts names each case, bench/quality.ts measures precision and recall on a labelled set.
//
//   copied        the progress text is (nearly) the unit's text for the same item last period: character-bigram
//                 Dice similarity ≥ the office's threshold (default 0.9). Linear in the text, capped at
//                 MAX_COMPARED_CHARS characters, so a package of any size is bounded.
//   stock         the text says nothing but stock phrases (the office's list): it holds at least one of them,
//                 no figure, no date, no named output (《…》 or “…”), and what is left once the phrases and the
//                 filler are taken out is at most STOCK_RESIDUE characters.
//   contradicted  the status is 正常推进 or 已完成 while an indicator is behind 序时进度 by more than the office's
//                 margin, or a milestone is overdue — the light's own rules (lights.ts), never a second rule.
//   no_evidence   the status is one the office requires evidence for (default 已完成) and no file is attached.
//
// Flags never block anything: they tell the unit's leader before signing and the office in review.

import { expectedShare, type IndicatorFacts, indicatorBehind, milestoneOverdue } from './lights.js';
import type { ItemStatus } from './status.js';

export type QualityFlagKind = 'copied' | 'stock' | 'contradicted' | 'no_evidence';
export const QUALITY_FLAG_KINDS: readonly QualityFlagKind[] = ['copied', 'stock', 'contradicted', 'no_evidence'];

export interface QualityFlag {
  kind: QualityFlagKind;
  /** copied: the similarity to last period's text, 0..1 (two decimals). */
  similarity?: number;
  /** contradicted: which fact the status contradicts. */
  because?: ('behind_schedule' | 'milestone_overdue')[];
}

export interface QualitySettings {
  /** Similarity (0..1) from which a text counts as copied from last period. */
  copiedThreshold: number;
  /** The stock phrases (套话) a text may not consist of alone. */
  stockPhrases: string[];
  /** Statuses that need at least one evidence file. */
  evidenceRequiredFor: ItemStatus[];
}

/**
 * Defaults: 0.9 keeps a text whose figures and dates were all rewritten below the line (a real update of a
 * 60-character paragraph changes well over 10 % of its bigrams) while a paste with a changed quarter or one
 * changed figure stays above it (bench/quality.ts shows the figures). The phrases are the ones offices quote in
 * their own bulletins when they criticise 套话.
 */
export const DEFAULT_QUALITY_SETTINGS: QualitySettings = {
  copiedThreshold: 0.9,
  stockPhrases: [
    '按计划推进',
    '有序推进',
    '稳步推进',
    '正在推进',
    '加快推进',
    '扎实推进',
    '持续推进',
    '积极推进',
    '全力推进',
    '高度重视',
    '进展顺利',
    '进展良好',
    '取得积极成效',
    '取得阶段性成效',
    '认真落实',
    '狠抓落实',
    '压实责任',
    '强化统筹',
    '加强协调',
    '各项工作',
    '确保完成',
    '按时完成',
    '年度目标任务',
  ],
  evidenceRequiredFor: ['completed'],
};

/** Characters of a text compared at most (a progress text is rarely over 1,000; the cap bounds a package). */
export const MAX_COMPARED_CHARS = 4000;
/** At most this many characters may be left once the stock phrases and the filler are taken out. */
export const STOCK_RESIDUE = 12;

/** Letters and digits only (whitespace and punctuation say nothing about copying), capped. */
export function normalizeText(text: string): string {
  return text
    .slice(0, MAX_COMPARED_CHARS * 2)
    .replace(/[\s\p{P}\p{S}]/gu, '')
    .slice(0, MAX_COMPARED_CHARS);
}

/** Sørensen–Dice similarity of the character bigram multisets of two texts: 0..1, linear in their length. */
export function similarity(a: string, b: string): number {
  const x = normalizeText(a);
  const y = normalizeText(b);
  if (x === y) return x.length > 0 ? 1 : 0;
  if (x.length < 2 || y.length < 2) return 0;
  const counts = new Map<string, number>();
  for (let i = 0; i < x.length - 1; i++) {
    const g = x.slice(i, i + 2);
    counts.set(g, (counts.get(g) ?? 0) + 1);
  }
  let shared = 0;
  for (let i = 0; i < y.length - 1; i++) {
    const g = y.slice(i, i + 2);
    const n = counts.get(g) ?? 0;
    if (n > 0) {
      shared += 1;
      counts.set(g, n - 1);
    }
  }
  return (2 * shared) / (x.length - 1 + (y.length - 1));
}

/** A figure: digits, or a Chinese number with a measure (三个, 两万元, 十五家); 一是/二是 are not figures. */
const FIGURE = /[0-9０-９]|[一二两三四五六七八九十百千万亿]+[个家项万亿元人户次座条所台套件栋亩吨米公千%％]/u;
/** A date: 3月, 5日, 一季度, 上半年 with a number, 年底前 … */
const DATE = /[0-9０-９一二三四五六七八九十]+\s*[月日]|[一二三四1-4]季度|上半年|下半年|年底前|月底前/u;
/** A named output: a document 《…》 or a named thing in quotes. */
const NAMED = /《[^》]+》|“[^”]+”|"[^"]+"|「[^」]+」/u;
/** Words that fill a stock sentence without saying anything. */
const FILLER =
  /我单位|我局|我委|本单位|目前|当前|下一步|同时|并|将|继续|进一步|已|均|各项|工作|任务|相关|有关|方面|情况|总体|整体|正常|顺利|按照|要求|部署|目标|推进|落实|开展|全面|不断|切实|努力|力争|确保|一是|二是|三是|的|了|和|与|及|在|中|等/gu;

/** Is the text made only of stock phrases (see the header)? */
export function isStockText(text: string, phrases: readonly string[]): boolean {
  const t = text.slice(0, MAX_COMPARED_CHARS * 2);
  if (t.trim() === '') return false;
  if (!phrases.some((p) => p !== '' && t.includes(p))) return false;
  if (FIGURE.test(t) || DATE.test(t) || NAMED.test(t)) return false;
  let rest = normalizeText(t);
  // Longest phrases first, so that 按计划推进 goes before a shorter phrase inside it.
  for (const p of [...phrases].sort((a, b) => b.length - a.length)) if (p) rest = rest.split(p).join('');
  rest = rest.replace(FILLER, '');
  return rest.length <= STOCK_RESIDUE;
}

export interface ItemQualityFacts {
  status: ItemStatus | null;
  progress: string;
  /** The unit's progress text for the same assignment in the previous period (null: none). */
  previousProgress: string | null;
  /** The task's indicators with this report's actuals (the unit's local target where agreed). */
  indicators: readonly IndicatorFacts[];
  milestones: readonly { dueOn: string; doneOn: string | null }[];
  /** Evidence files attached to the item. */
  evidence: number;
}

export interface QualityContext {
  year: number;
  /** The last day the report covers (序时进度 is judged there, as the light judges it). */
  coversTo: string;
  /** The day the package was sent (a milestone past due by then is overdue). */
  today: string;
  /** The office's margin (supervision settings' behindMargin). */
  behindMargin: number;
}

/** The flags of one item report. An item nobody filled (no status) is 未填报, not a quality matter: no flags. */
export function qualityFlags(facts: ItemQualityFacts, ctx: QualityContext, settings: QualitySettings): QualityFlag[] {
  if (facts.status === null) return [];
  const flags: QualityFlag[] = [];
  if (facts.previousProgress !== null && normalizeText(facts.progress).length >= 2) {
    const s = similarity(facts.progress, facts.previousProgress);
    if (s >= settings.copiedThreshold) flags.push({ kind: 'copied', similarity: Math.floor(s * 100) / 100 });
  }
  if (isStockText(facts.progress, settings.stockPhrases)) flags.push({ kind: 'stock' });
  if (facts.status === 'on_track' || facts.status === 'completed') {
    const because: ('behind_schedule' | 'milestone_overdue')[] = [];
    const expected = expectedShare(facts.milestones, ctx.year, ctx.coversTo);
    if (facts.indicators.some((i) => indicatorBehind(i, expected, ctx.behindMargin))) because.push('behind_schedule');
    if (milestoneOverdue(facts.milestones, ctx.today)) because.push('milestone_overdue');
    if (because.length > 0) flags.push({ kind: 'contradicted', because });
  }
  if (settings.evidenceRequiredFor.includes(facts.status) && facts.evidence === 0) flags.push({ kind: 'no_evidence' });
  return flags;
}

/** Flags counted by kind (every kind named, 0 when none). */
export function countFlags(lists: Iterable<readonly QualityFlag[]>): Record<QualityFlagKind, number> {
  const counts = Object.fromEntries(QUALITY_FLAG_KINDS.map((k) => [k, 0])) as Record<QualityFlagKind, number>;
  for (const list of lists) for (const f of list) counts[f.kind] += 1;
  return counts;
}
