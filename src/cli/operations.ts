// Operations commands: `duban backup`, `duban restore`, `duban audit verify`, `duban lights verify`, `duban fsck`
// (docs/operations.md). Exit codes: 0 done; 1 the audit chain is broken, stored lights differ from the rules, fsck
// found problems, or an internal fault; 2 bad arguments, a bad file, a refused
// target — with a message in Chinese and English on stderr.

import { createWriteStream } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import type { AuditReport, AuditVerification } from '../api/audit.js';
import { DEFAULT_ORGANISATION_SLUG } from '../api/constants.js';
import { DubanError } from '../core/errors.js';
import type { Config } from '../server/config.js';
import type { Database } from '../server/db/client.js';
import type { AuditAnchors } from '../server/services/audit.js';
import { args, fileError, usage } from './common.js';
import { call, type Remote, readPassword, refused, signInRemote } from './remote.js';

const say = (line: string) => process.stdout.write(`${line}\n`);

async function loadConfig(): Promise<Config> {
  const { loadConfig } = await import('../server/config.js');
  return loadConfig();
}

/**
 * Opens the configured database. An embedded data folder is locked by the process that has it open (a running
 * server, most likely): backup and verify then say how to go through the server instead.
 */
async function openConfigured(
  config: Config,
  what: 'backup' | 'restore' | 'verify' | 'lights' | 'fsck',
): Promise<Database> {
  const { openDatabase } = await import('../server/db/client.js');
  try {
    const holder =
      what === 'verify' ? 'duban audit verify' : what === 'lights' ? 'duban lights verify' : `duban ${what}`;
    return await openDatabase(config, { holder });
  } catch (error) {
    const local = what === 'restore' || what === 'fsck' || what === 'lights';
    if (!(error instanceof DubanError) || error.code !== 'data_folder_in_use' || local) throw error;
    const host = ['0.0.0.0', '::', ''].includes(config.host) ? '127.0.0.1' : config.host;
    const server = `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`;
    throw new DubanError(
      error.code,
      {
        zh: `${error.messages.zh}\n若它是 duban 服务，可通过服务进行：加上 --server ${server} --user admin（密码从标准输入读取）。`,
        en: `${error.messages.en}\nIf it is the duban server, go through it: add --server ${server} --user admin (the password is read from stdin).`,
      },
      error.status,
      error.details,
    );
  }
}

/** The administrator at the command line, acting in the default organisation. */
async function adminCtx(db: import('../server/db/client.js').Db) {
  const { cliActor } = await import('../server/policy.js');
  const { defaultOrganisationId } = await import('../server/services/organisations.js');
  return { db, clock: () => new Date(), actor: cliActor('admin', await defaultOrganisationId(db)), ip: null };
}

async function remoteSession(values: { server?: string; user?: string }): Promise<Remote | null> {
  if (!values.server && !values.user) return null;
  if (!values.server || !values.user)
    throw usage('--server 与 --user 需同时给出。', '--server and --user go together.');
  const password = await readPassword('密码 / Password: ');
  if (!password) throw usage('没有从标准输入读到密码。', 'No password was read from standard input.');
  return signInRemote(values.server, values.user, password);
}

function oneFile(positionals: string[]): string {
  if (positionals.length !== 1) throw usage('需要且只需要一个文件参数。', 'Exactly one FILE argument is required.');
  return positionals[0] as string;
}

function summary(manifest: import('../server/backup/format.js').Manifest): string[] {
  const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
  const head = manifest.audit.head;
  return [
    `  创建于 / created: ${manifest.createdAt}  来源 / from: ${manifest.source.database} (PostgreSQL ${manifest.source.serverVersion})`,
    `  数据表 ${manifest.tables.length} 个，记录 ${rows} 行，佐证材料 ${manifest.files.length} 个 / ${manifest.tables.length} tables, ${rows} rows, ${manifest.files.length} evidence files`,
    `  结构版本 / schema: ${manifest.schema.migration}`,
    `  审计日志 / audit log: ${manifest.audit.entries} 条 entries${head ? `，末条 / last #${head.id} ${head.hash}` : ''}`,
  ];
}

// ---------------------------------------------------------------------------------------------------------------

