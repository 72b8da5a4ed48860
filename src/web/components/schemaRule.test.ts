import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { schemaRule } from './schemaRule';

const rule = schemaRule(z.string().trim().min(2).max(5), '2 to 5 characters') as {
  validator: (rule: object, value: unknown) => Promise<void>;
};
const check = (value: unknown) => rule.validator({}, value);

describe('schemaRule: a form checks what the server will check', () => {
  it('passes what the schema accepts', async () => {
    await expect(check('ab')).resolves.toBeUndefined();
    await expect(check(' abcde ')).resolves.toBeUndefined();
  });

  it("refuses what the schema refuses, with the UI's message", async () => {
    await expect(check('a')).rejects.toThrow('2 to 5 characters');
    await expect(check('abcdef')).rejects.toThrow('2 to 5 characters');
    await expect(check(42)).rejects.toThrow('2 to 5 characters');
  });

  it('leaves emptiness to the required rule', async () => {
    for (const empty of [undefined, null, '']) await expect(check(empty)).resolves.toBeUndefined();
  });
});
