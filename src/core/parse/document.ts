// The notice around the tasks: the web page's header table (名 称: | … | 文 号: | …), the title,
// 文号, the issuer and date of the signature (落款), the attachment list, and the site footer.

import { chineseNumeral, type Line } from './text.js';
import type { DocumentInfo, Level } from './types.js';

const FOOTER_RE = /网站标识码|ICP备\s*\d|公网安备|版权所有|Copyright|©|打印本页|关闭窗口|扫一扫在手机/;

export function isFooterLine(norm: string): boolean {
  return FOOTER_RE.test(norm);
}

const SITE_RE =
  /^(?:主办单位|承办单位|协办单位|技术支持|联系电话|联系我们|网站地图|网站声明|地址|邮编)\s*[:：]?|政务服务热线|即将离开|门户网站|返回顶部|当前位置/;

/**
 * Where the site footer begins: the trailing block of site lines (网站标识码, ICP备, 主办单位:…),
 * from its first unmistakable footer line. A footer-like line above real content is only skipped.
 */
export function footerStart(lines: Line[]): number {
  let start = lines.length;
  for (let i = lines.length - 1; i >= 0; i--) {
    const norm = (lines[i] as Line).norm;
    if (norm === '' || SITE_RE.test(norm)) continue;
    if (!FOOTER_RE.test(norm)) break;
    start = i;
  }
  return start;
}

const HEADER_KEYS: Record<string, keyof DocumentInfo> = {
  名称: 'title',
  标题: 'title',
  文号: 'docNo',
  发文字号: 'docNo',
  发布机构: 'issuer',
  发文机关: 'issuer',
  发文单位: 'issuer',
  成文日期: 'date',
  发文日期: 'date',
  公开日期: 'date',
  发布日期: 'date',
};

/** `名 称: | 某通知 | 发布机构: | 某办公室 |` → label/value pairs. Null if the line is not such a row. */
export function headerTableRow(line: Line): Partial<DocumentInfo> | null {
  if (!line.norm.includes('|')) return null;
  const cells = line.raw.split(/[|｜]/).map((c) => c.trim());
  const found: Partial<DocumentInfo> = {};
  let labels = 0;
  for (let i = 0; i < cells.length; i++) {
    const m = /^(.{1,12}?)\s*[:：]$/.exec(cells[i] as string);
    if (!m) continue;
    labels++;
    const key = HEADER_KEYS[(m[1] as string).replace(/\s+/g, '')];
    const value = cells[i + 1];
    if (key && value && !/[:：]$/.test(value)) found[key] = value;
  }
  return labels > 0 ? found : null;
}

const DOC_NO_RE = /[\u4e00-\u9fa5]{2,12}[〔［[【(（]\d{4}[〕］\]】)）]\s*\d{1,4}\s*号/;

export function findDocNo(text: string): string | null {
  return DOC_NO_RE.exec(text)?.[0] ?? null;
}

const CN_DIGIT = '[〇零一二三四五六七八九十]';
const DATE_RE = new RegExp(
  `^(\\d{4}|${CN_DIGIT}{4})\\s*年\\s*(\\d{1,2}|${CN_DIGIT}{1,3})\\s*月\\s*(\\d{1,2}|${CN_DIGIT}{1,3})\\s*日$`,
);

