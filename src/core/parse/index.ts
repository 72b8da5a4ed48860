// The notice parser: bytes (text, web page or .docx) → plan tree with warnings. Never throws on
// content; throws DubanError for unusable bytes and for a file with no tasks in it.

import { DubanError } from '../errors.js';
import { type DecodedInput, decodeInput } from './decode.js';
import { type ParseOptions, parseNoticeText } from './notice.js';
import type { ParseResult } from './types.js';
import { WarningList } from './warnings.js';

export type { DecodedInput, InputFormat } from './decode.js';
export { decodeInput, decodeText, htmlToText } from './decode.js';
export { extractIndicators } from './indicators.js';
export { type ParseOptions, parseNoticeText } from './notice.js';
export type * from './types.js';
export { isCollective, nameLevel } from './units.js';

export interface ParsedFile extends ParseResult {
  input: Omit<DecodedInput, 'text'>;
}

/** Warnings that show the file has a notice's structure even where no task could be built from it. */
const STRUCTURE_SEEN = new Set(['unit_note_without_task', 'numbered_line_as_heading', 'unplaced_line']);

/**
 * Decodes and parses a notice file. Partial beats nothing: whatever tasks were read come back, each
 * with its confidence and warnings; a file with unit notes or numbered lines but no task gets a
 * `no_task_found` warning. Only a file with no task-like structure at all is not a notice: an error.
 */
export async function parseNotice(bytes: Uint8Array, fileName = '', options: ParseOptions = {}): Promise<ParsedFile> {
  const decoded = await decodeInput(bytes, fileName);
  const result = parseNoticeText(decoded.text, options);
  // Unnumbered lines without a unit note are tasks only by default (a letter's sentences): no structure.
  const taskLike = result.tasks.some((t) => t.number !== null || t.assignments.length > 0);
  if (!taskLike) {
    const seen = result.warnings.find((w) => STRUCTURE_SEEN.has(w.code));
    if (!seen) {
      throw new DubanError('not_a_notice', {
        zh: '文件中没有找到任何目标任务：它不像是一份任务分解通知（需要编号的任务或“牵头单位/责任单位”说明）。',
        en: 'No target task was found: the file does not look like a task-decomposition notice (numbered tasks or lead/responsible unit notes).',
      });
    }
    const warnings = new WarningList(options.locale ?? 'zh-CN');
    warnings.add('no_task_found', seen.line);
    result.warnings.unshift(...warnings.items);
  }
  return { ...result, input: { format: decoded.format, encoding: decoded.encoding } };
}
