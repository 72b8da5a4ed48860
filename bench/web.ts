// web group: the JavaScript a browser loads before the first screen (index.html's script and its
// modulepreloads), gzip-compressed as a server would send it; then the time to first rows in a real
// browser on the demo (first-rows.ts).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ensureWebBuilt, WEB_ROOT } from '../src/server/web.js';
import { firstRowsBench } from './first-rows.js';
import { type BenchEntry, round } from './types.js';

export async function webBench(): Promise<BenchEntry[]> {
  await ensureWebBuilt(() => undefined);
  const html = readFileSync(join(WEB_ROOT, 'index.html'), 'utf8');
  const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1] as string);
  const bytes = assets.reduce((sum, a) => sum + gzipSync(readFileSync(join(WEB_ROOT, a)), { level: 9 }).length, 0);
  return [
    {
      id: 'web.initial_js_gzip_kb',
      value: round(bytes / 1024, 1),
      unit: 'KB',
      better: 'lower',
      goal: 400,
      note: `${assets.length} files before the first screen (sign-in); later screens load lazily`,
    },
    ...(await firstRowsBench()),
  ];
}
