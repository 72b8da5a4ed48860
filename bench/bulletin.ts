// bulletin group: generating the Q1 bulletin of the sample (figures, laggards, proposals, default wording)
// through the API, median of 7 after a warm-up, on PGlite.

import { importSample, makeApp, makeUser, signIn } from '../test/app.js';
import { freshDatabase } from '../test/db.js';
import { type BenchEntry, round } from './types.js';

export async function bulletinBench(): Promise<BenchEntry[]> {
  const database = await freshDatabase('pglite');
  try {
    const app = await makeApp(database);
    const clerk = await signIn(app, (await makeUser(database.db, 'supervisor')).username);
    const planId = await importSample(app, clerk);
    const periodId = (
      await app.inject({ url: `/api/v1/plans/${planId}/periods`, headers: { cookie: clerk.cookie } })
    ).json().items[0].id;
    const times: number[] = [];
    for (let i = 0; i < 8; i++) {
      const started = performance.now();
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/bulletins',
        headers: clerk.headers,
        payload: { planId, periodId },
      });
      if (res.statusCode !== 200) throw new Error(`bulletin: ${res.statusCode} ${res.body.slice(0, 200)}`);
      if (i > 0) times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    await app.close();
    return [
      {
        id: 'bulletin.sample.ms',
        value: round(times[Math.floor(times.length / 2)] as number, 1),
        unit: 'ms',
        better: 'lower',
        goal: 500,
        note: 'POST /bulletins for the sample’s first quarter (each a write, so lights are recomputed), median of 7',
      },
    ];
  } finally {
    await database.close();
  }
}
