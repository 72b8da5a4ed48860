// Accounts: created by the admin or the supervisor, one at a time or from an .xlsx sheet (all
// rows or none). A generated initial password is returned once and must be changed at first sign-in.

import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Role, User } from '../../api/v1.js';
import { roleSchema } from '../../api/v1.js';
import { DubanError } from '../../core/errors.js';
import { ACCOUNT_LIMITS } from '../../core/limits.js';
import { unitMatcher } from '../../core/unit-names.js';
import type { Db } from '../db/client.js';
import { sessions, units, users } from '../db/schema.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { authorize, authorizeGrant } from '../policy.js';
import { audit, diffChanges } from './audit.js';
import type { Ctx } from './context.js';
import { loadUnitDirectory } from './directory.js';
import { organisationOf } from './organisations.js';
import { checkPasswordPolicy, generatePassword, hashPassword } from './passwords.js';
import { streamSheetRows, tooManyRows } from './sheet-reader.js';
import { clearAccountThrottles } from './throttle.js';

const UNIT_ROLES: readonly Role[] = ['unit_leader', 'unit_staff'];

export const ROLE_LABELS: Record<Role, string> = {
  admin: '系统管理员',
  supervisor: '督查室',
  executive: '区领导',
  unit_leader: '单位主要领导',
  unit_staff: '单位经办人',
};

/** Who an account is: the fields a user list and the signed-in user's own view both show. */
export function userIdentity(row: typeof users.$inferSelect, unitName: string | null) {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    unit: row.unitId && unitName ? { id: row.unitId, name: unitName } : null,
  };
}

