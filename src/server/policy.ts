// Who may do what: the only place that decides authorization (docs/design.md#roles). Routes and services call
// `authorize` — for an action some role holds for its own unit only (ScopedAction) with the row's Subject,
// or it does not compile; `authorizeEver`/`mayEver` ask only whether the role holds the action at all (a
// gate before the row is loaded, a page's button); list queries ask `taskScope`. Responses carry the
// caller's abilities computed here (roleAbilities, submissionAbilities …). The matrix test reads RULES.

import type {
  Action,
  BulletinAbilities,
  CloseoutAbilities,
  ConsolidationAbilities,
  CoordinationAbilities,
  ExtensionAbilities,
  LedgerAbilities,
  RoleAbilities,
  SubmissionAbilities,
  SupervisionNoticeAbilities,
} from '../api/abilities.js';
import type { Role } from '../api/v1.js';
import { forbidden, notFound, unauthorized } from './errors.js';

export interface Actor {
  /** Null for the operator at the command line (`duban import`, `duban users add`). */
  id: string | null;
  role: Role;
  unitId: string | null;
  /** The organisation the actor works in (docs/decisions/0010): its lists, its settings, its audit chain. */
  organisationId: string;
}

/**
 * The command line acts with the rights of the role it needs; the audit log shows it as the system. It acts in the
 * organisation given, which the caller resolves once (services/organisations.ts: defaultOrganisationId).
 */
export const cliActor = (role: Role, organisationId: string): Actor => ({
  id: null,
  role,
  unitId: null,
  organisationId,
});

export type { Action };

/** 'all': any row; 'own-unit': rows of the actor's unit only; false: never. */
type Grant = 'all' | 'own-unit' | false;

