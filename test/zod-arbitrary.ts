// fast-check arbitraries from zod (v4) schemas, for the route fuzz: `valid(schema)` generates values the schema
// (mostly) accepts — formats, lengths, bounds, enums, regexes — and `mutated(schema)` takes such a value and breaks
// it: a wrong type, a missing or extra field, null, a huge string, awkward Unicode (NUL, lone surrogates, RTL marks,
// combining characters). Refinements are not modelled: they are what the mutations are for.

import fc from 'fast-check';
import type { z } from 'zod';

interface Def {
  type: string;
  [key: string]: unknown;
}
const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;
const checksOf = (def: Def) =>
  ((def.checks as { _zod: { def: Record<string, unknown> } }[] | undefined) ?? []).map((c) => c._zod.def);

/** Ids that exist, so that generated requests reach past "not found" into the services. */
export interface Pools {
  ids: readonly string[];
}

export const AWKWARD = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff\ud800',
  '\u202e\u202d',
  'e\u0301\u0301\u0301',
  '\ufeff',
  '𠀀𪚥🀄👩‍👩‍👧‍👦',
  '区发改局\u3000',
  "'; drop table units; --",
  '%00%2e%2e/',
  '../../etc/passwd',
  '{"__proto__":{"x":1}}',
  '\r\nSet-Cookie: x=1',
  '<script>alert(1)</script>',
  '=cmd|"/c calc"!A1',
];

function stringOf(def: Def, pools: Pools): fc.Arbitrary<string> {
  const checks = checksOf(def);
  const format =
    (def.format as string | undefined) ?? (checks.find((c) => c.check === 'string_format')?.format as string);
  const min = Math.max(0, ...checks.filter((c) => c.check === 'min_length').map((c) => c.minimum as number));
  const max = Math.min(200, ...checks.filter((c) => c.check === 'max_length').map((c) => c.maximum as number));
  const pattern = (def.pattern ?? checks.find((c) => c.pattern instanceof RegExp)?.pattern) as RegExp | undefined;
  switch (format) {
    case 'uuid':
    case 'guid':
      return pools.ids.length ? fc.oneof(fc.constantFrom(...pools.ids), fc.uuid()) : fc.uuid();
    case 'email':
      return fc.emailAddress().filter((e) => e.length <= max);
    case 'date':
      return fc
        .date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2026-12-31T00:00:00Z'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
    case 'datetime':
      return fc
        .date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2026-12-31T00:00:00Z'), noInvalidDate: true })
        .map((d) => d.toISOString());
    case 'regex':
      return pattern ? fc.stringMatching(pattern) : fc.string({ minLength: min, maxLength: max });
  }
  return fc.oneof(
    fc.string({ minLength: min, maxLength: Math.max(min, max) }),
    fc.string({ unit: 'grapheme', minLength: min, maxLength: Math.max(min, max) }),
    fc
      .constantFrom('区发改局', '2025年第一季度', '已完成', '序时推进')
      .filter((s) => s.length >= min && s.length <= max),
    // Valid for the schema, awkward for everything behind it (a NUL, a lone surrogate, bidi controls…).
    fc
      .constantFrom(...AWKWARD)
      .map((a) => a.padEnd(min, '甲').slice(0, max))
      .filter((s) => s.length >= min),
  );
}

