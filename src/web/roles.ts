// Who sees which page: the navigation, the home page and the few write actions per role.
// The server decides authorization (src/server/policy.ts); this only shapes the UI. One table, here.

import type { Role } from './api/types';

export type NavKey =
  | 'dashboard'
  | 'supervision'
  | 'notices'
  | 'closeouts'
  | 'supervisionSettings'
  | 'imports'
  | 'plans'
  | 'tasks'
  | 'my'
  | 'receipts'
  | 'reviews'
  | 'ledgers'
  | 'units'
  | 'users'
  | 'coordination'
  | 'extensions'
  | 'bulletins'
  | 'evaluation'
  | 'audit';

export const NAV_PATHS: Record<NavKey, string> = {
  dashboard: '/dashboard',
  supervision: '/supervision/tasks',
  notices: '/supervision-notices',
  closeouts: '/closeouts',
  supervisionSettings: '/settings/supervision',
  imports: '/imports/new',
  plans: '/plans',
  tasks: '/tasks',
  my: '/my',
  receipts: '/receipts',
  reviews: '/reviews',
  ledgers: '/ledgers',
  units: '/units',
  users: '/users',
  coordination: '/coordination',
  extensions: '/extensions',
  bulletins: '/bulletins',
  evaluation: '/evaluation',
  audit: '/audit',
};

/** Menu entries per role, in menu order. */
export const NAV_BY_ROLE: Record<Role, readonly NavKey[]> = {
  supervisor: [
    'dashboard',
    'supervision',
    'notices',
    'closeouts',
    'imports',
    'plans',
    'tasks',
    'receipts',
    'reviews',
    'coordination',
    'extensions',
    'bulletins',
    'evaluation',
    'ledgers',
    'units',
    'users',
    'supervisionSettings',
  ],
  // The admin sees the record of sent messages (a failing channel) and the audit log, not the business figures;
  // published bulletins are public to every account (bulletins.read).
  admin: ['users', 'units', 'plans', 'bulletins', 'audit', 'supervisionSettings'],
  executive: [
    'dashboard',
    'supervision',
    'notices',
    'closeouts',
    'plans',
    'tasks',
    'receipts',
    'reviews',
    'coordination',
    'extensions',
    'bulletins',
    'evaluation',
    'ledgers',
    'units',
  ],
  unit_leader: [
    'my',
    'dashboard',
    'supervision',
    'notices',
    'closeouts',
    'bulletins',
    'evaluation',
    'plans',
    'coordination',
    'extensions',
  ],
  unit_staff: [
    'my',
    'dashboard',
    'supervision',
    'notices',
    'closeouts',
    'bulletins',
    'evaluation',
    'plans',
    'coordination',
    'extensions',
  ],
};

/** The office and the district leaders start on the dashboard (which sends them to the plans while there is none). */
export const HOME_BY_ROLE: Record<Role, string> = {
  supervisor: '/dashboard',
  admin: '/users',
  executive: '/dashboard',
  unit_leader: '/my',
  unit_staff: '/my',
};

/** Every role, in the order forms list them. */
export const ROLES: readonly Role[] = ['supervisor', 'executive', 'unit_leader', 'unit_staff', 'admin'];

export const isUnitRole = (role: Role): boolean => role === 'unit_leader' || role === 'unit_staff';

