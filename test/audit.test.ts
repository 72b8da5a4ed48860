// The audit log on every database: the hash chain verifies as written (details read back from jsonb included),
// and the walk names the first broken entry when one is edited, deleted from the middle, or cut off the end (the
// last only against an anchor); the administrator browses, filters and exports it, and nobody else can.

import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditAction } from '../src/api/audit.js';
import type { App } from '../src/server/app.js';
import type { Db } from '../src/server/db/client.js';
import { type AuditEntry, auditEntries } from '../src/server/db/schema.js';
import { csvField } from '../src/server/routes/audit.js';
import {
  type AuditAnchor,
  type AuditContent,
  audit,
  canonicalJson,
  entryHash,
  verifyChain,
} from '../src/server/services/audit.js';
import { defaultOrganisationId } from '../src/server/services/organisations.js';
import { type Caller, makeApp, makeUser, signIn } from './app.js';
import { describeEachDatabase } from './db.js';

const at = (iso: string) => () => new Date(iso);

/** The default organisation's chain: the only one in these tests (test/organisations.test.ts has several). */
async function verifyAudit(db: Db, options: { anchor?: AuditAnchor | null } = {}) {
  return verifyChain(db, await defaultOrganisationId(db), options);
}

async function write(db: Db, iso: string, action: string, details: unknown, userId: string | null = null) {
  const organisationId = await defaultOrganisationId(db);
  await db.transaction((tx) =>
    audit(
      tx,
      {
        clock: at(iso),
        actor: userId ? { id: userId, role: 'supervisor', unitId: null, organisationId } : null,
        ip: '10.0.0.7',
      },
      // Any name, as entries of older releases carry: the log is read as text.
      { action: action as AuditAction, subjectType: 'plan', subjectId: 'p-1', details },
    ),
  );
}

async function entries(db: Db): Promise<AuditEntry[]> {
  return db.select().from(auditEntries).orderBy(auditEntries.id);
}

/** Puts a row back exactly as it was (identity value included), undoing a tampering. */
async function putBack(db: Db, row: AuditEntry): Promise<void> {
  await db.execute(sql`insert into audit_entries (id, organisation_id, at, user_id, action, subject_type, subject_id, ip, details, prev_hash, hash)
    overriding system value values (${row.id}, ${row.organisationId}, ${row.at.toISOString()}, ${row.userId}, ${row.action}, ${row.subjectType},
    ${row.subjectId}, ${row.ip}, ${JSON.stringify(row.details)}::jsonb, ${row.prevHash}, ${row.hash})`);
}

describe('canonical JSON', () => {
  it('sorts keys at every depth and drops what JSON drops', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[3,{"y":2,"z":1}]},"b":1}',
    );
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson({ at: new Date('2025-01-01T00:00:00Z') })).toBe('{"at":"2025-01-01T00:00:00.000Z"}');
  });

  it('quotes CSV fields and defuses formulas', () => {
    expect(csvField('区发改局')).toBe('区发改局');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('他说"好"')).toBe('"他说""好"""');
    expect(csvField('第一行\n第二行')).toBe('"第一行\n第二行"');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('-1')).toBe("'-1");
  });

  it.each([
    ['=', '=1+2', "'=1+2"],
    ['+', '+86 138', "'+86 138"],
    ['-', '-2+3', "'-2+3"],
    ['@', '@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['TAB', '\t=1', "'\t=1"],
    ['CR', '\r=1', `"'\r=1"`],
    ['an apostrophe before =', "'=1", "''=1"],
  ])('defuses a field starting with %s', (_start, text, field) => {
    expect(csvField(text)).toBe(field);
  });

  it('quotes a field holding a lone CR, which would otherwise end the row', () => {
    expect(csvField('第一行\r第二行')).toBe('"第一行\r第二行"');
  });
});

