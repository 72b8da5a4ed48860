// 最多报一次 (issue 19): what a unit gave in its package this period — an indicator's actual, its evidence — and its
// ledger contact come back pre-filled wherever it is asked again (a 督办单 answer, a close-out), and a file already
// uploaded is attached by reference, never uploaded twice.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import type { GivenFacts } from '../src/api/ask-once.js';
import type { SupervisionNotice } from '../src/api/supervision.js';
import type { Submission } from '../src/api/v1.js';
import type { App } from '../src/server/app.js';
import { assignments, indicators, tasks, units } from '../src/server/db/schema.js';
import { type Caller, fakeClock, importSample, makeApp, makeUser, multipart, signIn } from './app.js';
import { describeEachDatabase } from './db.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describeEachDatabase('ask once', (t) => {
  const clock = fakeClock(new Date('2025-04-02T02:00:00Z'));
  let app: App;
  let office: Caller;
  let staff: Caller;
  let stranger: Caller;
  let unitId: string;
  let assignmentId: string;
  let indicatorId: string;
  let pkg: Submission;
  let evidenceId: string;

  const send = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, caller: Caller, payload?: object) =>
    app.inject({
      method,
      url,
      headers: method === 'GET' ? { cookie: caller.cookie } : caller.headers,
      ...(payload ? { payload } : {}),
    });
  const item = (s: Submission, id = assignmentId) =>
    s.items.find((i) => i.assignmentId === id) as Submission['items'][number];
  const storedFiles = () => {
    const root = join(app.deps.config.dataDir, 'files');
    try {
      return readdirSync(root).flatMap((d) => readdirSync(join(root, d)));
    } catch {
      return [];
    }
  };

  beforeAll(async () => {
    app = await makeApp(t.database, clock);
    office = await signIn(app, (await makeUser(t.db, 'supervisor')).username);
    const planId = await importSample(app, office);
    // A district unit's item on a task with a quantified indicator, the unit holding at least two items.
    const rows = await t.db
      .select({ assignmentId: assignments.id, unitId: assignments.unitId, indicatorId: indicators.id })
      .from(assignments)
      .innerJoin(tasks, eq(tasks.id, assignments.taskId))
      .innerJoin(indicators, eq(indicators.taskId, tasks.id))
      .innerJoin(units, eq(units.id, assignments.unitId))
      .where(and(eq(tasks.planId, planId), eq(units.level, 'district')));
    const pick = rows[0] as (typeof rows)[number];
    ({ assignmentId, unitId, indicatorId } = pick);
    staff = await signIn(app, (await makeUser(t.db, 'unit_staff', { unitId })).username);
    const other = rows.find((r) => r.unitId !== unitId) as (typeof rows)[number];
    stranger = await signIn(app, (await makeUser(t.db, 'unit_staff', { unitId: other.unitId })).username);
    const q1 = (await send('GET', `/api/v1/plans/${planId}/periods`, office)).json().items[0];
    pkg = (await send('GET', `/api/v1/periods/${q1.id}/submission`, staff)).json();
    expect(pkg.items.length).toBeGreaterThan(1);
  });

  it('gives back the figure, the file and the contact the unit gave this period', async () => {
    const it0 = item(pkg);
    const saved = await send('PATCH', `/api/v1/item-reports/${it0.id}`, staff, {
      version: it0.version,
      status: 'on_track',
      progress: '已完成年度目标的三成。',
      indicatorActuals: [{ indicatorId, value: 1234 }],
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const body = multipart('现场照片.pdf', PDF);
    const up = await app.inject({
      method: 'POST',
      url: `/api/v1/item-reports/${it0.id}/evidence`,
      headers: { ...staff.headers, ...body.headers },
      payload: body.payload,
    });
    expect(up.statusCode, up.body).toBe(200);
    pkg = up.json();
    evidenceId = item(pkg).evidence[0]?.id as string;
    const ledger = await send('PUT', `/api/v1/assignments/${assignmentId}/ledger`, staff, {
      version: 0,
      measures: '按季度推进。',
      responsiblePerson: '李明',
      phone: '027-88886666',
    });
    expect(ledger.statusCode, ledger.body).toBe(200);

    const res = await send('GET', `/api/v1/assignments/${assignmentId}/given`, staff);
    expect(res.statusCode, res.body).toBe(200);
    const given: GivenFacts = res.json();
    expect(given).toMatchObject({
      period: { id: pkg.period.id },
      itemReportId: it0.id,
      status: 'on_track',
      progress: '已完成年度目标的三成。',
      contact: { person: '李明', phone: '027-88886666' },
    });
    expect(given.indicatorActuals.find((a) => a.indicatorId === indicatorId)?.value).toBe(1234);
    expect(given.evidence.map((e) => e.id)).toEqual([evidenceId]);
    // The office reads the same; another unit does not see the item at all.
    expect((await send('GET', `/api/v1/assignments/${assignmentId}/given`, office)).json()).toEqual(given);
    expect((await send('GET', `/api/v1/assignments/${assignmentId}/given`, stranger)).statusCode).toBe(404);
  });

  it('answers a 督办单 with the figure, the file by reference and the contact, nothing uploaded again', async () => {
    const issued = await send('POST', '/api/v1/supervision-notices', office, {
      assignmentId,
      reason: '请说明指标完成情况。',
      severity: 'yellow',
      respondBy: '2025-04-20',
    });
    expect(issued.statusCode, issued.body).toBe(200);
    const notice: SupervisionNotice = issued.json();
    // The answer form's data: what the package gave.
    const given: GivenFacts = (await send('GET', `/api/v1/assignments/${notice.assignmentId}/given`, staff)).json();
    const files = storedFiles().length;
    const answered = await send('POST', `/api/v1/supervision-notices/${notice.id}/respond`, staff, {
      response: '已按期推进，详见报送。',
      indicatorActuals: given.indicatorActuals.map((a) => ({ indicatorId: a.indicatorId, value: a.value })),
      evidenceIds: given.evidence.map((e) => e.id),
      contact: `${given.contact?.person} ${given.contact?.phone}`,
    });
    expect(answered.statusCode, answered.body).toBe(200);
    const out: SupervisionNotice = answered.json();
    expect(out.indicatorActuals.find((a) => a.indicatorId === indicatorId)?.value).toBe(1234);
    expect(out.evidence.map((e) => e.id)).toEqual([evidenceId]);
    expect(out.contact).toBe('李明 027-88886666');
    expect(storedFiles()).toHaveLength(files);
    // The office opens the file the answer points at.
    const file = await send('GET', `/api/v1/evidence/${evidenceId}`, office);
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(PDF)).toBe(true);
  });

  it('refuses evidence or figures that are not the item’s, writing nothing', async () => {
    const issued: SupervisionNotice = (
      await send('POST', '/api/v1/supervision-notices', office, {
        assignmentId,
        reason: '请补充材料。',
        severity: 'blue',
        respondBy: '2025-04-20',
      })
    ).json();
    const other = item(pkg, pkg.items.find((i) => i.assignmentId !== assignmentId)?.assignmentId);
    const body = multipart('别的材料.pdf', Buffer.concat([PDF, Buffer.from('%other\n')]));
    const up = await app.inject({
      method: 'POST',
      url: `/api/v1/item-reports/${other.id}/evidence`,
      headers: { ...staff.headers, ...body.headers },
      payload: body.payload,
    });
    const otherEvidence = item(up.json(), other.assignmentId).evidence[0]?.id as string;
    for (const payload of [
      { response: '已整改。', evidenceIds: [otherEvidence] },
      { response: '已整改。', indicatorActuals: [{ indicatorId: '00000000-0000-4000-8000-000000000000', value: 1 }] },
    ]) {
      const res = await send('POST', `/api/v1/supervision-notices/${issued.id}/respond`, staff, payload);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.message).toBeTruthy();
    }
    const still: SupervisionNotice = (await send('GET', `/api/v1/supervision-notices/${issued.id}`, office)).json();
    expect(still).toMatchObject({ status: 'issued', response: null, evidence: [] });
  });

  it('attaches an uploaded file to another item of the package by reference, once', async () => {
    const other = item(pkg, pkg.items.find((i) => i.assignmentId !== assignmentId)?.assignmentId);
    const files = storedFiles().length;
    const reused = await send('POST', `/api/v1/item-reports/${other.id}/evidence/reuse`, staff, { evidenceId });
    expect(reused.statusCode, reused.body).toBe(200);
    const after: Submission = reused.json();
    const source = item(after).evidence[0];
    const copy = item(after, other.assignmentId).evidence.find((e) => e.sha256 === source?.sha256);
    expect(copy).toBeDefined();
    expect(copy?.id).not.toBe(evidenceId);
    expect(copy?.fileName).toBe(source?.fileName);
    expect(storedFiles()).toHaveLength(files);
    // Again: nothing more.
    const again: Submission = (
      await send('POST', `/api/v1/item-reports/${other.id}/evidence/reuse`, staff, { evidenceId })
    ).json();
    expect(item(again, other.assignmentId).evidence.filter((e) => e.sha256 === source?.sha256)).toHaveLength(1);
    // Another unit's file is not found; nor may another unit attach to this package.
    expect(
      (await send('POST', `/api/v1/item-reports/${other.id}/evidence/reuse`, stranger, { evidenceId })).statusCode,
    ).toBe(404);
    // The copy downloads the same bytes.
    const file = await send('GET', `/api/v1/evidence/${copy?.id}`, staff);
    expect(file.rawPayload.equals(PDF)).toBe(true);
  });

  it('files a close-out with the evidence the package gave, pre-filled', async () => {
    const given: GivenFacts = (await send('GET', `/api/v1/assignments/${assignmentId}/given`, staff)).json();
    const res = await send('POST', '/api/v1/closeouts', staff, {
      assignmentId,
      note: given.progress ?? '',
      evidenceIds: given.evidence.map((e) => e.id),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ note: '已完成年度目标的三成。', evidence: [{ id: evidenceId }] });
  });
});