export async function backupCommand(argv: string[]): Promise<void> {
  const { values, positionals } = args(argv, { server: { type: 'string' }, user: { type: 'string' } });
  const file = oneFile(positionals);
  const { readManifest } = await import('../server/backup/format.js');
  const remote = await remoteSession(values);
  if (remote) {
    const partial = `${file}.${process.pid}.download`;
    try {
      const response = await call(remote, '/admin/backup', { method: 'POST' });
      if (!response.ok || !response.body)
        throw await refused(response, '服务拒绝备份', 'The server refused the backup');
      await pipeline(
        Readable.fromWeb(response.body as import('node:stream/web').ReadableStream),
        createWriteStream(partial, { mode: 0o600 }),
      );
      // What arrived is read back whole before it takes the name: a cut-off download is never left as FILE.
      const manifest = await readManifest(partial);
      await rename(partial, file);
      say(`已备份 / Backed up: ${file} (${remote.base})`);
      for (const line of summary(manifest)) say(line);
    } catch (error) {
      await rm(partial, { force: true });
      const code = (error as NodeJS.ErrnoException).code;
      if (error instanceof DubanError || code === undefined) throw error;
      throw new DubanError('backup_write_failed', {
        zh: `无法写入备份文件 ${file}（${code}）。`,
        en: `Cannot write the backup file ${file} (${code}).`,
      });
    } finally {
      await remote.close();
    }
    return;
  }
  const config = await loadConfig();
  const { createBackup } = await import('../server/backup/dump.js');
  const database = await openConfigured(config, 'backup');
  try {
    const ctx = await adminCtx(database.db);
    await createBackup(database, file, { ctx, dataDir: config.dataDir });
  } finally {
    await database.close();
  }
  const manifest = await readManifest(file);
  say(`已备份 / Backed up: ${file}`);
  for (const line of summary(manifest)) say(line);
}

export async function restoreCommand(argv: string[]): Promise<void> {
  const { values, positionals } = args(argv, { check: { type: 'boolean' } });
  const file = oneFile(positionals);
  const { checkBackup, restoreBackup } = await import('../server/backup/restore.js');
  if (values.check) {
    const { manifest } = await checkBackup(file);
    say(`备份文件完整，可用本版本恢复 / The backup is intact and this version can restore it: ${file}`);
    for (const line of summary(manifest)) say(line);
    return;
  }
  const config = await loadConfig();
  // The whole file is checked before the database is even opened (which would create and migrate it).
  const checked = await checkBackup(file, config.dataDir);
  const database = await openConfigured(config, 'restore');
  try {
    const result = await restoreBackup(database, file, {
      ctx: await adminCtx(database.db),
      dataDir: config.dataDir,
      checked,
    });
    say(`已恢复 / Restored: ${file} → ${database.kind === 'pg' ? 'PostgreSQL' : config.dataDir}`);
    say(`  记录 ${result.rows} 行，佐证材料 ${result.files} 个 / ${result.rows} rows, ${result.files} evidence files`);
    for (const line of summary(result.manifest).slice(0, 1)) say(line);
  } finally {
    await database.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------

const anchorSchema = z.object({ id: z.number().int().min(1), hash: z.string().regex(/^[0-9a-f]{64}$/) }).loose();
/**
 * An anchor file: one anchor per organisation (by slug) under `chains`; a file written before organisations
 * existed holds only `{ id, hash }`, the single chain's head, which is now the default organisation's.
 */
const anchorFileSchema = z.union([z.object({ chains: z.record(z.string(), anchorSchema) }).loose(), anchorSchema]);

/** The anchors: a JSON file an earlier verify wrote (then updated), or a backup (its manifest's heads; read only). */
async function readAnchor(file: string): Promise<{ anchors: AuditAnchors | null; writable: boolean }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { anchors: null, writable: true };
    throw fileError(file, error);
  }
  const { looksCompressed, manifestAnchors, readManifest } = await import('../server/backup/format.js');
  if (looksCompressed(bytes)) return { anchors: manifestAnchors(await readManifest(file)), writable: false };
  let parsed: ReturnType<typeof anchorFileSchema.safeParse>;
  try {
    parsed = anchorFileSchema.safeParse(JSON.parse(bytes.toString('utf8')));
  } catch {
    parsed = anchorFileSchema.safeParse(null);
  }
  if (!parsed.success) {
    throw new DubanError('anchor_invalid', {
      zh: `锚点文件 ${file} 无效：应为 duban audit verify 写下的 JSON（含 id 和 hash），或一个 duban 备份文件。`,
      en: `The anchor file ${file} is not valid: expected the JSON duban audit verify writes (with id and hash), or a duban backup file.`,
    });
  }
  const data = parsed.data;
  const anchors: AuditAnchors = {};
  if ('chains' in data) {
    for (const [slug, a] of Object.entries(data.chains as Record<string, { id: number; hash: string }>))
      anchors[slug] = { id: a.id, hash: a.hash };
  } else anchors[DEFAULT_ORGANISATION_SLUG] = { id: data.id, hash: data.hash };
  return { anchors, writable: true };
}

