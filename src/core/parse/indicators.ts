// Quantitative indicators in task text: `新增停车泊位1万个` → 新增停车泊位 = 10000 个,
// `增长6%左右` → ~ 6 %, `不少于30个` → >= 30 个, `控制在4.5%以内` → <= 4.5 %, `突破2700亿元` → >= 2700 亿元.
// Money keeps its printed magnitude (亿元, 万元: the units offices report in); counts are multiplied out.

import { chineseNumeral } from './text.js';
import type { IndicatorOp, ParsedIndicator } from './types.js';

// Longest first, so 平方公里 wins over 公里 and 万吨/日 over 吨.
const UNITS = [
  '微克/立方米',
  '万千瓦时',
  '万吨/日',
  '吨/日',
  '平方公里',
  '平方米',
  '千伏安',
  '万千瓦',
  '立方米',
  '公里',
  '公顷',
  '亿元',
  '万元',
  '千瓦',
  '人次',
  '户次',
  '批次',
  '场次',
  '家次',
  '个百分点',
  '个',
  '家',
  '户',
  '套',
  '间',
  '所',
  '座',
  '条',
  '场',
  '处',
  '项',
  '名',
  '人',
  '台',
  '部',
  '张',
  '根',
  '栋',
  '亩',
  '吨',
  '辆',
  '件',
  '艘',
  '床',
  '支',
  '元',
  '米',
  '%',
];
const UNIT_ALT = UNITS.map((u) => u.replace(/[/%]/g, (c) => `\\${c}`)).join('|');
const MULT: Record<string, number> = { 十: 10, 百: 100, 千: 1000, 万: 10000, 亿: 100000000 };

// The lookbehind starts a match only at the head of a digit run (linear on long runs of digits).
const NUM_RE = new RegExp(
  `(?<![\\d.])(\\d+(?:\\.\\d+)?)(万|亿|千|百)?(余|多)?(${UNIT_ALT})(以上|及以上|左右|以内|以下|之内|多)?`,
  'g',
);
const CN_NUM_RE =
  /(新增|建成|建设|新建|打造|培育|引进|完成|开展|举办|创建|落地|招引|实施|提供|开办|设立)([一二两三四五六七八九十百千万]+)(个|家|项|所|座|条|场|处|名)(以上)?(?!方面|毫不|确立|维护|清单|责任)/g;

const GE_PREFIX = /(不少于|不低于|至少|超过|突破|多于|超)$/;
const LE_PREFIX = /(不超过|不高于|控制在|低于|降至|降到|下降到|少于)$/;
const APPROX_PREFIX = /(约|大约|近)$/;
const LABEL_TRIM =
  /(不少于|不低于|至少|超过|突破|多于|超|不超过|不高于|控制在|低于|降至|降到|下降到|少于|约|大约|近|达到|达|为|至|到|分别达|分别为|共|累计)+$/;
const DELIMS = new Set(['，', ',', '。', '；', ';', '：', ':', '“', '”', '、']);

function opFor(prefix: string, suffix: string | undefined, approxWord: string | undefined): IndicatorOp {
  if (suffix === '左右') return '~';
  if (suffix === '以内' || suffix === '以下' || suffix === '之内') return '<=';
  if (suffix === '以上' || suffix === '及以上' || suffix === '多' || approxWord) return '>=';
  if (GE_PREFIX.test(prefix)) return '>=';
  if (LE_PREFIX.test(prefix)) return '<=';
  if (APPROX_PREFIX.test(prefix)) return '~';
  return '=';
}

/** Walks back from `at` to the start of the clause that names the indicator (at most 30 chars). */
function labelStart(norm: string, at: number): number {
  let i = at;
  while (i > 0 && at - i < 30) {
    if (DELIMS.has(norm[i - 1] as string)) break;
    i--;
  }
  return i;
}

/**
 * The noun after a figure, up to the next delimiter or figure (`5500个重大项目建设` → 重大项目建设); after an
 * enumeration also up to 和/及, which starts the next item (`5条道路绿化提升和解放路…`).
 */
