// Which pages the navigation offers, and the home page per role. What the caller may do is the server's
// decision: the session carries the role's grants (`abilities`) and single objects carry theirs; the menu
// shows a page only when the grants include the action the page needs.

import type { Action, Me, Role } from './api/types';

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
  | 'ladder'
  | 'watches'
  | 'instructions'
  | 'brief'
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
  ladder: '/ladder',
  watches: '/watches',
  instructions: '/instructions',
  brief: '/brief',
  audit: '/audit',
};

/** Menu entries per role, in menu order (a product choice); the session's grants filter them (NAV_ACTION). */
export const NAV_BY_ROLE: Record<Role, readonly NavKey[]> = {
  supervisor: [
    'dashboard',
    'supervision',
    'notices',
    'instructions',
    'closeouts',
    'imports',
    'plans',
    'tasks',
    'receipts',
    'reviews',
    'coordination',
    'extensions',
    'bulletins',
    'brief',
    'evaluation',
    'ladder',
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
    'brief',
    'watches',
    'instructions',
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
    'ladder',
    'ledgers',
    'units',
  ],
  unit_leader: [
    'my',
    'dashboard',
    'supervision',
    'notices',
    'instructions',
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
    'instructions',
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

/** The action a page lists or edits: without a grant for it the page is not offered. */
const NAV_ACTION: Partial<Record<NavKey, Action>> = {
  dashboard: 'supervision.read',
  supervision: 'supervision.read',
  notices: 'supervisionNotices.read',
  closeouts: 'closeouts.read',
  imports: 'plans.import',
  plans: 'plans.read',
  tasks: 'tasks.read',
  my: 'tasks.read',
  receipts: 'receipts.read',
  reviews: 'submissions.read',
  ledgers: 'ledgers.read',
  units: 'directory.read',
  users: 'users.read',
  coordination: 'coordination.read',
  extensions: 'ledgers.read',
  bulletins: 'bulletins.read',
  evaluation: 'evaluation.read',
  ladder: 'supervision.oversee',
  watches: 'watches.manage',
  instructions: 'instructions.read',
  brief: 'briefs.read',
  audit: 'audit.read',
};

type Caller = Pick<Me, 'role' | 'abilities'>;

/** Whether the server grants the caller's role this action on some row (its own unit's, or all). */
export const may = (me: Pick<Me, 'abilities'>, action: Action): boolean => me.abilities[action] !== undefined;

/** Whether the grant covers every unit's rows (so a unit filter makes sense), not only the caller's own. */
export const mayOnAllUnits = (me: Pick<Me, 'abilities'>, action: Action): boolean => me.abilities[action] === 'all';

export function canOpen(me: Caller, key: NavKey): boolean {
  const action = NAV_ACTION[key];
  return NAV_BY_ROLE[me.role].includes(key) && (action === undefined || may(me, action));
}

/** The menu in order: the role's entries the session's grants allow. */
export const navKeys = (me: Caller): NavKey[] => NAV_BY_ROLE[me.role].filter((key) => canOpen(me, key));

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
  ladder: 'ladder',
  watches: 'watches',
  instructions: 'instructions',
  brief: 'brief',
  audit: 'audit',
};

/** Whether `pathname` is a page this role may open (used to honour a deep link after sign-in). */
export function pathAllowed(me: Caller, pathname: string): boolean {
  const [first = '', second] = pathname.split('/').filter(Boolean);
  if (first === '' || first === 'password') return true;
  if (first === 'tasks') return second !== undefined || canOpen(me, 'tasks');
  if (first === 'ledger') return second !== undefined && may(me, 'ledgers.read');
  if (first === 'submission' || first === 'package') return second !== undefined && may(me, 'submissions.read');
  // Notification links: /ledgers/:assignmentId and /submissions/:submissionId redirect to the pages above.
  if (first === 'ledgers' && second !== undefined) return may(me, 'ledgers.read');
  if (first === 'submissions' || first === 'packages') return second !== undefined && may(me, 'submissions.read');
  const key = FIRST_SEGMENT_TO_NAV[first];
  return key !== undefined && canOpen(me, key);
}
