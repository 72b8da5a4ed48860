// Tasks quoted in running prose, as news reports of a notice write them:
// `第3项任务“推进…”，牵头领导是张三副市长，主责单位是市科技局，配合单位是市财政局、市教育局。`
// Each quoted task becomes a line the structure reader knows (`3.推进…(牵头领导:…;主责单位:…)`), made
// of printed text only, and its line number is remembered so the task is marked 'medium'.

import { chineseNumeral, fold, type Line } from './text.js';
import { looksLikeUnit } from './units.js';

const CN = '[一二三四五六七八九十百零〇]{1,6}';
const QUOTED_RE = new RegExp(
  `第\\s*(\\d{1,5}|${CN})\\s*(?:项|条)(?:重点)?(?:任务|工作)?\\s*[:,]?\\s*["“「『]([^"“”「」『』]{2,400})["”」』]`,
  'g',
);

/** `牵头领导是…`, `主责单位为…`, `配合单位：…` inside the sentence after a quoted task. */
const CLAUSE_RE =
  /^(?:其|的|该项任务的?|由)?((?:牵头|责任|分管|联系)(?:省|市|区|县)?领导|牵头单位|主责单位|责任单位|配合单位|协办单位|参与单位|完成时限)(?:是|为|:)\s*(.+)$/;

export interface QuotedTasks {
  lines: Line[];
  /** Line numbers on which quoted tasks were read. */
  quoted: Set<number>;
}

/** Rewrites lines that quote tasks; other lines pass through unchanged. */
export function rewriteQuotedTasks(lines: Line[]): QuotedTasks {
  const quoted = new Set<number>();
  const out: Line[] = [];
  for (const line of lines) {
    if (!line.norm.includes('第') || !/项|条/.test(line.norm)) {
      out.push(line);
      continue;
    }
    QUOTED_RE.lastIndex = 0;
    const hits: RegExpExecArray[] = [];
    for (let m = QUOTED_RE.exec(line.norm); m !== null; m = QUOTED_RE.exec(line.norm)) hits.push(m);
    if (hits.length === 0) {
      out.push(line);
      continue;
    }
    quoted.add(line.no);
    // The reporter's words around the quotes (其中，据悉，) are not task text: only the quoted tasks stay.
    hits.forEach((m, k) => {
      const number = /^\d+$/.test(m[1] as string) ? (m[1] as string) : String(chineseNumeral(m[1] as string));
      const textStart = m.index + m[0].length - 1 - (m[2] as string).length;
      const text = line.raw.slice(textStart, textStart + (m[2] as string).length);
      const tailEnd = hits[k + 1]?.index ?? line.norm.length;
      const tailStart = m.index + m[0].length;
      const parts: string[] = [];
      let offset = tailStart;
      let unitClause = false;
      for (const piece of line.norm.slice(tailStart, tailEnd).split(/([,;。])/)) {
        const c = CLAUSE_RE.exec(piece.trim());
        const rawPiece = line.raw.slice(offset, offset + piece.length).trim();
        if (c) {
          // The value as printed: same offsets in raw and folded text.
          const value = rawPiece.slice(rawPiece.length - (c[2] as string).length);
          parts.push(`${c[1]}:${value}`);
          unitClause = /单位$/.test(c[1] as string);
        } else if (unitClause && looksLikeUnit(piece.trim())) {
          // `配合单位是市财政局，市教育局`: a list run on with commas.
          parts[parts.length - 1] += `、${rawPiece}`;
        } else if (piece.trim() && !/^[,;。]$/.test(piece)) {
          unitClause = false;
        }
        offset += piece.length;
      }
      const raw = `${number}.${text}${parts.length > 0 ? `(${parts.join(';')})` : ''}`;
      out.push({ no: line.no, raw, norm: fold(raw) });
    });
  }
  return { lines: out, quoted };
}