export async function auditCommand(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub !== 'verify') throw usage(`未知子命令：audit ${sub ?? ''}`, `Unknown subcommand: audit ${sub ?? ''}`);
  const { values, positionals } = args(rest, {
    anchor: { type: 'string' },
    server: { type: 'string' },
    user: { type: 'string' },
  });
  if (positionals.length > 0) throw usage(`多余的参数：${positionals[0]}`, `Unexpected argument: ${positionals[0]}`);
  const { anchors, writable } = values.anchor ? await readAnchor(values.anchor) : { anchors: null, writable: false };

  let report: AuditReport;
  const remote = await remoteSession(values);
  if (remote) {
    try {
      // Through the server: the chain of the signed-in administrator's organisation. The anchor sent is the only
      // one the file holds (a single-office installation's); with several, none is sent.
      const only = anchors && Object.keys(anchors).length === 1 ? Object.entries(anchors)[0] : undefined;
      const query = only ? `?anchorId=${only[1].id}&anchorHash=${only[1].hash}` : '';
      const response = await call(remote, `/audit/verify${query}`);
      if (!response.ok) throw await refused(response, '服务拒绝校验', 'The server refused the verification');
      const chain = (await response.json()) as AuditVerification;
      const slug = only?.[0] ?? DEFAULT_ORGANISATION_SLUG;
      report = { ok: chain.ok, chains: [{ organisation: { id: null, slug, name: null }, ...chain }] };
    } finally {
      await remote.close();
    }
  } else {
    const config = await loadConfig();
    const { verifyAudit } = await import('../server/services/audit.js');
    const database = await openConfigured(config, 'verify');
    try {
      report = await verifyAudit(database.db, { anchors });
    } finally {
      await database.close();
    }
  }

  for (const chain of report.chains) {
    const { name, slug } = chain.organisation;
    const heading = `机构 / organisation: ${name ? `${name} (${slug})` : slug}`;
    if (!chain.ok && chain.problem) {
      process.stderr.write(
        `${heading}\n审计日志校验失败，第 ${chain.problem.entryId} 条：${chain.problem.message.zh}\n` +
          `Audit log verification failed at entry ${chain.problem.entryId}: ${chain.problem.message.en}\n`,
      );
      continue;
    }
    const { head, anchor } = chain;
    say(heading);
    say(
      `  审计日志完整：共 ${chain.checked} 条${head ? `，末条 #${head.id}` : ''}` +
        `${anchor ? `，锚点 #${anchor.id} 吻合` : ''}\n` +
        `  Audit log intact: ${chain.checked} entries${head ? `, last #${head.id}` : ''}${anchor ? `, anchor #${anchor.id} matches` : ''}`,
    );
    if (head) say(`  末条哈希 / last hash: ${head.hash}`);
  }
  if (!report.ok) {
    process.exitCode = 1;
    return;
  }
  if (values.anchor && writable) {
    const chains: Record<string, { id: number; hash: string; at: string; entries: number }> = {};
    for (const c of report.chains)
      if (c.head) chains[c.organisation.slug] = { id: c.head.id, hash: c.head.hash, at: c.head.at, entries: c.checked };
    // The default organisation's head also at the top level, where a file of the single-chain format had it.
    const legacy = chains[DEFAULT_ORGANISATION_SLUG];
    const record = { ...(legacy ?? {}), chains, verifiedAt: new Date() };
    if (Object.keys(chains).length > 0) {
      const temporary = `${values.anchor}.${process.pid}.tmp`;
      await writeFile(temporary, `${JSON.stringify(record, null, 2)}\n`);
      await rename(temporary, values.anchor);
      say(`  锚点已更新 / anchor updated: ${values.anchor}`);
    }
  }
}

