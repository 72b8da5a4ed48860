// `duban` command line: thin over core and the services.

import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DubanError } from '../core/errors.js';
import { type Locale, parseNotice } from '../core/parse/index.js';
import { args, readInput, USAGE, usage } from './common.js';
import { auditCommand, backupCommand, fsckCommand, lightsCommand, restoreCommand } from './operations.js';
import { summarize } from './summary.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SAMPLE = join(ROOT, 'examples', 'wuchang-2025-work-report-tasks.txt');

async function parseCommand(args: string[]): Promise<void> {
  let parsed: ReturnType<
    typeof parseArgs<{ options: { json: { type: 'boolean' }; lang: { type: 'string' } }; allowPositionals: true }>
  >;
  try {
    parsed = parseArgs({
      args,
      options: { json: { type: 'boolean' }, lang: { type: 'string' } },
      allowPositionals: true,
    });
  } catch (e) {
    throw usage(`参数错误：${(e as Error).message}`, `Bad arguments: ${(e as Error).message}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw usage('需要且只需要一个文件参数。', 'Exactly one FILE argument is required.');
  const lang = values.lang ?? 'zh-CN';
  if (lang !== 'zh-CN' && lang !== 'en') throw usage(`不支持的语言：${lang}`, `Unsupported language: ${lang}`);
  const file = positionals[0] as string;
  const result = await parseNotice(await readInput(file), basename(file), { locale: lang as Locale });
  const { input: _input, ...contract } = result;
  // One write of the whole document: a failure before this line leaves no partial JSON behind.
  process.stdout.write(
    values.json ? `${JSON.stringify(contract, null, 2)}\n` : `${summarize(contract, lang as Locale)}\n`,
  );
}

async function startCommand(argv: string[]): Promise<void> {
  const { values } = args(argv, {
    demo: { type: 'boolean' },
    'demo-date': { type: 'string' },
    'demo-clock': { type: 'boolean' },
  });
  const { parseDemoDate } = await import('../server/services/demo-year.js');
  // Checked before anything starts: a bad date is the operator's to fix (exit 2).
  const demoDate = values['demo-date'] === undefined ? undefined : parseDemoDate(values['demo-date']);
  if (demoDate && !values.demo)
    throw usage('--demo-date 只能与 --demo 一起使用。', '--demo-date is only meaningful with --demo.');
  if (values['demo-clock'] && !demoDate)
    throw usage('--demo-clock 只能与 --demo --demo-date 一起使用。', '--demo-clock needs --demo --demo-date.');
  const { loadConfig } = await import('../server/config.js');
  const config = loadConfig();
  if (!heapCapped()) return startWithHeapCap(config.maxHeapMb);
  const { runServer } = await import('../server/main.js');
  await runServer({
    demo: Boolean(values.demo),
    ...(demoDate ? { demoDate, demoClock: Boolean(values['demo-clock']) } : {}),
    config,
  });
}

/** Whether node was started with a heap limit (by us, by the operator's NODE_OPTIONS, or in the systemd unit). */
function heapCapped(): boolean {
  return [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((a) =>
    a.startsWith('--max-old-space-size'),
  );
}

/**
 * Node's heap limit is fixed when the process starts, so `duban start` (npm start, npx duban start alike) runs the
 * server in a child node with --max-old-space-size=DUBAN_MAX_HEAP_MB: one runaway request then ends the server
 * (a supervisor restarts it) instead of taking the machine's memory. Signals are passed on; the exit code is the
 * child's.
 */
async function startWithHeapCap(mb: number): Promise<void> {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [`--max-old-space-size=${mb}`, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => child.kill(signal));
  const code = await new Promise<number>((resolve) =>
    // Killed by a signal (the kernel's OOM killer among them): a failure, for the supervisor to restart.
    child.once('exit', (exitCode) => resolve(exitCode ?? 1)),
  );
  process.exit(code);
}

/**
 * Opens the configured database for a one-off command and closes it afterwards. An embedded data folder a server
 * (or another command) holds is refused, naming the holder.
 */
async function withDatabase<T>(
  command: string,
  fn: (ctx: import('../server/services/context.js').Ctx) => Promise<T>,
): Promise<T> {
  const { loadConfig } = await import('../server/config.js');
  const { openDatabase } = await import('../server/db/client.js');
  const database = await openDatabase(loadConfig(), { holder: command });
  try {
    return await fn({ db: database.db, clock: () => new Date(), actor: null, ip: null });
  } finally {
    await database.close();
  }
}

async function importCommand(argv: string[]): Promise<void> {
  const { values, positionals } = args(argv, { 'approve-new-units': { type: 'boolean' } });
  if (positionals.length !== 1) throw usage('需要且只需要一个文件参数。', 'Exactly one FILE argument is required.');
  const file = positionals[0] as string;
  const bytes = await readInput(file);
  const { cliActor } = await import('../server/policy.js');
  const { defaultOrganisationId } = await import('../server/services/organisations.js');
  const { confirmImport, previewImport } = await import('../server/services/imports.js');
  await withDatabase('duban import', async (base) => {
    const ctx = { ...base, actor: cliActor('supervisor', await defaultOrganisationId(base.db)) };
    const preview = await previewImport(ctx, { fileName: basename(file), bytes });
    const fresh = preview.units.filter((u) => u.match === 'new').map((u) => u.name);
    process.stdout.write(
      `${preview.taskCount} 项任务，${preview.units.length} 个单位（新单位 ${fresh.length} 个），警告 ${preview.warningCount} 条\n` +
        `${preview.taskCount} tasks, ${preview.units.length} units (${fresh.length} new), ${preview.warningCount} warnings\n`,
    );
    if (preview.duplicateOf) {
      throw new DubanError('duplicate_import', {
        zh: `该文件已导入为方案“${preview.duplicateOf.title}”。`,
        en: `This file was already imported as plan "${preview.duplicateOf.title}".`,
      });
    }
    if (fresh.length > 0 && !values['approve-new-units']) {
      throw new DubanError('new_units_not_approved', {
        zh: `有 ${fresh.length} 个单位不在名录中：${fresh.slice(0, 8).join('、')}…。确认无误后加 --approve-new-units 重新运行。`,
        en: `${fresh.length} units are not in the directory; rerun with --approve-new-units once checked.`,
      });
    }
    const { planId } = await confirmImport(ctx, preview.id, { approveNewUnits: fresh });
    process.stdout.write(`已导入 / Imported: plan ${planId}${preview.revises ? ' (revision)' : ''}\n`);
  });
}

async function usersCommand(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub !== 'add') throw usage(`未知子命令：users ${sub ?? ''}`, `Unknown subcommand: users ${sub ?? ''}`);
  const { values } = args(rest, {
    username: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string' },
    unit: { type: 'string' },
    password: { type: 'string' },
  });
  const { createUserBodySchema } = await import('../api/v1.js');
  const { cliActor } = await import('../server/policy.js');
  const { defaultOrganisationId } = await import('../server/services/organisations.js');
  const { createUser } = await import('../server/services/users.js');
  const { resolveNames } = await import('../server/services/directory.js');
  await withDatabase('duban users add', async (base) => {
    let unitId: string | null = null;
    if (values.unit) {
      const r = (await resolveNames(base.db, await defaultOrganisationId(base.db), [values.unit])).get(values.unit);
      if (!r || !('unitId' in r))
        throw new DubanError('unknown_unit', {
          zh: `名录中没有单位“${values.unit}”。`,
          en: `No unit "${values.unit}" in the directory.`,
        });
      unitId = r.unitId;
    }
    const body = createUserBodySchema.safeParse({
      username: values.username,
      displayName: values.name,
      role: values.role,
      unitId,
      password: values.password,
    });
    if (!body.success) {
      const issue = body.error.issues[0];
      throw usage(
        `参数无效：--${String(issue?.path[0] ?? '')} ${issue?.message ?? ''}`,
        `Invalid argument: --${String(issue?.path[0] ?? '')} ${issue?.message ?? ''}`,
      );
    }
    const actor = cliActor('admin', await defaultOrganisationId(base.db));
    const result = await createUser({ ...base, actor }, body.data);
    process.stdout.write(
      `已创建 / Created: ${result.user.username} (${result.user.role}${result.user.unit ? `, ${result.user.unit.name}` : ''})\n`,
    );
    if (result.initialPassword)
      process.stdout.write(`初始密码（仅显示一次）/ initial password (shown once): ${result.initialPassword}\n`);
  });
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'parse':
      return parseCommand(rest);
    case 'start':
    case 'serve':
      return startCommand(rest);
    case 'import':
      return importCommand(rest);
    case 'users':
      return usersCommand(rest);
    case 'backup':
      return backupCommand(rest);
    case 'restore':
      return restoreCommand(rest);
    case 'audit':
      return auditCommand(rest);
    case 'lights':
      return lightsCommand(rest);
    case 'fsck':
      return fsckCommand(rest);
    case 'help':
    case '--help':
    case '-h':
    case undefined:
      process.stdout.write(`${USAGE}\n`);
      return;
    default:
      throw usage(`未知命令：${command}`, `Unknown command: ${command}`);
  }
}

main(process.argv.slice(2)).catch(async (e: unknown) => {
  // Never the raw error: a failed SQL statement carries its parameters (password hashes among them).
  const { failure } = await import('../server/scrub.js');
  const { text, exitCode } = failure(e);
  process.stderr.write(text);
  process.exitCode = exitCode;
});
