// Starts `duban start` as a child process on a free port with its own data folder, waits for
// /healthz, and stops it with SIGTERM (the graceful path).

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pgliteDataFolder } from '../test/db.js';

export const ROOT = join(import.meta.dirname, '..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Browsers open the app at an intranet host name over plain http, as offices do — never at localhost, which
 * browsers treat as a secure origin (an https upgrade that blanks the page on the intranet passes there unseen).
 * Chromium resolves the name to the loopback server through this rule.
 */
/**
 * `--demo-date` for journeys that start from the bare 2025 sample: nothing of the year is played yet on 1 March
 * (the first ledgers come on the 2nd), and by the real date every 2025 deadline has passed unreported.
 */
export const BARE_DEMO_DATE = '2025-03-01';
export const INTRANET_HOST = 'duban.intranet';
export const INTRANET_RESOLVER = `--host-resolver-rules=MAP ${INTRANET_HOST} 127.0.0.1`;

/** Debian's chromium and the flags every browser test and the web bench launch it with. */
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  INTRANET_RESOLVER,
];

export interface RunningServer {
  /** For requests from the test process itself. */
  url: string;
  /** What the browser opens: http://duban.intranet:port. */
  pageUrl: string;
  dataDir: string;
  output: () => string;
  stop: () => Promise<number | null>;
}

export async function startServer(args: string[] = [], env: Record<string, string> = {}): Promise<RunningServer> {
  const port = await freePort();
  // A demo starts from a copy of the migrated template database the unit tests use (test/db.ts): creating an
  // embedded database runs initdb in WebAssembly, ~10 s of every start, and what a demo journey tests begins after
  // it. Starts without --demo keep an empty folder: theirs is an office's first start, initdb included.
  const dataDir =
    args.includes('--demo') && !process.env.DATABASE_URL
      ? await pgliteDataFolder('duban-e2e-', tmpdir())
      : mkdtempSync(join(tmpdir(), 'duban-e2e-'));
  let out = '';
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'bin', 'duban.js'), 'start', ...args], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DUBAN_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const url = `http://127.0.0.1:${port}`;
  // --demo plays a year of reports before listening: minutes on a busy machine.
  const deadline = Date.now() + (args.includes('--demo') ? 300_000 : 150_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}:\n${out}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start in time:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    pageUrl: `http://${INTRANET_HOST}:${port}`,
    dataDir,
    output: () => out,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}