export const can = {
  importNotice: (role: Role) => role === 'supervisor',
  editDirectory: (role: Role) => role === 'supervisor',
  manageUsers: (role: Role) => role === 'admin' || role === 'supervisor',
  /** Unit users only ever see their own unit's tasks: no unit filter for them. */
  filterByUnit: (role: Role) => !isUnitRole(role),
  /** 签收 / 有异议: only the assigned unit's own users answer. */
  answerReceipt: (role: Role) => isUnitRole(role),
  reassign: (role: Role) => role === 'supervisor',
  editPeriods: (role: Role) => role === 'supervisor',
  /** 台账: the assigned unit's own users write it; the office and the district leaders read it. */
  editLedger: (role: Role) => isUnitRole(role),
  viewLedger: (role: Role) => role !== 'admin',
  /** 退回 / 确认 a submitted ledger. */
  reviewLedger: (role: Role) => role === 'supervisor',
  /** 本期报送: the unit's own users fill and send it; only its principal leader signs it. */
  editPackage: (role: Role) => isUnitRole(role),
  signPackage: (role: Role) => role === 'unit_leader',
  /** 通过 / 退回 a signed package. */
  reviewPackage: (role: Role) => role === 'supervisor',
  viewPackage: (role: Role) => role !== 'admin',
  /** 协调事项: a unit raises one on its task; the office routes it to a district leader, who answers. */
  raiseCoordination: (role: Role) => isUnitRole(role),
  routeCoordination: (role: Role) => role === 'supervisor',
  answerCoordination: (role: Role) => role === 'executive',
  /** 办结: the office, or the raising unit (the server checks which unit). */
  resolveCoordination: (role: Role) => role === 'supervisor' || isUnitRole(role),
  /** 汇总: the task's lead unit writes the consolidated status (the server checks which unit leads). */
  consolidate: (role: Role) => isUnitRole(role),
  /** 延期申请: the milestone's unit asks; the office approves or refuses. */
  requestExtension: (role: Role) => isUnitRole(role),
  decideExtension: (role: Role) => role === 'supervisor',
  /** 一键催办 and 下发督办单 / 办结 a 督办单: the office (reminders.send, notices.issue). */
  remind: (role: Role) => role === 'supervisor',
  issueNotice: (role: Role) => role === 'supervisor',
  /** The unit answers a 督办单 on its own item (notices.respond). */
  respondNotice: (role: Role) => isUnitRole(role),
  /** 申请办结销号: the unit, on its own item; the office verifies or rejects (closeouts.*). */
  requestCloseout: (role: Role) => isUnitRole(role),
  verifyCloseout: (role: Role) => role === 'supervisor',
  /** Reminder timing and the lights' margin; running the scheduler now (supervision.manage). */
  manageSupervision: (role: Role) => role === 'supervisor',
  /** The record of sent messages and failing channels (deliveries.read). */
  readDeliveries: (role: Role) => role === 'supervisor' || role === 'admin',
  /** A unit's group robot: the office for any unit, the unit leader for their own (webhooks.manage). */
  manageAnyWebhook: (role: Role) => role === 'supervisor',
  manageOwnWebhook: (role: Role) => role === 'unit_leader',
  /** 通报: every role reads the published ones (bulletins.read); the office and the district leaders also drafts. */
  readBulletinDrafts: (role: Role) => role === 'supervisor' || role === 'executive',
  /** Generate, word, refresh and publish a bulletin (bulletins.manage). */
  manageBulletins: (role: Role) => role === 'supervisor',
  /** 考评: the weights and the quality ratings (evaluation.manage); everyone else reads (a unit its own row). */
  manageEvaluation: (role: Role) => role === 'supervisor',
  /** 上下贯通: the office confirms or rejects a suggested link (the server checks the levels). */
  decideLinks: (role: Role) => role === 'supervisor',
  /** 政务公开: the office marks a task public and writes its public note (supervision.manage). */
  managePublicity: (role: Role) => role === 'supervisor',
};

export function canOpen(role: Role, key: NavKey): boolean {
  return NAV_BY_ROLE[role].includes(key);
}

const FIRST_SEGMENT_TO_NAV: Record<string, NavKey> = {
  dashboard: 'dashboard',
  supervision: 'supervision',
  'supervision-notices': 'notices',
  closeouts: 'closeouts',
  settings: 'supervisionSettings',
  imports: 'imports',
  plans: 'plans',
  my: 'my',
  receipts: 'receipts',
  reviews: 'reviews',
  ledgers: 'ledgers',
  units: 'units',
  users: 'users',
  coordination: 'coordination',
  extensions: 'extensions',
  bulletins: 'bulletins',
  evaluation: 'evaluation',
  audit: 'audit',
};

/** Whether `pathname` is a page this role may open (used to honour a deep link after sign-in). */
export function pathAllowed(role: Role, pathname: string): boolean {
  const [first = '', second] = pathname.split('/').filter(Boolean);
  if (first === '' || first === 'password') return true;
  if (first === 'tasks') return second !== undefined || canOpen(role, 'tasks');
  if (first === 'ledger') return second !== undefined && can.viewLedger(role);
  if (first === 'package') return second !== undefined && can.viewPackage(role);
  // Notification links: /ledgers/:assignmentId and /packages/:submissionId redirect to the pages above.
  if (first === 'ledgers' && second !== undefined) return can.viewLedger(role);
  if (first === 'packages') return second !== undefined && can.viewPackage(role);
  const key = FIRST_SEGMENT_TO_NAV[first];
  return key !== undefined && canOpen(role, key);
}
