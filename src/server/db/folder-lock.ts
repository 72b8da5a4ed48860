// One process per embedded (PGlite) data folder. PGlite does not lock its folder: two processes on one folder
// both answer every write and one's writes vanish at the next restart. An OS-level lock (proper-lockfile: an
// atomic mkdir, kept fresh by touching it) is taken before PGlite opens the folder and released when it closes,
// or on exit (proper-lockfile removes its locks in an exit hook). Beside the lock, a small file names the holder,
// so a refused process can say which one has the folder.
//
// After a crash (SIGKILL, power cut) the lock stays behind. A holder on this host whose process is gone is
// taken over at once; otherwise the lock counts as abandoned once it has not been touched for STALE_MS.

import { readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { DubanError } from '../../core/errors.js';

/** Long enough that a busy event loop never looks like a dead holder; a crashed one on this host is seen at once. */
const STALE_MS = 60_000;
const UPDATE_MS = 10_000;

export interface FolderHolder {
  pid: number;
  host: string;
  /** When the holder took the folder (ISO). */
  since: string;
  /** What holds it: "duban start (port 3000)", "duban import"… (never its arguments, which may hold a password). */
  command: string;
}

// Locks are named by the path they guard (proper-lockfile keeps one per path in a process): the lock itself is the
// folder <path>.lock, that is <dataDir>/pglite.lock.
const guarded = (dataDir: string) => join(dataDir, 'pglite');
const lockPath = (dataDir: string) => `${guarded(dataDir)}.lock`;
export const holderPath = (dataDir: string) => join(dataDir, 'pglite.lock.json');

async function readHolder(dataDir: string): Promise<FolderHolder | null> {
  try {
    const value = JSON.parse(await readFile(holderPath(dataDir), 'utf8')) as Partial<FolderHolder>;
    return typeof value.pid === 'number' && typeof value.host === 'string'
      ? { pid: value.pid, host: value.host, since: String(value.since ?? ''), command: String(value.command ?? '') }
      : null;
  } catch {
    return null;
  }
}

/** Whether a process of this host with that id exists (EPERM: it does, under another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const isLocked = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ELOCKED';

function take(dataDir: string, onLost: (error: Error) => void) {
  return lockfile.lock(guarded(dataDir), {
    realpath: false,
    stale: STALE_MS,
    update: UPDATE_MS,
    onCompromised: onLost,
  });
}

function inUse(dataDir: string, holder: FolderHolder | null): DubanError {
  const who = holder
    ? {
        zh: `进程 ${holder.pid}（主机 ${holder.host}，${holder.command || 'duban'}，自 ${holder.since} 起）`,
        en: `process ${holder.pid} (host ${holder.host}, ${holder.command || 'duban'}, since ${holder.since})`,
      }
    : { zh: '另一个正在启动的进程', en: 'another process that is starting' };
  return new DubanError(
    'data_folder_in_use',
    {
      zh: `数据目录 ${dataDir} 正被${who.zh}使用：内置数据库同一时间只能由一个进程打开。请先停止该进程，或通过运行中的服务操作。`,
      en: `The data folder ${dataDir} is in use by ${who.en}: only one process at a time may open the embedded database. Stop that process first, or go through the running server.`,
    },
    409,
    holder ? { holder } : undefined,
  );
}

/**
 * Takes the data folder for this process, or refuses (409 data_folder_in_use, naming the holder). Returns the
 * release. `onLost` is called if the lock is taken away while held (its folder removed, or not touched in time).
 */
export async function lockDataFolder(
  dataDir: string,
  command: string,
  onLost: (error: Error) => void,
): Promise<() => Promise<void>> {
  const claim = async (release: () => Promise<void>) => {
    const holder: FolderHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString(), command };
    await writeFile(holderPath(dataDir), `${JSON.stringify(holder)}\n`);
    return async () => {
      await rm(holderPath(dataDir), { force: true });
      await release();
    };
  };
  try {
    return await claim(await take(dataDir, onLost));
  } catch (error) {
    if (!isLocked(error)) throw error;
    // A holder writes its file right after taking the lock: give one that is starting a moment.
    let holder = await readHolder(dataDir);
    for (let i = 0; !holder && i < 10; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      holder = await readHolder(dataDir);
    }
    if (!holder || holder.host !== hostname() || alive(holder.pid)) throw inUse(dataDir, holder);
    return takeOver(dataDir, holder, async () => claim(await take(dataDir, onLost)));
  }
}

/**
 * The holder crashed on this host: its lock is removed and taken. Two processes doing this at once are serialised
 * by a second, short lock held until the new holder's file is written: the one that comes second finds that file
 * and is refused.
 */
async function takeOver(
  dataDir: string,
  dead: FolderHolder,
  takeAndClaim: () => Promise<() => Promise<void>>,
): Promise<() => Promise<void>> {
  let done: () => Promise<void>;
  try {
    done = await lockfile.lock(join(dataDir, 'pglite.takeover'), { realpath: false, stale: 10_000 });
  } catch (error) {
    if (isLocked(error)) throw inUse(dataDir, dead);
    throw error;
  }
  try {
    const holder = await readHolder(dataDir);
    if (!holder || holder.pid !== dead.pid || holder.since !== dead.since) throw inUse(dataDir, holder);
    await rm(lockPath(dataDir), { recursive: true, force: true });
    try {
      return await takeAndClaim();
    } catch (error) {
      if (isLocked(error)) throw inUse(dataDir, await readHolder(dataDir));
      throw error;
    }
  } finally {
    await done();
  }
}
