// The notice parser: bytes (text, web page or .docx) → plan tree with warnings. Never throws on
// content; throws DubanError for unusable bytes and for a file with no tasks in it.

import { DubanError } from '../errors.js';
import { type DecodedInput, decodeInput } from './decode.js';
import { type ParseOptions, parseNoticeText } from './notice.js';
import type { ParseResult } from './types.js';

export type { DecodedInput, InputFormat } from './decode.js';
export { decodeInput, decodeText, htmlToText } from './decode.js';
export { extractIndicators } from './indicators.js';
export { type ParseOptions, parseNoticeText } from './notice.js';
export type * from './types.js';
export { isCollective, nameLevel } from './units.js';

export interface ParsedFile extends ParseResult {
  input: Omit<DecodedInput, 'text'>;
}

/**
 * Decodes and parses a notice file. A file in which no task names a unit is not a notice: an
 * error, not an empty plan.
 */
export async function parseNotice(bytes: Uint8Array, fileName = '', options: ParseOptions = {}): Promise<ParsedFile> {
  const decoded = await decodeInput(bytes, fileName);
  const result = parseNoticeText(decoded.text, options);
  if (!result.tasks.some((t) => t.assignments.length > 0)) {
    throw new DubanError('not_a_notice', {
      zh: '文件中没有找到任何目标任务：它不像是一份任务分解通知（需要编号的任务和“牵头单位/责任单位”说明）。',
      en: 'No target task was found: the file does not look like a task-decomposition notice (numbered tasks with lead/responsible unit notes).',
    });
  }
  return { ...result, input: { format: decoded.format, encoding: decoded.encoding } };
}