// A known-answer vector: a fixed entry and previous hash give a fixed hash, so a change to what the hash covers (or
// how) cannot pass unnoticed; and each field on its own changes it, so no field is left out of the chain.
describe('audit entry hash', () => {
  const entry: AuditContent = {
    at: '2025-04-01T01:00:00.000Z',
    userId: '0b5c6c1e-2d7f-4d1a-9a53-4d3f1b2c9e01',
    // An entry as an older release wrote it (before "package" became "submission"): stored names never change.
    action: 'package.sign',
    subjectType: 'submission',
    subjectId: '7f3e2a10-5b4c-4e8d-8a21-9c0d1e2f3a4b',
    ip: '10.0.0.7',
    details: { unit: '区发改局', status: ['pending_signoff', 'submitted'] },
  };
  const prev = 'a'.repeat(64);

  it('gives the known hash for a known entry, first in the chain and after another', () => {
    expect(entryHash(null, entry)).toBe('679da5b780abe6f62f7401a810d11aeb3a731c3acabdf9e36fe0e44069548642');
    expect(entryHash(prev, entry)).toBe('b280d9bc57aa144b0a011446b635539a2dba8c88026442025e2d567d8c12e352');
  });

  it.each<[string, Partial<AuditContent>]>([
    ['at', { at: '2025-04-01T01:00:01.000Z' }],
    ['userId', { userId: null }],
    ['action', { action: 'submission.return' }],
    ['subjectType', { subjectType: 'plan' }],
    ['subjectId', { subjectId: '7f3e2a10-5b4c-4e8d-8a21-9c0d1e2f3a4c' }],
    ['ip', { ip: '10.0.0.8' }],
    ['ip (none)', { ip: null }],
    ['details', { details: { unit: '区经科局', status: ['pending_signoff', 'submitted'] } }],
    ['details (none)', { details: null }],
  ])('changes when %s changes', (_field, change) => {
    expect(entryHash(prev, { ...entry, ...change })).not.toBe(entryHash(prev, entry));
  });

  it('changes with the previous hash, and not with the order of the details’ keys', () => {
    expect(entryHash('b'.repeat(64), entry)).not.toBe(entryHash(prev, entry));
    const reordered = { ...entry, details: { status: ['pending_signoff', 'submitted'], unit: '区发改局' } };
    expect(entryHash(prev, reordered)).toBe(entryHash(prev, entry));
  });
});

