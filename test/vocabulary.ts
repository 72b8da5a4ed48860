// The codes of every enum the API exports (open, issued, pending_signoff, on_track …): what a person must never
// read in a document or on a page, where each has its Chinese label.

import { z } from 'zod';
import * as supervisionApi from '../src/api/supervision.js';
import * as v1 from '../src/api/v1.js';

export const API_CODES: readonly string[] = [
  ...new Set(
    [...Object.values(v1), ...Object.values(supervisionApi)].flatMap((s) =>
      s instanceof z.ZodEnum ? (s.options as string[]) : [],
    ),
  ),
].filter((c) => /^[a-z_]{2,}$/.test(c));

/** The API codes standing as words in a text (not inside a longer word or identifier). */
export function codesIn(text: string): string[] {
  return API_CODES.filter((code) => new RegExp(`(^|[^A-Za-z_])${code}([^A-Za-z_]|$)`).test(text));
}
