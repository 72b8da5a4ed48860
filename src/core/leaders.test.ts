import { describe, expect, it } from 'vitest';
import { leaderNames, matchLeaders, namesPerson } from './leaders.js';

const people = [
  { id: 'li', displayName: '区领导 李强' },
  { id: 'zhang', displayName: '张三副区长' },
  { id: 'wang', displayName: '王五' },
  { id: 'chief', displayName: '区长 赵六' },
  { id: 'deputyA', displayName: '副区长 孙七' },
  { id: 'deputyB', displayName: '副区长 周八' },
];

describe('leaderNames', () => {
  it.each([
    ['区领导 李强', ['李强'], ['区领导']],
    ['张三副区长', ['张三'], ['副区长']],
    ['常务副区长王五', ['王五'], ['常务副区长']],
    ['区长 赵六', ['赵六'], ['区长']],
    ['王五', ['王五'], []],
    ['quzhang', ['quzhang'], []],
    ['区长', [], ['区长']],
  ])('%s → names %j, titles %j', (display, names, titles) => {
    expect(leaderNames(display)).toEqual({ names, titles });
  });
});

describe('namesPerson', () => {
  it.each([
    ['张三副区长', '张三', true],
    ['副区长张三', '张三', true],
    ['区委常委、常务副区长张三', '张三', true],
    ['张三', '张三', true],
    ['张三、李四', '李四', true],
    // Near misses: a two-character name inside a longer name is not that person.
    ['张三丰副区长', '张三', false],
    ['张三丰', '张三', false],
    ['李张三', '张三', false],
    ['欧阳张三副区长', '张三', false],
    // One character is no name.
    ['张副区长', '张', false],
  ])('%s names %s: %s', (printed, name, expected) => {
    expect(namesPerson(printed, name)).toBe(expected);
  });
});

describe('matchLeaders', () => {
  it('matches a printed leader to the executive of that name, with or without title and 同志', () => {
    expect(matchLeaders(['李强副区长'], people)).toEqual(['li']);
    expect(matchLeaders(['张三同志'], people)).toEqual(['zhang']);
    expect(matchLeaders(['区委常委、常务副区长王五'], people)).toEqual(['wang']);
    expect(matchLeaders(['张三副区长', '王五 同志'], people)).toEqual(['zhang', 'wang']);
  });

  it('matches a bare title to the one executive holding it, and nobody when several do', () => {
    expect(matchLeaders(['区长'], people)).toEqual(['chief']);
    expect(matchLeaders(['区长同志'], people)).toEqual(['chief']);
    expect(matchLeaders(['副区长'], people)).toEqual([]);
    // 常务副区长 is not 副区长: no executive carries it.
    expect(matchLeaders(['常务副区长'], people)).toEqual([]);
  });

  it('does not match near misses or other people', () => {
    expect(matchLeaders(['张三丰副区长'], people)).toEqual([]);
    expect(matchLeaders(['李强国同志'], people)).toEqual([]);
    expect(matchLeaders(['刘副市长', '', '分管副区长'], people)).toEqual([]);
    expect(matchLeaders([], people)).toEqual([]);
  });
});
