// `duban` command line: thin over core (and, from issue 3 on, the services).

import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DubanError } from '../core/errors.js';
import { type Locale, parseNotice } from '../core/parse/index.js';
import { summarize } from './summary.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SAMPLE = join(ROOT, 'examples', 'wuchang-2025-work-report-tasks.txt');
const MAX_INPUT_BYTES = 50 * 1024 * 1024;

const USAGE = `用法 Usage:
  duban parse FILE [--json] [--lang zh-CN|en]   解析任务分解通知 / parse a task-decomposition notice
  duban start                                    运行演示 / run the demo
  duban help`;

function usage(zh: string, en: string): DubanError {
  return new DubanError('usage', { zh: `${zh}\n${USAGE}`, en });
}

async function readInput(file: string): Promise<Uint8Array> {
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
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new DubanError('file_not_found', { zh: `找不到文件：${file}`, en: `No such file: ${file}` });
    if (code === 'EISDIR')
      throw new DubanError('file_is_directory', {
        zh: `这是一个目录，不是文件：${file}`,
        en: `Is a directory, not a file: ${file}`,
      });
    throw new DubanError('file_unreadable', {
      zh: `无法读取文件：${file}（${code}）`,
      en: `Cannot read file: ${file} (${code})`,
    });
  }
}

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

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'parse':
      return parseCommand(rest);
    case 'start':
      // Until the server exists, the main job is the parsed summary of the bundled sample.
      return parseCommand([SAMPLE, ...rest]);
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

main(process.argv.slice(2)).catch((e: unknown) => {
  if (e instanceof DubanError) {
    process.stderr.write(`错误：${e.messages.zh}\nError: ${e.messages.en}\n`);
    process.exitCode = e.status >= 500 ? 1 : 2;
    return;
  }
  process.stderr.write(`内部错误 / Internal error: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exitCode = 1;
});
