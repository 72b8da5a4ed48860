// Every delay-count rule (延期次数), one row each: what counts, what counts once, and in which period.

import { describe, expect, it } from 'vitest';
import {
  countDelays,
  type DelayCase,
  type DelayItemFacts,
  periodOfDay,
  type UnitDelayFacts,
  unitDelays,
} from './delays.js';
import type { ReportFacts } from './lights.js';
import { defaultReportingRule, generatePeriods } from './periods.js';
import { endOfDayCst } from './time.js';

// 2025: Q1 due 9 April, Q2 9 July, Q3 9 October, the annual report 9 January 2026 (23:59:59 China time).
const PERIODS = generatePeriods(defaultReportingRule(2025)).map((p, i) => ({
  id: ['q1', 'q2', 'q3', 'year'][i] as string,
  coversTo: p.coversTo,
  dueAt: p.dueAt,
  graceDays: 0,
}));
// A monthly task's May period, due 9 June.
const MAY = { id: 'may', coversTo: '2025-05-31', dueAt: endOfDayCst('2025-06-09'), graceDays: 0 };

const at = (iso: string) => new Date(`${iso}+08:00`);
const signed = (iso: string, status: ReportFacts['status'] = 'on_track'): ReportFacts => ({
  status,
  signedAt: at(iso),
});

const item = (over: Partial<DelayItemFacts> = {}): DelayItemFacts => ({
  assignmentId: 'a1',
  taskId: 't1',
  periods: PERIODS,
  reports: new Map(),
  milestones: [],
  extensions: [],
  closed: false,
  ...over,
});

/** A unit of one item whose packages are signed when its reports are (status 已报送), unless given. */
const unit = (one: DelayItemFacts, packages?: UnitDelayFacts['packages']): UnitDelayFacts => ({
  items: [one],
  packages:
    packages ??
    new Map(
      [...one.reports].map(([id, r]) => [id, r.signedAt ? { status: 'submitted', signedAt: r.signedAt } : undefined]),
    ),
});

/** The cases as `kind period days [open]`, for one-line expectations. */
const brief = (cases: DelayCase[]) => cases.map((c) => `${c.kind} ${c.periodId} ${c.days}${c.open ? ' open' : ''}`);

describe('periodOfDay: a day is counted in the plan period whose span holds it', () => {
  it.each([
    ['2025-01-15', 'q1'],
    ['2025-03-31', 'q1'],
    ['2025-04-01', 'q2'],
    ['2025-09-30', 'q3'],
    ['2025-10-01', 'year'], // the annual report spans Q4
    ['2026-02-01', 'year'], // after the last period: the last
    ['2024-12-01', 'q1'], // before the first: the first
  ])('%s → %s', (day, id) => {
    expect(periodOfDay(PERIODS, day)?.id).toBe(id);
  });
});

