// `npm start -- --demo`: on an empty database, the bundled sample notice imported, a directory
// for its units (with the aliases and groups a real office would set up) and one account per role.
// The notice is re-dated to the demo year and that year is played up to the demo date (demo-year.ts).
// Without --demo nothing is invented.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import type { Role } from '../../api/v1.js';
import { parseNoticeText } from '../../core/parse/index.js';
import { cstDate } from '../../core/time.js';
import { unitMatcher } from '../../core/unit-names.js';
import { leaderUnits, plans, users } from '../db/schema.js';
import { cliActor } from '../policy.js';
import { ROOT } from '../web.js';
import { audit } from './audit.js';
import type { Ctx } from './context.js';
import { redateNotice, simulateYear } from './demo-year.js';
import { guessKind, insertGroup, insertUnit, loadUnitDirectory } from './directory.js';
import { confirmImport, previewImport } from './imports.js';
import { loadPlanLights } from './lights.js';
import { defaultOrganisationId } from './organisations.js';
import { hashPassword } from './passwords.js';
import { setPlanPublished } from './publicity.js';
import { readSupervisionSettings } from './settings.js';

export const SAMPLE_FILE = join(ROOT, 'examples', 'wuchang-2025-work-report-tasks.txt');
export const DEMO_PASSWORD = 'Duban@2025demo';

export const DEMO_ACCOUNTS: { username: string; displayName: string; role: Role; unit?: string }[] = [
  { username: 'duchashi', displayName: '督查室 王敏', role: 'supervisor' },
  { username: 'quzhang', displayName: '区领导 李强', role: 'executive' },
  { username: 'fagai.leader', displayName: '区发改局 局长 张伟', role: 'unit_leader', unit: '区发改局' },
  { username: 'fagai.staff', displayName: '区发改局 经办人 刘洋', role: 'unit_staff', unit: '区发改局' },
  { username: 'jingke.staff', displayName: '区经科局 经办人 陈静', role: 'unit_staff', unit: '区经科局' },
  { username: 'zhugeng.staff', displayName: '区住更局 经办人 赵磊', role: 'unit_staff', unit: '区住更局' },
  { username: 'yangyuan.staff', displayName: '杨园街道 经办人 孙丽', role: 'unit_staff', unit: '杨园街道' },
];

/**
 * 分管: the units each demo district leader is in charge of (the brief and 批示 routing read them). The demo's own
 * units report punctually, so the leader is also given the two units the simulated year left with the most red items
 * (leadTheLaggards): their brief then has something to say.
 */
export const DEMO_LEADER_UNITS: Record<string, string[]> = { quzhang: ['区发改局', '区经科局'] };
const DEMO_LEADER = 'quzhang';

/** Spellings the sample uses for one unit; the demo directory knows them as aliases. */
const DEMO_ALIASES: Record<string, string[]> = {
  市生态环境局武昌分局: ['市生态环境局武昌区分局'],
  区城管局: ['区城管执法局'],
};
const DEMO_GROUPS: {
  name: string;
  aliases: string[];
  members: (u: { name: string; kind: string; level: string }) => boolean;
}[] = [
  {
    name: '区人民政府各部门',
    aliases: ['区政府各部门'],
    members: (u) => u.level === 'district' && u.kind === 'department' && u.name.startsWith('区'),
  },
  { name: '各街道办事处', aliases: [], members: (u) => u.kind === 'street' },
  { name: '各区人民政府', aliases: [], members: () => false },
  { name: '民生实事牵头单位', aliases: [], members: () => false },
];

/**
 * `today` is the demo date (the real one by default): the plan is for its year and the year is simulated up to
 * it; every step of the simulation is stamped with its own simulated time.
 */
