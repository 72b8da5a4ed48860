// The evidence lifecycle: a file deleted from a draft leaves the data folder once no row
// points at it (upload 20 MB, delete, repeat: the folder does not grow), a file a signed submission holds stays, a
// unit's files stay within the office's quota (413 in Chinese and English), and `duban fsck` reports files without
// rows and rows without files (exit 0 clean, 1 problems, --json) — on each database.

import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Period, Submission } from '../src/api/v1.js';
import type { App } from '../src/server/app.js';
import { loadTestDatabaseUrl } from '../src/server/config.js';
import { type Database, openDatabase } from '../src/server/db/client.js';
import { evidenceFiles } from '../src/server/db/schema.js';
import { type Caller, importSample, makeApp, makeUser, markRestNoProgress, multipart, signIn } from './app.js';
import { runDuban } from './child-server.js';
import { databaseKinds, describeEachDatabase } from './db.js';

const MB = 1024 * 1024;

/** A PDF of about `bytes` bytes, different every time. */
const pdf = (bytes: number) =>
  Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(Math.max(0, bytes - 16)), Buffer.from('\n%%EOF\n')]);

/** Bytes under <dataDir>/files. */
function folderBytes(dir: string): number {
  let total = 0;
  const walk = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) walk(full);
      else total += statSync(full).size;
    }
  };
  try {
    walk(join(dir, 'files'));
  } catch {
    return 0;
  }
  return total;
}

