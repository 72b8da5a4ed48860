// Where the server's log lines go. People read the console: the start banner (main.ts prints it, not the logger)
// and warnings and errors, one readable line each. Machines read the request log: JSON lines in rotating files under
// the data folder (dataDir/logs/duban.N.log, a new file each day or at 100 MB, the newest 200 kept: the 180 days
// 等保 asks for), or, with LOG_FORMAT=json, every line as JSON on stdout for a container or a journal that parses JSON.
// Every line has passed app.ts's redaction first.

import { join } from 'node:path';
import pino from 'pino';
import pretty from 'pino-pretty';
import roll from 'pino-roll';
import type { Config } from './config.js';

export interface LogSink {
  stream: { write(line: string): void };
  /** The folder of the rotating request log, or null when lines go to stdout. */
  folder: string | null;
  /** Writes what is buffered and closes the file (at shutdown). */
  close(): void;
}

export async function serverLogSink(config: Pick<Config, 'logFormat' | 'dataDir'>): Promise<LogSink> {
  if (config.logFormat === 'json') return { stream: process.stdout, folder: null, close: () => undefined };
  const folder = join(config.dataDir, 'logs');
  const file = await roll({
    file: join(folder, 'duban'),
    extension: '.log',
    frequency: 'daily',
    size: '100m',
    limit: { count: 200 },
    mkdir: true,
  });
  const consoleLines = pretty({
    sync: true,
    destination: 2,
    colorize: Boolean(process.stderr.isTTY),
    ignore: 'pid,hostname,reqId',
    translateTime: 'SYS:yyyy-mm-dd HH:MM:ss',
  });
  const stream = pino.multistream([
    { level: 'warn', stream: consoleLines },
    { level: 'trace', stream: file },
  ]);
  return {
    stream,
    folder,
    close: () => {
      try {
        file.flushSync();
      } catch {
        // Nothing buffered, or the file is already gone: nothing to keep.
      }
      file.end();
    },
  };
}
