// Who may do what: the only place that decides authorization (docs/design.md#roles). Routes and services
// call `authorize`; list queries ask `taskScope`. The matrix test reads RULES.

import type { Role } from '../api/v1.js';
import { forbidden, notFound, unauthorized } from './errors.js';

export interface Actor {
  /** Null for the operator at the command line (`duban import`, `duban users add`). */
  id: string | null;
  role: Role;
  unitId: string | null;
}

/** The command line acts with the rights of the role it needs; the audit log shows it as the system. */
export const cliActor = (role: Role): Actor => ({ id: null, role, unitId: null });

export type Action =
  | 'plans.read'
  | 'plans.import'
  | 'periods.manage'
  | 'receipts.read'
  | 'receipts.answer'
  | 'assignments.reassign'
  | 'ledgers.read'
  | 'ledgers.write'
  | 'ledgers.review'
  | 'packages.read'
  | 'packages.edit'
  | 'packages.sign'
  | 'packages.review'
  | 'coordination.read'
  | 'coordination.raise'
  | 'coordination.route'
  | 'coordination.answer'
  | 'tasks.read'
  | 'directory.read'
  | 'directory.write'
  | 'users.read'
  | 'users.write'
  | 'audit.read'
  | 'supervision.read'
  | 'supervision.manage'
  | 'reminders.send'
  | 'deliveries.read'
  | 'webhooks.manage'
  | 'notices.read'
  | 'notices.issue'
  | 'notices.respond'
  | 'closeouts.read'
  | 'closeouts.request'
  | 'closeouts.verify'
  | 'bulletins.read'
  | 'bulletins.manage'
  | 'evaluation.read'
  | 'evaluation.manage';

/** 'all': any row; 'own-unit': rows of the actor's unit only; false: never. */
type Grant = 'all' | 'own-unit' | false;

export const RULES: Record<Action, Record<Role, Grant>> = {
  'plans.read': { admin: 'all', supervisor: 'all', executive: 'all', unit_leader: 'all', unit_staff: 'all' },
  'plans.import': { admin: false, supervisor: 'all', executive: false, unit_leader: false, unit_staff: false },
  'periods.manage': { admin: false, supervisor: 'all', executive: false, unit_leader: false, unit_staff: false },
  'receipts.read': {
    admin: 'all',
    supervisor: 'all',
    executive: 'all',
    unit_leader: 'own-unit',
    unit_staff: 'own-unit',
  },
  'receipts.answer': {
    admin: false,
    supervisor: false,
    executive: false,
    unit_leader: 'own-unit',
    unit_staff: 'own-unit',
  },
  'assignments.reassign': { admin: false, supervisor: 'all', executive: false, unit_leader: false, unit_staff: false },
  'ledgers.read': {
    admin: 'all',
    supervisor: 'all',
    executive: 'all',
    unit_leader: 'own-unit',
    unit_staff: 'own-unit',
  },
  'ledgers.write': {
    admin: false,
    supervisor: false,
    executive: false,
    unit_leader: 'own-unit',
    unit_staff: 'own-unit',
  },
  'ledgers.review': { admin: false, supervisor: 'all', executive: false, unit_leader: false, unit_staff: false },
  'packages.read': {
    admin: 'all',
    supervisor: 'all',
    executive: 'all',
    unit_leader: 'own-unit',
    unit_staff: 'own-unit',
  },
  'packages.edit': {
    admin: false,
    supervisor: false,
    executive: false,
    unit_leader: 'own-unit',
    unit_staff: 'own-unit',
  },
  'packages.sign': { admin: false, supervisor: false, executive: false, unit_leader: 'own-unit', unit_staff: false },
  'packages.review': { admin: false, supervisor: 'all', executive: false, unit_leader: false, unit_staff: false },
  'coordination.read': {
    admin: 'all',
    supervisor: 'all',
    executive: 'all',
    unit_leader: 'own-unit',
    unit_staff: 'own-unit',
  },
  'coordination.raise': {
    admin: false,
    supervisor: false,
    executive: false,
    unit_leader: 'own-unit',
    unit_staff: 'own-unit',
  },
  'coordination.route': { admin: false, supervisor: 'all', executive: false, unit_leader: false, unit_staff: false },
  'coordination.answer': { admin: false, supervisor: false, executive: 'all', unit_leader: false, unit_staff: false },
  'tasks.read': { admin: 'all', supervisor: 'all', executive: 'all', unit_leader: 'own-unit', unit_staff: 'own-unit' },
  'directory.read': { admin: 'all', supervisor: 'all', executive: 'all', unit_leader: 'all', unit_staff: 'all' },
  'directory.write': { admin: false, supervisor: 'all', executive: false, unit_leader: false, unit_staff: false },
  'users.read': { admin: 'all', supervisor: 'all', executive: false, unit_leader: false, unit_staff: false },
  'users.write': { admin: 'all', supervisor: 'all', executive: false, unit_leader: false, unit_staff: false },
  'audit.read': { admin: 'all', supervisor: false, executive: false, unit_leader: false, unit_staff: false },
  /** Lights, dashboards and the supervised task list: units see their own items. */
  'supervision.read': {
    admin: false,
    supervisor: 'all',
    executive: 'all',
    unit_leader: 'own-unit',
    unit_staff: 'own-unit',
  },
  'supervision.manage': { admin: false, supervisor: 'all', executive: false, unit_leader: false, unit_staff: false },
  'reminders.send': { admin: false, supervisor: 'all', executive: false, unit_leader: false, unit_staff: false },
  /** The record of sent messages and failing channels. */
  'deliveries.read': { admin: 'all', supervisor: 'all', executive: false, unit_leader: false, unit_staff: false },
  /** A unit's group robot: the office for any unit, a unit leader for their own. */
  'webhooks.manage': { admin: false, supervisor: 'all', executive: false, unit_leader: 'own-unit', unit_staff: false },
  'notices.read': {
    admin: false,
    supervisor: 'all',
    executive: 'all',
    unit_leader: 'own-unit',
    unit_staff: 'own-unit',
  },
  'notices.issue': { admin: false, supervisor: 'all', executive: false, unit_leader: false, unit_staff: false },
  'notices.respond': {
    admin: false,
    supervisor: false,
    executive: false,
    unit_leader: 'own-unit',
    unit_staff: 'own-unit',
  },
  'closeouts.read': {
    admin: false,
    supervisor: 'all',
    executive: 'all',
    unit_leader: 'own-unit',
    unit_staff: 'own-unit',
  },
  'closeouts.request': {
    admin: false,
    supervisor: false,
    executive: false,
    unit_leader: 'own-unit',
    unit_staff: 'own-unit',
  },
  'closeouts.verify': { admin: false, supervisor: 'all', executive: false, unit_leader: false, unit_staff: false },
  /** Published bulletins go to every unit; drafts stay with the office and district leaders (in the service). */
  'bulletins.read': { admin: 'all', supervisor: 'all', executive: 'all', unit_leader: 'all', unit_staff: 'all' },
  'bulletins.manage': { admin: false, supervisor: 'all', executive: false, unit_leader: false, unit_staff: false },
  /** Units see their own scores; the ranking is the office's and the district leaders'. */
  'evaluation.read': {
    admin: false,
    supervisor: 'all',
    executive: 'all',
    unit_leader: 'own-unit',
    unit_staff: 'own-unit',
  },
  'evaluation.manage': { admin: false, supervisor: 'all', executive: false, unit_leader: false, unit_staff: false },
};