describeEachDatabase('evidence lifecycle', (t) => {
  let app: App;
  let clerk: Caller;
  let staff: Caller;
  let otherStaff: Caller;
  let otherLeader: Caller;
  let q1: Period;
  let dataDir: string;

  const get = (url: string, caller: Caller) => app.inject({ url, headers: { cookie: caller.cookie } });
  const submissionOf = async (caller: Caller): Promise<Submission> =>
    (await get(`/api/v1/periods/${q1.id}/submission`, caller)).json();
  const upload = async (caller: Caller, itemId: string, bytes: Buffer, name = '佐证.pdf') => {
    const body = multipart(name, bytes);
    return app.inject({
      method: 'POST',
      url: `/api/v1/item-reports/${itemId}/evidence`,
      headers: { ...caller.headers, ...body.headers },
      payload: body.payload,
    });
  };
  const remove = (caller: Caller, evidenceId: string) =>
    app.inject({ method: 'DELETE', url: `/api/v1/evidence/${evidenceId}`, headers: caller.headers });
  const evidenceOf = (pkg: Submission, itemId: string) => pkg.items.find((i) => i.id === itemId)?.evidence ?? [];

  beforeAll(async () => {
    app = await makeApp(t.database);
    dataDir = app.deps.config.dataDir;
    clerk = await signIn(app, (await makeUser(t.db, 'supervisor')).username);
    const planId = await importSample(app, clerk);
    q1 = (await get(`/api/v1/plans/${planId}/periods`, clerk)).json().items[0];
    const units = (await get('/api/v1/units', clerk)).json().items as { id: string; name: string }[];
    const unit = (name: string) => units.find((u) => u.name === name)?.id;
    staff = await signIn(app, (await makeUser(t.db, 'unit_staff', { unitId: unit('区发改局') })).username);
    otherStaff = await signIn(app, (await makeUser(t.db, 'unit_staff', { unitId: unit('区经科局') })).username);
    otherLeader = await signIn(app, (await makeUser(t.db, 'unit_leader', { unitId: unit('区经科局') })).username);
  });

  it('removes a deleted file from the data folder: upload 20 MB, delete, repeat, and the folder does not grow', async () => {
    const item = (await submissionOf(staff)).items[0] as Submission['items'][number];
    const before = folderBytes(dataDir);
    for (let round = 0; round < 3; round++) {
      const added = await upload(staff, item.id, pdf(20_000_000));
      expect(added.statusCode, added.body.slice(0, 300)).toBe(200);
      expect(folderBytes(dataDir)).toBeGreaterThanOrEqual(before + 20_000_000);
      const [evidence] = evidenceOf(added.json(), item.id);
      expect((await remove(staff, evidence?.id as string)).statusCode).toBe(200);
      expect(folderBytes(dataDir)).toBe(before);
    }
  });

  it('keeps a file while another row holds it, and the files of signed submissions', async () => {
    const shared = pdf(300_000);
    // Another unit attaches the same file and its leader signs.
    const otherPkg = await submissionOf(otherStaff);
    const otherItem = otherPkg.items[0] as Submission['items'][number];
    expect((await upload(otherStaff, otherItem.id, shared)).statusCode).toBe(200);
    await markRestNoProgress(app, otherStaff, otherPkg.id);
    await app.inject({ method: 'POST', url: `/api/v1/submissions/${otherPkg.id}/send`, headers: otherStaff.headers });
    const signed = await app.inject({
      method: 'POST',
      url: `/api/v1/submissions/${otherPkg.id}/sign`,
      headers: otherLeader.headers,
    });
    expect(signed.json().status).toBe('submitted');
    const signedEvidence = evidenceOf(signed.json(), otherItem.id)[0];
    // A signed submission's evidence cannot be deleted.
    expect((await remove(otherStaff, signedEvidence?.id as string)).statusCode).toBe(409);

    // This unit attaches it twice and deletes both: the signed submission's copy is the same stored file and stays.
    const [a, b] = (await submissionOf(staff)).items as Submission['items'];
    await upload(staff, a?.id as string, shared);
    const twice = await upload(staff, b?.id as string, shared);
    const stored = folderBytes(dataDir);
    const ids = [...evidenceOf(twice.json(), a?.id as string), ...evidenceOf(twice.json(), b?.id as string)].map(
      (e) => e.id,
    );
    expect(ids).toHaveLength(2);
    for (const id of ids) expect((await remove(staff, id)).statusCode).toBe(200);
    expect(folderBytes(dataDir)).toBe(stored);
    const download = await get(`/api/v1/evidence/${signedEvidence?.id}`, clerk);
    expect(download.statusCode).toBe(200);
    expect(Buffer.compare(download.rawPayload, shared)).toBe(0);
  });

  it('keeps a unit within the office’s storage quota', async () => {
    const settings = (await get('/api/v1/settings/supervision', clerk)).json();
    const put = (body: object) =>
      app.inject({ method: 'PUT', url: '/api/v1/settings/supervision', headers: clerk.headers, payload: body });
    expect((await put({ ...settings, evidenceQuotaMb: 0 })).statusCode).toBe(400);
    expect((await put({ ...settings, evidenceQuotaMb: 2 })).statusCode).toBe(200);
    const item = (await submissionOf(staff)).items[2] as Submission['items'][number];
    const first = await upload(staff, item.id, pdf(1.5 * MB));
    expect(first.statusCode).toBe(200);
    const before = folderBytes(dataDir);
    const over = await upload(staff, item.id, pdf(MB));
    expect(over.statusCode).toBe(413);
    expect(over.json().error.code).toBe('evidence_quota_exceeded');
    expect(over.json().error.message).toMatch(/2 MB.*上限/);
    const body = multipart('a.pdf', pdf(MB));
    const english = await app.inject({
      method: 'POST',
      url: `/api/v1/item-reports/${item.id}/evidence`,
      headers: { ...staff.headers, 'accept-language': 'en', ...body.headers },
      payload: body.payload,
    });
    expect(english.json().error.message).toMatch(/exceed the 2 MB storage quota/);
    expect([english.statusCode, english.json().error.code]).toEqual([413, 'evidence_quota_exceeded']);
    // Nothing written for the refused files; a larger quota lets the file in.
    expect(folderBytes(dataDir)).toBe(before);
    expect((await put({ ...settings, evidenceQuotaMb: 2048 })).statusCode).toBe(200);
    expect((await upload(staff, item.id, pdf(MB))).statusCode).toBe(200);
  });
});

// ---- duban fsck, as the operator runs it -----------------------------------------------------------------------

