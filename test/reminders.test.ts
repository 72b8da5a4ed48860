// The reminder scheduler over a whole reporting year with a fake clock, on every database, delivering
// to a real SMTP server and real robot endpoints on 127.0.0.1: nothing sent twice, no empty digest, the
// escalation ladder in order, and a failing channel retried with backoff without blocking the others.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Period, Submission } from '../src/api/v1.js';
import { addDays, startOfDayCst } from '../src/core/time.js';
import type { App } from '../src/server/app.js';
import { assignments, deliveries, ledgers, milestones, notifications, units, users } from '../src/server/db/schema.js';
import { outboundChannels } from '../src/server/services/outbound.js';
import { runScheduler } from '../src/server/services/reminders.js';
import { type Caller, fakeClock, importSample, makeApp, makeUser, markRestNoProgress, signIn } from './app.js';
import { describeEachDatabase } from './db.js';

const mails: { to: string[]; raw: string }[] = [];
const robotCalls: { path: string; body: string }[] = [];
let smtp: SMTPServer;
let robot: Server;
let smtpPort: number;
let robotBase: string;

beforeAll(async () => {
  smtp = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  robot = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      robotCalls.push({ path: req.url ?? '', body });
      // The DingTalk robot is down all year; the WeCom one works.
      if (req.url?.startsWith('/down')) res.writeHead(503).end('busy');
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0,"errmsg":"ok"}');
    });
  });
  await new Promise<void>((resolve) => robot.listen(0, '127.0.0.1', () => resolve()));
  robotBase = `http://127.0.0.1:${(robot.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await new Promise<void>((resolve) => robot.close(() => resolve()));
});

describeEachDatabase('reminder scheduler over a year', (t) => {
  const clock = fakeClock(new Date('2025-03-20T01:00:00Z'));
  let app: App;
  let clerk: Caller;
  let periods: Period[];
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    mails.length = 0;
    robotCalls.length = 0;
    app = await makeApp(t.database, clock);
    const supervisor = await makeUser(t.db, 'supervisor');
    clerk = await signIn(app, supervisor.username);
    const planId = await importSample(app, clerk);
    periods = (
      await app.inject({ method: 'GET', url: `/api/v1/plans/${planId}/periods`, headers: { cookie: clerk.cookie } })
    ).json().items;
    const all = await t.db.select({ id: units.id, name: units.name }).from(units);
    const unit = (name: string) => all.find((u) => u.name === name)?.id as string;
    ids.fagai = unit('区发改局');
    ids.jingke = unit('区经科局');
    ids.supervisor = supervisor.id;
    for (const [key, role, unitId] of [
      ['fagaiStaff', 'unit_staff', ids.fagai],
      ['fagaiLeader', 'unit_leader', ids.fagai],
      ['jingkeStaff', 'unit_staff', ids.jingke],
      ['jingkeLeader', 'unit_leader', ids.jingke],
    ] as const) {
      const u = await makeUser(t.db, role, { unitId });
      ids[key] = u.id;
      ids[`${key}Name`] = u.username;
      // One person takes e-mail digests, the others read the bell: each SMTP exchange costs ~0.1 s on
      // loopback, and the year has 300 mornings.
      if (key === 'jingkeStaff') {
        await t.db
          .update(users)
          .set({ email: `${key}@example.gov.cn` })
          .where(sql`${users.id} = ${u.id}`);
      }
    }
    await t.db
      .update(units)
      .set({ webhookKind: 'wecom', webhookUrl: `${robotBase}/cgi-bin/webhook/send?key=k` })
      .where(sql`${units.id} = ${ids.jingke}`);
    await t.db
      .update(units)
      .set({
        webhookKind: 'dingtalk',
        webhookUrl: `${robotBase}/down/robot/send?access_token=t`,
        webhookSecret: 'SECx',
      })
      .where(sql`${units.id} = ${ids.fagai}`);
    // One milestone of 区经科局's, due on 20 May and never done.
    const [held] = await t.db
      .select({ id: assignments.id })
      .from(assignments)
      .where(sql`${assignments.unitId} = ${ids.jingke}`)
      .limit(1);
    const [ledger] = await t.db
      .insert(ledgers)
      .values({ assignmentId: held?.id as string, status: 'confirmed' })
      .returning({ id: ledgers.id });
    await t.db
      .insert(milestones)
      .values({ ledgerId: ledger?.id as string, title: '完成项目选址', dueOn: '2025-05-20' });
  });

  it('runs daily from March to the next January: idempotent, never empty, escalating in order', async () => {
    const channels = outboundChannels({
      smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
      mailFrom: '区政府督查室 <duban@example.gov.cn>',
      webhookAllowPrivate: true,
    });
    // 区发改局 reports the first quarter on 5 April, signed by its leader; 区经科局 never reports.
    const reportQ1 = async () => {
      const staff = await signIn(app, ids.fagaiStaffName as string);
      const pkg: Submission = (
        await app.inject({
          method: 'GET',
          url: `/api/v1/periods/${periods[0]?.id}/submission`,
          headers: { cookie: staff.cookie },
        })
      ).json();
      await markRestNoProgress(app, staff, pkg.id);
      await app.inject({ method: 'POST', url: `/api/v1/submissions/${pkg.id}/send`, headers: staff.headers });
      const leader = await signIn(app, ids.fagaiLeaderName as string);
      const signed = await app.inject({
        method: 'POST',
        url: `/api/v1/submissions/${pkg.id}/sign`,
        headers: leader.headers,
      });
      expect(signed.json().status).toBe('submitted');
    };

    let day = '2025-03-25';
    let runs = 0;
    while (day <= '2026-01-20') {
      const at = new Date(startOfDayCst(day).getTime() + 9 * 3_600_000); // 09:00 CST
      clock.advance(at.getTime() - clock.now().getTime());
      if (day === '2025-04-05') await reportQ1();
      const first = await runScheduler(t.db, at, channels);
      expect(first.ran).toBe(true);
      runs += 1;
      // Running again the same morning sends nothing twice (checked weekly and around each deadline, to keep
      // the suite fast).
      if (runs % 7 === 0 || /-(0[3-9]|1[0-6])$/.test(day)) {
        const again = await runScheduler(t.db, new Date(at.getTime() + 60_000), channels);
        expect([again.notifications, again.digests]).toEqual([0, 0]);
      }
      day = addDays(day, 1);
    }
    expect(runs).toBeGreaterThan(300);

    const keys = async (userId: string, kind: string) =>
      (
        await t.db
          .select({ key: notifications.dedupeKey, at: notifications.createdAt })
          .from(notifications)
          .where(sql`${notifications.userId} = ${userId} and ${notifications.kind} = ${kind}`)
          .orderBy(notifications.createdAt)
      ).map((r) => ({ key: r.key, day: new Date(r.at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10) }));

    // Before the Q1 deadline: the 5-day and the 1-day reminders; 区发改局 had reported by the 1-day one.
    const jDue = (await keys(ids.jingkeStaff as string, 'period_due')).filter((k) =>
      k.key.startsWith(`period_due:${periods[0]?.id}`),
    );
    expect(jDue.map((k) => k.day)).toEqual(['2025-04-04', '2025-04-08']);
    const fDue = (await keys(ids.fagaiStaff as string, 'period_due')).filter((k) =>
      k.key.startsWith(`period_due:${periods[0]?.id}`),
    );
    expect(fDue.map((k) => k.day)).toEqual(['2025-04-04']);
    // After it: staff daily from the 10th, the leader from the 3rd day late, the office once on the 7th.
    const q1 = (k: { key: string }) => k.key.startsWith(`period_overdue:${periods[0]?.id}`);
    const staffOverdue = (await keys(ids.jingkeStaff as string, 'period_overdue')).filter(q1);
    const leaderOverdue = (await keys(ids.jingkeLeader as string, 'period_overdue')).filter(q1);
    expect(staffOverdue[0]?.day).toBe('2025-04-10');
    expect(leaderOverdue[0]?.day).toBe('2025-04-12');
    expect(new Set(staffOverdue.map((k) => k.day)).size).toBe(staffOverdue.length);
    expect((await keys(ids.fagaiStaff as string, 'period_overdue')).filter(q1)).toEqual([]);
    // The office: one proposal per run listing every unit and period that crossed the threshold (its count in
    // the title), each unit and period proposed once.
    const proposals = (
      await t.db
        .select({ title: notifications.title, body: notifications.body, at: notifications.createdAt })
        .from(notifications)
        .where(sql`${notifications.userId} = ${ids.supervisor} and ${notifications.kind} = 'notice_proposal'`)
        .orderBy(notifications.createdAt)
    ).map((n) => ({ ...n, day: new Date(n.at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10) }));
    expect(new Set(proposals.map((p) => p.day)).size).toBe(proposals.length);
    const jingkeQ1 = proposals.filter((p) => p.body.includes('区经科局 2025年第一季度 '));
    expect(jingkeQ1.map((p) => p.day)).toEqual(['2025-04-16']);
    const first = jingkeQ1[0];
    const listed = (first?.body.split('\n') ?? []).filter((line) => line.includes('2025年第一季度 逾期'));
    expect(listed.length).toBeGreaterThan(10);
    expect(first?.title).toBe(`建议下发督办单：${listed.length}个单位报送逾期`);
    expect(listed.some((line) => line.startsWith('区发改局'))).toBe(false);
    // The milestone: once three days ahead, once the day after it passed (on its day it is due, not overdue).
    expect((await keys(ids.jingkeStaff as string, 'milestone_due')).map((k) => k.day)).toEqual(['2025-05-17']);
    expect((await keys(ids.jingkeStaff as string, 'milestone_overdue')).map((k) => k.day)).toEqual(['2025-05-21']);

    // E-mail: one digest per person per day at most, none empty, each one received by the SMTP server.
    const sent = await t.db.select().from(deliveries);
    const email = sent.filter((d) => d.channel === 'email');
    expect(email.length).toBeGreaterThan(100);
    expect(new Set(email.map((d) => d.recipientId))).toEqual(new Set([ids.jingkeStaff]));
    expect(email.every((d) => d.status === 'sent' && /共[1-9]\d*项/.test(d.subject) && d.body.trim() !== '')).toBe(
      true,
    );
    const perDay = new Set(email.map((d) => `${d.recipientId}:${d.digestKey}`));
    expect(perDay.size).toBe(email.length);
    expect(mails.length).toBe(email.length);
    expect(mails.every((m) => m.to.length === 1 && m.to[0]?.endsWith('@example.gov.cn'))).toBe(true);
    // The working robot got its unit's digests; the one that is down was retried with backoff, then given up,
    // and never held up the rest.
    const wecom = sent.filter((d) => d.channel === 'wecom');
    expect(wecom.length).toBeGreaterThan(50);
    expect(wecom.every((d) => d.status === 'sent')).toBe(true);
    const ding = sent.filter((d) => d.channel === 'dingtalk');
    expect(ding.length).toBeGreaterThan(0);
    const settled = ding.filter((d) => d.status === 'failed');
    expect(settled.length).toBeGreaterThan(0);
    expect(
      settled.every((d) => d.attempts === 5 && d.lastError !== null && !d.lastError.includes('access_token')),
    ).toBe(true);
    expect(ding.every((d) => d.status !== 'sent')).toBe(true);
    expect(robotCalls.filter((c) => c.path.startsWith('/down')).length).toBe(ding.reduce((n, d) => n + d.attempts, 0));
  }, 300_000);

  it('lets only one instance compute at a time (PostgreSQL advisory lock)', async () => {
    if (t.kind !== 'pg') {
      console.info('skipped on PGlite: one connection, so there is no second instance to exclude');
      return;
    }
    const at = new Date('2026-01-21T01:00:00Z');
    const channels = outboundChannels({});
    const holder = t.database.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(4207113902)`);
      const other = await runScheduler(t.db, at, channels);
      expect(other.ran).toBe(false);
    });
    await holder;
    expect((await runScheduler(t.db, at, channels)).ran).toBe(true);
  });
});
