// Every quality-flag rule, one row each: the item's facts and the flags expected.

import { describe, expect, it } from 'vitest';
import type { IndicatorFacts } from './lights.js';
import {
  countFlags,
  DEFAULT_QUALITY_SETTINGS,
  type ItemQualityFacts,
  isStockText,
  MAX_COMPARED_CHARS,
  type QualityFlagKind,
  qualityFlags,
  similarity,
} from './quality.js';

const ctx = { year: 2025, coversTo: '2025-06-30', today: '2025-07-05', behindMargin: 0.1 };
const GENUINE =
  '截至6月底，全区新建城市停车泊位2360个，完成年度目标的52%；中山路、首义路两处立体停车场主体结构封顶，计划9月投入使用。';
const LAST_QUARTER =
  '截至3月底，全区新建城市停车泊位820个，完成年度目标的18%；中山路立体停车场完成桩基施工，首义路项目完成招标。';
const parking = (actual: number | null, target = 4000): IndicatorFacts => ({ op: '>=', target, unit: '个', actual });
const item = (over: Partial<ItemQualityFacts> = {}): ItemQualityFacts => ({
  status: 'on_track',
  progress: GENUINE,
  previousProgress: LAST_QUARTER,
  indicators: [],
  milestones: [],
  evidence: 1,
  ...over,
});

type Row = [name: string, facts: ItemQualityFacts, expected: QualityFlagKind[]];

const rows: Row[] = [
  ['a genuine update: no flag', item(), []],
  ['未填报 (no status) is not a quality matter', item({ status: null, progress: '', previousProgress: '' }), []],
  ['the same text as last period: copied', item({ previousProgress: GENUINE }), ['copied']],
  [
    'pasted again with only the punctuation and spaces changed: copied',
    item({ previousProgress: GENUINE.replace(/，/g, ',').replace(/；/g, '; ') }),
    ['copied'],
  ],
  [
    'pasted again with the quarter changed: copied',
    item({ previousProgress: GENUINE.replace('6月底', '3月底') }),
    ['copied'],
  ],
  ['no previous period: nothing to copy', item({ previousProgress: null }), []],
  [
    'an empty previous text does not make an empty text copied',
    item({ status: 'not_started', progress: '', previousProgress: '' }),
    [],
  ],
  [
    'stock phrases only: stock',
    item({ progress: '我单位高度重视，按计划推进各项工作，目前进展顺利。', previousProgress: null }),
    ['stock'],
  ],
  [
    'stock phrases with a figure: not stock',
    item({ progress: '按计划推进，已完成投资1.2亿元。', previousProgress: null }),
    [],
  ],
  [
    'stock phrases with a date: not stock',
    item({ progress: '有序推进，预计九月底前完成。', previousProgress: null }),
    [],
  ],
  [
    'stock phrases with a named output: not stock',
    item({ progress: '稳步推进，已印发《武昌区停车设施建设实施方案》。', previousProgress: null }),
    [],
  ],
  [
    'a specific sentence without figures is not stock',
    item({ progress: '按计划推进，已完成中山路立体停车场主体结构施工并通过质量监督站验收。', previousProgress: null }),
    [],
  ],
  [
    'stock and the same as last period: both flags',
    item({ progress: '正在推进，进展顺利。', previousProgress: '正在推进，进展顺利。' }),
    ['copied', 'stock'],
  ],
  [
    '正常推进 with an indicator behind 序时进度 by more than the margin: contradicted',
    item({ indicators: [parking(800)] }),
    ['contradicted'],
  ],
  ['正常推进 with the indicator within the margin: no flag', item({ indicators: [parking(1700)] }), []],
  [
    '正常推进 with a milestone overdue: contradicted',
    item({ milestones: [{ dueOn: '2025-06-15', doneOn: null }] }),
    ['contradicted'],
  ],
  ['a milestone due today is not yet overdue', item({ milestones: [{ dueOn: '2025-07-05', doneOn: null }] }), []],
  [
    '滞后 says it: an indicator behind is no contradiction',
    item({ status: 'lagging', indicators: [parking(800)] }),
    [],
  ],
  ['已完成 without evidence: no_evidence', item({ status: 'completed', evidence: 0 }), ['no_evidence']],
  ['正常推进 without evidence: not required by default', item({ evidence: 0 }), []],
  [
    '已完成 with an indicator far behind and no evidence: both',
    item({ status: 'completed', indicators: [parking(500)], evidence: 0 }),
    ['contradicted', 'no_evidence'],
  ],
];

describe('qualityFlags', () => {
  it.each(rows)('%s', (_name, facts, expected) => {
    expect(qualityFlags(facts, ctx, DEFAULT_QUALITY_SETTINGS).map((f) => f.kind)).toEqual(expected);
  });

  it('names what a contradiction contradicts and how similar a copy is', () => {
    const flags = qualityFlags(
      item({
        previousProgress: GENUINE,
        indicators: [parking(100)],
        milestones: [{ dueOn: '2025-05-01', doneOn: null }],
      }),
      ctx,
      DEFAULT_QUALITY_SETTINGS,
    );
    expect(flags).toEqual([
      { kind: 'copied', similarity: 1 },
      { kind: 'contradicted', because: ['behind_schedule', 'milestone_overdue'] },
    ]);
  });

  it('follows the office settings: threshold, phrases, evidence', () => {
    const settings = {
      copiedThreshold: 0.3,
      stockPhrases: ['统筹兼顾'],
      evidenceRequiredFor: ['on_track' as const],
    };
    const flags = qualityFlags(
      item({ progress: '统筹兼顾。', previousProgress: '统筹兼顾，顺利。', evidence: 0 }),
      ctx,
      settings,
    );
    expect(flags.map((f) => f.kind)).toEqual(['copied', 'stock', 'no_evidence']);
    expect(isStockText('按计划推进。', settings.stockPhrases)).toBe(false);
  });
});

describe('similarity', () => {
  it('is 1 for the same text, 0 for nothing shared, symmetric', () => {
    expect(similarity(GENUINE, GENUINE)).toBe(1);
    expect(similarity('甲乙丙丁', '戊己庚辛')).toBe(0);
    expect(similarity(GENUINE, LAST_QUARTER)).toBeCloseTo(similarity(LAST_QUARTER, GENUINE), 10);
    expect(similarity(GENUINE, LAST_QUARTER)).toBeLessThan(0.9);
  });

  it('compares at most MAX_COMPARED_CHARS characters', () => {
    const long = '推进'.repeat(MAX_COMPARED_CHARS);
    expect(similarity(`${long}甲`, `${long}乙`)).toBe(1);
  });
});

describe('countFlags', () => {
  it('names every kind', () => {
    expect(countFlags([[{ kind: 'stock' }], [{ kind: 'stock' }, { kind: 'copied', similarity: 1 }], []])).toEqual({
      copied: 1,
      stock: 2,
      contradicted: 0,
      no_evidence: 0,
    });
  });
});