describe('delay cases of a unit', () => {
  it.each<[string, Partial<DelayItemFacts>, string, string[]]>([
    ['nothing due yet: no case', {}, '2025-04-01T10:00:00', []],
    [
      'a report signed on the deadline day is on time',
      { reports: new Map([['q1', signed('2025-04-09T23:59:59')]]) },
      '2025-05-01T10:00:00',
      [],
    ],
    [
      'a package signed a second late is a day late, counted once',
      { reports: new Map([['q1', signed('2025-04-10T00:00:00')]]) },
      '2025-05-01T10:00:00',
      ['late_report q1 1'],
    ],
    [
      'a report signed three days late',
      { reports: new Map([['q1', signed('2025-04-12T09:00:00')]]) },
      '2025-06-01T10:00:00',
      ['late_report q1 3'],
    ],
    [
      'grace days the office gave move the deadline',
      {
        periods: PERIODS.map((p) => (p.id === 'q1' ? { ...p, graceDays: 5 } : p)),
        reports: new Map([['q1', signed('2025-04-12T09:00:00')]]),
      },
      '2025-06-01T10:00:00',
      [],
    ],
    ['not signed past the deadline: one open case, days so far', {}, '2025-04-15T10:00:00', ['late_report q1 6 open']],
    [
      'a draft (not signed) is not a report',
      { reports: new Map([['q1', { status: 'on_track', signedAt: null }]]) },
      '2025-04-15T10:00:00',
      ['late_report q1 6 open'],
    ],
    [
      'signed after "now" is not signed yet',
      { reports: new Map([['q1', signed('2025-04-20T10:00:00')]]) },
      '2025-04-15T10:00:00',
      ['late_report q1 6 open'],
    ],
    ['a closed item (办结销号) owes no report', { closed: true }, '2025-04-15T10:00:00', []],
    [
      'a closed item’s package signed late stays a case: it was sent late',
      { closed: true, reports: new Map([['q1', signed('2025-04-11T09:00:00')]]) },
      '2025-05-01T10:00:00',
      ['late_report q1 2'],
    ],
    [
      'after a report said 已完成 nothing more is owed',
      { reports: new Map([['q1', signed('2025-04-01T10:00:00', 'completed')]]) },
      '2025-08-01T10:00:00',
      [],
    ],
    [
      'a monthly period counts in the quarter holding it',
      {
        periods: [PERIODS[0], MAY, ...PERIODS.slice(1)] as DelayItemFacts['periods'],
        reports: new Map([
          ['q1', signed('2025-04-01T10:00:00')],
          ['may', signed('2025-06-11T10:00:00')],
        ]),
      },
      '2025-06-20T10:00:00',
      ['late_report q2 2'],
    ],
    [
      'an approved extension counts once, in the period of its decision, by how far it moved',
      {
        reports: new Map([['q1', signed('2025-04-01T10:00:00')]]),
        milestones: [{ id: 'm1', title: '完成立项', dueOn: '2025-08-31', doneOn: null }],
        extensions: [
          {
            id: 'e1',
            milestoneId: 'm1',
            fromDueOn: '2025-06-30',
            newDueOn: '2025-08-31',
            status: 'approved',
            decidedAt: at('2025-06-20T10:00:00'),
          },
        ],
      },
      '2025-07-01T10:00:00',
      ['extension_approved q2 62'],
    ],
    [
      'a refused extension counts too, by how far it asked; the milestone then overdue counts apart',
      {
        reports: new Map([['q1', signed('2025-04-01T10:00:00')]]),
        milestones: [{ id: 'm1', title: '完成立项', dueOn: '2025-06-30', doneOn: null }],
        extensions: [
          {
            id: 'e1',
            milestoneId: 'm1',
            fromDueOn: '2025-06-30',
            newDueOn: '2025-07-31',
            status: 'refused',
            decidedAt: at('2025-07-02T10:00:00'),
          },
        ],
      },
      '2025-07-05T10:00:00',
      ['extension_refused q3 31', 'milestone_overdue q3 5 open'],
    ],
    [
      'a pending extension is not a delay yet',
      {
        reports: new Map([['q1', signed('2025-04-01T10:00:00')]]),
        milestones: [{ id: 'm1', title: '完成立项', dueOn: '2025-08-31', doneOn: null }],
        extensions: [
          {
            id: 'e1',
            milestoneId: 'm1',
            fromDueOn: '2025-08-31',
            newDueOn: '2025-09-30',
            status: 'pending',
            decidedAt: null,
          },
        ],
      },
      '2025-07-01T10:00:00',
      [],
    ],
    [
      'a milestone done on its date is on time',
      {
        reports: new Map([['q1', signed('2025-04-01T10:00:00')]]),
        milestones: [{ id: 'm1', title: '开工', dueOn: '2025-05-31', doneOn: '2025-05-31' }],
      },
      '2025-07-01T10:00:00',
      [],
    ],
    [
      'a milestone overdue counts once per period, not per day',
      {
        reports: new Map([['q1', signed('2025-04-01T10:00:00')]]),
        milestones: [{ id: 'm1', title: '开工', dueOn: '2025-05-20', doneOn: null }],
      },
      '2025-06-30T10:00:00',
      ['milestone_overdue q2 41 open'],
    ],
    [
      'overdue from May to August: once in Q2 (to its end), once in Q3 (still open)',
      {
        reports: new Map([
          ['q1', signed('2025-04-01T10:00:00')],
          ['q2', signed('2025-07-01T10:00:00')],
        ]),
        milestones: [{ id: 'm1', title: '开工', dueOn: '2025-05-20', doneOn: null }],
      },
      '2025-08-10T10:00:00',
      ['milestone_overdue q2 41', 'milestone_overdue q3 82 open'],
    ],
    [
      'done late: counted up to the day it was done, closed',
      {
        reports: new Map([['q1', signed('2025-04-01T10:00:00')]]),
        milestones: [{ id: 'm1', title: '开工', dueOn: '2025-05-20', doneOn: '2025-05-25' }],
      },
      '2025-06-30T10:00:00',
      ['milestone_overdue q2 5'],
    ],
    [
      'due on a quarter’s last day and done the next: counted in the next quarter only',
      {
        reports: new Map([['q1', signed('2025-04-01T10:00:00')]]),
        milestones: [{ id: 'm1', title: '开工', dueOn: '2025-06-30', doneOn: '2025-07-01' }],
      },
      '2025-07-05T10:00:00',
      ['milestone_overdue q3 1'],
    ],
    [
      'an undone milestone of a closed item is not overdue',
      {
        closed: true,
        milestones: [{ id: 'm1', title: '开工', dueOn: '2025-02-20', doneOn: null }],
      },
      '2025-03-10T10:00:00',
      [],
    ],
    [
      'an undone milestone after a report said 已完成 is not overdue',
      {
        reports: new Map([['q1', signed('2025-04-01T10:00:00', 'completed')]]),
        milestones: [{ id: 'm1', title: '开工', dueOn: '2025-05-20', doneOn: null }],
      },
      '2025-06-10T10:00:00',
      [],
    ],
  ])('%s', (_name, over, now, expected) => {
    expect(brief(unitDelays(unit(item(over)), PERIODS, at(now)))).toEqual(expected);
  });

  it('names what each case concerns: the report’s period, the milestone and the extension', () => {
    const cases = unitDelays(
      unit(
        item({
          reports: new Map([['q1', signed('2025-04-11T10:00:00')]]),
          milestones: [{ id: 'm1', title: '开工', dueOn: '2025-05-20', doneOn: null }],
          extensions: [
            {
              id: 'e1',
              milestoneId: 'm1',
              fromDueOn: '2025-05-20',
              newDueOn: '2025-06-20',
              status: 'refused',
              decidedAt: at('2025-05-10T10:00:00'),
            },
          ],
        }),
      ),
      PERIODS,
      at('2025-05-30T10:00:00'),
    );
    expect(cases.map((c) => [c.kind, c.subject, c.on])).toEqual([
      ['late_report', { type: 'report', periodId: 'q1' }, '2025-04-09'],
      ['extension_refused', { type: 'milestone', milestoneId: 'm1', title: '开工', extensionId: 'e1' }, '2025-05-10'],
      ['milestone_overdue', { type: 'milestone', milestoneId: 'm1', title: '开工', extensionId: null }, '2025-05-20'],
    ]);
    // A package holds every item of the unit: its case names no task; a milestone's names its item.
    expect(cases.map((c) => [c.assignmentId, c.taskId])).toEqual([
      [null, null],
      ['a1', 't1'],
      ['a1', 't1'],
    ]);
  });

  it('a late package counts once, however many items it holds', () => {
    const other = item({ assignmentId: 'a2', taskId: 't2' });
    const late = new Map([['q1', { status: 'submitted', signedAt: at('2025-04-12T09:00:00') }]]);
    const cases = unitDelays({ items: [item(), other], packages: late }, PERIODS, at('2025-05-01T10:00:00'));
    expect(brief(cases)).toEqual(['late_report q1 3']);
  });

  it('a package withdrawn to a draft is not signed: open again', () => {
    const draft = new Map([['q1', { status: 'draft', signedAt: at('2025-04-05T09:00:00') }]]);
    expect(brief(unitDelays(unit(item(), draft), PERIODS, at('2025-04-15T10:00:00')))).toEqual([
      'late_report q1 6 open',
    ]);
  });

  it('a monthly item makes its month a package of the unit; a quarterly one does not', () => {
    const monthly = item({
      assignmentId: 'a2',
      taskId: 't2',
      periods: [PERIODS[0], MAY, ...PERIODS.slice(1)] as DelayItemFacts['periods'],
    });
    const signedQ1 = new Map([['q1', { status: 'submitted', signedAt: at('2025-04-01T10:00:00') }]]);
    expect(brief(unitDelays({ items: [item()], packages: signedQ1 }, PERIODS, at('2025-06-20T10:00:00')))).toEqual([]);
    expect(
      brief(unitDelays({ items: [item(), monthly], packages: signedQ1 }, PERIODS, at('2025-06-20T10:00:00'))),
    ).toEqual(['late_report q2 11 open']);
  });

  it('no plan periods: nothing to count in', () => {
    expect(unitDelays(unit(item()), [], at('2025-12-01T10:00:00'))).toEqual([]);
  });
});

describe('countDelays', () => {
  it('counts by kind and in total', () => {
    expect(countDelays([{ kind: 'late_report' }, { kind: 'late_report' }, { kind: 'milestone_overdue' }])).toEqual({
      late_report: 2,
      extension_approved: 0,
      extension_refused: 0,
      milestone_overdue: 1,
      total: 3,
    });
  });
});
