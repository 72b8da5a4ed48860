// 代签: a unit's leader names another account of the unit to sign the unit's submission for one period; that
// person signs, and the signature says so (代签：X（代 Y）) in the API and the printed 报送单 — on every database.

import mammoth from 'mammoth';
import { beforeAll, expect, it } from 'vitest';
import type { Period, Submission } from '../src/api/v1.js';
import type { App } from '../src/server/app.js';
import { type Caller, importSample, makeApp, makeUser, markRestNoProgress, signIn } from './app.js';
import { describeEachDatabase } from './db.js';

describeEachDatabase('acting signer (代签)', (t) => {
  let app: App;
  let clerk: Caller;
  let admin: Caller;
  let leader: Caller;
  let deputy: Caller;
  let staff: Caller;
  let outsider: Caller;
  let deputyId: string;
  let outsiderId: string;
  let leaderName: string;
  let deputyName: string;
  let periods: Period[];

  const send = (method: 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE', url: string, caller: Caller, payload?: object) =>
    app.inject({
      method,
      url,
      headers: method === 'GET' ? { cookie: caller.cookie } : caller.headers,
      ...(payload ? { payload } : {}),
    });

  beforeAll(async () => {
    app = await makeApp(t.database);
    clerk = await signIn(app, (await makeUser(t.db, 'supervisor')).username);
    admin = await signIn(app, (await makeUser(t.db, 'admin')).username);
    const planId = await importSample(app, clerk);
    periods = (await send('GET', `/api/v1/plans/${planId}/periods`, clerk)).json().items;
    const units = (await send('GET', '/api/v1/units', clerk)).json().items as { id: string; name: string }[];
    const fagai = units.find((u) => u.name === '区发改局')?.id;
    const jingke = units.find((u) => u.name === '区经科局')?.id;
    const l = await makeUser(t.db, 'unit_leader', { unitId: fagai });
    const d = await makeUser(t.db, 'unit_staff', { unitId: fagai });
    const o = await makeUser(t.db, 'unit_staff', { unitId: jingke });
    [leaderName, deputyName, deputyId, outsiderId] = [l.username, d.username, d.id, o.id];
    leader = await signIn(app, l.username);
    deputy = await signIn(app, d.username);
    staff = await signIn(app, (await makeUser(t.db, 'unit_staff', { unitId: fagai })).username);
    outsider = await signIn(app, o.username);
  });

  it('lets the named colleague sign for the leader in that period only, shown as 代签 everywhere', async () => {
    const [q1, q2] = periods as [Period, Period];
    const pkg: Submission = (await send('GET', `/api/v1/periods/${q1.id}/submission`, staff)).json();
    await markRestNoProgress(app, staff, pkg.id);
    expect((await send('POST', `/api/v1/submissions/${pkg.id}/send`, staff)).json().status).toBe('pending_signoff');
    // Before being named, staff cannot sign.
    expect((await send('POST', `/api/v1/submissions/${pkg.id}/sign`, deputy)).statusCode).toBe(403);

    // Only the leader names, and only an account of the unit.
    const url = `/api/v1/periods/${q1.id}/acting-signer`;
    expect((await send('PUT', url, staff, { userId: deputyId })).statusCode).toBe(403);
    const foreign = await send('PUT', url, leader, { userId: outsiderId });
    expect([foreign.statusCode, foreign.json().error.code]).toEqual([400, 'acting_signer_not_in_unit']);
    expect(foreign.json().error.message).toContain('本单位');
    const offer = (await send('GET', url, leader)).json();
    expect(offer.candidates.map((c: { id: string }) => c.id)).toContain(deputyId);
    expect(offer.candidates.map((c: { id: string }) => c.id)).not.toContain(outsiderId);
    const named = await send('PUT', url, leader, { userId: deputyId });
    expect(named.statusCode, named.body).toBe(200);
    expect(named.json()).toMatchObject({ user: { id: deputyId, name: deputyName }, namedBy: leaderName });

    // The submission tells the deputy they may sign; another staff member still may not; another unit sees nothing.
    const seen: Submission = (await send('GET', `/api/v1/periods/${q1.id}/submission`, deputy)).json();
    expect(seen).toMatchObject({ actingSigner: deputyName, abilities: { sign: true } });
    expect((await send('POST', `/api/v1/submissions/${pkg.id}/sign`, staff)).statusCode).toBe(403);
    expect((await send('POST', `/api/v1/submissions/${pkg.id}/sign`, outsider)).statusCode).toBe(404);

    const signed = await send('POST', `/api/v1/submissions/${pkg.id}/sign`, deputy);
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json()).toMatchObject({ status: 'submitted', signer: deputyName, signedFor: leaderName });
    const form = await send('GET', `/api/v1/submissions/${pkg.id}/form.docx`, clerk);
    const { value } = await mammoth.extractRawText({ buffer: form.rawPayload });
    expect(value).toContain(`代签：${deputyName}（代 ${leaderName}）`);

    // Another period: the deputy is not named there.
    const next: Submission = (await send('GET', `/api/v1/periods/${q2.id}/submission`, staff)).json();
    await markRestNoProgress(app, staff, next.id);
    await send('POST', `/api/v1/submissions/${next.id}/send`, staff);
    expect((await send('POST', `/api/v1/submissions/${next.id}/sign`, deputy)).statusCode).toBe(403);
    // The leader's own signature carries no 代签.
    const own = await send('POST', `/api/v1/submissions/${next.id}/sign`, leader);
    expect(own.json()).toMatchObject({ signer: leaderName, signedFor: null });

    // Naming and revoking are audited with who was named.
    const revoked = await send('DELETE', url, leader);
    expect(revoked.json().user).toBeNull();
    const audit = async (action: string) =>
      (await send('GET', `/api/v1/audit?action=${action}&subjectId=${q1.id}`, admin)).json().items[0]?.details;
    expect(await audit('submission.acting_signer_name')).toMatchObject({
      changes: { actingSigner: [null, deputyName] },
    });
    expect(await audit('submission.acting_signer_revoke')).toMatchObject({
      changes: { actingSigner: [deputyName, null] },
    });
  });
});