describeEachDatabase('audit chain', (t) => {
  beforeAll(async () => {
    // Details with several keys in an order jsonb does not keep, nested, in Chinese: they must verify as read back.
    await write(t.db, '2025-04-01T01:00:00Z', 'plan.import', {
      title: '武昌区目标任务',
      tasks: 271,
      units: { new: 3, all: 107 },
    });
    await write(t.db, '2025-04-01T02:00:00Z', 'evidence.add', { sha256: 'ab'.repeat(32), mime: 'application/pdf' });
    await write(t.db, '2025-04-02T03:00:00Z', 'submission.sign', null);
    await write(t.db, '2025-04-03T04:00:00Z', 'submission.return', { comment: '请补充，“第一项”', items: [2, 1] });
    await write(t.db, '2025-04-04T05:00:00Z', 'plan.activate', { zeta: 1, alpha: 2 });
  });

  it('verifies an intact chain and reports its head', async () => {
    const rows = await entries(t.db);
    const result = await verifyAudit(t.db);
    expect(result).toMatchObject({ ok: true, checked: 5, problem: null });
    expect(result.head).toMatchObject({ id: rows[4]?.id, hash: rows[4]?.hash });
    const anchored = await verifyAudit(t.db, { anchor: { id: rows[2]?.id as number, hash: rows[2]?.hash as string } });
    expect(anchored.ok).toBe(true);
  });

  it('names an edited entry', async () => {
    const rows = await entries(t.db);
    const target = rows[1] as AuditEntry;
    await t.db
      .update(auditEntries)
      .set({ details: { sha256: 'cd'.repeat(32), mime: 'application/pdf' } })
      .where(eq(auditEntries.id, target.id));
    const result = await verifyAudit(t.db);
    expect(result).toMatchObject({ ok: false, problem: { entryId: target.id, reason: 'edited' } });
    expect(result.problem?.message.zh).toContain(`第 ${target.id} 条`);
    expect(result.problem?.message.en).toContain(`Entry ${target.id}`);
    await t.db.delete(auditEntries).where(eq(auditEntries.id, target.id));
    await putBack(t.db, target);
    expect((await verifyAudit(t.db)).ok).toBe(true);
  });

  it('names the entry after an entry deleted from the middle, or rewritten with a fresh hash', async () => {
    const rows = await entries(t.db);
    const middle = rows[2] as AuditEntry;
    const next = rows[3] as AuditEntry;
    await t.db.delete(auditEntries).where(eq(auditEntries.id, middle.id));
    const result = await verifyAudit(t.db);
    expect(result).toMatchObject({ ok: false, checked: 2, problem: { entryId: next.id, reason: 'chain_broken' } });
    expect(result.problem?.message.en).toContain(`does not follow entry ${rows[1]?.id}`);
    await putBack(t.db, middle);
    expect((await verifyAudit(t.db)).ok).toBe(true);
  });

  it('notices the first entries gone', async () => {
    const rows = await entries(t.db);
    const first = rows[0] as AuditEntry;
    await t.db.delete(auditEntries).where(eq(auditEntries.id, first.id));
    expect(await verifyAudit(t.db)).toMatchObject({
      ok: false,
      problem: { entryId: rows[1]?.id, reason: 'chain_broken' },
    });
    await putBack(t.db, first);
  });

  it('finds a deleted last entry against an anchor, and says the walk alone cannot', async () => {
    const rows = await entries(t.db);
    const last = rows[rows.length - 1] as AuditEntry;
    const anchor = { id: last.id, hash: last.hash };
    await t.db.delete(auditEntries).where(eq(auditEntries.id, last.id));
    // Any prefix of a chain is a valid chain: without an anchor the walk cannot tell.
    expect((await verifyAudit(t.db)).ok).toBe(true);
    const result = await verifyAudit(t.db, { anchor });
    expect(result).toMatchObject({ ok: false, problem: { entryId: last.id, reason: 'anchor_missing' } });
    expect(result.problem?.message.zh).toMatch(/截断/);
    await putBack(t.db, last);
    // The last entry rewritten with a recomputed hash: the anchor's hash no longer matches.
    await t.db
      .update(auditEntries)
      .set({ hash: 'f'.repeat(64) })
      .where(eq(auditEntries.id, last.id));
    expect(await verifyAudit(t.db, { anchor })).toMatchObject({
      ok: false,
      problem: { entryId: last.id, reason: 'edited' },
    });
    await t.db.update(auditEntries).set({ hash: last.hash }).where(eq(auditEntries.id, last.id));
    expect(await verifyAudit(t.db, { anchor: { id: last.id, hash: 'e'.repeat(64) } })).toMatchObject({
      ok: false,
      problem: { entryId: last.id, reason: 'anchor_mismatch' },
    });
    expect((await verifyAudit(t.db, { anchor })).ok).toBe(true);
  });

  it('keeps the chain across concurrent writers', async () => {
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => write(t.db, '2025-04-05T00:00:00Z', 'unit.create', { n: i, b: 'x' })),
    );
    expect(await verifyAudit(t.db)).toMatchObject({ ok: true, checked: 17 });
  });
});