/** `2025年2月19日`, `2025年02月19日`, `二〇二五年二月十九日`, `2025-02-19` → `2025-02-19`. */
export function isoDate(s: string): string | null {
  const t = s.trim();
  let y: number;
  let m: number;
  let d: number;
  const dash = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(t);
  const cn = DATE_RE.exec(t);
  if (dash) [y, m, d] = [Number(dash[1]), Number(dash[2]), Number(dash[3])];
  else if (cn) {
    const num = (x: string) => (/^\d+$/.test(x) ? Number(x) : chineseNumeral(x));
    [y, m, d] = [num(cn[1] as string), num(cn[2] as string), num(cn[3] as string)];
  } else return null;
  if (!(m >= 1 && m <= 12 && d >= 1 && d <= 31 && y >= 1949 && y <= 2200)) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const TITLE_HINT = /通知|方案|意见|决定|分解|任务|清单|报告|计划/;
const ORG_LINE = /(办公室|办公厅|人民政府|政府|委员会|局|委)$/;

/** Title, 文号, issuer and date from the lines before the first attachment (the notice itself). */
export function readPreamble(lines: Line[]): DocumentInfo {
  const header: Partial<DocumentInfo> = {};
  let title: string | null = null;
  let docNo: string | null = null;
  let issuer: string | null = null;
  let date: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as Line;
    if (!line.norm) continue;
    const row = headerTableRow(line);
    if (row) {
      Object.assign(header, { ...row, ...header });
      continue;
    }
    docNo ??= findDocNo(line.raw);
    if (title === null && TITLE_HINT.test(line.norm) && line.norm.length <= 120 && !/[:]$/.test(line.norm)) {
      title = line.raw;
    }
    const iso = isoDate(line.norm);
    if (iso) {
      date = iso;
      const prev = lines[i - 1];
      if (prev && ORG_LINE.test(prev.norm) && prev.norm.length <= 40) issuer = prev.raw;
    }
  }
  return {
    title: header.title ?? title,
    docNo: header.docNo ?? docNo,
    // The signature (落款) is the document's own; the header table is the website's metadata.
    issuer: issuer ?? header.issuer ?? null,
    date: date ?? (header.date ? isoDate(header.date) : null),
  };
}

/** `附件3`, `附件 1`, `附件一：2025年…方案` → its number and any title on the same line. */
export function attachmentMarker(norm: string): { number: number; title: string } | null {
  const m = /^附\s*件\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*(?:[:.、]\s*)?(.*)$/.exec(norm);
  if (!m) return null;
  const n = /^\d+$/.test(m[1] as string) ? Number(m[1]) : chineseNumeral(m[1] as string);
  return { number: n, title: (m[2] as string).trim() };
}

/** The notice's own list `附件:1.… 2.… 3.…`: how many attachments it announces (0 if none). */
export function listedAttachments(lines: Line[]): number {
  let count = 0;
  let inList = false;
  for (const line of lines) {
    const m = /^附\s*件\s*:\s*(.*)$/.exec(line.norm);
    if (m) {
      inList = true;
      count = m[1] ? 1 : 0;
      continue;
    }
    if (inList) {
      if (/^\d{1,2}[.、]/.test(line.norm) && TITLE_HINT.test(line.norm)) count++;
      else if (line.norm) inList = false;
    }
  }
  return count;
}

const REPORT_LEVEL_RE = /(省|市|区|县)(?:\d{4}年度?)?(?:人民)?(?:政府)?[《〈<]?政府工作报告/;
const TASKS_LEVEL_RE = /(省|市|区|县)(?:\d{4}年度?)?(?:级)?(?:重点)?(?:工作)?(?:目标)?任务/;

/** 2025年省《政府工作报告》… → province. The level word right before 政府工作报告 decides. */
export function sourceLevel(title: string): Level {
  const t = title.replace(/\s+/g, '');
  if (/国务院|全国|国家/.test(t) && /政府工作报告/.test(t)) return 'national';
  const near = REPORT_LEVEL_RE.exec(t)?.[1] ?? /全(省|市|区|县)/.exec(t)?.[1] ?? TASKS_LEVEL_RE.exec(t)?.[1];
  switch (near) {
    case '省':
      return 'province';
    case '市':
      return 'city';
    case '区':
      return 'district';
    case '县':
      return 'county';
    default:
      return 'unknown';
  }
}

/** The level of the government that issues the notice (its home level), from the issuer or title. */
export function homeLevel(doc: DocumentInfo): Level {
  const s = `${doc.issuer ?? ''}${doc.title ?? ''}`;
  if (/区人民政府|区政府|区委/.test(s)) return 'district';
  if (/县人民政府|县政府|县委/.test(s)) return 'county';
  if (/市人民政府|市政府|市委/.test(s)) return 'city';
  if (/省人民政府|省政府|省委/.test(s)) return 'province';
  return 'unknown';
}
