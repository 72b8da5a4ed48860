// What every `duban` command shares: the usage text, argument parsing with bilingual errors, reading an input file.

import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DubanError } from '../core/errors.js';

const MAX_INPUT_BYTES = 50 * 1024 * 1024;

export const USAGE = `用法 Usage:
  duban parse FILE [--json] [--lang zh-CN|en]    解析任务分解通知 / parse a task-decomposition notice
  duban start [--demo [--demo-date YYYY-MM-DD [--demo-clock]]]
                                                  启动服务（--demo 导入示例数据并模拟本年度至今/至该日；
                                                  --demo-clock 服务器时钟也从该日走起）/ start the server (--demo: sample
                                                  data, the year simulated to today or that date; --demo-clock: the
                                                  server's clock runs from that date too)
  duban import FILE [--approve-new-units]         导入通知为方案 / import a notice as a plan
  duban users add --username U --name N --role R [--unit 单位] [--password P]
                                                  创建账号 / create an account
  duban backup FILE [--server URL --user NAME]    备份数据库和佐证材料 / back up the database and evidence files
                                                  (--server: 通过运行中的服务备份，密码从标准输入读取 /
                                                   through a running server; the password is read from stdin)
  duban restore FILE [--check]                    恢复到全新的空数据库（--check 只校验文件）/
                                                  restore into a new, empty database (--check: verify the file only)
  duban audit verify [--anchor FILE] [--server URL --user NAME]
                                                  校验审计日志哈希链 / verify the audit log's hash chain
  duban lights verify [--json] [--limit N]        重新计算红黄绿灯并与存储的核对 / recompute every light and
                                                  compare with the stored ones (exit 1 on any difference)
  duban fsck [--json]                             核对佐证材料文件与数据库记录 / check evidence files against the database
  duban help`;

export function usage(zh: string, en: string): DubanError {
  return new DubanError('usage', { zh: `${zh}\n${USAGE}`, en });
}

export function args<T extends Record<string, { type: 'boolean' | 'string' }>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true });
  } catch (e) {
    throw usage(`参数错误：${(e as Error).message}`, `Bad arguments: ${(e as Error).message}`);
  }
}

export async function readInput(file: string): Promise<Uint8Array> {
  try {
    const bytes = await readFile(file);
    if (bytes.length > MAX_INPUT_BYTES) {
      throw new DubanError('file_too_large', {
        zh: `文件过大（${bytes.length} 字节，上限 ${MAX_INPUT_BYTES} 字节）。`,
        en: `File too large (${bytes.length} bytes, limit ${MAX_INPUT_BYTES}).`,
      });
    }
    return bytes;
  } catch (e) {
    if (e instanceof DubanError) throw e;
    throw fileError(file, e);
  }
}

/** A bilingual error for a file that cannot be read (missing, a directory, no permission). */
export function fileError(file: string, e: unknown): DubanError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT')
    return new DubanError('file_not_found', { zh: `找不到文件：${file}`, en: `No such file: ${file}` });
  if (code === 'EISDIR')
    return new DubanError('file_is_directory', {
      zh: `这是一个目录，不是文件：${file}`,
      en: `Is a directory, not a file: ${file}`,
    });
  return new DubanError('file_unreadable', {
    zh: `无法读取文件：${file}（${code}）`,
    en: `Cannot read file: ${file} (${code})`,
  });
}
