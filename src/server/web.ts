// `npm start` builds what it needs: the web app is rebuilt with Vite when its sources are newer
// than dist/web (a fresh clone has no dist/ at all).

import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DubanError } from '../core/errors.js';

export const ROOT = join(import.meta.dirname, '..', '..');
export const WEB_ROOT = join(ROOT, 'dist', 'web');

function newestMtime(dir: string): number {
  let newest = 0;
  const stack = [dir];
  while (stack.length > 0) {
    const d = stack.pop() as string;
    if (!existsSync(d)) continue;
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) stack.push(p);
      else newest = Math.max(newest, statSync(p).mtimeMs);
    }
  }
  return newest;
}

export function webIsStale(): boolean {
  const index = join(WEB_ROOT, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return [join(ROOT, 'src', 'web'), join(ROOT, 'src', 'api'), join(ROOT, 'vite.config.ts')].some((p) =>
    existsSync(p) && statSync(p).isDirectory() ? newestMtime(p) > built : existsSync(p) && statSync(p).mtimeMs > built,
  );
}

/** Builds the web app if it is missing or older than its sources. */
export async function ensureWebBuilt(log: (line: string) => void): Promise<void> {
  if (!webIsStale()) return;
  log('正在构建网页应用… / Building the web app…');
  const { build } = await import('vite');
  try {
    await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
  } catch (e) {
    throw new DubanError(
      'web_build_failed',
      {
        zh: `网页应用构建失败：${(e as Error).message.split('\n')[0]}`,
        en: `Building the web app failed: ${(e as Error).message.split('\n')[0]}`,
      },
      500,
    );
  }
}
