// The unit directory and accounts: create, aliases, merge, groups, users single and from .xlsx.

import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { beforeAll, expect, it } from 'vitest';
import type { Unit, UnitGroup } from '../src/api/v1.js';
import type { App } from '../src/server/app.js';
import { users } from '../src/server/db/schema.js';
import { type Caller, makeApp, makeUser, multipart, signIn } from './app.js';
import { describeEachDatabase } from './db.js';

async function sheet(rows: (string | undefined)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('账号');
  ws.addRow(['用户名', '姓名', '角色', '单位']);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describeEachDatabase('unit directory and accounts', (t) => {
  let app: App;
  let clerk: Caller;
  let admin: Caller;
  const post = (url: string, payload: unknown, caller = clerk) =>
    app.inject({ method: 'POST', url, headers: caller.headers, payload: payload as object });
  const patch = (url: string, payload: unknown, caller = clerk) =>
    app.inject({ method: 'PATCH', url, headers: caller.headers, payload: payload as object });

  beforeAll(async () => {
    app = await makeApp(t.database);
    clerk = await signIn(app, (await makeUser(t.db, 'supervisor')).username);
    admin = await signIn(app, (await makeUser(t.db, 'admin')).username);
  });

  it('creates units with aliases and refuses a name already in use', async () => {
    const a = await post('/api/v1/units', {
      name: '区城管局',
      level: 'district',
      kind: 'department',
      aliases: ['区城管执法局'],
    });
    expect(a.statusCode).toBe(200);
    expect(a.json()).toMatchObject({ name: '区城管局', aliases: ['区城管执法局'], assignmentCount: 0 });
    for (const name of ['区城管局', '区城管执法局']) {
      const dup = await post('/api/v1/units', { name, level: 'district', kind: 'department' });
      expect(dup.statusCode, name).toBe(409);
      expect(dup.json().error.code).toBe('name_taken');
    }
    const bad = await post('/api/v1/units', { name: 'x', level: 'galaxy', kind: 'department' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation_failed');
    const search = (await app.inject({ url: '/api/v1/units?q=执法', headers: { cookie: clerk.cookie } })).json();
    expect(search.items.map((u: Unit) => u.name)).toEqual(['区城管局']);
  });

  it('merges one unit into another: the name becomes an alias, accounts and groups follow', async () => {
    const from: Unit = (
      await post('/api/v1/units', { name: '区城市管理局', level: 'district', kind: 'department' })
    ).json();
    const into: Unit = (await app.inject({ url: '/api/v1/units?q=区城管局', headers: { cookie: clerk.cookie } })).json()
      .items[0];
    const group: UnitGroup = (
      await post('/api/v1/unit-groups', { name: '区人民政府各部门', aliases: ['区政府各部门'], memberIds: [from.id] })
    ).json();
    expect(group.members.map((m) => m.name)).toEqual(['区城市管理局']);
    const staff = await makeUser(t.db, 'unit_staff', { unitId: from.id });
    const res = await post(`/api/v1/units/${from.id}/merge`, { intoId: into.id });
    expect(res.statusCode).toBe(200);
    expect(res.json().aliases.sort()).toEqual(['区城市管理局', '区城管执法局'].sort());
    expect(res.json().groups.map((g: { name: string }) => g.name)).toEqual(['区人民政府各部门']);
    const [row] = (await t.db.execute<{ unit_id: string }>(sql`select unit_id from ${users} where id = ${staff.id}`))
      .rows;
    expect(row?.unit_id).toBe(into.id);
    const list = (await app.inject({ url: '/api/v1/units', headers: { cookie: clerk.cookie } })).json().items as Unit[];
    expect(list.map((u) => u.name)).not.toContain('区城市管理局');
    expect((await post(`/api/v1/units/${into.id}/merge`, { intoId: into.id })).statusCode).toBe(400);
  });

  it('lets a unit user read the directory but not change it', async () => {
    const unit: Unit = (
      await post('/api/v1/units', { name: '区统计局', level: 'district', kind: 'department' })
    ).json();
    const staff = await signIn(app, (await makeUser(t.db, 'unit_staff', { unitId: unit.id })).username);
    expect((await app.inject({ url: '/api/v1/units', headers: { cookie: staff.cookie } })).statusCode).toBe(200);
    expect(
      (await post('/api/v1/units', { name: '区新局', level: 'district', kind: 'department' }, staff)).statusCode,
    ).toBe(403);
    expect((await patch(`/api/v1/units/${unit.id}`, { name: '区统计局二' }, staff)).statusCode).toBe(403);
    expect((await app.inject({ url: '/api/v1/users', headers: { cookie: staff.cookie } })).statusCode).toBe(403);
  });

  it('creates accounts with a generated initial password shown once; a supervisor cannot make an admin', async () => {
    const unit: Unit = (
      await post('/api/v1/units', { name: '区教育局', level: 'district', kind: 'department' })
    ).json();
    const res = await post('/api/v1/users', {
      username: 'jiaoyu.staff',
      displayName: '经办人',
      role: 'unit_staff',
      unitId: unit.id,
    });
    expect(res.statusCode).toBe(200);
    const { user, initialPassword } = res.json();
    expect(user).toMatchObject({
      username: 'jiaoyu.staff',
      role: 'unit_staff',
      unit: { name: '区教育局' },
      mustChangePassword: true,
    });
    expect(initialPassword).toMatch(/^.{16}$/);
    const signedIn = await signIn(app, 'jiaoyu.staff', initialPassword);
    expect(
      (await app.inject({ url: '/api/v1/auth/me', headers: { cookie: signedIn.cookie } })).json().user
        .mustChangePassword,
    ).toBe(true);
    expect(
      (await post('/api/v1/users', { username: 'boss', displayName: 'x', role: 'admin', unitId: null })).statusCode,
    ).toBe(403);
    expect(
      (await post('/api/v1/users', { username: 'boss', displayName: 'x', role: 'admin', unitId: null }, admin))
        .statusCode,
    ).toBe(200);
    const noUnit = await post('/api/v1/users', {
      username: 'nounit',
      displayName: 'x',
      role: 'unit_leader',
      unitId: null,
    });
    expect(noUnit.json().error.code).toBe('unit_required');
    expect(
      (await post('/api/v1/users', { username: 'JIAOYU.STAFF', displayName: 'x', role: 'executive' })).statusCode,
    ).toBe(409);
    const reset = await patch(`/api/v1/users/${user.id}`, { resetPassword: true });
    expect(reset.json().initialPassword).toMatch(/^.{16}$/);
    expect(reset.json().initialPassword).not.toBe(initialPassword);
  });

  it('imports accounts from an .xlsx sheet: all rows or none', async () => {
    const upload = async (bytes: Buffer) => {
      const body = multipart('users.xlsx', bytes);
      return app.inject({
        method: 'POST',
        url: '/api/v1/users/import',
        headers: { ...clerk.headers, ...body.headers },
        payload: body.payload,
      });
    };
    const count = async () =>
      (await t.db.execute<{ n: number }>(sql`select count(*)::int as n from ${users}`)).rows[0]?.n;
    const before = await count();
    const bad = await upload(
      await sheet([
        ['li.si', '李四', '单位经办人', '区教育局'],
        ['wang.wu', '王五', '单位主要领导', '不存在的局'],
      ]),
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_sheet');
    expect(bad.json().error.details.problems).toEqual([{ row: 3, message: '未知单位“不存在的局” / unknown unit' }]);
    expect(await count()).toBe(before);
    const good = await upload(
      await sheet([
        ['li.si', '李四', '单位经办人', '区教育局'],
        ['zhao.liu', '赵六', 'executive', undefined],
        // A unit named by its alias, with a full-width space, finds it as the notice import would.
        ['qian.qi', '钱七', '单位经办人', '区城管　执法局'],
      ]),
    );
    expect(good.statusCode, good.body.slice(0, 300)).toBe(200);
    expect(
      good
        .json()
        .created.map((c: { user: { username: string; unit: { name: string } | null } }) => [
          c.user.username,
          c.user.unit?.name ?? null,
        ]),
    ).toEqual([
      ['li.si', '区教育局'],
      ['zhao.liu', null],
      ['qian.qi', '区城管局'],
    ]);
    expect(await count()).toBe((before ?? 0) + 3);
    const junk = await upload(Buffer.from('not a workbook'));
    expect(junk.json().error.code).toBe('invalid_xlsx');
  });
});