function present(row: typeof users.$inferSelect, unitName: string | null): User {
  return {
    ...userIdentity(row, unitName),
    email: row.email,
    disabled: row.disabled,
    mustChangePassword: row.mustChangePassword,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function listUsers(ctx: Ctx): Promise<User[]> {
  authorize(ctx.actor, 'users.read');
  const rows = await ctx.db
    .select({ user: users, unitName: units.name })
    .from(users)
    .leftJoin(units, eq(units.id, users.unitId))
    .where(eq(users.organisationId, ctx.actor.organisationId))
    .orderBy(asc(users.username));
  return rows.map((r) => present(r.user, r.unitName));
}

async function getUser(db: Db, id: string): Promise<User> {
  const [r] = await db
    .select({ user: users, unitName: units.name })
    .from(users)
    .leftJoin(units, eq(units.id, users.unitId))
    .where(eq(users.id, id));
  if (!r) throw notFound('用户', 'user');
  return present(r.user, r.unitName);
}

function checkRoleUnit(role: Role, unitId: string | null): void {
  if (UNIT_ROLES.includes(role) && !unitId) {
    throw badRequest(
      'unit_required',
      '单位主要领导和单位经办人必须属于一个单位。',
      'Unit leaders and unit staff must belong to a unit.',
    );
  }
}

async function checkUnit(db: Db, organisationId: string, unitId: string | null): Promise<void> {
  if (!unitId) return;
  const [u] = await db
    .select({ id: units.id })
    .from(units)
    .where(and(eq(units.id, unitId), eq(units.organisationId, organisationId), isNull(units.mergedIntoId)));
  if (!u) throw notFound('单位', 'unit');
}

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  unitId: string | null;
  email?: string | null | undefined;
  password?: string | undefined;
}

/** Inside a transaction; returns the id and the generated password, if one was generated. */
async function insertUser(tx: Db, ctx: Ctx, input: NewUser): Promise<{ id: string; initialPassword?: string }> {
  checkRoleUnit(input.role, input.unitId);
  // A new account works in its creator's organisation (the command line's: the default one).
  const organisationId = await organisationOf({ db: tx, actor: ctx.actor });
  await checkUnit(tx, organisationId, input.unitId);
  const [taken] = await tx
    .select({ id: users.id })
    .from(users)
    .where(eq(sql`lower(${users.username})`, input.username.toLowerCase()));
  if (taken) {
    throw conflict(
      'username_taken',
      `用户名“${input.username}”已存在。`,
      `The user name "${input.username}" is taken.`,
      {
        username: input.username,
      },
    );
  }
  if (input.password) checkPasswordPolicy(input.password, input.username);
  const password = input.password ?? generatePassword();
  const [row] = await tx
    .insert(users)
    .values({
      organisationId,
      username: input.username,
      displayName: input.displayName,
      role: input.role,
      unitId: input.unitId,
      email: input.email ?? null,
      passwordHash: await hashPassword(password),
      mustChangePassword: true,
      createdAt: ctx.clock(),
    })
    .returning({ id: users.id });
  const id = (row as { id: string }).id;
  await audit(tx, ctx, {
    action: 'user.create',
    subjectType: 'user',
    subjectId: id,
    details: { username: input.username, role: input.role, unitId: input.unitId },
  });
  return input.password ? { id } : { id, initialPassword: password };
}

export async function createUser(ctx: Ctx, input: NewUser): Promise<{ user: User; initialPassword?: string }> {
  authorize(ctx.actor, 'users.write');
  authorizeGrant(ctx.actor, input.role);
  const result = await ctx.db.transaction((tx) => insertUser(tx, ctx, input));
  const user = await getUser(ctx.db, result.id);
  return result.initialPassword ? { user, initialPassword: result.initialPassword } : { user };
}

export interface UserChanges {
  displayName?: string | undefined;
  role?: Role | undefined;
  unitId?: string | null | undefined;
  email?: string | null | undefined;
  disabled?: boolean | undefined;
  resetPassword?: boolean | undefined;
}

export async function updateUser(
  ctx: Ctx,
  id: string,
  changes: UserChanges,
): Promise<{ user: User; initialPassword?: string }> {
  authorize(ctx.actor, 'users.write');
  const actor = ctx.actor;
  let initialPassword: string | undefined;
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(users).where(eq(users.id, id));
    if (!row) throw notFound('用户', 'user');
    // A supervisor manages only the accounts it could have created.
    authorizeGrant(actor, row.role);
    if (changes.role) authorizeGrant(actor, changes.role);
    const role = changes.role ?? row.role;
    const unitId = changes.unitId === undefined ? row.unitId : changes.unitId;
    checkRoleUnit(role, unitId);
    await checkUnit(tx, row.organisationId, unitId);
    if (id === actor.id && (changes.disabled || (changes.role && changes.role !== row.role))) {
      throw badRequest(
        'cannot_change_self',
        '不能停用自己的账号或修改自己的角色。',
        'You cannot disable your own account or change your own role.',
      );
    }
    const set: Partial<typeof users.$inferInsert> = { role, unitId };
    if (changes.displayName) set.displayName = changes.displayName;
    if (changes.disabled !== undefined) set.disabled = changes.disabled;
    if (changes.email !== undefined) set.email = changes.email;
    if (changes.resetPassword) {
      initialPassword = generatePassword();
      set.passwordHash = await hashPassword(initialPassword);
      set.mustChangePassword = true;
      await clearAccountThrottles(tx, row.username, id);
    }
    await tx.update(users).set(set).where(eq(users.id, id));
    if (changes.disabled || changes.resetPassword || changes.role || changes.unitId !== undefined) {
      await tx.delete(sessions).where(eq(sessions.userId, id));
    }
    await audit(tx, ctx, {
      action: 'user.update',
      subjectType: 'user',
      subjectId: id,
      // Never the password (hash) itself: that a reset happened is enough.
      details: {
        changes: diffChanges(row, {
          displayName: set.displayName,
          role: set.role,
          unitId: set.unitId,
          email: set.email,
          disabled: set.disabled,
        }),
        resetPassword: Boolean(changes.resetPassword),
      },
    });
  });
  const user = await getUser(ctx.db, id);
  return initialPassword ? { user, initialPassword } : { user };
}

const HEADERS: Record<string, keyof NewUser | 'unit'> = {
  用户名: 'username',
  username: 'username',
  姓名: 'displayName',
  displayname: 'displayName',
  name: 'displayName',
  角色: 'role',
  role: 'role',
  单位: 'unit',
  unit: 'unit',
  初始密码: 'password',
  password: 'password',
};

function roleFromCell(value: string): Role | null {
  const v = value.trim();
  const parsed = roleSchema.safeParse(v);
  if (parsed.success) return parsed.data;
  return (Object.entries(ROLE_LABELS).find(([, label]) => label === v)?.[0] as Role | undefined) ?? null;
}

const sheetError = (problems: { row: number; message: string }[]) =>
  new DubanError(
    'invalid_sheet',
    {
      zh: `表格有 ${problems.length} 处错误，未创建任何账号：${problems
        .slice(0, 3)
        .map((p) => `第${p.row}行 ${p.message}`)
        .join('；')}`,
      en: `The sheet has ${problems.length} problems; no account was created. First: row ${problems[0]?.row}: ${problems[0]?.message}`,
    },
    400,
    { problems },
  );

