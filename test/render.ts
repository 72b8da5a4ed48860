// Rendering generated .docx the way an office prints them: LibreOffice converts to PDF, poppler reads the pages
// back (pixels with pdftoppm, word boxes in points with `pdftotext -bbox`). Without the tools a test skips with
// a printed reason — except in CI, which installs them (.ci/run), where a missing tool fails the test.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';

const SOFFICE = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((p) => existsSync(p));
const PDFTOPPM = existsSync('/usr/bin/pdftoppm') ? '/usr/bin/pdftoppm' : undefined;

/** 1 mm in PDF points. */
export const MM_PT = 72 / 25.4;

/** The .docx converted to PDF, or null (with the reason printed) when the tools are missing outside CI. */
export function renderDocx(docx: Buffer, name: string): { pdf: string; dir: string } | null {
  if (!SOFFICE || !PDFTOPPM) {
    expect(process.env.CI ?? '', `CI must render the ${name}: soffice or pdftoppm is missing`).toBe('');
    console.info(`LibreOffice rendering of the ${name} skipped: install libreoffice-writer-nogui and poppler-utils`);
    return null;
  }
  const dir = mkdtempSync(join(tmpdir(), `duban-${name}-`));
  const file = join(dir, `${name}.docx`);
  writeFileSync(file, docx);
  execFileSync(
    SOFFICE,
    [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir, file],
    { timeout: 120_000, stdio: 'ignore' },
  );
  return { pdf: join(dir, `${name}.pdf`), dir };
}

export interface PageImage {
  width: number;
  height: number;
  rgb: Buffer;
}

/** The first page rendered by pdftoppm as an RGB PPM: width, height and the pixels (3 bytes each). */
export function firstPage(pdf: string, dir: string): PageImage {
  execFileSync(PDFTOPPM as string, ['-r', '40', '-f', '1', '-l', '1', pdf, join(dir, 'page')]);
  const file = ['page-1.ppm', 'page-01.ppm', 'page-001.ppm'].map((f) => join(dir, f)).find((f) => existsSync(f));
  const bytes = readFileSync(file as string);
  // P6\n<w> <h>\n<max>\n<pixels>: skip three header lines.
  let offset = 0;
  for (let lines = 0; lines < 3; offset++) if (bytes[offset] === 0x0a) lines++;
  const [width, height] = bytes.subarray(0, offset).toString().split(/\s+/).slice(1, 3).map(Number);
  return { width: width as number, height: height as number, rgb: bytes.subarray(offset) };
}

/** Share of pixels in rows [from, to) (fractions of the height) that pass a test. */
export function share(page: PageImage, test: (r: number, g: number, b: number) => boolean, from = 0, to = 1) {
  let hits = 0;
  let all = 0;
  for (let y = Math.floor(from * page.height); y < Math.floor(to * page.height); y++) {
    for (let x = 0; x < page.width; x++) {
      const i = 3 * (y * page.width + x);
      all++;
      if (test(page.rgb[i] as number, page.rgb[i + 1] as number, page.rgb[i + 2] as number)) hits++;
    }
  }
  return hits / all;
}
export const dark = (r: number, g: number, b: number) => r + g + b < 3 * 128;
export const red = (r: number, g: number, b: number) => r > 180 && g < 90 && b < 90;

export interface Word {
  word: string;
  x: number;
  y: number;
  xMax: number;
  yMax: number;
}
export interface Page {
  width: number;
  height: number;
  words: Word[];
}

/** Every page's size and words with their boxes in points, from `pdftotext -bbox`. */
export function pages(pdf: string, dir: string): Page[] {
  const out = join(dir, 'words.html');
  execFileSync('/usr/bin/pdftotext', ['-bbox', pdf, out]);
  const html = readFileSync(out, 'utf8');
  return [...html.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)].map((p) => ({
    width: Number(p[1]),
    height: Number(p[2]),
    words: [
      ...(p[3] as string).matchAll(
        /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
      ),
    ].map((m) => ({
      x: Number(m[1]),
      y: Number(m[2]),
      xMax: Number(m[3]),
      yMax: Number(m[4]),
      word: m[5] as string,
    })),
  }));
}

/** The PDF's plain text in reading layout. */
export const layoutText = (pdf: string): string => execFileSync('/usr/bin/pdftotext', ['-layout', pdf, '-']).toString();