function numberOf(def: Def): fc.Arbitrary<number> {
  const checks = checksOf(def);
  const int = checks.some((c) => c.check === 'number_format' && /int/.test(String(c.format)));
  const lows = checks.filter((c) => c.check === 'greater_than').map((c) => c.value as number);
  const highs = checks.filter((c) => c.check === 'less_than').map((c) => c.value as number);
  const min = lows.length ? Math.max(...lows) : -1e6;
  const max = highs.length ? Math.min(...highs) : 1e6;
  return int
    ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
    : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

/** Values the schema accepts (up to refinements). */
export function valid(schema: unknown, pools: Pools, depth = 0): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, unknown>;
      const required = Object.keys(shape).filter((k) => !['optional', 'default'].includes(defOf(shape[k]).type));
      const fields = Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, valid(v, pools, depth + 1)]));
      return fc.record(fields, { requiredKeys: required });
    }
    case 'string':
      return stringOf(def, pools);
    case 'number':
      return numberOf(def);
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries as Record<string, string>));
    case 'literal':
      return fc.constantFrom(...(def.values as unknown[]));
    case 'array': {
      const checks = checksOf(def);
      const min = Math.max(0, ...checks.filter((c) => c.check === 'min_length').map((c) => c.minimum as number));
      return fc.array(valid(def.element, pools, depth + 1), { minLength: min, maxLength: Math.max(min, 4) });
    }
    case 'optional':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return valid(def.innerType, pools, depth);
    case 'nullable':
      return fc.oneof(valid(def.innerType, pools, depth), fc.constant(null));
    case 'pipe': {
      // z.stringbool(): a string in, a boolean out.
      if (defOf(def.in).type === 'string' && defOf(def.out).type === 'boolean')
        return fc.constantFrom('true', 'false', '1', '0', 'yes', 'no');
      return valid(def.in, pools, depth);
    }
    case 'union':
      return fc.oneof(...(def.options as unknown[]).map((o) => valid(o, pools, depth + 1)));
    case 'record':
      return fc.dictionary(
        valid(def.keyType, pools, depth + 1) as fc.Arbitrary<string>,
        valid(def.valueType, pools, depth + 1),
        {
          maxKeys: 3,
        },
      );
    case 'lazy':
      return depth > 4 ? fc.constant([]) : valid((def.getter as () => unknown)(), pools, depth + 1);
    case 'tuple':
      return fc.tuple(...(def.items as unknown[]).map((i) => valid(i, pools, depth + 1)));
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

const wrongType = fc.constantFrom<unknown>(0, -1, 1.5, 1e308, true, false, '', 'x', [], {}, null, [null], { a: 1 });
const hugeString = fc.constantFrom('x'.repeat(200_000), '区'.repeat(100_000), '9'.repeat(50_000));

type Path = (string | number)[];
function leaves(value: unknown, path: Path = [], out: Path[] = []): Path[] {
  out.push(path);
  if (Array.isArray(value)) value.forEach((v, i) => void leaves(v, [...path, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) leaves(v, [...path, k], out);
  return out;
}
function setAt(value: unknown, path: Path, next: unknown): unknown {
  if (path.length === 0) return next;
  const [head, ...rest] = path as [string | number, ...Path];
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
  if (next === undefined && rest.length === 0) delete copy[head];
  else copy[head] = setAt(copy[head], rest, next);
  return copy;
}

/** Every string in a value (keys too) replaced by `text`. */
function everyString(value: unknown, text: string): unknown {
  if (typeof value === 'string') return text;
  if (Array.isArray(value)) return value.map((v) => everyString(v, text));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, everyString(v, text)]));
  return value;
}

/** A valid value, then broken: in one or two places, or every string at once. */
export function mutated(schema: z.ZodType | unknown, pools: Pools): fc.Arbitrary<unknown> {
  const replacement = fc.oneof(
    wrongType,
    hugeString,
    fc.constantFrom(...AWKWARD),
    fc.constant(undefined),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.jsonValue({ maxDepth: 3 }),
  );
  const once = (value: unknown) =>
    fc.tuple(fc.nat(), replacement).map(([i, next]) => {
      const paths = leaves(value);
      return setAt(value, paths[i % paths.length] as Path, next);
    });
  return valid(schema, pools).chain((value) =>
    fc.oneof(
      once(value),
      once(value).chain(once),
      fc.constantFrom(...AWKWARD).map((text) => everyString(value, text)),
      fc.constant({ ...(value as object), unexpected: 'field', __proto__: { polluted: true } }),
    ),
  );
}