export const RULES = {
  'plans.read': { admin: 'all', supervisor: 'all', executive: 'all', unit_leader: 'all', unit_staff: 'all' },
  'plans.import': { admin: false, supervisor: 'all', executive: false, unit_leader: false, unit_staff: false },
  /** 年终结转: deciding each unfinished task and closing the plan into the archive. */
  'plans.yearEnd': { admin: false, supervisor: 'all', executive: false, unit_leader: false, unit_staff: false },
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
  'submissions.read': {
    admin: 'all',
    supervisor: 'all',
    executive: 'all',
    unit_leader: 'own-unit',
    unit_staff: 'own-unit',
  },
  'submissions.edit': {
    admin: false,
    supervisor: false,
    executive: false,
    unit_leader: 'own-unit',
    unit_staff: 'own-unit',
  },
  'submissions.sign': { admin: false, supervisor: false, executive: false, unit_leader: 'own-unit', unit_staff: false },
  'submissions.review': { admin: false, supervisor: 'all', executive: false, unit_leader: false, unit_staff: false },
  /** 汇总: the task's lead unit writes the consolidated status; the subject is the task's lead unit(s). */
  'submissions.consolidate': {
    admin: false,
    supervisor: false,
    executive: false,
    unit_leader: 'own-unit',
    unit_staff: 'own-unit',
  },
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
  /** A district leader answers what the office routed to them (mayAnswerCoordination checks to whom). */
  'coordination.answer': { admin: false, supervisor: false, executive: 'all', unit_leader: false, unit_staff: false },
  /** 办结: the office, or the raising unit; the subject is the unit that raised it. */
  'coordination.resolve': {
    admin: false,
    supervisor: 'all',
    executive: false,
    unit_leader: 'own-unit',
    unit_staff: 'own-unit',
  },
  'tasks.read': { admin: 'all', supervisor: 'all', executive: 'all', unit_leader: 'own-unit', unit_staff: 'own-unit' },
  'directory.read': { admin: 'all', supervisor: 'all', executive: 'all', unit_leader: 'all', unit_staff: 'all' },
  'directory.write': { admin: false, supervisor: 'all', executive: false, unit_leader: false, unit_staff: false },
  'users.read': { admin: 'all', supervisor: 'all', executive: false, unit_leader: false, unit_staff: false },
  'users.write': { admin: 'all', supervisor: 'all', executive: false, unit_leader: false, unit_staff: false },
  /** 工作移交: a unit account's open work to a colleague — the office and admins for any unit, a leader for their own. */
  'users.handover': { admin: 'all', supervisor: 'all', executive: false, unit_leader: 'own-unit', unit_staff: false },
  'audit.read': { admin: 'all', supervisor: false, executive: false, unit_leader: false, unit_staff: false },
  /** Taking and restoring a backup: every unit's data at once. */
  'backups.manage': { admin: 'all', supervisor: false, executive: false, unit_leader: false, unit_staff: false },
  /** Lights, dashboards and the supervised task list: units see their own items. */
  'supervision.read': {
    admin: false,
    supervisor: 'all',
    executive: 'all',
    unit_leader: 'own-unit',
    unit_staff: 'own-unit',
  },
  'supervision.manage': { admin: false, supervisor: 'all', executive: false, unit_leader: false, unit_staff: false },
  /**
   * Reading how supervision itself runs — the escalation ladder's steps for a period, the office's own timeliness:
   * the office and the district leaders (分管区领导 hold 约谈), never units. Applying steps stays manage.
   */
  'supervision.oversee': { admin: false, supervisor: 'all', executive: 'all', unit_leader: false, unit_staff: false },
  /** 关注: a district leader's own watches on tasks, units and 督办单 (their page lists them with lights). */
  'watches.manage': { admin: false, supervisor: false, executive: 'all', unit_leader: false, unit_staff: false },
  /** 批示: the office and the district leaders read every one; a unit those routed to it (only its own answer). */
  'instructions.read': {
    admin: false,
    supervisor: 'all',
    executive: 'all',
    unit_leader: 'own-unit',
    unit_staff: 'own-unit',
  },
  /** A district leader writes a 批示 on a task, a unit's signed report, a 督办单 or a bulletin. */
  'instructions.write': { admin: false, supervisor: false, executive: 'all', unit_leader: false, unit_staff: false },
  /** The office routes a 批示 to the units it concerns, and closes it. */
  'instructions.route': { admin: false, supervisor: 'all', executive: false, unit_leader: false, unit_staff: false },
  /** A unit answers (落实情况) the 批示 routed to it, its own target only. */
  'instructions.answer': {
    admin: false,
    supervisor: false,
    executive: false,
    unit_leader: 'own-unit',
    unit_staff: 'own-unit',
  },
  /** 分管: who leads which units — read by the office, its admins and the district leaders, kept by the office. */
  'leaders.read': { admin: 'all', supervisor: 'all', executive: 'all', unit_leader: false, unit_staff: false },
  'leaders.manage': { admin: 'all', supervisor: 'all', executive: false, unit_leader: false, unit_staff: false },
  /** 领导专报: a district leader reads their own weekly brief; the office prepares any leader's (briefs.prepare). */
  'briefs.read': { admin: false, supervisor: 'all', executive: 'all', unit_leader: false, unit_staff: false },
  'briefs.prepare': { admin: false, supervisor: 'all', executive: false, unit_leader: false, unit_staff: false },
  'reminders.send': { admin: false, supervisor: 'all', executive: false, unit_leader: false, unit_staff: false },
  /** The record of sent messages and failing channels. */
  'deliveries.read': { admin: 'all', supervisor: 'all', executive: false, unit_leader: false, unit_staff: false },
  /** A unit's group robot: the office for any unit, a unit leader for their own. */
  'webhooks.manage': { admin: false, supervisor: 'all', executive: false, unit_leader: 'own-unit', unit_staff: false },
  'supervisionNotices.read': {
    admin: false,
    supervisor: 'all',
    executive: 'all',
    unit_leader: 'own-unit',
    unit_staff: 'own-unit',
  },
  'supervisionNotices.issue': {
    admin: false,
    supervisor: 'all',
    executive: false,
    unit_leader: false,
    unit_staff: false,
  },
  'supervisionNotices.respond': {
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
  /** Published bulletins go to every account; drafts stay with the office and the district leaders. */
  'bulletins.read': { admin: 'all', supervisor: 'all', executive: 'all', unit_leader: 'all', unit_staff: 'all' },
  'bulletins.readDrafts': { admin: false, supervisor: 'all', executive: 'all', unit_leader: false, unit_staff: false },
  'bulletins.manage': { admin: false, supervisor: 'all', executive: false, unit_leader: false, unit_staff: false },
  /** 签发: a district leader (分管区领导) or the office's head, and only the one the draft was submitted to. */
  'bulletins.signOff': { admin: false, supervisor: 'all', executive: 'all', unit_leader: false, unit_staff: false },
  /** Units see their own scores; the ranking is the office's and the district leaders'. */
  'evaluation.read': {
    admin: false,
    supervisor: 'all',
    executive: 'all',
    unit_leader: 'own-unit',
    unit_staff: 'own-unit',
  },
  'evaluation.manage': { admin: false, supervisor: 'all', executive: false, unit_leader: false, unit_staff: false },
} as const satisfies Record<Action, Record<Role, Grant>>;

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

/** Actions some role holds for its own unit only: asking about one of these needs the row's Subject. */
export type ScopedAction = {
  [A in Action]: 'own-unit' extends (typeof RULES)[A][Role] ? A : never;
}[Action];
/** Actions every role holds on all rows or not at all: the role alone decides. */
export type UnscopedAction = Exclude<Action, ScopedAction>;

export const isScoped = (action: Action): action is ScopedAction =>
  Object.values(RULES[action]).some((g) => g === 'own-unit');

function decide(actor: Actor, action: Action, subject: Subject | undefined): boolean {
  const grant: Grant = RULES[action][actor.role];
  if (grant === 'all') return true;
  // Without its subject an own-unit grant passes nothing (the types already refuse such a call).
  if (grant === 'own-unit')
    return subject !== undefined && actor.unitId !== null && subject.unitIds.includes(actor.unitId);
  return false;
}

/** Whether the actor may act on this subject. An own-unit action does not compile without its subject. */
export function can(actor: Actor | null, action: Action, subject: Subject): boolean;
export function can(actor: Actor | null, action: UnscopedAction): boolean;
export function can(actor: Actor | null, action: Action, subject?: Subject): boolean {
  return actor !== null && decide(actor, action, subject);
}

/**
 * Throws unless the actor may act. A denied read of one unit-scoped row answers 404, not 403, so
 * ids tell nothing about other units' rows.
 */
export function authorize(actor: Actor | null, action: Action, subject: Subject): asserts actor is Actor;
export function authorize(actor: Actor | null, action: UnscopedAction): asserts actor is Actor;
export function authorize(actor: Actor | null, action: Action, subject?: Subject): asserts actor is Actor {
  if (!actor) throw unauthorized();
  if (decide(actor, action, subject)) return;
  if (subject && RULES[action][actor.role] === 'own-unit') throw notFound();
  throw forbidden();
}

/**
 * Whether the actor's role holds the action on any row at all — to show a page or a button before a row
 * exists, or to refuse early (403) before loading one. Never the answer for a given row: ask `can` with it.
 */
export function mayEver(actor: Actor | null, action: Action): boolean {
  return actor !== null && RULES[action][actor.role] !== false;
}

/** `mayEver` as a gate: 401 without a session, 403 when the role never holds the action. */
export function authorizeEver(actor: Actor | null, action: Action): asserts actor is Actor {
  if (!actor) throw unauthorized();
  if (!mayEver(actor, action)) throw forbidden();
}

/** The role's grants, for the session: the web builds its navigation and page-level buttons from them. */
export function roleAbilities(role: Role): RoleAbilities {
  const out: RoleAbilities = {};
  for (const [action, grants] of Object.entries(RULES) as [Action, Record<Role, Grant>][]) {
    const grant = grants[role];
    if (grant) out[action] = grant;
  }
  return out;
}

/** For list queries: every row, or the rows of one unit. */
export function taskScope(
  actor: Actor,
  action:
    | 'tasks.read'
    | 'receipts.read'
    | 'ledgers.read'
    | 'submissions.read'
    | 'coordination.read'
    | 'supervision.read'
    | 'supervisionNotices.read'
    | 'closeouts.read'
    | 'instructions.read'
    | 'evaluation.read' = 'tasks.read',
): { unitId: string } | 'all' {
  const grant: Grant = RULES[action][actor.role];
  if (grant === 'all') return 'all';
  if (grant === 'own-unit' && actor.unitId) return { unitId: actor.unitId };
  throw forbidden();
}

/**
 * The coordination requests a list shows: the office all, a district leader those routed to them (they
 * answer, they do not browse), a unit those it raised.
 */
export function coordinationScope(actor: Actor): 'all' | { unitId: string } | { routedTo: string } {
  const scope = taskScope(actor, 'coordination.read');
  if (scope === 'all' && !mayEver(actor, 'coordination.route') && mayEver(actor, 'coordination.answer')) {
    return { routedTo: actor.id ?? '' };
  }
  return scope;
}

/** Only accounts that answer coordination requests (district leaders) may have one routed to them. */
export const isCoordinationAnswerer = (role: Role): boolean => RULES['coordination.answer'][role] !== false;

/** Answering is for the district leader the request was routed to, nobody else. */
export function mayAnswerCoordination(actor: Actor | null, request: { routedTo: string | null }): boolean {
  return can(actor, 'coordination.answer') && actor?.id != null && request.routedTo === actor.id;
}

/**
 * Whose 领导专报 the actor reads: a district leader their own (asking for another's is refused), the office the
 * leader it names (it prepares the brief for them). Null: the office named nobody (the caller answers 400).
 */
export function briefLeaderOf(actor: Actor | null, leaderId: string | undefined): string | null {
  authorizeEver(actor, 'briefs.read');
  if (can(actor, 'briefs.prepare')) return leaderId ?? null;
  if (!actor.id || (leaderId !== undefined && leaderId !== actor.id)) throw forbidden();
  return actor.id;
}

/** Published bulletins are everyone's; a draft only for those who read drafts. */
export function maySeeBulletin(actor: Actor | null, bulletin: { status: string }): boolean {
  return bulletin.status !== 'draft' || can(actor, 'bulletins.readDrafts');
}

/** Accounts a draft may be submitted to for 签发 (the office's clerk never chooses themselves). */
export const isBulletinApprover = (role: Role): boolean => RULES['bulletins.signOff'][role] !== false;

/** 签发 and 退回 are for the approver the draft was submitted to, nobody else, while it waits. */
export function maySignOffBulletin(actor: Actor | null, bulletin: { approverId: string | null }): boolean {
  return can(actor, 'bulletins.signOff') && actor?.id != null && bulletin.approverId === actor.id;
}

export function authorizeBulletinSignOff(actor: Actor | null, bulletin: { approverId: string | null }): void {
  if (!actor) throw unauthorized();
  if (!maySignOffBulletin(actor, bulletin)) throw forbidden();
}

/**
 * Whether the actor sees every unit's row of a task's period report: those who read every submission, and the
 * task's lead unit (it consolidates); a co-unit sees its own row only.
 */
export function seesEveryUnitOfTask(actor: Actor, leadUnits: Subject): boolean {
  return RULES['submissions.read'][actor.role] === 'all' || can(actor, 'submissions.consolidate', leadUnits);
}

/**
 * Whether the actor may read a unit's submission content that its leader has not signed (a draft, or one being
 * corrected): the unit's own people and those who read every unit's submissions (the office, district leaders).
 * Any other unit — a lead unit consolidating the task included — sees it only once signed.
 */
export function seesUnsignedContent(actor: Actor, unitId: string): boolean {
  return RULES['submissions.read'][actor.role] === 'all' || (actor.unitId !== null && actor.unitId === unitId);
}

export function canGrantRole(actor: Actor, role: Role): boolean {
  return GRANTABLE[actor.role].includes(role);
}

export function authorizeGrant(actor: Actor, role: Role): void {
  if (!canGrantRole(actor, role)) throw forbidden();
}

/**
 * 代签: who signs a unit's submission for a period — the unit's leaders, or the acting signer a leader named
 * for that period (an account of the same unit that edits its submissions). Null without a named signer.
 */
export interface SignSubject extends Subject {
  actingSignerId: string | null;
}

export function maySign(actor: Actor | null, subject: SignSubject): boolean {
  if (can(actor, 'submissions.sign', subject)) return true;
  return (
    actor !== null &&
    actor.id !== null &&
    subject.actingSignerId === actor.id &&
    can(actor, 'submissions.edit', subject)
  );
}

/** Throws unless the actor may sign: 404 for another unit's row (as `authorize`), 403 otherwise. */
export function authorizeSign(actor: Actor | null, subject: SignSubject): asserts actor is Actor {
  if (!actor) throw unauthorized();
  if (maySign(actor, subject)) return;
  if (!can(actor, 'submissions.read', subject)) throw notFound();
  throw forbidden();
}

/** A gate before the row is loaded: the leaders, and unit accounts that may have been named acting signer. */
export function authorizeEverSign(actor: Actor | null): asserts actor is Actor {
  if (!actor) throw unauthorized();
  if (!mayEver(actor, 'submissions.sign') && !mayEver(actor, 'submissions.edit')) throw forbidden();
}

// What the caller may do on one row, sent with it so the web shows exactly the buttons the server allows.

export const submissionAbilities = (
  actor: Actor | null,
  unitId: string,
  actingSignerId: string | null = null,
): SubmissionAbilities => ({
  edit: can(actor, 'submissions.edit', { unitIds: [unitId] }),
  sign: maySign(actor, { unitIds: [unitId], actingSignerId }),
  review: can(actor, 'submissions.review'),
  /** 申请办结销号 on one of this submission's items. */
  requestCloseout: can(actor, 'closeouts.request', { unitIds: [unitId] }),
});

/** A milestone's extension is asked by those who write its ledger. */
export const ledgerAbilities = (actor: Actor | null, unitId: string): LedgerAbilities => ({
  edit: can(actor, 'ledgers.write', { unitIds: [unitId] }),
  review: can(actor, 'ledgers.review'),
  requestExtension: can(actor, 'ledgers.write', { unitIds: [unitId] }),
});

/** The office decides an extension (it reviews the ledgers). */
export const extensionAbilities = (actor: Actor | null): ExtensionAbilities => ({
  decide: can(actor, 'ledgers.review'),
});

export const coordinationAbilities = (
  actor: Actor | null,
  request: { raisedByUnitId: string; routedTo: string | null },
): CoordinationAbilities => ({
  route: can(actor, 'coordination.route'),
  answer: mayAnswerCoordination(actor, request),
  resolve: can(actor, 'coordination.resolve', { unitIds: [request.raisedByUnitId] }),
});

/** The unit answers a 督办单 on its own item; the office that issued it closes it. */
export const supervisionNoticeAbilities = (actor: Actor | null, unitId: string): SupervisionNoticeAbilities => ({
  respond: can(actor, 'supervisionNotices.respond', { unitIds: [unitId] }),
  close: can(actor, 'supervisionNotices.issue'),
});

export const closeoutAbilities = (actor: Actor | null, unitIds: readonly string[]): CloseoutAbilities => ({
  request: can(actor, 'closeouts.request', { unitIds }),
  verify: can(actor, 'closeouts.verify'),
});

export const bulletinAbilities = (
  actor: Actor | null,
  bulletin: { approverId: string | null; signoff: string },
): BulletinAbilities => ({
  manage: can(actor, 'bulletins.manage'),
  signOff: bulletin.signoff === 'pending' && maySignOffBulletin(actor, bulletin),
});

export const consolidationAbilities = (actor: Actor | null, leadUnits: Subject): ConsolidationAbilities => ({
  consolidate: can(actor, 'submissions.consolidate', leadUnits),
});