function nounAfter(raw: string, norm: string, end: number, enumeration = false): string {
  let stop = end;
  while (
    stop < norm.length &&
    stop - end < 16 &&
    !DELIMS.has(norm[stop] as string) &&
    !(enumeration ? /[\d和及]/ : /\d/).test(norm[stop] as string)
  )
    stop++;
  return raw.slice(end, stop).trim();
}

// An enumeration's clause opens with its verb before the first 、 (开工A、B等5个项目 → 开工项目).
const ENUM_VERB = /^(开工|建成|新建|完成|启动|打通|实施|引进|培育|打造|创建)/;

/** Where the clause an enumeration stands in starts (its items are separated by 、). */
function enumerationStart(norm: string, at: number): number {
  let i = at;
  while (i > 0 && at - i < 80 && (norm[i - 1] === '、' || !DELIMS.has(norm[i - 1] as string))) i--;
  return i;
}

export function extractIndicators(raw: string, norm: string): ParsedIndicator[] {
  const found: ParsedIndicator[] = [];
  const push = (index: number, matchLen: number, value: number, unit: string, op: IndicatorOp) => {
    const start = labelStart(norm, index);
    const end = index + matchLen;
    let label = raw.slice(start, index).trim();
    // `“小黄鹤观察团”等儿童观察调研活动100场`: the quoted example stopped the walk; 等 is not the label.
    label = label.replace(LABEL_TRIM, '').trim().replace(/^等/, '');
    const noun = /(等|和|及|与)$/.test(label) ? nounAfter(raw, norm, end, true) : '';
    if (noun) {
      // `开工A、B等5个项目` names examples before the figure; `10条线路和100家景区` the previous
      // figure's noun: the indicator is the noun after its own figure, with the enumeration's verb.
      const verb = label.endsWith('等')
        ? (ENUM_VERB.exec(norm.slice(enumerationStart(norm, index), index))?.[1] ?? '')
        : '';
      label = `${verb}${noun}`;
    } else if (label.endsWith('等')) {
      // `服务企业、合作社、示范基地等1000家以上`: no noun after, the enumeration itself is what is counted.
      const from = enumerationStart(norm, index);
      label = raw
        .slice(Math.max(from, index - 30), index)
        .trim()
        .replace(/等$/, '');
    } else if (label.length <= 4) {
      // Verb + figure + noun (培育1000名技术经理人): the noun after the figure completes the label.
      label = `${label}${nounAfter(raw, norm, end)}`.replace(/(和|及|与)$/, '');
    }
    if (label === '' && found.length > 0) label = (found[found.length - 1] as ParsedIndicator).label;
    found.push({ label, value, unit, op, text: raw.slice(start, end) });
  };

  NUM_RE.lastIndex = 0;
  for (let m = NUM_RE.exec(norm); m !== null; m = NUM_RE.exec(norm)) {
    const [all, digits, mult, approx, unit, suffix] = m;
    // A figure glued to letters or digits before it (PM2.5, G0IP, “61020”) is a name, not a target.
    const before = norm[m.index - 1] ?? '';
    if (/[A-Za-z0-9.\-—~～+]/.test(before)) continue;
    let value = Number(digits);
    let u = unit as string;
    if (mult) {
      if (u.endsWith('元') || u.startsWith('千') || u.startsWith('万')) u = mult + u;
      else value = value * (MULT[mult] as number);
    }
    value = Math.round(value * 1e6) / 1e6;
    const prefix = norm.slice(Math.max(0, m.index - 4), m.index);
    push(m.index, all.length, value, u, opFor(prefix, suffix, approx));
  }

  CN_NUM_RE.lastIndex = 0;
  for (let m = CN_NUM_RE.exec(norm); m !== null; m = CN_NUM_RE.exec(norm)) {
    const [all, verb, numeral, unit, suffix] = m;
    const value = chineseNumeral(numeral as string);
    if (!Number.isFinite(value) || value === 0) continue;
    const at = m.index + (verb as string).length;
    push(at, all.length - (verb as string).length, value, unit as string, suffix ? '>=' : '=');
  }
  return found;
}