const duban = runDuban;

const pgUrl = loadTestDatabaseUrl();

for (const kind of databaseKinds()) {
  describe(`duban fsck [${kind}]`, () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'duban-fsck-'));
    const name = `duban_t_${randomBytes(6).toString('hex')}`;
    const url = (() => {
      if (kind !== 'pg') return '';
      const u = new URL(pgUrl as string);
      u.pathname = `/${name}`;
      return u.toString();
    })();
    const env = { DUBAN_DATA_DIR: dataDir, DATABASE_URL: url };
    const adminQuery = async (statement: string) => {
      const client = new pg.Client({ connectionString: pgUrl as string });
      await client.connect();
      try {
        await client.query(statement);
      } finally {
        await client.end();
      }
    };
    const withDatabase = async (fn: (database: Database) => Promise<void>) => {
      const database = await openDatabase({ databaseUrl: url || null, dataDir });
      try {
        await fn(database);
      } finally {
        await database.close();
      }
    };
    /** A stored file and (unless `row` is false) its row; `size` the size the row records. */
    const file = (content: string, options: { write?: boolean; row?: boolean; size?: number } = {}) => {
      const sha256 = createHash('sha256').update(content).digest('hex');
      const storagePath = `files/${sha256.slice(0, 2)}/${sha256}`;
      if (options.write !== false) {
        mkdirSync(join(dataDir, 'files', sha256.slice(0, 2)), { recursive: true });
        writeFileSync(join(dataDir, storagePath), content);
      }
      const row = {
        sha256,
        fileName: `${content}.pdf`,
        mime: 'application/pdf',
        sizeBytes: options.size ?? Buffer.byteLength(content),
        storagePath,
      };
      return { storagePath, row: options.row === false ? null : row };
    };

    beforeAll(async () => {
      if (kind === 'pg') await adminQuery(`create database ${name}`);
    });
    afterAll(async () => {
      if (kind === 'pg') await adminQuery(`drop database if exists ${name} with (force)`);
    });

    it('exits 0 when every row has its file and every file its row', async () => {
      const good = file('%PDF-完好的材料');
      await withDatabase(async (database) => {
        await database.db.insert(evidenceFiles).values(good.row as NonNullable<typeof good.row>);
      });
      const run = await duban(env, ['fsck']);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(
        /1 条记录，1 个文件[\s\S]*1 rows, 1 files; 0 files without rows, 0 rows without files/,
      );
    });

    it('exits 1 and lists files without rows and rows without files (--json too)', async () => {
      const missing = file('%PDF-被删掉的文件', { write: false });
      const resized = file('%PDF-大小不符', { size: 999 });
      const stray = file('%PDF-没有记录的文件', { row: false });
      const tmp = `${stray.storagePath}.123.456.tmp`;
      writeFileSync(join(dataDir, tmp), 'interrupted');
      await withDatabase(async (database) => {
        for (const f of [missing, resized]) await database.db.insert(evidenceFiles).values(f.row as never);
      });
      const text = await duban(env, ['fsck']);
      expect(text.code).toBe(1);
      expect(text.stdout).toContain(`无记录的文件 / file without row: ${stray.storagePath}`);
      expect(text.stdout).toContain('文件不存在 / file missing');
      const json = await duban(env, ['fsck', '--json']);
      expect(json.code).toBe(1);
      const report = JSON.parse(json.stdout);
      expect(report).toMatchObject({ ok: false, rows: 3, files: 4 });
      expect(report.filesWithoutRows).toEqual([stray.storagePath, tmp].sort());
      expect(
        report.rowsWithoutFiles.map((r: { storagePath: string; problem: string }) => [r.storagePath, r.problem]).sort(),
      ).toEqual(
        [
          [missing.storagePath, 'missing'],
          [resized.storagePath, 'size'],
        ].sort(),
      );
      const bad = await duban(env, ['fsck', 'extra']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/多余的参数[\s\S]*Unexpected argument/);
    });
  });
}
