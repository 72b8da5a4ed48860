// Official documents are Chinese: no .docx or .xlsx the server writes may print a code of the API's
// vocabularies (open, issued, pending_signoff, on_track …). Every document type is generated from a database
// holding reports, a coordination request waiting for the leader's 批示 and an open 督办单, then unpacked and
// its text scanned for each code.

import JSZip from 'jszip';
import { beforeAll, expect, it } from 'vitest';
import type { Bulletin } from '../src/api/bulletins.js';
import type { Period, Submission } from '../src/api/v1.js';
import type { App } from '../src/server/app.js';
import { type Caller, fakeClock, importSample, makeApp, makeUser, markRestNoProgress, signIn } from './app.js';
import { describeEachDatabase } from './db.js';
import { API_CODES, codesIn } from './vocabulary.js';

/** The text of every XML part of a .docx or .xlsx, tags removed. */
async function unpackedText(buffer: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(buffer);
  const parts = Object.keys(zip.files).filter((f) => f.endsWith('.xml') && !f.includes('docProps'));
  const texts = await Promise.all(parts.map((f) => zip.file(f)?.async('string') ?? ''));
  return texts.map((x) => x.replace(/<[^>]+>/g, ' ')).join('\n');
}

describeEachDatabase('documents speak Chinese', (t) => {
  const clock = fakeClock(new Date('2025-04-01T02:00:00Z'));
  let app: App;
  let clerk: Caller;
  let planId: string;
  let q1: Period;
  let pkg: Submission;
  let noticeId: string;
  let bulletinId: string;

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, caller: Caller, payload?: object) =>
    app.inject({
      method,
      url,
      headers: method === 'GET' ? { cookie: caller.cookie } : caller.headers,
      ...(payload ? { payload } : {}),
    });

  beforeAll(async () => {
    app = await makeApp(t.database, clock);
    const supervisor = await makeUser(t.db, 'supervisor');
    clerk = await signIn(app, supervisor.username);
    planId = await importSample(app, clerk);
    q1 = (await call('GET', `/api/v1/plans/${planId}/periods`, clerk)).json().items[0];
    const units = (await call('GET', '/api/v1/units', clerk)).json().items as { id: string; name: string }[];
    const fagai = units.find((u) => u.name === '区发改局')?.id;
    const staff = await signIn(app, (await makeUser(t.db, 'unit_staff', { unitId: fagai })).username);
    const leader = await signIn(app, (await makeUser(t.db, 'unit_leader', { unitId: fagai })).username);
    const executive = await makeUser(t.db, 'executive');
    pkg = (await call('GET', `/api/v1/periods/${q1.id}/submission`, staff)).json();
    const item = pkg.items[0] as Submission['items'][number];
    await call('PATCH', `/api/v1/item-reports/${item.id}`, staff, {
      version: item.version,
      status: 'blocked',
      lagReasons: ['relocation'],
      progress: '征收工作受阻。',
    });
    await markRestNoProgress(app, staff, pkg.id);
    expect((await call('POST', `/api/v1/submissions/${pkg.id}/send`, staff)).statusCode).toBe(200);
    expect((await call('POST', `/api/v1/submissions/${pkg.id}/sign`, leader)).statusCode).toBe(200);
    // A request routed to the district leader, waiting for the 批示, and an open 督办单.
    const c = await call('POST', '/api/v1/coordination-requests', staff, {
      taskId: item.task.id,
      title: '征收需区里协调',
      body: '涉及多部门，请区政府统筹。',
    });
    expect(c.statusCode, c.body).toBe(200);
    const routed = await call('POST', `/api/v1/coordination-requests/${c.json().id}/route`, clerk, {
      executiveId: executive.id,
    });
    expect(routed.statusCode, routed.body).toBe(200);
    clock.advance(Date.parse('2025-04-12T09:00:00+08:00') - clock.now().getTime());
    clerk = await signIn(app, supervisor.username);
    const notice = await call('POST', '/api/v1/supervision-notices', clerk, {
      assignmentId: item.assignmentId,
      reason: '请加快推进。',
      severity: 'red',
      respondBy: '2025-04-30',
    });
    expect(notice.statusCode, notice.body).toBe(200);
    noticeId = notice.json().id;
    const b = await call('POST', '/api/v1/bulletins', clerk, { planId, periodId: q1.id });
    bulletinId = (b.json() as Bulletin).id;
  });

  it('prints no code of the API vocabularies in any .docx or .xlsx, and the routed request as 待批示', async () => {
    expect(API_CODES).toEqual(expect.arrayContaining(['open', 'routed', 'issued', 'pending_signoff', 'on_track']));
    const documents = {
      'bulletin.docx': `/api/v1/bulletins/${bulletinId}/bulletin.docx`,
      'bulletin.xlsx': `/api/v1/bulletins/${bulletinId}/bulletin.xlsx`,
      'notice.docx': `/api/v1/supervision-notices/${noticeId}/notice.docx`,
      'form.docx': `/api/v1/submissions/${pkg.id}/form.docx`,
      'sheet.xlsx': `/api/v1/periods/${q1.id}/sheet.xlsx`,
      'ledger.xlsx': `/api/v1/exports/ledger.xlsx?planId=${planId}&periodId=${q1.id}`,
      'upward.xlsx': `/api/v1/exports/upward.xlsx?planId=${planId}&periodId=${q1.id}`,
      'evaluation.xlsx': `/api/v1/evaluation.xlsx?planId=${planId}&periodId=${q1.id}`,
      'tasks.xlsx': `/api/v1/supervision/tasks.xlsx?planId=${planId}`,
    };
    const found: Record<string, string[]> = {};
    for (const [name, url] of Object.entries(documents)) {
      const res = await call('GET', url, clerk);
      expect(res.statusCode, `${name}: ${res.body.slice(0, 200)}`).toBe(200);
      const text = await unpackedText(res.rawPayload);
      expect(text.length, name).toBeGreaterThan(100);
      const codes = codesIn(text);
      if (codes.length) found[name] = codes;
      if (name === 'bulletin.xlsx') {
        expect(text).toContain('征收需区里协调');
        expect(text).toContain('待批示');
        expect(text).not.toContain('待转交');
        expect(text).toContain('待反馈');
      }
    }
    expect(found).toEqual({});
  }, 120_000);
});
