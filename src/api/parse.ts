// The contract of `duban parse --json` (and of the import preview), as a zod
// schema. Strict objects: a field added or renamed in the parser fails the contract test.

import { z } from 'zod';

const level = z.enum(['province', 'city', 'district', 'county', 'national', 'unknown']);

export const parseResultSchema = z.strictObject({
  document: z.strictObject({
    title: z.string().nullable(),
    docNo: z.string().nullable(),
    issuer: z.string().nullable(),
    date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .nullable(),
  }),
  sources: z.array(z.strictObject({ index: z.number().int().min(1), level, title: z.string() })),
  tasks: z.array(
    z.strictObject({
      source: z.number().int().min(1),
      section: z.array(z.string()),
      number: z.string().nullable(),
      text: z.string(),
      line: z.number().int().min(1),
      leaders: z.array(z.string()),
      assignments: z.array(
        z.strictObject({
          unit: z.string().min(1),
          role: z.enum(['lead', 'responsible', 'co']),
          level: z.enum(['province', 'city', 'district', 'county']).nullable(),
          clause: z.number().int().min(0),
        }),
      ),
      indicators: z.array(
        z.strictObject({
          label: z.string(),
          value: z.number(),
          unit: z.string(),
          op: z.enum(['>=', '~', '<=', '=']),
          text: z.string(),
        }),
      ),
      deadline: z.string().nullable(),
      confidence: z.enum(['high', 'medium', 'low']),
    }),
  ),
  warnings: z.array(z.strictObject({ code: z.string(), line: z.number().int().min(1), message: z.string() })),
});

export type ParseResultDto = z.infer<typeof parseResultSchema>;
