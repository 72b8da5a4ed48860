// API contract of report quality flags (报送质量提示, src/core/quality.ts): the office's settings and the flags an
// item report carries once its package was sent for sign-off. Imports nothing from v1.ts, which imports it.

import { z } from 'zod';
import { QUALITY_FLAG_KINDS, type QualityFlagKind } from '../core/quality.js';

export const qualityFlagKindSchema = z.enum(QUALITY_FLAG_KINDS as [QualityFlagKind, ...QualityFlagKind[]]);
export const qualityFlagSchema = z.object({
  kind: qualityFlagKindSchema,
  /** copied: the similarity to last period's text, 0..1. */
  similarity: z.number().optional(),
  /** contradicted: what the status contradicts. */
  because: z.array(z.enum(['behind_schedule', 'milestone_overdue'])).optional(),
});
export type QualityFlagValue = z.infer<typeof qualityFlagSchema>;

const phrase = z.string().trim().min(2).max(20);
export const qualitySettingsSchema = z.object({
  /** From this similarity (0.5..1) to last period's text an item is flagged as copied. */
  copiedThreshold: z.number().min(0.5).max(1),
  /** The stock phrases (套话): a text made of them alone, with no figure, date or named output, is flagged. */
  stockPhrases: z
    .array(phrase)
    .max(100)
    .refine((list) => new Set(list).size === list.length, { message: 'each phrase once' }),
  /** Statuses that need at least one evidence file (none: evidence is never asked for). */
  evidenceRequiredFor: z
    .array(z.enum(['not_started', 'on_track', 'completed', 'lagging', 'blocked', 'no_progress']))
    .max(6)
    .refine((list) => new Set(list).size === list.length, { message: 'each status once' }),
});
export type QualitySettingsBody = z.infer<typeof qualitySettingsSchema>;