/** Creates every account of the sheet, or none. */
export async function importUsers(ctx: Ctx, bytes: Uint8Array): Promise<{ user: User; initialPassword: string }[]> {
  authorize(ctx.actor, 'users.write');
  const actor = ctx.actor;
  // A unit by its name or any alias, spelled as the notice import accepts it.
  const matchUnit = unitMatcher(await loadUnitDirectory(ctx.db, actor.organisationId));
  const problems: { row: number; message: string }[] = [];
  const rows: (NewUser & { row: number })[] = [];
  const columns = new Map<number, keyof NewUser | 'unit'>();
  let headerChecked = false;
  const checkHeader = () => {
    if (headerChecked) return;
    headerChecked = true;
    for (const needed of ['username', 'displayName', 'role'] as const) {
      if (![...columns.values()].includes(needed)) {
        throw sheetError([{ row: 1, message: `缺少列 ${needed} / missing column ${needed}` }]);
      }
    }
  };
  // The first worksheet, row by row as it streams; bombs and oversized sheets are refused before or while read.
  const found = await streamSheetRows(
    bytes,
    ACCOUNT_LIMITS,
    (names) => names[0],
    (sheetRow, valueRows) => {
      const r = sheetRow.number;
      if (r === 1) {
        sheetRow.eachCell((cell, col) => {
          const key = HEADERS[String(cell.text).trim().toLowerCase()] ?? HEADERS[String(cell.text).trim()];
          if (key) columns.set(col, key);
        });
        return;
      }
      checkHeader();
      if (valueRows > ACCOUNT_LIMITS.maxRows) throw tooManyRows(ACCOUNT_LIMITS.maxRows);
      const values: Partial<Record<keyof NewUser | 'unit', string>> = {};
      for (const [col, key] of columns) values[key] = String(sheetRow.getCell(col).text ?? '').trim();
      if (!values.username && !values.displayName) return;
      const role = roleFromCell(values.role ?? '');
      const found = values.unit ? matchUnit(values.unit) : undefined;
      const unit = found && 'unitId' in found ? { id: found.unitId } : undefined;
      if (!/^[A-Za-z0-9_.-]{3,40}$/.test(values.username ?? ''))
        problems.push({ row: r, message: `用户名无效 / invalid user name` });
      if (!values.displayName) problems.push({ row: r, message: '缺少姓名 / missing name' });
      if (!role) problems.push({ row: r, message: `未知角色“${values.role}” / unknown role` });
      if (values.unit && !unit) problems.push({ row: r, message: `未知单位“${values.unit}” / unknown unit` });
      if (role && UNIT_ROLES.includes(role) && !values.unit)
        problems.push({ row: r, message: '缺少单位 / missing unit' });
      rows.push({
        row: r,
        username: values.username ?? '',
        displayName: values.displayName ?? '',
        role: role ?? 'unit_staff',
        unitId: unit?.id ?? null,
        password: values.password || undefined,
      });
    },
  );
  if (found === 'not_xlsx' || found === 'unreadable') {
    throw badRequest(
      'invalid_xlsx',
      '文件不是有效的 Excel（.xlsx）表格。',
      'The file is not a valid Excel (.xlsx) workbook.',
    );
  }
  if (found === 'no_sheet') throw sheetError([{ row: 1, message: '没有工作表 / no worksheet' }]);
  checkHeader();
  const dupes = rows.filter(
    (a, i) => rows.findIndex((b) => b.username.toLowerCase() === a.username.toLowerCase()) !== i,
  );
  for (const d of dupes) problems.push({ row: d.row, message: `用户名重复 / duplicate user name ${d.username}` });
  if (rows.length === 0) problems.push({ row: 2, message: '没有数据行 / no data rows' });
  for (const row of rows) authorizeGrant(actor, row.role);
  if (problems.length > 0) throw sheetError(problems);

  const created = await ctx.db.transaction(async (tx) => {
    const out: { id: string; initialPassword: string }[] = [];
    for (const row of rows) {
      try {
        const r = await insertUser(tx, ctx, row);
        out.push({ id: r.id, initialPassword: r.initialPassword ?? (row.password as string) });
      } catch (e) {
        if (e instanceof DubanError)
          throw sheetError([{ row: row.row, message: `${e.messages.zh} / ${e.messages.en}` }]);
        throw e;
      }
    }
    return out;
  });
  return Promise.all(
    created.map(async (c) => ({ user: await getUser(ctx.db, c.id), initialPassword: c.initialPassword })),
  );
}
