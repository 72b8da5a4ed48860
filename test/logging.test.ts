// Where log lines go (src/server/logging.ts), as an operator meets it: a real process whose console shows warnings
// and errors as readable lines while every line, requests included, goes as JSON to the rotating file under the data
// folder; with LOG_FORMAT=json everything goes to stdout as JSON and no file is written.

import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** A process that logs one request line (info) and one failure (error) through the server's sink. */
async function logOnce(logFormat: 'file' | 'json'): Promise<{ dataDir: string; stdout: string; stderr: string }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'duban-logs-'));
  dirs.push(dataDir);
  const script = `
    import pino from 'pino';
    import { serverLogSink } from './src/server/logging.ts';
    const sink = await serverLogSink({ logFormat: ${JSON.stringify(logFormat)}, dataDir: ${JSON.stringify(dataDir)} });
    const log = pino({ level: 'info' }, sink.stream);
    log.info({ res: { statusCode: 200 }, responseTime: 3 }, 'request completed');
    log.error({ code: 'db_down' }, '数据库连接中断 / database connection lost');
    sink.close();`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve({ dataDir, stdout, stderr }) : reject(new Error(stderr))));
  });
}

it('shows warnings and errors readably on the console and writes every line as JSON to the data folder', async () => {
  const { dataDir, stdout, stderr } = await logOnce('file');
  expect(stdout).toBe('');
  expect(stderr).toContain('数据库连接中断 / database connection lost');
  expect(stderr).toMatch(/ERROR/);
  expect(stderr).not.toContain('request completed');
  expect(stderr).not.toMatch(/^\{/m);
  const files = await readdir(join(dataDir, 'logs'));
  expect(files).toHaveLength(1);
  const lines = (await readFile(join(dataDir, 'logs', files[0] as string), 'utf8')).trim().split('\n');
  expect(lines.map((l) => JSON.parse(l).msg)).toEqual([
    'request completed',
    '数据库连接中断 / database connection lost',
  ]);
});

it('with LOG_FORMAT=json writes every line as JSON to stdout and no file', async () => {
  const { dataDir, stdout } = await logOnce('json');
  const lines = stdout.trim().split('\n');
  expect(lines.map((l) => JSON.parse(l).level)).toEqual([30, 50]);
  await expect(readdir(join(dataDir, 'logs'))).rejects.toThrow();
});
