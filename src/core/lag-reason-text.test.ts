// Reasons for lagging as a cell's text, both ways, one row each.

import { describe, expect, it } from 'vitest';
import { formatLagReasons, type ParsedLagReasons, parseLagReasons } from './lag-reason-text.js';

const LIST = [
  { key: 'funding', labelZh: '资金' },
  { key: 'land', labelZh: '用地' },
  { key: 'approval', labelZh: '审批' },
  { key: 'other', labelZh: '其他' },
];

describe('formatLagReasons', () => {
  it.each([
    ['none', [], null, ''],
    ['one name', ['funding'], null, '资金'],
    ['names in the order given', ['land', 'funding'], null, '用地、资金'],
    ['其他 with words, last', ['other', 'funding'], '征收补偿未谈妥', '资金、其他：征收补偿未谈妥'],
    ['其他 without words', ['other'], null, '其他'],
    ['a key no longer in the list prints as itself', ['gone'], null, 'gone'],
  ] as [string, string[], string | null, string][])('%s', (_, keys, text, cell) => {
    expect(formatLagReasons(keys, text, LIST)).toBe(cell);
  });
});

describe('parseLagReasons', () => {
  it.each([
    ['blank: no reasons', '  ', { ok: true, keys: [], text: null }],
    ['one name', '资金', { ok: true, keys: ['funding'], text: null }],
    ['separated by 、', '资金、用地', { ok: true, keys: ['funding', 'land'], text: null }],
    ['separated by ， and spaces', ' 资金 ， 审批 ', { ok: true, keys: ['funding', 'approval'], text: null }],
    ['a repeat counts once', '资金、资金', { ok: true, keys: ['funding'], text: null }],
    [
      '其他： words run to the end, 、 and ， included',
      '用地、其他：拆迁户未签约，补偿、安置未落实',
      { ok: true, keys: ['land', 'other'], text: '拆迁户未签约，补偿、安置未落实' },
    ],
    ['其他 with an ASCII colon', '其他:手续待补', { ok: true, keys: ['other'], text: '手续待补' }],
    ['其他 without words', '资金、其他', { ok: true, keys: ['funding', 'other'], text: null }],
    ['其他： with nothing after it', '其他：', { ok: true, keys: ['other'], text: null }],
    ['unknown names, all of them', '资金、天气、人手', { ok: false, unknown: ['天气', '人手'] }],
  ] as [string, string, ParsedLagReasons][])('%s', (_, cell, parsed) => {
    expect(parseLagReasons(cell, LIST)).toEqual(parsed);
  });

  it('reads back what it writes', () => {
    const cell = formatLagReasons(['funding', 'other'], '设备未到货，安装、调试推迟', LIST);
    expect(parseLagReasons(cell, LIST)).toEqual({
      ok: true,
      keys: ['funding', 'other'],
      text: '设备未到货，安装、调试推迟',
    });
  });
});
