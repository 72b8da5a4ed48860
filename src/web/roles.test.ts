import { describe, expect, it } from 'vitest';
// The server's own grants, so these tests follow the one policy instead of a copy of it.
import { roleAbilities } from '../server/policy';
import type { Role } from './api/types';
import {
  canOpen as canOpenAs,
  HOME_BY_ROLE,
  NAV_BY_ROLE,
  NAV_PATHS,
  pathAllowed as pathAllowedAs,
  ROLES,
} from './roles';

const caller = (role: Role) => ({ role, abilities: roleAbilities(role) });
const pathAllowed = (role: Role, path: string) => pathAllowedAs(caller(role), path);
const canOpen = (role: Role, key: Parameters<typeof canOpenAs>[1]) => canOpenAs(caller(role), key);

describe('who opens which page', () => {
  it('lets every role open each page of its menu and its home page', () => {
    for (const role of ROLES) {
      for (const key of NAV_BY_ROLE[role]) expect(pathAllowed(role, NAV_PATHS[key]), `${role} ${key}`).toBe(true);
      expect(pathAllowed(role, HOME_BY_ROLE[role]), role).toBe(true);
    }
  });

  it('names every role once in the form order', () => {
    expect([...ROLES].sort()).toEqual(Object.keys(NAV_BY_ROLE).sort());
    expect(new Set(ROLES).size).toBe(ROLES.length);
  });

  it('refuses a deep link to a page outside the role', () => {
    expect(pathAllowed('admin', '/dashboard')).toBe(false);
    expect(pathAllowed('admin', '/imports/new')).toBe(false);
    expect(pathAllowed('unit_staff', '/imports/new')).toBe(false);
    expect(pathAllowed('unit_staff', '/users')).toBe(false);
    expect(pathAllowed('unit_leader', '/reviews')).toBe(false);
    expect(pathAllowed('executive', '/audit')).toBe(false);
    // The ladder: the office and the district leaders (read only), never units.
    expect(pathAllowed('executive', '/ladder')).toBe(true);
    expect(pathAllowed('supervisor', '/ladder')).toBe(true);
    expect(pathAllowed('unit_leader', '/ladder')).toBe(false);
    expect(pathAllowed('unit_staff', '/ladder')).toBe(false);
    // 关注: the district leaders' own page.
    expect(pathAllowed('executive', '/watches')).toBe(true);
    expect(pathAllowed('supervisor', '/watches')).toBe(false);
    expect(pathAllowed('unit_leader', '/watches')).toBe(false);
    expect(pathAllowed('supervisor', '/nowhere')).toBe(false);
    expect(canOpen('unit_staff', 'my')).toBe(true);
    expect(canOpen('supervisor', 'my')).toBe(false);
  });

  it('always lets anyone reach the root and the password page', () => {
    for (const role of ROLES) {
      expect(pathAllowed(role, '/'), role).toBe(true);
      expect(pathAllowed(role, '/password'), role).toBe(true);
    }
  });

  it('opens one task by its link for everyone, the task list only for those whose menu has it', () => {
    for (const role of ROLES) expect(pathAllowed(role, '/tasks/abc'), role).toBe(true);
    expect(pathAllowed('supervisor', '/tasks')).toBe(true);
    expect(pathAllowed('unit_staff', '/tasks')).toBe(false);
  });

  it('opens one ledger or submission by its link for whoever the server lets read it, and needs an id', () => {
    // The admin reads (never edits) business data: the server grants it, so its links open too.
    for (const path of ['/ledger/a1', '/submission/p1', '/ledgers/a1', '/submissions/s1']) {
      for (const role of ROLES) expect(pathAllowed(role, path), `${role} ${path}`).toBe(true);
    }
    expect(canOpen('admin', 'ledgers')).toBe(false);
    expect(pathAllowed('unit_staff', '/ledger')).toBe(false);
    expect(pathAllowed('unit_staff', '/submission')).toBe(false);
    expect(pathAllowed('unit_staff', '/submissions')).toBe(false);
    // The list of ledgers is a menu page: the office's, not a unit's.
    expect(pathAllowed('supervisor', '/ledgers')).toBe(true);
    expect(pathAllowed('unit_staff', '/ledgers')).toBe(false);
  });
});