export async function seedDemo(
  ctx: Ctx,
  options: { today?: Date } = {},
): Promise<{ seeded: boolean; accounts: typeof DEMO_ACCOUNTS }> {
  // The demo is the default organisation's, as a single-office installation is: seeded once it has a plan.
  const organisationId = await defaultOrganisationId(ctx.db);
  const [{ n } = { n: 0 }] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(plans)
    .where(eq(plans.organisationId, organisationId));
  if (n > 0) return { seeded: false, accounts: DEMO_ACCOUNTS };
  const today = options.today ?? ctx.clock();
  const year = Number(cstDate(today).slice(0, 4));
  const text = redateNotice(readFileSync(SAMPLE_FILE, 'utf8'), year);
  const bytes = Buffer.from(text, 'utf8');
  const parse = parseNoticeText(text);
  // The plan is imported on the day the notice was issued (19 February of the demo year).
  const issued = new Date(Math.min(today.getTime(), Date.parse(`${year}-02-19T02:00:00Z`)));
  ctx = { ...ctx, clock: () => issued };
  const groupNames = new Set(DEMO_GROUPS.flatMap((g) => [g.name, ...g.aliases]));
  const aliasOf = new Set(Object.values(DEMO_ALIASES).flat());

  let passwordHash = '';
  await ctx.db.transaction(async (tx) => {
    const seen = new Map<string, { name: string; kind: string; level: string; id: string }>();
    // Units already in the directory, found as every import finds them (name, then alias).
    const known = unitMatcher(await loadUnitDirectory(tx, organisationId));
    for (const t of parse.tasks) {
      for (const a of t.assignments) {
        if (seen.has(a.unit) || groupNames.has(a.unit) || aliasOf.has(a.unit)) continue;
        const found = known(a.unit);
        const existing = 'unitId' in found ? { id: found.unitId } : undefined;
        const level = a.level ?? 'district';
        const kind = guessKind(a.unit);
        const id =
          existing?.id ??
          (await insertUnit(tx, organisationId, { name: a.unit, level, kind, aliases: DEMO_ALIASES[a.unit] ?? [] }));
        seen.set(a.unit, { name: a.unit, kind, level, id });
      }
    }
    for (const g of DEMO_GROUPS) {
      const memberIds = [...seen.values()].filter(g.members).map((u) => u.id);
      await insertGroup(tx, organisationId, { name: g.name, aliases: g.aliases, memberIds });
    }
    const accountUnit = unitMatcher(await loadUnitDirectory(tx, organisationId));
    passwordHash = await hashPassword(DEMO_PASSWORD);
    for (const account of DEMO_ACCOUNTS) {
      const found = account.unit ? accountUnit(account.unit) : undefined;
      const unitId = found && 'unitId' in found ? found.unitId : null;
      await tx
        .insert(users)
        .values({ ...account, organisationId, unitId, passwordHash, mustChangePassword: false })
        .onConflictDoNothing();
    }
    // 分管: the district leader is in charge of a few units, as the office would record in the directory.
    for (const [username, unitNames] of Object.entries(DEMO_LEADER_UNITS)) {
      const [leader] = await tx.select({ id: users.id }).from(users).where(eq(users.username, username));
      const unitIds = unitNames.flatMap((name) => {
        const found = accountUnit(name);
        return 'unitId' in found ? [found.unitId] : [];
      });
      if (leader && unitIds.length > 0)
        await tx
          .insert(leaderUnits)
          .values(unitIds.map((unitId) => ({ userId: leader.id, unitId })))
          .onConflictDoNothing();
    }
    await audit(tx, ctx, { action: 'demo.seed', details: { accounts: DEMO_ACCOUNTS.length } });
  });

  const supervisor: Ctx = { ...ctx, actor: cliActor('supervisor', organisationId) };
  const preview = await previewImport(supervisor, { fileName: `wuchang-${year}-work-report-tasks.txt`, bytes });
  const { planId } = await confirmImport(supervisor, preview.id, {
    approveNewUnits: preview.units.filter((u) => u.match === 'new').map((u) => u.name),
    year,
  });
  // The demo's public page shows its plan, as an office would choose.
  await setPlanPublished(supervisor, planId, { published: true });
  const demoUnits = [...new Set(DEMO_ACCOUNTS.flatMap((a) => (a.unit ? [a.unit] : [])))];
  await simulateYear(ctx, planId, today, { passwordHash, demoUnits });
  await leadTheLaggards(ctx, planId, today);
  return { seeded: true, accounts: DEMO_ACCOUNTS };
}

/** Adds to the demo leader's 分管 the two units with the most red items once the year is played (see above). */
async function leadTheLaggards(ctx: Ctx, planId: string, today: Date): Promise<void> {
  const [leader] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.username, DEMO_LEADER));
  if (!leader) return;
  const lights = await loadPlanLights(ctx.db, planId, today, await readSupervisionSettings(ctx.db));
  const red = new Map<string, number>();
  for (const item of lights.items) if (item.light === 'red') red.set(item.unitId, (red.get(item.unitId) ?? 0) + 1);
  const worst = [...red.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 2);
  if (worst.length === 0) return;
  await ctx.db
    .insert(leaderUnits)
    .values(worst.map(([unitId]) => ({ userId: leader.id, unitId, createdAt: today })))
    .onConflictDoNothing();
}
