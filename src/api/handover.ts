// 工作移交 (people change): a unit account's open work — the ledgers naming them as responsible person or
// contact, the coordination requests they raised and the extension and close-out applications they made,
// still undecided — handed over to an active colleague of the same unit in one step. Finished work keeps the
// original names. The preview lists exactly what the hand-over moves.

import { z } from 'zod';
import { codedTaskRefSchema, idSchema, roleSchema, unitRefSchema } from './v1.js';

export const HANDOVER_SUBJECTS = ['ledger', 'coordination', 'extension', 'closeout'] as const;
export const handoverSubjectSchema = z.enum(HANDOVER_SUBJECTS);
export type HandoverSubject = z.infer<typeof handoverSubjectSchema>;

/** One open thing naming the departing person, and which of its fields do. */
export const handoverItemSchema = z.object({
  subjectType: handoverSubjectSchema,
  subjectId: idSchema,
  /** The assignment whose ledger page shows it (ledgers, extensions, close-outs); null for coordination. */
  assignmentId: idSchema.nullable(),
  task: codedTaskRefSchema,
  /** The request's title or the milestone's; null for a ledger. */
  title: z.string().nullable(),
  fields: z.array(z.string()),
});
export type HandoverItem = z.infer<typeof handoverItemSchema>;

export const handoverPersonSchema = z.object({
  id: idSchema,
  name: z.string(),
  role: roleSchema,
  disabled: z.boolean(),
});

export const handoverPreviewSchema = z.object({
  user: handoverPersonSchema,
  unit: unitRefSchema,
  /** Active colleagues of the same unit who may take the work. */
  candidates: z.array(handoverPersonSchema),
  items: z.array(handoverItemSchema),
  /** Finished things that name the person and keep the name (history). */
  kept: z.number().int(),
});
export type HandoverPreview = z.infer<typeof handoverPreviewSchema>;

export const handoverBodySchema = z.object({
  toUserId: idSchema,
  /** The colleague's phone, written where the ledger's contact moves to them; otherwise the phone is cleared. */
  phone: z.string().trim().max(40).optional(),
});
export type HandoverBody = z.infer<typeof handoverBodySchema>;

export const handoverResultSchema = z.object({
  id: idSchema,
  from: handoverPersonSchema,
  to: handoverPersonSchema,
  items: z.array(handoverItemSchema),
});
export type HandoverResult = z.infer<typeof handoverResultSchema>;

/** A unit's accounts with how much open work names each: where a leader starts a hand-over. */
export const unitHandoverSchema = z.object({
  unit: unitRefSchema,
  people: z.array(handoverPersonSchema.extend({ open: z.number().int() })),
});
export type UnitHandover = z.infer<typeof unitHandoverSchema>;
