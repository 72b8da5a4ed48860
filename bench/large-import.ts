// large_import group: the largest allowed notice (100,000 tasks, ≈ 9 MB) previewed and confirmed over real
// HTTP by a real server process (what `duban start` runs, test/child-server.ts) on each database, while two
// clients keep calling /healthz and the dashboard. Reports the server's peak RSS above its RSS just before the
// upload (goal ≤ 300 MB) — read from the kernel's high-water mark of that process alone (VmHWM, reset just
// before), so neither the bench's own client nor an earlier run's memory is counted — and the p95 of both calls
// during the import (goal ≤ 100 ms), with the longest call of each, which a p95 hides (a call answered after the
// import ended counts: held by the import's last transaction, it is the one that waited longest).

import { writeFileSync } from 'node:fs';
import { loadTestDatabaseUrl } from '../src/server/config.js';
import { openDatabase } from '../src/server/db/client.js';
import { importSample, makeApp, makeUser, signIn } from '../test/app.js';
import { scratchData, spawnServer, stopServer, waitHealthy } from '../test/child-server.js';
import { LARGE_NOTICE_UNITS, largeNoticeText } from '../test/large-notice.js';
import { memoryOf } from './memory.js';
import { type BenchEntry, round } from './types.js';

const MB = 1024 * 1024;

const p95 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] ?? 0;
};

export async function largeImportBench(): Promise<BenchEntry[] | { skipped: string }> {
  if (process.platform !== 'linux') return { skipped: 'peak RSS is read from /proc (Linux only)' };
  const entries: BenchEntry[] = [];
  for (const kind of loadTestDatabaseUrl() ? (['pglite', 'pg'] as const) : (['pglite'] as const)) {
    // On disk, not in memory (/dev/shm would count the database's files as memory of the machine).
    const scratch = await scratchData(kind, 'duban-large-import-');
    let planId: string;
    let clerk: Awaited<ReturnType<typeof signIn>>;
    const database = await openDatabase({ databaseUrl: scratch.databaseUrl, dataDir: scratch.dataDir });
    try {
      // Real time: the session is then valid for the server process too.
      const app = await makeApp(database, { now: () => new Date(), advance: () => undefined });
      clerk = await signIn(app, (await makeUser(database.db, 'supervisor')).username);
      planId = await importSample(app, clerk);
      await app.close();
    } finally {
      await database.close();
    }
    const server = await spawnServer(1, scratch.dataDir, scratch.databaseUrl);
    try {
      await waitHealthy(server);
      const base = server.url;
      const pid = server.child.pid as number;
      // One dashboard answered first: the baseline is a server that has served the page once.
      await (await fetch(`${base}/api/v1/dashboard?planId=${planId}`, { headers: { cookie: clerk.cookie } })).text();
      const bytes = Buffer.from(largeNoticeText());
      writeFileSync(`/proc/${pid}/clear_refs`, '5');
      const baseline = memoryOf(pid).rss;
      let running = true;
      const failures: string[] = [];
      const times: Record<'healthz' | 'dashboard', number[]> = { healthz: [], dashboard: [] };
      const poll = async (name: 'healthz' | 'dashboard', path: string) => {
        while (running) {
          const started = performance.now();
          const res = await fetch(`${base}${path}`, { headers: { cookie: clerk.cookie } });
          await res.arrayBuffer();
          // Every call made while the import ran counts, also one answered after it ended: the call held for
          // the import's last transaction is the one that waited longest.
          times[name].push(performance.now() - started);
          if (res.status !== 200) failures.push(`${path}: ${res.status}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      };
      const pollers = [poll('healthz', '/healthz'), poll('dashboard', `/api/v1/dashboard?planId=${planId}`)];
      const started = performance.now();
      const form = new FormData();
      form.append('file', new Blob([bytes]), 'large.txt');
      const preview = await fetch(`${base}/api/v1/imports`, { method: 'POST', body: form, headers: clerk.headers });
      const draft = (await preview.json()) as { id: string };
      const previewMs = performance.now() - started;
      const confirm = await fetch(`${base}/api/v1/imports/${draft.id}/confirm`, {
        method: 'POST',
        headers: { ...clerk.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ approveNewUnits: LARGE_NOTICE_UNITS }),
      });
      await confirm.arrayBuffer();
      const totalMs = performance.now() - started;
      const peak = memoryOf(pid).hwm;
      running = false;
      await Promise.all(pollers);
      if (preview.status !== 200 || confirm.status !== 200 || failures.length > 0) {
        throw new Error(
          `import failed: preview ${preview.status}, confirm ${confirm.status}, ${failures.slice(0, 5).join('; ')}\n${server.output.slice(-3000)}`,
        );
      }
      const note = `server process; ${bytes.length} bytes, 100,000 tasks; preview ${round(previewMs / 1000, 1)} s, preview+confirm ${round(totalMs / 1000, 1)} s; RSS before ${round(baseline / MB)} MB`;
      entries.push(
        {
          id: `large_import.${kind}.peak_rss_above_baseline_mb`,
          value: round((peak - baseline) / MB),
          unit: 'MB',
          better: 'lower',
          goal: 300,
          note,
        },
        {
          id: `large_import.${kind}.healthz_p95_ms`,
          value: round(p95(times.healthz)),
          unit: 'ms',
          better: 'lower',
          goal: 100,
          note: `${times.healthz.length} calls during the import`,
        },
        {
          id: `large_import.${kind}.dashboard_p95_ms`,
          value: round(p95(times.dashboard)),
          unit: 'ms',
          better: 'lower',
          goal: 100,
          note: `${times.dashboard.length} calls during the import`,
        },
        // A call held for the whole of one long statement or transaction is one call among many: the p95 hides it.
        {
          id: `large_import.${kind}.healthz_max_ms`,
          value: round(Math.max(0, ...times.healthz)),
          unit: 'ms',
          better: 'lower',
          note: 'the longest /healthz call during the import',
        },
        {
          id: `large_import.${kind}.dashboard_max_ms`,
          value: round(Math.max(0, ...times.dashboard)),
          unit: 'ms',
          better: 'lower',
          note: 'the longest dashboard call during the import',
        },
      );
    } finally {
      await stopServer(server);
      await scratch.drop();
    }
  }
  return entries;
}