/** Roles a supervisor may give; only an admin makes admins and supervisors. */
const GRANTABLE: Record<Role, readonly Role[]> = {
  admin: ['admin', 'supervisor', 'executive', 'unit_leader', 'unit_staff'],
  supervisor: ['executive', 'unit_leader', 'unit_staff'],
  executive: [],
  unit_leader: [],
  unit_staff: [],
};

/** A row's owning units: a task's assigned units, a user's unit. */
export interface Subject {
  unitIds: readonly string[];
}

export function can(actor: Actor | null, action: Action, subject?: Subject): boolean {
  if (!actor) return false;
  const grant = RULES[action][actor.role];
  if (grant === 'all') return true;
  if (grant === 'own-unit')
    return subject === undefined || (actor.unitId !== null && subject.unitIds.includes(actor.unitId));
  return false;
}

/**
 * Throws unless the actor may act. A denied read of one unit-scoped row answers 404, not 403, so
 * ids tell nothing about other units' rows.
 */
export function authorize(actor: Actor | null, action: Action, subject?: Subject): asserts actor is Actor {
  if (!actor) throw unauthorized();
  if (can(actor, action, subject)) return;
  if (subject && RULES[action][actor.role] === 'own-unit') throw notFound();
  throw forbidden();
}

/** For list queries: every row, or the rows of one unit. */
export function taskScope(
  actor: Actor,
  action:
    | 'tasks.read'
    | 'receipts.read'
    | 'ledgers.read'
    | 'packages.read'
    | 'coordination.read'
    | 'supervision.read'
    | 'notices.read'
    | 'closeouts.read'
    | 'evaluation.read' = 'tasks.read',
): { unitId: string } | 'all' {
  const grant = RULES[action][actor.role];
  if (grant === 'all') return 'all';
  if (grant === 'own-unit' && actor.unitId) return { unitId: actor.unitId };
  throw forbidden();
}

/**
 * Whether the actor may read a unit's package content that its leader has not signed (a draft, or one being
 * corrected): the unit's own people and those who read every unit's packages (the office, district leaders).
 * Any other unit — a lead unit consolidating the task included — sees it only once signed.
 */
export function seesUnsignedContent(actor: Actor, unitId: string): boolean {
  return RULES['packages.read'][actor.role] === 'all' || (actor.unitId !== null && actor.unitId === unitId);
}

export function canGrantRole(actor: Actor, role: Role): boolean {
  return GRANTABLE[actor.role].includes(role);
}

export function authorizeGrant(actor: Actor, role: Role): void {
  if (!canGrantRole(actor, role)) throw forbidden();
}
