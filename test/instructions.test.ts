// 批示 over HTTP: a district leader writes an instruction on a task, a unit's signed report, a 督办单 and a bulletin;
// the office routes it to units with a date; the right unit answers with its own evidence, another unit cannot
// see or answer it; the office closes it. Bad input answers 400 in both languages, an unknown subject 404, a second
// route 409, and nothing is written. Every step is audited with old and new values and notifies the next person;
// an unanswered target is reminded and escalates like any deadline; lists are scoped by unit.

import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { beforeAll, expect, it } from 'vitest';
import type { Bulletin } from '../src/api/bulletins.js';
import type { Instruction, InstructionList } from '../src/api/instructions.js';
import type { TaskOverview } from '../src/api/supervision.js';
import type { Period, Submission } from '../src/api/v1.js';
import type { App } from '../src/server/app.js';
import { computeReminders } from '../src/server/services/reminders.js';
import { DEFAULT_SUPERVISION_SETTINGS } from '../src/server/services/settings.js';
import {
  type Caller,
  fakeClock,
  importSample,
  makeApp,
  makeUser,
  markRestNoProgress,
  multipart,
  signIn,
} from './app.js';
import { describeEachDatabase } from './db.js';

describeEachDatabase('批示 (instructions)', (t) => {
  const clock = fakeClock(new Date('2025-04-01T02:00:00Z'));
  let app: App;
  let clerk: Caller;
  let leader: Caller;
  let otherLeader: Caller;
  let staff: Caller;
  let unitLeader: Caller;
  let otherStaff: Caller;
  let leaderId: string;
  let fagai: string;
  let other: string;
  let taskId: string;
  let taskText: string;
  let submissionId: string;
  let noticeId: string;
  let bulletinId: string;
  let evidenceId: string;
  let foreignEvidenceId: string;
  let planId: string;
  let onTask: Instruction;

  const send = (method: 'GET' | 'PUT' | 'POST', url: string, caller: Caller, payload?: object, lang?: string) =>
    app.inject({
      method,
      url,
      headers: {
        ...(method === 'GET' ? { cookie: caller.cookie } : caller.headers),
        ...(lang ? { 'accept-language': lang } : {}),
      },
      ...(payload ? { payload } : {}),
    });
  const ok = async <T>(res: Awaited<ReturnType<typeof send>>): Promise<T> => {
    expect(res.statusCode, res.body.slice(0, 400)).toBe(200);
    return res.json() as T;
  };
  const count = async (table: 'instructions' | 'instruction_targets') =>
    (await t.db.execute<{ n: number }>(sql.raw(`select count(*)::int as n from ${table}`))).rows[0]?.n ?? 0;
  const auditOf = async (action: string, id: string) =>
    (
      await t.db.execute<{ details: { changes?: Record<string, [unknown, unknown]> } & Record<string, unknown> }>(
        sql`select details from audit_entries where action = ${action} and subject_id = ${id} order by id`,
      )
    ).rows;
  const notified = async (kind: string, userId?: string) =>
    (
      await t.db.execute<{ n: number }>(
        userId
          ? sql`select count(*)::int as n from notifications where kind = ${kind} and user_id = ${userId}`
          : sql`select count(*)::int as n from notifications where kind = ${kind}`,
      )
    ).rows[0]?.n ?? 0;
  const ids = new Map<Caller, string>();
  const userId = async (c: Caller) => ids.get(c) as string;
  /** A fresh session for an account (the clock moves by days here, past a session's life). */
  const person = async (role: Parameters<typeof makeUser>[1], unitId?: string) => {
    const made = await makeUser(t.db, role, { unitId: unitId ?? null });
    const caller = await signIn(app, made.username);
    ids.set(caller, made.id);
    names.set(caller, made.username);
    return caller;
  };
  const names = new Map<Caller, string>();
  const again = async (c: Caller) => {
    const fresh = await signIn(app, names.get(c) as string);
    ids.set(fresh, ids.get(c) as string);
    names.set(fresh, names.get(c) as string);
    return fresh;
  };

  beforeAll(async () => {
    app = await makeApp(t.database, clock);
    clerk = await person('supervisor');
    planId = await importSample(app, clerk);
    const units = (await send('GET', '/api/v1/units', clerk)).json().items as { id: string; name: string }[];
    fagai = units.find((u) => u.name === '区发改局')?.id as string;
    other = units.find((u) => u.name === '区司法局')?.id as string;
    staff = await person('unit_staff', fagai);
    unitLeader = await person('unit_leader', fagai);
    otherStaff = await person('unit_staff', other);
    leader = await person('executive');
    otherLeader = await person('executive');
    leaderId = await userId(leader);

    const periods = (await send('GET', `/api/v1/plans/${planId}/periods`, clerk)).json().items as Period[];
    const pkg: Submission = (await send('GET', `/api/v1/periods/${periods[0]?.id}/submission`, staff)).json();
    submissionId = pkg.id;
    const item = pkg.items[0] as Submission['items'][number];
    const otherItem = pkg.items.find((i) => i.task.id !== item.task.id) as Submission['items'][number];
    taskId = item.task.id;
    taskText = item.task.text;
    const upload = async (target: Submission['items'][number]) => {
      const file = multipart('落实情况.pdf', Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'));
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/item-reports/${target.id}/evidence`,
        headers: { ...staff.headers, ...file.headers },
        payload: file.payload,
      });
      const s: Submission = res.json();
      return s.items.find((i) => i.id === target.id)?.evidence[0]?.id as string;
    };
    evidenceId = await upload(item);
    foreignEvidenceId = await upload(otherItem);
    await markRestNoProgress(app, staff, pkg.id);
    await ok(await send('POST', `/api/v1/submissions/${pkg.id}/send`, staff));

    const issued = await send('POST', '/api/v1/supervision-notices', clerk, {
      assignmentId: item.assignmentId,
      reason: '进度滞后。',
      severity: 'yellow',
      respondBy: '2025-04-20',
    });
    noticeId = (await ok<{ id: string }>(issued)).id;
    bulletinId = (
      await ok<{ id: string }>(await send('POST', '/api/v1/bulletins', clerk, { planId, periodId: periods[0]?.id }))
    ).id;
  }, 240_000);

  it('refuses a report its leader has not signed, then takes it once signed', async () => {
    const unsigned = await send('POST', '/api/v1/instructions', leader, {
      subjectType: 'submission',
      subjectId: submissionId,
      body: '请抓紧推进。',
    });
    expect(unsigned.statusCode).toBe(400);
    expect(unsigned.json().error.code).toBe('submission_not_signed');
    await ok(await send('POST', `/api/v1/submissions/${submissionId}/sign`, unitLeader));
    const written = await ok<Instruction>(
      await send('POST', '/api/v1/instructions', leader, {
        subjectType: 'submission',
        subjectId: submissionId,
        body: '  发改局要把项目前期工作抓实。  ',
      }),
    );
    expect(written).toMatchObject({
      status: 'pending',
      body: '发改局要把项目前期工作抓实。',
      taskId: null,
      suggestedUnitIds: [fagai],
      subject: { type: 'submission', id: submissionId },
      targets: [],
    });
    expect(written.subject.title).toContain('区发改局');
  });

  it('writes on a task, a 督办单 and a bulletin, keeping the task and suggesting its units', async () => {
    onTask = await ok<Instruction>(
      await send('POST', '/api/v1/instructions', leader, {
        subjectType: 'task',
        subjectId: taskId,
        body: '请抓落实。',
      }),
    );
    expect(onTask).toMatchObject({
      taskId,
      subject: { type: 'task', link: `/tasks/${taskId}` },
      author: { id: leaderId },
    });
    expect(onTask.suggestedUnitIds).toContain(fagai);
    const onNotice = await ok<Instruction>(
      await send('POST', '/api/v1/instructions', otherLeader, {
        subjectType: 'supervision_notice',
        subjectId: noticeId,
        body: '督办单要跟踪到底。',
      }),
    );
    expect(onNotice).toMatchObject({ taskId, suggestedUnitIds: [fagai] });
    expect(onNotice.subject.title).toMatch(/^督办〔2025〕\d+号 · 区发改局$/);
    const onBulletin = await ok<Instruction>(
      await send('POST', '/api/v1/instructions', leader, {
        subjectType: 'bulletin',
        subjectId: bulletinId,
        body: '通报的问题要逐项整改。',
      }),
    );
    expect(onBulletin).toMatchObject({ taskId: null, suggestedUnitIds: [] });
    // The office is told at once.
    expect(await notified('instruction_written', await userId(clerk))).toBe(4);
    const audits = await auditOf('instruction.write', onTask.id);
    expect(audits).toHaveLength(1);
    expect(audits[0]?.details.changes).toMatchObject({ status: [null, 'pending'], body: [null, '请抓落实。'] });
  });

  it('answers bad input with bilingual 400s and an unknown subject with 404, writing nothing', async () => {
    const before = await count('instructions');
    for (const lang of ['zh-CN', 'en']) {
      const blank = await send(
        'POST',
        '/api/v1/instructions',
        leader,
        { subjectType: 'task', subjectId: taskId, body: ' \n ' },
        lang,
      );
      expect(blank.statusCode).toBe(400);
      expect(blank.json().error.code).toBe('instruction_body_blank');
      expect(blank.json().error.message).toMatch(lang === 'en' ? /cannot be blank/ : /不能为空/);
    }
    const long = await send('POST', '/api/v1/instructions', leader, {
      subjectType: 'task',
      subjectId: taskId,
      body: '抓'.repeat(2001),
    });
    expect(long.json().error.code).toBe('instruction_body_too_long');
    const unknown = await send('POST', '/api/v1/instructions', leader, {
      subjectType: 'bulletin',
      subjectId: '00000000-0000-4000-8000-000000000000',
      body: '请整改。',
    });
    expect(unknown.statusCode).toBe(404);
    const badType = await send('POST', '/api/v1/instructions', leader, {
      subjectType: 'unit',
      subjectId: fagai,
      body: 'x',
    });
    expect(badType.statusCode).toBe(400);
    // Only a district leader writes one.
    for (const c of [clerk, staff, unitLeader]) {
      const res = await send('POST', '/api/v1/instructions', c, {
        subjectType: 'task',
        subjectId: taskId,
        body: '请抓落实。',
      });
      expect(res.statusCode).toBe(403);
    }
    expect(await count('instructions')).toBe(before);
  });

  it('routes to units with a date, once, refusing bad units and dates; units cannot route', async () => {
    const url = `/api/v1/instructions/${onTask.id}/route`;
    const before = await count('instruction_targets');
    const past = await send('POST', url, clerk, { unitIds: [fagai], dueOn: '2025-03-31' }, 'en');
    expect(past.statusCode).toBe(400);
    expect(past.json().error).toMatchObject({ code: 'due_on_past', message: 'The due date cannot be in the past.' });
    expect((await send('POST', url, clerk, { unitIds: [fagai], dueOn: '2025-02-30' })).statusCode).toBe(400);
    const none = await send('POST', url, clerk, { unitIds: [], dueOn: '2025-04-10' });
    expect(none.json().error.code).toBe('instruction_no_units');
    const ghost = await send('POST', url, clerk, {
      unitIds: [fagai, '00000000-0000-4000-8000-000000000000'],
      dueOn: '2025-04-10',
    });
    expect(ghost.statusCode).toBe(400);
    expect(ghost.json().error.code).toBe('unit_not_found');
    for (const c of [staff, unitLeader, leader]) {
      expect((await send('POST', url, c, { unitIds: [fagai], dueOn: '2025-04-10' })).statusCode).toBe(403);
    }
    expect(await count('instruction_targets')).toBe(before);

    const routed = await ok<Instruction>(
      await send('POST', url, clerk, { unitIds: [fagai, other, fagai], dueOn: '2025-04-10', note: '请两单位落实。' }),
    );
    expect(routed).toMatchObject({
      status: 'routed',
      routeNote: '请两单位落实。',
      answered: 0,
      total: 2,
      overdue: false,
    });
    expect(routed.targets.map((x) => x.unit.id).sort()).toEqual([fagai, other].sort());
    const again = await send('POST', url, clerk, { unitIds: [fagai], dueOn: '2025-04-10' });
    expect(again.statusCode).toBe(409);
    expect(await notified('instruction_routed', await userId(staff))).toBe(1);
    expect(await notified('instruction_routed', await userId(otherStaff))).toBe(1);
    const [entry] = await auditOf('instruction.route', onTask.id);
    expect(entry?.details.changes).toMatchObject({
      status: ['pending', 'routed'],
      routeNote: [null, '请两单位落实。'],
    });
  });

  it('lets the right unit answer with its own evidence, and hides it from the other unit', async () => {
    const url = `/api/v1/instructions/${onTask.id}/answer`;
    const blank = await send('PUT', url, staff, { answer: '   ' });
    expect(blank.json().error.code).toBe('answer_blank');
    const foreign = await send('PUT', url, staff, { answer: '已落实。', evidenceIds: [foreignEvidenceId] });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.code).toBe('evidence_not_found');
    // The other unit's staff may not use fagai's file either.
    const borrowed = await send('PUT', url, otherStaff, { answer: '已落实。', evidenceIds: [evidenceId] });
    expect(borrowed.json().error.code).toBe('evidence_not_found');
    for (const c of [clerk, leader]) expect((await send('PUT', url, c, { answer: '已落实。' })).statusCode).toBe(403);

    const answered = await ok<Instruction>(
      await send('PUT', url, staff, { answer: '已召开专题会，项目前期完成。', evidenceIds: [evidenceId] }),
    );
    const mine = answered.targets.find((x) => x.unit.id === fagai);
    expect(mine).toMatchObject({ answer: '已召开专题会，项目前期完成。', overdue: false });
    expect(mine?.evidence.map((e) => e.id)).toEqual([evidenceId]);
    expect(answered).toMatchObject({ answered: 1, total: 2 });
    // Amended while open: the audit keeps old and new.
    clock.advance(60_000);
    await ok(
      await send('PUT', url, unitLeader, { answer: '已召开专题会，前期手续全部办结。', evidenceIds: [evidenceId] }),
    );
    const entries = await auditOf('instruction.answer', onTask.id);
    expect(entries).toHaveLength(2);
    expect(entries[1]?.details.changes?.answer).toEqual([
      '已召开专题会，项目前期完成。',
      '已召开专题会，前期手续全部办结。',
    ]);
    expect(await notified('instruction_answered', leaderId)).toBe(2);

    // The other unit sees the instruction and the targets, never fagai's answer or files.
    const seen = await ok<Instruction>(await send('GET', `/api/v1/instructions/${onTask.id}`, otherStaff));
    const theirs = seen.targets.find((x) => x.unit.id === fagai);
    expect(theirs).toMatchObject({ answer: null, evidence: [], answeredAt: null });
    expect(JSON.stringify(seen)).not.toContain('专题会');
    // The leader sees every answer.
    const leaderView = await ok<Instruction>(await send('GET', `/api/v1/instructions/${onTask.id}`, leader));
    expect(leaderView.targets.find((x) => x.unit.id === fagai)?.answer).toBe('已召开专题会，前期手续全部办结。');
  });

  it('the 台账 export carries the task’s 批示 and the answers its reader may see', async () => {
    const column = async (caller: Caller) => {
      const res = await send('GET', `/api/v1/exports/ledger.xlsx?planId=${planId}`, caller);
      expect(res.statusCode).toBe(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      for (const sheet of book.worksheets) {
        const header = (sheet.getRow(1).values as unknown[]).indexOf('领导批示及落实情况');
        expect(header).toBeGreaterThan(0);
        for (let r = 2; r <= sheet.rowCount; r++) {
          if (sheet.getRow(r).getCell(2).value === taskText) return String(sheet.getRow(r).getCell(header).value ?? '');
        }
      }
      return null;
    };
    const office = await column(clerk);
    expect(office).toContain('请抓落实。');
    expect(office).toContain('落实1/2');
    expect(office).toContain('区发改局：已召开专题会，前期手续全部办结。');
    const unit = await column(staff);
    expect(unit).toContain('请抓落实。');
    expect(unit).toContain('区发改局：已召开专题会');
  });

  it('scopes lists by unit: a unit sees only what was routed to it', async () => {
    const forOther = await ok<InstructionList>(await send('GET', '/api/v1/instructions', otherStaff));
    expect(forOther.items.map((i) => i.id)).toEqual([onTask.id]);
    const pending = (await ok<InstructionList>(await send('GET', '/api/v1/instructions', clerk))).items.find(
      (i) => i.status === 'pending',
    ) as Instruction;
    expect((await send('GET', `/api/v1/instructions/${pending.id}`, staff)).statusCode).toBe(404);
    const all = await ok<InstructionList>(await send('GET', '/api/v1/instructions', otherLeader));
    expect(all.items).toHaveLength(4);
    // A leader's own first; `mine` keeps only theirs.
    expect(all.items[0]?.author.id).toBe(await userId(otherLeader));
    const mine = await ok<InstructionList>(await send('GET', '/api/v1/instructions?mine=true', leader));
    expect(mine.items.every((i) => i.author.id === leaderId)).toBe(true);
    expect(mine.items).toHaveLength(3);
    // The task's history lists it with its answers.
    const overview = await ok<TaskOverview>(await send('GET', `/api/v1/tasks/${taskId}/overview`, clerk));
    expect(overview.instructions.find((i) => i.id === onTask.id)).toMatchObject({ answered: 1, total: 2 });
  });

  it('reminds an unanswered unit before and after its date, escalating to its leader and the office', async () => {
    const settings = { ...DEFAULT_SUPERVISION_SETTINGS, escalateToLeaderAfterDays: 3 };
    const [otherId, clerkId] = [await userId(otherStaff), await userId(clerk)];
    const otherLead = await person('unit_leader', other);
    const otherLeadId = await userId(otherLead);
    clock.advance(Date.parse('2025-04-09T02:00:00Z') - clock.now().getTime());
    await computeReminders(t.db, clock.now(), settings);
    expect(await notified('instruction_due', otherId)).toBe(1);
    // Fagai answered: nothing for it.
    expect(await notified('instruction_due', await userId(staff))).toBe(0);
    clock.advance(Date.parse('2025-04-11T02:00:00Z') - clock.now().getTime());
    clerk = await again(clerk);
    await computeReminders(t.db, clock.now(), settings);
    await computeReminders(t.db, clock.now(), settings);
    expect(await notified('instruction_overdue', otherId)).toBe(1);
    expect(await notified('instruction_overdue', otherLeadId)).toBe(0);
    const view = await ok<Instruction>(await send('GET', `/api/v1/instructions/${onTask.id}`, clerk));
    expect(view.overdue).toBe(true);
    expect(view.targets.find((x) => x.unit.id === other)?.overdue).toBe(true);
    expect(view.targets.find((x) => x.unit.id === fagai)?.overdue).toBe(false);
    clock.advance(3 * 86_400_000);
    await computeReminders(t.db, clock.now(), settings);
    expect(await notified('instruction_overdue', otherId)).toBe(2);
    expect(await notified('instruction_overdue', otherLeadId)).toBe(1);
    expect(await notified('instruction_overdue', clerkId)).toBe(1);
    [clerk, leader, otherStaff] = [await again(clerk), await again(leader), await again(otherStaff)];
  });

  it('the bulletin lists the plan’s routed 批示 with each unit’s state, printed only when the office ticks it', async () => {
    const regenerated = await ok<Bulletin>(await send('POST', `/api/v1/bulletins/${bulletinId}/regenerate`, clerk));
    const listed = regenerated.data.instructions.find((x) => x.id === onTask.id);
    expect(listed?.body).toBe(onTask.body);
    expect(Object.fromEntries(listed?.units.map((u) => [u.unit.id, [u.state, u.dueOn]]) ?? [])).toEqual({
      [fagai]: ['answered', '2025-04-10'],
      [other]: ['overdue', '2025-04-10'],
    });
    // Pending ones are the office's still: not in a bulletin. And a bulletin never carries the answers themselves.
    expect(regenerated.data.instructions.every((x) => x.status !== 'pending')).toBe(true);
    expect(JSON.stringify(regenerated.data)).not.toContain('专题会');
    expect(regenerated.draft.showInstructions).toBe(false);
    const docx = async () =>
      (
        await mammoth.extractRawText({
          buffer: (await send('GET', `/api/v1/bulletins/${bulletinId}/bulletin.docx`, clerk)).rawPayload,
        })
      ).value;
    expect(await docx()).not.toContain('领导批示落实情况');
    const ticked = await ok<Bulletin>(
      await send('PUT', `/api/v1/bulletins/${bulletinId}`, clerk, {
        version: regenerated.version,
        draft: { ...regenerated.draft, showInstructions: true },
      }),
    );
    expect(ticked.draft.showInstructions).toBe(true);
    const text = await docx();
    expect(text).toContain('领导批示落实情况');
    expect(text).toContain('逾期未落实（期限2025年4月10日）');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(
      (await send('GET', `/api/v1/bulletins/${bulletinId}/bulletin.xlsx`, clerk)).rawPayload as unknown as ArrayBuffer,
    );
    const states = (book.getWorksheet('领导批示')?.getColumn(7).values ?? []).slice(2);
    expect(states.sort()).toEqual(
      regenerated.data.instructions
        .flatMap((x) => x.units.map((u) => ({ answered: '已落实', overdue: '逾期未落实', open: '办理中' })[u.state]))
        .sort(),
    );
  });

  it('closes a routed instruction with a note, then takes no answer; a pending one cannot be closed', async () => {
    const pending = (await ok<InstructionList>(await send('GET', '/api/v1/instructions?status=pending', clerk)))
      .items[0];
    const early = await send('POST', `/api/v1/instructions/${pending?.id}/close`, clerk, { note: '办结。' });
    expect(early.statusCode).toBe(409);
    const url = `/api/v1/instructions/${onTask.id}/close`;
    expect((await send('POST', url, clerk, { note: ' ' })).json().error.code).toBe('close_note_blank');
    expect((await send('POST', url, leader, { note: '办结。' })).statusCode).toBe(403);
    const closed = await ok<Instruction>(await send('POST', url, clerk, { note: '经审核，已落实。' }));
    expect(closed).toMatchObject({ status: 'closed', closeNote: '经审核，已落实。', overdue: false });
    const [entry] = await auditOf('instruction.close', onTask.id);
    expect(entry?.details.changes).toMatchObject({ status: ['routed', 'closed'] });
    expect(entry?.details.unanswered).toEqual([other]);
    const late = await send('PUT', `/api/v1/instructions/${onTask.id}/answer`, otherStaff, { answer: '已落实。' });
    expect(late.statusCode).toBe(409);
    expect(await notified('instruction_closed', leaderId)).toBe(1);
  });

  it('offers a unit its files on its reports for an answer on a report (no task), and takes one', async () => {
    const onReport = (await ok<InstructionList>(await send('GET', '/api/v1/instructions', clerk))).items.find(
      (i) => i.subject.type === 'submission',
    ) as Instruction;
    await ok(
      await send('POST', `/api/v1/instructions/${onReport.id}/route`, clerk, { unitIds: [fagai], dueOn: '2025-04-30' }),
    );
    staff = await again(staff);
    const seen = await ok<Instruction>(await send('GET', `/api/v1/instructions/${onReport.id}`, staff));
    const own = seen.targets.find((x) => x.unit.id === fagai);
    expect(own?.canAnswer).toBe(true);
    expect(own?.offered.map((f) => f.id).sort()).toEqual([evidenceId, foreignEvidenceId].sort());
    // The office sees no offer (it does not answer); another unit's file is refused.
    const office = await ok<Instruction>(await send('GET', `/api/v1/instructions/${onReport.id}`, clerk));
    expect(office.targets.every((x) => x.offered.length === 0)).toBe(true);
    const answered = await ok<Instruction>(
      await send('PUT', `/api/v1/instructions/${onReport.id}/answer`, staff, {
        answer: '已对照批示逐项整改，整改清单见附件。',
        evidenceIds: [foreignEvidenceId],
      }),
    );
    expect(answered.targets.find((x) => x.unit.id === fagai)?.evidence.map((e) => e.id)).toEqual([foreignEvidenceId]);
  });
});
