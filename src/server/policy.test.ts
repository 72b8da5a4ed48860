// The authorization matrix: every role × own unit / other unit / no session × every action.

import { describe, expect, it } from 'vitest';
import type { Role } from '../api/v1.js';
import { DubanError } from '../core/errors.js';
import { type Action, type Actor, authorize, can, canGrantRole, RULES, taskScope } from './policy.js';

const ROLES: Role[] = ['admin', 'supervisor', 'executive', 'unit_leader', 'unit_staff'];
const OWN = 'unit-own';
const OTHER = 'unit-other';
const actor = (role: Role): Actor => ({ id: `user-${role}`, role, unitId: role.startsWith('unit_') ? OWN : null });

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
  'packages.read': {
    admin: [true, true],
    supervisor: [true, true],
    executive: [true, true],
    unit_leader: [true, false],
    unit_staff: [true, false],
  },
  'packages.edit': {
    admin: [false, false],
    supervisor: [false, false],
    executive: [false, false],
    unit_leader: [true, false],
    unit_staff: [true, false],
  },
  'packages.sign': {
    admin: [false, false],
    supervisor: [false, false],
    executive: [false, false],
    unit_leader: [true, false],
    unit_staff: [false, false],
  },
  'packages.review': {
    admin: [false, false],
    supervisor: [true, true],
    executive: [false, false],
    unit_leader: [false, false],
    unit_staff: [false, false],
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
  'audit.read': {
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
  'notices.read': {
    admin: [false, false],
    supervisor: [true, true],
    executive: [true, true],
    unit_leader: [true, false],
    unit_staff: [true, false],
  },
  'notices.issue': {
    admin: [false, false],
    supervisor: [true, true],
    executive: [false, false],
    unit_leader: [false, false],
    unit_staff: [false, false],
  },
  'notices.respond': {
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
  'bulletins.manage': {
    admin: [false, false],
    supervisor: [true, true],
    executive: [false, false],
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
    expect(status(() => authorize(null, 'tasks.read'))).toBe(401);
    expect(status(() => authorize(actor('unit_staff'), 'tasks.read', { unitIds: [OTHER] }))).toBe(404);
    expect(status(() => authorize(actor('unit_staff'), 'tasks.read', { unitIds: [OWN, OTHER] }))).toBe(200);
    expect(status(() => authorize(actor('unit_staff'), 'plans.import'))).toBe(403);
    expect(status(() => authorize(actor('executive'), 'users.write'))).toBe(403);
  });

  it('scopes task lists to the unit for unit roles', () => {
    expect(taskScope(actor('supervisor'))).toBe('all');
    expect(taskScope(actor('unit_leader'))).toEqual({ unitId: OWN });
    expect(() => taskScope({ id: 'x', role: 'unit_staff', unitId: null })).toThrow(DubanError);
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
});
