// quality group: report quality flags (src/core/quality.ts). Precision and recall of each flag on the labelled
// set in bench/quality-corpus.ts (goal: precision ≥ 0.9), and the time to flag the largest unit's package of the
// bundled notice when it is sent (flagSubmission on PGlite, every item filled with a long text and last
// quarter's text beside it), with the pure rules' time for the same items.

import { eq, sql } from 'drizzle-orm';
import {
  DEFAULT_QUALITY_SETTINGS,
  MAX_COMPARED_CHARS,
  QUALITY_FLAG_KINDS,
  type QualityFlagKind,
  qualityFlags,
} from '../src/core/quality.js';
import { itemReports, submissions } from '../src/server/db/schema.js';
import { flagSubmission } from '../src/server/services/quality.js';
import { importSample, makeApp, makeUser, signIn } from '../test/app.js';
import { freshDatabase } from '../test/db.js';
import { QUALITY_CASES, QUALITY_CONTEXT } from './quality-corpus.js';
import { type BenchEntry, medianMs, round } from './types.js';

function accuracy(): BenchEntry[] {
  const entries: BenchEntry[] = [];
  const got = QUALITY_CASES.map((c) =>
    qualityFlags(
      {
        status: c.status,
        progress: c.progress,
        previousProgress: c.previous,
        indicators: c.indicators,
        milestones: c.milestones,
        evidence: c.evidence,
      },
      QUALITY_CONTEXT,
      DEFAULT_QUALITY_SETTINGS,
    ).map((f) => f.kind),
  );
  const misses: string[] = [];
  for (const kind of QUALITY_FLAG_KINDS) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    QUALITY_CASES.forEach((c, i) => {
      const said = (got[i] as QualityFlagKind[]).includes(kind);
      const truth = c.expected.includes(kind);
      if (said && truth) tp += 1;
      else if (said) {
        fp += 1;
        misses.push(`${c.id}:+${kind}`);
      } else if (truth) {
        fn += 1;
        misses.push(`${c.id}:-${kind}`);
      }
    });
    const note = `tp ${tp}, fp ${fp}, fn ${fn} of ${QUALITY_CASES.length} texts`;
    entries.push(
      {
        id: `quality.${kind}.precision`,
        value: round(tp + fp ? tp / (tp + fp) : 1),
        unit: 'ratio',
        better: 'higher',
        goal: 0.9,
        note,
      },
      {
        id: `quality.${kind}.recall`,
        value: round(tp + fn ? tp / (tp + fn) : 1),
        unit: 'ratio',
        better: 'higher',
        note,
      },
    );
  }
  entries.push({
    id: 'quality.corpus',
    value: QUALITY_CASES.length,
    unit: 'texts',
    better: 'higher',
    note: misses.length ? `misses: ${misses.join(' ')}` : 'no misses',
  });
  return entries;
}

/** A long, plausible progress text of about `chars` characters, different per item and period. */
const longText = (seed: number, chars: number) => {
  const parts: string[] = [];
  for (let i = 0; parts.join('').length < chars; i++) {
    parts.push(
      `第${seed}项第${i}段：完成投资${(seed * 7 + i * 13) % 997}万元，新开工项目${(seed + i) % 17}个，${(i % 12) + 1}月${(i % 28) + 1}日召开推进会；`,
    );
  }
  return parts.join('').slice(0, chars);
};

async function packageTime(): Promise<BenchEntry[]> {
  const database = await freshDatabase('pglite');
  try {
    const db = database.db;
    const app = await makeApp(database);
    const clerk = await signIn(app, (await makeUser(db, 'supervisor')).username);
    const planId = await importSample(app, clerk);
    const periods = (
      await app.inject({ url: `/api/v1/plans/${planId}/periods`, headers: { cookie: clerk.cookie } })
    ).json().items as { id: string }[];
    const units = (
      (await app.inject({ url: '/api/v1/units?level=district', headers: { cookie: clerk.cookie } })).json().items as {
        id: string;
        name: string;
        assignmentCount: number;
      }[]
    ).sort((a, b) => b.assignmentCount - a.assignmentCount);
    const largest = units[0] as (typeof units)[number];
    const staff = await signIn(app, (await makeUser(db, 'unit_staff', { unitId: largest.id })).username);
    const open = async (periodId: string) =>
      (
        await app.inject({ url: `/api/v1/periods/${periodId}/submission`, headers: { cookie: staff.cookie } })
      ).json() as {
        id: string;
        items: { id: string }[];
      };
    const CHARS = 1500;
    const q1 = await open(periods[0]?.id as string);
    for (const [i, item] of q1.items.entries()) {
      await db
        .update(itemReports)
        .set({ status: 'on_track', progress: longText(i, CHARS) })
        .where(eq(itemReports.id, item.id));
    }
    const q2 = await open(periods[1]?.id as string);
    // Q2 pre-filled from Q1; half the items rewritten, half left as they were (copied).
    for (const [i, item] of q2.items.entries()) {
      if (i % 2 === 0) {
        await db
          .update(itemReports)
          .set({ progress: longText(i + 1000, CHARS) })
          .where(eq(itemReports.id, item.id));
      }
    }
    const [sub] = await db.select().from(submissions).where(eq(submissions.id, q2.id));
    const now = new Date('2025-07-05T02:00:00Z');
    const times: number[] = [];
    let flagged = 0;
    for (let run = 0; run < 7; run++) {
      const t = performance.now();
      const flags = await db.transaction((tx) => flagSubmission(tx, sub as typeof submissions.$inferSelect, now));
      times.push(performance.now() - t);
      flagged = [...flags.values()].filter((f) => f.length > 0).length;
    }
    times.sort((a, b) => a - b);
    const [{ n } = { n: 0 }] = (
      await db.execute<{ n: number }>(sql`select count(*)::int as n from item_reports where submission_id = ${q2.id}`)
    ).rows;
    // The rules alone, for the same number of items at the cap (worst case of the similarity).
    const items = Number(n);
    const a = longText(1, MAX_COMPARED_CHARS);
    const b = longText(2, MAX_COMPARED_CHARS);
    const core = medianMs(() => {
      for (let i = 0; i < items; i++) {
        qualityFlags(
          { status: 'on_track', progress: a, previousProgress: b, indicators: [], milestones: [], evidence: 1 },
          QUALITY_CONTEXT,
          DEFAULT_QUALITY_SETTINGS,
        );
      }
    }, 15);
    return [
      {
        id: 'quality.largest_package_ms',
        value: round(times[Math.floor(times.length / 2)] as number, 1),
        unit: 'ms',
        better: 'lower',
        note: `flagSubmission on PGlite, ${largest.name}, ${items} items of ${CHARS} chars, ${flagged} flagged (median of 7)`,
      },
      {
        id: 'quality.rules_largest_package_ms',
        value: round(core, 2),
        unit: 'ms',
        better: 'lower',
        note: `qualityFlags alone, ${items} items at the ${MAX_COMPARED_CHARS}-char cap`,
      },
    ];
  } finally {
    await database.close();
  }
}

export async function qualityBench(): Promise<BenchEntry[]> {
  return [...accuracy(), ...(await packageTime())];
}
