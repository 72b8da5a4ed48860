// Form rules from the contract's zod schemas: the form checks exactly what the server will check,
// and says so in the UI's language rather than zod's.

import type { FormRule } from 'antd';
import type { z } from 'zod';

export function schemaRule(schema: z.ZodType, message: string): FormRule {
  return {
    validator: async (_rule, value: unknown) => {
      // Emptiness is the `required` rule's business.
      if (value === undefined || value === null || value === '') return;
      if (!schema.safeParse(value).success) throw new Error(message);
    },
  };
}
