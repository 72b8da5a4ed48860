// API contract of the reasons an item lags (滞后/受阻): the office's list (managed under the supervision
// settings), the keys an item report carries, and the dashboard's grouping of the period's laggards by reason.

import { z } from 'zod';

/** The key a reason is stored under on item reports; the office's own reasons get a generated one. */
export const lagReasonKeySchema = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{1,39}$/);

/** The reason that always asks for the unit's own words (lagReasonText). */
export const OTHER_LAG_REASON = 'other';

export const lagReasonSchema = z.object({
  key: z.string(),
  labelZh: z.string(),
  labelEn: z.string().nullable(),
  active: z.boolean(),
  /** 需区级协调: the package offers 提请协调 when a unit picks it. */
  needsDistrict: z.boolean(),
  position: z.number().int(),
  /** Item reports carrying it (a used reason can be deactivated, never deleted). */
  used: z.number().int(),
});
export type LagReason = z.infer<typeof lagReasonSchema>;
export const lagReasonListSchema = z.object({ items: z.array(lagReasonSchema) });

const label = z.string().trim().min(1).max(20);
export const createLagReasonBodySchema = z.object({
  labelZh: label,
  labelEn: z.string().trim().min(1).max(60).nullable().optional(),
  needsDistrict: z.boolean().optional(),
});
export const updateLagReasonBodySchema = z
  .object({
    labelZh: label.optional(),
    labelEn: z.string().trim().min(1).max(60).nullable().optional(),
    active: z.boolean().optional(),
    needsDistrict: z.boolean().optional(),
    position: z.number().int().min(0).max(10_000).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'nothing to change' });
export const lagReasonParamsSchema = z.object({ key: lagReasonKeySchema });

/** The dashboard's card: this period's 滞后/受阻 items counted by reason (an item with two reasons counts twice). */
export const lagReasonGroupSchema = z.object({
  key: z.string(),
  labelZh: z.string(),
  labelEn: z.string().nullable(),
  needsDistrict: z.boolean(),
  /** Items (a unit's report on a task) giving this reason. */
  items: z.number().int(),
  tasks: z.array(z.object({ id: z.string(), number: z.string().nullable(), text: z.string() })),
});
export type LagReasonGroup = z.infer<typeof lagReasonGroupSchema>;