/**
 * `duban lights verify [--json] [--limit N]`: recomputes every stored light with the rules of src/core/lights.ts
 * (after draining what is pending) and compares (services/stored-lights.ts, verifyLights). Exit 0 equal, 1 any
 * difference (the first N listed). On PGlite it needs the data folder, so the server must be stopped.
 */
export async function lightsCommand(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub !== 'verify') throw usage(`未知子命令：lights ${sub ?? ''}`, `Unknown subcommand: lights ${sub ?? ''}`);
  const { values, positionals } = args(rest, { json: { type: 'boolean' }, limit: { type: 'string' } });
  if (positionals.length > 0) throw usage(`多余的参数：${positionals[0]}`, `Unexpected argument: ${positionals[0]}`);
  const limit = values.limit === undefined ? 20 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 0) throw usage(`--limit 应为非负整数`, '--limit takes a whole number');
  const config = await loadConfig();
  const { verifyLights } = await import('../server/services/stored-lights.js');
  const database = await openConfigured(config, 'lights');
  let result: Awaited<ReturnType<typeof verifyLights>>;
  try {
    result = await verifyLights(database.db, new Date(), { limit });
  } finally {
    await database.close();
  }
  if (!result.ok) process.exitCode = 1;
  if (values.json) {
    say(JSON.stringify(result, null, 2));
    return;
  }
  if (result.ok) {
    say(
      `存储的红黄绿灯与规则一致：${result.plans} 个方案，${result.checked} 条
` + `Stored lights match the rules: ${result.plans} plans, ${result.checked} lights`,
    );
    return;
  }
  const total = result.differences.length + result.more;
  process.stderr.write(
    `存储的红黄绿灯与重新计算的结果有 ${total} 处不同（共核对 ${result.checked} 条）：
` +
      `Stored lights differ from the recomputed ones in ${total} places (${result.checked} checked):
`,
  );
  for (const d of result.differences) {
    process.stderr.write(
      `  plan ${d.planId} item ${d.assignmentId} ${d.periodKey === 'now' ? 'now' : `period ${d.periodKey}`} ${d.field}: ` +
        `stored ${JSON.stringify(d.stored)} ≠ computed ${JSON.stringify(d.computed)}
`,
    );
  }
  if (result.more > 0)
    process.stderr.write(`  … 另有 ${result.more} 处 / ${result.more} more
`);
}

/**
 * `duban fsck [--json]`: the evidence files in the data folder against the database's rows, both ways (files no
 * row points at, rows whose file is missing or of another size). Reads only. Exit 0 clean, 1 problems found.
 */
export async function fsckCommand(argv: string[]): Promise<void> {
  const { values, positionals } = args(argv, { json: { type: 'boolean' } });
  if (positionals.length > 0) throw usage(`多余的参数：${positionals[0]}`, `Unexpected argument: ${positionals[0]}`);
  const config = await loadConfig();
  const { checkEvidenceFiles } = await import('../server/services/evidence.js');
  const database = await openConfigured(config, 'fsck');
  let result: Awaited<ReturnType<typeof checkEvidenceFiles>>;
  try {
    result = await checkEvidenceFiles(database.db, config.dataDir);
  } finally {
    await database.close();
  }
  if (!result.ok) process.exitCode = 1;
  if (values.json) {
    say(JSON.stringify(result, null, 2));
    return;
  }
  say(
    `佐证材料：${result.rows} 条记录，${result.files} 个文件；无记录的文件 ${result.filesWithoutRows.length} 个，缺文件的记录 ${result.rowsWithoutFiles.length} 条。\n` +
      `Evidence: ${result.rows} rows, ${result.files} files; ${result.filesWithoutRows.length} files without rows, ${result.rowsWithoutFiles.length} rows without files.`,
  );
  for (const file of result.filesWithoutRows) say(`  无记录的文件 / file without row: ${file}`);
  for (const row of result.rowsWithoutFiles) {
    const what = row.problem === 'missing' ? '文件不存在 / file missing' : '文件大小不符 / file size differs';
    say(`  缺文件的记录 / row without file: ${row.id} ${row.storagePath} (${what})`);
  }
}