describeEachDatabase('audit log API', (t) => {
  let app: App;
  let admin: Caller;
  let clerk: Caller;
  let clerkId: string;
  let clerkName: string;

  beforeAll(async () => {
    app = await makeApp(t.database);
    admin = await signIn(app, (await makeUser(t.db, 'admin')).username);
    const user = await makeUser(t.db, 'supervisor');
    clerkId = user.id;
    clerkName = user.username;
    clerk = await signIn(app, clerkName);
    await write(t.db, '2025-03-31T15:59:59Z', 'plan.import', { title: '三月最后一秒（北京时间 23:59:59）' }, clerkId);
    await write(t.db, '2025-03-31T16:00:00Z', 'plan.activate', { title: '四月第一秒' }, clerkId);
    await write(t.db, '2025-04-10T08:00:00Z', 'submission.sign', { comment: '=cmd|"/c calc"!A1, "引号"\n换行' });
  });

  const get = (url: string, caller: Caller | null = admin) =>
    app.inject({ method: 'GET', url, headers: caller ? { cookie: caller.cookie } : {} });

  it('answers the administrator only', async () => {
    for (const url of ['/api/v1/audit', '/api/v1/audit/export.csv', '/api/v1/audit/verify']) {
      expect((await get(url, clerk)).statusCode, url).toBe(403);
      expect((await get(url, null)).statusCode, url).toBe(401);
    }
  });

  it('pages newest first and filters by action, user, subject and China-time dates', async () => {
    const all = (await get('/api/v1/audit?pageSize=2')).json();
    expect(all.total).toBeGreaterThanOrEqual(3);
    expect(all.items).toHaveLength(2);
    expect(all.items[0].id).toBeGreaterThan(all.items[1].id);
    const second = (await get('/api/v1/audit?pageSize=2&page=2')).json();
    expect(second.items[0].id).toBeLessThan(all.items[1].id);

    const byAction = (await get('/api/v1/audit?action=plan.activate')).json();
    expect(byAction.items.map((e: { action: string }) => e.action)).toEqual(['plan.activate']);
    expect(byAction.items[0].user).toMatchObject({ id: clerkId, username: clerkName });
    const byName = (await get(`/api/v1/audit?user=${clerkName.toUpperCase()}&subjectType=plan`)).json();
    const byId = (await get(`/api/v1/audit?user=${clerkId}&subjectType=plan`)).json();
    expect(byName.total).toBe(2);
    expect(byId.total).toBe(2);
    expect((await get('/api/v1/audit?subjectType=plan&subjectId=p-1')).json().total).toBe(3);
    // 2025-03-31T15:59:59Z is 23:59:59 on March 31 in Beijing; a second later it is April 1.
    const march = (await get('/api/v1/audit?from=2025-03-31&to=2025-03-31')).json();
    expect(march.items.map((e: { action: string }) => e.action)).toEqual(['plan.import']);
    const april = (await get('/api/v1/audit?from=2025-04-01&to=2025-04-30')).json();
    expect(april.items.map((e: { action: string }) => e.action)).toEqual(['submission.sign', 'plan.activate']);
  });

  it('refuses bad filters with a 400', async () => {
    for (const q of ['from=2025-02-30', 'from=yesterday', 'from=2025-05-01&to=2025-04-01', 'pageSize=0', 'page=-1']) {
      const res = await get(`/api/v1/audit?${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().error.code, q).toMatch(/validation_failed|invalid_range/);
    }
  });

  it('exports CSV that Excel opens in Chinese, quoted and formula-safe, and records the export', async () => {
    const res = await get('/api/v1/audit/export.csv?from=2025-03-31&to=2025-04-30');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="audit-\d{8}T\d{6}\.csv"$/);
    expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = res.rawPayload.toString('utf8').slice(1);
    const lines = text.split('\r\n');
    expect(lines[0]).toMatch(/^序号 id,时间（北京时间）time \(UTC\+8\),用户名 username/);
    expect(text).toContain('2025-04-01 00:00:00');
    expect(text).toContain('四月第一秒');
    // The details cell (JSON): quoted, its quotes doubled; formulas are defused per field (csvField above).
    expect(text).toContain('"{""comment"":""=cmd|\\""/c calc\\""!A1, \\""引号\\""\\n换行""}"');
    expect(lines.filter((l) => /^\d+,/.test(l))).toHaveLength(3);
    const exported = (await get('/api/v1/audit?action=audit.export')).json();
    expect(exported.items[0].details).toEqual({ from: '2025-03-31', to: '2025-04-30' });
  });

  it('verifies through the API, with an anchor when given one', async () => {
    const ok = (await get('/api/v1/audit/verify')).json();
    expect(ok).toMatchObject({ ok: true, problem: null });
    const anchored = (await get(`/api/v1/audit/verify?anchorId=${ok.head.id}&anchorHash=${ok.head.hash}`)).json();
    expect(anchored.ok).toBe(true);
    const missing = (
      await get(`/api/v1/audit/verify?anchorId=${ok.head.id + 1000}&anchorHash=${'a'.repeat(64)}`)
    ).json();
    expect(missing).toMatchObject({ ok: false, problem: { reason: 'anchor_missing' } });
    expect((await get(`/api/v1/audit/verify?anchorId=1`)).statusCode).toBe(400);
  });
});
