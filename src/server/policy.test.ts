// The authorization matrix: every role × own unit / other unit / no session × every action.

import { describe, expect, it } from 'vitest';
import type { Role } from '../api/v1.js';
import { DubanError } from '../core/errors.js';
import {
  type Action,
  type Actor,
  authorize,
  authorizeEver,
  briefLeaderOf,
  can,
  canGrantRole,
  coordinationAbilities,
  coordinationScope,
  isScoped,
  ledgerAbilities,
  mayEver,
  RULES,
  roleAbilities,
  type ScopedAction,
  submissionAbilities,
  supervisionNoticeAbilities,
  taskScope,
} from './policy.js';

const ROLES: Role[] = ['admin', 'supervisor', 'executive', 'unit_leader', 'unit_staff'];
const OWN = 'unit-own';
const OTHER = 'unit-other';
const actor = (role: Role): Actor => ({
  id: `user-${role}`,
  role,
  unitId: role.startsWith('unit_') ? OWN : null,
  organisationId: 'organisation-own',
});

// Expected outcome per action and role: for an own-unit row and for another unit's row.
const EXPECTED: Record<Action, Record<Role, [own: boolean, other: boolean]>> = {
  'plans.read': {
    admin: [true, true],
    supervisor: [true, true],
    executive: [true, true],
    unit_leader: [true, true],
    unit_staff: [true, true],
  },
  'plans.import': {
    admin: [false, false],
    supervisor: [true, true],
    executive: [false, false],
    unit_leader: [false, false],
    unit_staff: [false, false],
  },
  'plans.yearEnd': {
    admin: [false, false],
    supervisor: [true, true],
    executive: [false, false],
    unit_leader: [false, false],
    unit_staff: [false, false],
  },
  'tasks.read': {
    admin: [true, true],
    supervisor: [true, true],
    executive: [true, true],
    unit_leader: [true, false],
    unit_staff: [true, false],
  },
  'periods.manage': {
    admin: [false, false],
    supervisor: [true, true],
    executive: [false, false],
    unit_leader: [false, false],
    unit_staff: [false, false],
  },
  'receipts.read': {
    admin: [true, true],
    supervisor: [true, true],
    executive: [true, true],
    unit_leader: [true, false],
    unit_staff: [true, false],
  },
  'receipts.answer': {
    admin: [false, false],
    supervisor: [false, false],
    executive: [false, false],
    unit_leader: [true, false],
    unit_staff: [true, false],
  },
  'assignments.reassign': {
    admin: [false, false],
    supervisor: [true, true],
    executive: [false, false],
    unit_leader: [false, false],
    unit_staff: [false, false],
  },
  'ledgers.read': {
    admin: [true, true],
    supervisor: [true, true],
    executive: [true, true],
    unit_leader: [true, false],
    unit_staff: [true, false],
  },
  'ledgers.write': {
    admin: [false, false],
    supervisor: [false, false],
    executive: [false, false],
    unit_leader: [true, false],
    unit_staff: [true, false],
  },
  'ledgers.review': {
    admin: [false, false],
    supervisor: [true, true],
    executive: [false, false],
    unit_leader: [false, false],
    unit_staff: [false, false],
  },
  'submissions.read': {
    admin: [true, true],
    supervisor: [true, true],
    executive: [true, true],
    unit_leader: [true, false],
    unit_staff: [true, false],
  },
  'submissions.edit': {
    admin: [false, false],
    supervisor: [false, false],
    executive: [false, false],
    unit_leader: [true, false],
    unit_staff: [true, false],
  },
  'submissions.sign': {
    admin: [false, false],
    supervisor: [false, false],
    executive: [false, false],
    unit_leader: [true, false],
    unit_staff: [false, false],
  },
  'submissions.review': {
    admin: [false, false],
    supervisor: [true, true],
    executive: [false, false],
    unit_leader: [false, false],
    unit_staff: [false, false],
  },
  'submissions.consolidate': {
    admin: [false, false],
    supervisor: [false, false],
    executive: [false, false],
    unit_leader: [true, false],
    unit_staff: [true, false],
  },
  'coordination.read': {
    admin: [true, true],
    supervisor: [true, true],
    executive: [true, true],
    unit_leader: [true, false],
    unit_staff: [true, false],
  },
  'coordination.raise': {
    admin: [false, false],
    supervisor: [false, false],
    executive: [false, false],
    unit_leader: [true, false],
    unit_staff: [true, false],
  },
  'coordination.route': {
    admin: [false, false],
    supervisor: [true, true],
    executive: [false, false],
    unit_leader: [false, false],
    unit_staff: [false, false],
  },
  'coordination.answer': {
    admin: [false, false],
    supervisor: [false, false],
    executive: [true, true],
    unit_leader: [false, false],
    unit_staff: [false, false],
  },
  'coordination.resolve': {
    admin: [false, false],
    supervisor: [true, true],
    executive: [false, false],
    unit_leader: [true, false],
    unit_staff: [true, false],
  },
  'directory.read': {
    admin: [true, true],
    supervisor: [true, true],
    executive: [true, true],
    unit_leader: [true, true],
    unit_staff: [true, true],
  },
  'directory.write': {
    admin: [false, false],
    supervisor: [true, true],
    executive: [false, false],
    unit_leader: [false, false],
    unit_staff: [false, false],
  },
  'users.read': {
    admin: [true, true],
    supervisor: [true, true],
    executive: [false, false],
    unit_leader: [false, false],
    unit_staff: [false, false],
  },
  'users.write': {
    admin: [true, true],
    supervisor: [true, true],
    executive: [false, false],
    unit_leader: [false, false],
    unit_staff: [false, false],
  },
  'users.handover': {
    admin: [true, true],
    supervisor: [true, true],
    executive: [false, false],
    unit_leader: [true, false],
    unit_staff: [false, false],
  },
  'audit.read': {
    admin: [true, true],
    supervisor: [false, false],
    executive: [false, false],
    unit_leader: [false, false],
    unit_staff: [false, false],
  },
  'backups.manage': {
    admin: [true, true],
    supervisor: [false, false],
    executive: [false, false],
    unit_leader: [false, false],
    unit_staff: [false, false],
  },
  'supervision.read': {
    admin: [false, false],
    supervisor: [true, true],
    executive: [true, true],
    unit_leader: [true, false],
    unit_staff: [true, false],
  },
  'supervision.manage': {
    admin: [false, false],
    supervisor: [true, true],
    executive: [false, false],
    unit_leader: [false, false],
    unit_staff: [false, false],
  },
  'supervision.oversee': {
    admin: [false, false],
    supervisor: [true, true],
    executive: [true, true],
    unit_leader: [false, false],
    unit_staff: [false, false],
  },
  'reminders.send': {
    admin: [false, false],
    supervisor: [true, true],
    executive: [false, false],
    unit_leader: [false, false],
    unit_staff: [false, false],
  },
  'deliveries.read': {
    admin: [true, true],
    supervisor: [true, true],
    executive: [false, false],
    unit_leader: [false, false],
    unit_staff: [false, false],
  },
  'webhooks.manage': {
    admin: [false, false],
    supervisor: [true, true],
    executive: [false, false],
    unit_leader: [true, false],
    unit_staff: [false, false],
  },
  'supervisionNotices.read': {
    admin: [false, false],
    supervisor: [true, true],
    executive: [true, true],
    unit_leader: [true, false],
    unit_staff: [true, false],
  },
  'supervisionNotices.issue': {
    admin: [false, false],
    supervisor: [true, true],
    executive: [false, false],
    unit_leader: [false, false],
    unit_staff: [false, false],
  },
  'supervisionNotices.respond': {
    admin: [false, false],
    supervisor: [false, false],
    executive: [false, false],
    unit_leader: [true, false],
    unit_staff: [true, false],
  },
  'closeouts.read': {
    admin: [false, false],
    supervisor: [true, true],
    executive: [true, true],
    unit_leader: [true, false],
    unit_staff: [true, false],
  },
  'closeouts.request': {
    admin: [false, false],
    supervisor: [false, false],
    executive: [false, false],
    unit_leader: [true, false],
    unit_staff: [true, false],
  },
  'closeouts.verify': {
    admin: [false, false],
    supervisor: [true, true],
    executive: [false, false],
    unit_leader: [false, false],
    unit_staff: [false, false],
  },
  'bulletins.read': {
    admin: [true, true],
    supervisor: [true, true],
    executive: [true, true],
    unit_leader: [true, true],
    unit_staff: [true, true],
  },
  'bulletins.readDrafts': {
    admin: [false, false],
    supervisor: [true, true],
    executive: [true, true],
    unit_leader: [false, false],
    unit_staff: [false, false],
  },
  'bulletins.manage': {
    admin: [false, false],
    supervisor: [true, true],
    executive: [false, false],
    unit_leader: [false, false],
    unit_staff: [false, false],
  },
  'bulletins.signOff': {
    admin: [false, false],
    supervisor: [true, true],
    executive: [true, true],
    unit_leader: [false, false],
    unit_staff: [false, false],
  },
  'evaluation.read': {
    admin: [false, false],
    supervisor: [true, true],
    executive: [true, true],
    unit_leader: [true, false],
    unit_staff: [true, false],
  },
  'evaluation.manage': {
    admin: [false, false],
    supervisor: [true, true],
    executive: [false, false],
    unit_leader: [false, false],
    unit_staff: [false, false],
  },
  'watches.manage': {
    admin: [false, false],
    supervisor: [false, false],
    executive: [true, true],
    unit_leader: [false, false],
    unit_staff: [false, false],
  },
  'instructions.read': {
    admin: [false, false],
    supervisor: [true, true],
    executive: [true, true],
    unit_leader: [true, false],
    unit_staff: [true, false],
  },
  'instructions.write': {
    admin: [false, false],
    supervisor: [false, false],
    executive: [true, true],
    unit_leader: [false, false],
    unit_staff: [false, false],
  },
  'instructions.route': {
    admin: [false, false],
    supervisor: [true, true],
    executive: [false, false],
    unit_leader: [false, false],
    unit_staff: [false, false],
  },
  'instructions.answer': {
    admin: [false, false],
    supervisor: [false, false],
    executive: [false, false],
    unit_leader: [true, false],
    unit_staff: [true, false],
  },
  'leaders.read': {
    admin: [true, true],
    supervisor: [true, true],
    executive: [true, true],
    unit_leader: [false, false],
    unit_staff: [false, false],
  },
  'leaders.manage': {
    admin: [true, true],
    supervisor: [true, true],
    executive: [false, false],
    unit_leader: [false, false],
    unit_staff: [false, false],
  },
  'briefs.read': {
    admin: [false, false],
    supervisor: [true, true],
    executive: [true, true],
    unit_leader: [false, false],
    unit_staff: [false, false],
  },
  'briefs.prepare': {
    admin: [false, false],
    supervisor: [true, true],
    executive: [false, false],
    unit_leader: [false, false],
    unit_staff: [false, false],
  },
};

