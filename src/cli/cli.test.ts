// The `duban` command as a user runs it: a real child process through bin/duban.js.

import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseResultSchema } from '../api/parse.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SAMPLE = join(ROOT, 'examples', 'wuchang-2025-work-report-tasks.txt');
const run = promisify(execFile);

async function dubanIn(
  env: Record<string, string>,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(ROOT, 'bin', 'duban.js'), ...args], {
      cwd: ROOT,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

const duban = (...args: string[]) => dubanIn({}, ...args);

describe('duban parse', () => {
  it('prints the JSON contract for the sample', async () => {
    const { code, stdout } = await duban('parse', SAMPLE, '--json');
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(parseResultSchema.parse(json).tasks).toHaveLength(271);
    expect(Object.keys(json)).toEqual(['document', 'sources', 'tasks', 'warnings']);
  });

  it('prints a readable summary: tasks per source, units, warnings with line numbers', async () => {
    const { code, stdout } = await duban('parse', SAMPLE);
    expect(code).toBe(0);
    expect(stdout).toContain('武昌政办〔2025〕1号');
    expect(stdout).toMatch(/1\. 省级 {2}35 项/);
    expect(stdout).toMatch(/2\. 市级 {2}168 项/);
    expect(stdout).toMatch(/3\. 区级 {2}68 项/);
    expect(stdout).toContain('合计 271 项任务，涉及 107 个单位');
    expect(stdout).toContain('第53行');
    const en = await duban('parse', SAMPLE, '--lang', 'en');
    expect(en.stdout).toContain('271 tasks, 107 units');
    expect(en.stdout).toContain('line 53');
  });

  it('exits 2 with a bilingual message and no partial output on bad input', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'duban-cli-'));
    const empty = join(dir, 'empty.txt');
    const prose = join(dir, 'prose.txt');
    writeFileSync(empty, '');
    writeFileSync(prose, '今天天气很好。\n我们去公园散步。\n');
    const cases: [string[], RegExp][] = [
      [['parse', empty, '--json'], /文件为空[\s\S]*The file is empty/],
      [['parse', prose, '--json'], /没有找到任何目标任务[\s\S]*No target task was found/],
      [['parse', join(dir, 'missing.txt')], /找不到文件[\s\S]*No such file/],
      [['parse', dir], /目录[\s\S]*directory/],
      [['parse'], /文件参数[\s\S]*FILE argument/],
      [['parse', SAMPLE, '--lang', 'fr'], /不支持的语言[\s\S]*Unsupported language/],
      [['parse', SAMPLE, '--bogus'], /参数错误[\s\S]*Bad arguments/],
      [['frobnicate'], /未知命令[\s\S]*Unknown command/],
    ];
    for (const [args, message] of cases) {
      const { code, stdout, stderr } = await duban(...args);
      expect(code, args.join(' ')).toBe(2);
      expect(stdout, args.join(' ')).toBe('');
      expect(stderr, args.join(' ')).toMatch(message);
      expect(stderr).not.toMatch(/at .*\.ts:\d+/); // no stack traces for users
    }
  });
});

describe('duban import and duban users add', () => {
  const env = { DUBAN_DATA_DIR: mkdtempSync(join(tmpdir(), 'duban-cli-db-')), LOG_LEVEL: 'silent' };

  it('imports a notice once new units are approved, and refuses the same file twice', async () => {
    const first = await dubanIn(env, 'import', SAMPLE);
    expect(first.code).toBe(2);
    expect(first.stdout).toContain('271 tasks, 107 units (107 new), 8 warnings');
    expect(first.stderr).toMatch(/有 107 个单位不在名录中[\s\S]*--approve-new-units/);
    const second = await dubanIn(env, 'import', SAMPLE, '--approve-new-units');
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/已导入 \/ Imported: plan [0-9a-f-]{36}/);
    const third = await dubanIn(env, 'import', SAMPLE, '--approve-new-units');
    expect(third.code).toBe(2);
    expect(third.stderr).toMatch(/已导入为方案[\s\S]*already imported/);
    // Three processes on a new embedded database (initdb, migrations, the parse): over a minute on a loaded machine.
  }, 180_000);

  it('adds an account for a unit and prints its initial password once', async () => {
    const ok = await dubanIn(
      env,
      'users',
      'add',
      '--username',
      'fagai.staff',
      '--name',
      '刘洋',
      '--role',
      'unit_staff',
      '--unit',
      '区发改局',
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('fagai.staff (unit_staff, 区发改局)');
    expect(ok.stdout).toMatch(/initial password \(shown once\): \S{16}/);
    const badRole = await dubanIn(env, 'users', 'add', '--username', 'x.y', '--name', 'X', '--role', 'king');
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toMatch(/参数无效[\s\S]*Invalid argument: --role/);
    const badUnit = await dubanIn(
      env,
      'users',
      'add',
      '--username',
      'x.z',
      '--name',
      'X',
      '--role',
      'unit_staff',
      '--unit',
      '不存在局',
    );
    expect(badUnit.code).toBe(2);
    expect(badUnit.stderr).toMatch(/名录中没有单位/);
  });
});
