// 上下贯通: which city and province tasks a district task serves, ranked by the similarity of their Chinese
// text. Two ways to cut Chinese into terms are offered and compared in `npm run bench` against a gold list
// made from the sample (bench/linkage.ts): overlapping character bigrams, and words from the ICU word
// segmenter built into Node (Intl.Segmenter). Terms are weighted by TF-IDF over the plan's tasks and
// compared by cosine similarity. The bench's winner is the default (docs/decisions/0005-linkage.md).

export type Tokenizer = 'bigram' | 'word';

/** Characters that carry no meaning for matching: punctuation, digits, Latin letters, spaces. */
const NOISE = /[\s\p{P}\p{S}0-9０-９A-Za-z]+/gu;
/** Words so common in work reports that they say nothing about the subject. */
const STOP = new Set([
  '推进',
  '推动',
  '加快',
  '持续',
  '实施',
  '加强',
  '提升',
  '全面',
  '深入',
  '完善',
  '建设',
  '开展',
  '以上',
  '全年',
  '新增',
  '完成',
  '工作',
  '进一步',
  '不断',
  '积极',
  '大力',
  '坚持',
  '深化',
  '强化',
  '确保',
]);

let segmenter: Intl.Segmenter | undefined;

export function terms(text: string, tokenizer: Tokenizer): string[] {
  if (tokenizer === 'word') {
    segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' });
    const out: string[] = [];
    for (const s of segmenter.segment(text)) {
      if (!s.isWordLike) continue;
      const w = s.segment.replace(NOISE, '');
      if (w.length >= 2 && !STOP.has(w)) out.push(w);
    }
    return out;
  }
  const out: string[] = [];
  for (const run of text.split(NOISE)) {
    for (let i = 0; i + 1 < run.length; i++) {
      const bigram = run.slice(i, i + 2);
      if (!STOP.has(bigram)) out.push(bigram);
    }
  }
  return out;
}

type Vector = Map<string, number>;

export interface LinkIndex<T> {
  score(text: string): { item: T; score: number }[];
}

/** TF-IDF over `docs` (the candidates plus the queries, so rare shared terms weigh most). */
export function buildIndex<T>(
  candidates: readonly { item: T; text: string }[],
  queries: readonly string[],
  tokenizer: Tokenizer,
): LinkIndex<T> {
  const candidateTerms = candidates.map((c) => terms(c.text, tokenizer));
  const df = new Map<string, number>();
  const all = [...candidateTerms, ...queries.map((q) => terms(q, tokenizer))];
  for (const list of all) for (const t of new Set(list)) df.set(t, (df.get(t) ?? 0) + 1);
  const n = all.length;
  const vector = (list: string[]): Vector => {
    const tf = new Map<string, number>();
    for (const t of list) tf.set(t, (tf.get(t) ?? 0) + 1);
    const v: Vector = new Map();
    let norm = 0;
    for (const [t, f] of tf) {
      const w = (1 + Math.log(f)) * Math.log(1 + n / (df.get(t) ?? 1));
      v.set(t, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [t, w] of v) v.set(t, w / norm);
    return v;
  };
  const vectors = candidateTerms.map(vector);
  return {
    score(text) {
      const q = vector(terms(text, tokenizer));
      return candidates
        .map((c, i) => {
          let s = 0;
          const v = vectors[i] as Vector;
          for (const [t, w] of q) s += w * (v.get(t) ?? 0);
          return { item: c.item, score: Math.round(s * 1000) / 1000 };
        })
        .sort((a, b) => b.score - a.score);
    },
  };
}

/** The best `k` candidates above `min` similarity. */
export function suggestLinks<T>(index: LinkIndex<T>, text: string, k = 5, min = 0.08): { item: T; score: number }[] {
  return index
    .score(text)
    .filter((s) => s.score >= min)
    .slice(0, k);
}