describe('policy', () => {
  it('has an expectation for every action the rules know', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(RULES).sort());
  });

  for (const action of Object.keys(RULES) as Action[]) {
    for (const role of ROLES) {
      it(`${action} × ${role}`, () => {
        const [own, other] = EXPECTED[action][role];
        expect(can(actor(role), action, { unitIds: [OWN] })).toBe(own);
        expect(can(actor(role), action, { unitIds: [OTHER] })).toBe(other);
        expect(can(null, action, { unitIds: [OWN] })).toBe(false);
      });
    }
  }

  it('answers 401 without a session, 404 for another unit’s row, 403 for a forbidden action', () => {
    const status = (f: () => void) => {
      try {
        f();
        return 200;
      } catch (e) {
        return (e as DubanError).status;
      }
    };
    expect(status(() => authorize(null, 'tasks.read', { unitIds: [OWN] }))).toBe(401);
    expect(status(() => authorize(actor('unit_staff'), 'tasks.read', { unitIds: [OTHER] }))).toBe(404);
    expect(status(() => authorize(actor('unit_staff'), 'tasks.read', { unitIds: [OWN, OTHER] }))).toBe(200);
    expect(status(() => authorize(actor('unit_staff'), 'plans.import'))).toBe(403);
    expect(status(() => authorize(actor('executive'), 'users.write'))).toBe(403);
  });

  it('scopes task lists to the unit for unit roles', () => {
    expect(taskScope(actor('supervisor'))).toBe('all');
    expect(taskScope(actor('unit_leader'))).toEqual({ unitId: OWN });
    expect(() => taskScope({ id: 'x', role: 'unit_staff', unitId: null, organisationId: 'o' })).toThrow(DubanError);
  });

  it('lets only an admin make admins and supervisors', () => {
    expect(ROLES.filter((r) => canGrantRole(actor('admin'), r))).toEqual(ROLES);
    expect(ROLES.filter((r) => canGrantRole(actor('supervisor'), r))).toEqual([
      'executive',
      'unit_leader',
      'unit_staff',
    ]);
    for (const role of ['executive', 'unit_leader', 'unit_staff'] as Role[]) {
      expect(ROLES.filter((r) => canGrantRole(actor(role), r))).toEqual([]);
    }
  });

  it('refuses, at compile time, an own-unit action asked without its subject', () => {
    const staff = actor('unit_staff');
    // @ts-expect-error submissions.edit has an own-unit grant: the row's units must be given
    expect(can(staff, 'submissions.edit')).toBe(false);
    // @ts-expect-error the same for authorize: the bug this guards is a service that forgot its subject
    expect(() => authorize(staff, 'coordination.resolve')).toThrow(DubanError);
    // Actions no role holds for its own unit alone need no subject.
    expect(can(actor('supervisor'), 'plans.import')).toBe(true);
    authorize(actor('supervisor'), 'bulletins.manage');
  });

  it('types exactly the actions some role holds for its own unit as scoped', () => {
    // ScopedAction is computed from RULES; this list, checked against the type both ways, shows it.
    const scoped = [
      'receipts.read',
      'receipts.answer',
      'ledgers.read',
      'ledgers.write',
      'submissions.read',
      'submissions.edit',
      'submissions.sign',
      'submissions.consolidate',
      'coordination.read',
      'coordination.raise',
      'coordination.resolve',
      'tasks.read',
      'supervision.read',
      'webhooks.manage',
      'users.handover',
      'supervisionNotices.read',
      'supervisionNotices.respond',
      'closeouts.read',
      'closeouts.request',
      'evaluation.read',
      'instructions.read',
      'instructions.answer',
    ] as const satisfies readonly ScopedAction[];
    // Fails to compile when RULES gives a new action an own-unit grant and this list misses it.
    const complete: [Exclude<ScopedAction, (typeof scoped)[number]>] extends [never] ? true : false = true;
    expect(complete).toBe(true);
    expect((Object.keys(RULES) as Action[]).filter(isScoped).sort()).toEqual([...scoped].sort());
  });

  it('never lets an own-unit grant pass without a subject, even for an untyped caller', () => {
    const untyped = can as (a: Actor | null, action: Action, subject?: { unitIds: string[] }) => boolean;
    for (const action of (Object.keys(RULES) as Action[]).filter(isScoped)) {
      for (const role of ROLES) {
        const allRows = RULES[action][role] === 'all';
        expect(untyped(actor(role), action)).toBe(allRows);
      }
    }
  });

  it('answers "may this role ever" apart from any row, and gates with 401/403', () => {
    expect(mayEver(actor('unit_leader'), 'submissions.sign')).toBe(true);
    expect(mayEver(actor('unit_staff'), 'submissions.sign')).toBe(false);
    expect(mayEver(null, 'plans.read')).toBe(false);
    const status = (f: () => void) => {
      try {
        f();
        return 200;
      } catch (e) {
        return (e as DubanError).status;
      }
    };
    expect(status(() => authorizeEver(null, 'submissions.edit'))).toBe(401);
    expect(status(() => authorizeEver(actor('supervisor'), 'submissions.edit'))).toBe(403);
    expect(status(() => authorizeEver(actor('unit_staff'), 'submissions.edit'))).toBe(200);
  });

  it('gives a district leader their own 领导专报 only, the office any leader’s it names, nobody else any', () => {
    const status = (f: () => unknown) => {
      try {
        return f();
      } catch (e) {
        return (e as DubanError).status;
      }
    };
    const leader = actor('executive');
    expect(briefLeaderOf(leader, undefined)).toBe(leader.id);
    expect(briefLeaderOf(leader, leader.id as string)).toBe(leader.id);
    expect(status(() => briefLeaderOf(leader, 'another-leader'))).toBe(403);
    expect(briefLeaderOf(actor('supervisor'), 'another-leader')).toBe('another-leader');
    expect(briefLeaderOf(actor('supervisor'), undefined)).toBeNull();
    for (const role of ['admin', 'unit_leader', 'unit_staff'] as const) {
      expect(status(() => briefLeaderOf(actor(role), undefined))).toBe(403);
    }
    expect(status(() => briefLeaderOf(null, undefined))).toBe(401);
  });

  it('gives the session each role’s grants exactly as RULES holds them', () => {
    for (const role of ROLES) {
      const abilities = roleAbilities(role);
      for (const action of Object.keys(RULES) as Action[]) {
        const grant = RULES[action][role];
        expect(abilities[action], `${role} ${action}`).toBe(grant === false ? undefined : grant);
      }
    }
    expect(roleAbilities('unit_leader')['submissions.sign']).toBe('own-unit');
    expect(roleAbilities('unit_staff')['submissions.sign']).toBeUndefined();
  });

  it('shows a district leader only the coordination requests routed to them', () => {
    expect(coordinationScope(actor('supervisor'))).toBe('all');
    expect(coordinationScope(actor('executive'))).toEqual({ routedTo: 'user-executive' });
    expect(coordinationScope(actor('unit_staff'))).toEqual({ unitId: OWN });
    const routedToMe = { raisedByUnitId: OWN, routedTo: 'user-executive' };
    expect(coordinationAbilities(actor('executive'), routedToMe)).toEqual({
      route: false,
      answer: true,
      resolve: false,
    });
    expect(coordinationAbilities({ ...actor('executive'), id: 'someone-else' }, routedToMe).answer).toBe(false);
    expect(coordinationAbilities(actor('unit_staff'), routedToMe)).toEqual({
      route: false,
      answer: false,
      resolve: true,
    });
    expect(coordinationAbilities(actor('unit_staff'), { ...routedToMe, raisedByUnitId: OTHER }).resolve).toBe(false);
  });

  it('computes a row’s abilities with the row’s unit, not the role alone', () => {
    const leader = actor('unit_leader');
    expect(submissionAbilities(leader, OWN)).toEqual({ edit: true, sign: true, review: false, requestCloseout: true });
    expect(submissionAbilities(leader, OTHER)).toEqual({
      edit: false,
      sign: false,
      review: false,
      requestCloseout: false,
    });
    expect(submissionAbilities(actor('supervisor'), OTHER)).toEqual({
      edit: false,
      sign: false,
      review: true,
      requestCloseout: false,
    });
    expect(ledgerAbilities(actor('unit_staff'), OTHER)).toEqual({
      edit: false,
      review: false,
      requestExtension: false,
    });
    expect(supervisionNoticeAbilities(actor('unit_staff'), OWN)).toEqual({ respond: true, close: false });
    expect(supervisionNoticeAbilities(actor('unit_staff'), OTHER)).toEqual({ respond: false, close: false });
    expect(submissionAbilities(null, OWN)).toEqual({ edit: false, sign: false, review: false, requestCloseout: false });
  });
});
