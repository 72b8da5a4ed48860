// The pages of the signed-in app, as data: App.tsx builds its routes from this table, and the browser test of
// screen sizes (e2e/screens.test.ts) visits every entry for every role that may open it, so a new page is
// covered without editing the test. Every page is its own lazy chunk, loaded ahead by prefetch.ts.

import { type ComponentType, type LazyExoticComponent, lazy } from 'react';
import type { Role } from './api/types';
import { NAV_BY_ROLE, type NavKey, ROLES } from './roles';

/** A page's lazy component, whose chunk can be loaded ahead (src/web/prefetch.ts: at a link's hover or click). */
export type LazyPage = LazyExoticComponent<ComponentType> & { preload: () => Promise<unknown> };

function lazyPage(load: () => Promise<{ default: ComponentType }>): LazyPage {
  return Object.assign(lazy(load), { preload: load });
}

const ImportPage = lazyPage(() => import('./pages/import/ImportPage'));

/** GETs an API path (under /api/v1) as the signed-in person and answers its JSON (the test's way to find ids). */
export type ApiGet = (path: string) => Promise<unknown>;

export interface PageRoute {
  /** The path under the app's frame, as React Router spells it (`:id` for a parameter). */
  path: string;
  page: LazyPage;
  /** The menu entry whose grant the page needs (RequireNav); without one the server decides per object. */
  nav?: NavKey;
  /** Who may open it: the roles whose menu holds `nav`, unless named here. */
  roles?: readonly Role[];
  /**
   * For a path with a parameter: a real address of the demo for this person (query string allowed), found
   * through the API; undefined when the demo holds none for them.
   */
  example?: (get: ApiGet, role: Role) => Promise<string | undefined>;
}

interface Listed {
  items: { id: string }[];
}
const firstId = async (get: ApiGet, path: string) => ((await get(path)) as Listed).items[0]?.id;
const firstPlan = (get: ApiGet) => firstId(get, '/plans');

/** A task of the caller's unit for a unit's people (its assignment of that task), any task for the others. */
async function ownTask(get: ApiGet, role: Role) {
  const unitRole = role === 'unit_leader' || role === 'unit_staff';
  const list = (await get(unitRole ? '/my/assignments' : '/tasks?pageSize=1')) as {
    items: { id: string; assignments: { id: string; unit: { id: string } }[] }[];
  };
  const me = (await get('/auth/session')) as { user?: { unit: { id: string } | null } };
  const task = list.items[0];
  const assignment = task?.assignments.find((a) => a.unit.id === me.user?.unit?.id) ?? task?.assignments[0];
  return { task: task?.id, assignment: assignment?.id };
}

export const PAGE_ROUTES: readonly PageRoute[] = [
  { path: 'password', page: lazyPage(() => import('./pages/PasswordPage')), roles: ROLES },
  { path: 'imports/new', page: ImportPage, nav: 'imports' },
  // An import draft lives only between upload and confirmation: the demo keeps none.
  { path: 'imports/:id', page: ImportPage, nav: 'imports' },
  { path: 'plans', page: lazyPage(() => import('./pages/PlansPage')), nav: 'plans' },
  {
    path: 'plans/:id',
    page: lazyPage(() => import('./pages/PlanPage')),
    nav: 'plans',
    example: async (get) => `/plans/${await firstPlan(get)}`,
  },
  {
    path: 'plans/:id/year-end',
    page: lazyPage(() => import('./pages/YearEndPage')),
    nav: 'plans',
    example: async (get) => `/plans/${await firstPlan(get)}/year-end`,
  },
  { path: 'tasks', page: lazyPage(() => import('./pages/TasksPage')), nav: 'tasks' },
  {
    path: 'tasks/:id',
    page: lazyPage(() => import('./pages/TaskPage')),
    roles: ['supervisor', 'executive', 'unit_leader', 'unit_staff'],
    example: async (get, role) => {
      const { task } = await ownTask(get, role);
      return task && `/tasks/${task}`;
    },
  },
  { path: 'my', page: lazyPage(() => import('./pages/MyTasksPage')), nav: 'my' },
  { path: 'watches', page: lazyPage(() => import('./pages/WatchesPage')), nav: 'watches' },
  { path: 'instructions', page: lazyPage(() => import('./pages/InstructionsPage')), nav: 'instructions' },
  {
    path: 'instructions/:id',
    page: lazyPage(() => import('./pages/InstructionPage')),
    nav: 'instructions',
    example: async (get) => {
      const id = await firstId(get, '/instructions');
      return id && `/instructions/${id}`;
    },
  },
  { path: 'brief', page: lazyPage(() => import('./pages/BriefPage')), nav: 'brief' },
  { path: 'receipts', page: lazyPage(() => import('./pages/ReceiptsPage')), nav: 'receipts' },
  // The server decides who may read which ledger (its unit, the office, the district leaders).
  {
    path: 'ledger/:id',
    page: lazyPage(() => import('./pages/LedgerPage')),
    roles: ['supervisor', 'executive', 'unit_leader', 'unit_staff'],
    example: async (get, role) => {
      const { assignment } = await ownTask(get, role);
      return assignment && `/ledger/${assignment}`;
    },
  },
  // The server decides whose submission may be read (its unit; the office and the district leaders with ?unitId=).
  {
    path: 'submission/:periodId',
    page: lazyPage(() => import('./pages/SubmissionPage')),
    roles: ['unit_leader', 'unit_staff'],
    example: async (get) => {
      const periods = ((await get(`/plans/${await firstPlan(get)}/periods`)) as Listed).items;
      // The latest period: the one people open now.
      const period = periods.at(-1)?.id;
      return period && `/submission/${period}`;
    },
  },
  { path: 'reviews', page: lazyPage(() => import('./pages/ReviewsPage')), nav: 'reviews' },
  { path: 'coordination', page: lazyPage(() => import('./pages/CoordinationPage')), nav: 'coordination' },
  { path: 'extensions', page: lazyPage(() => import('./pages/ExtensionsPage')), nav: 'extensions' },
  // The dashboard's chunk carries ECharts: only the dashboard loads it.
  { path: 'dashboard', page: lazyPage(() => import('./pages/dashboard/DashboardPage')), nav: 'dashboard' },
  {
    path: 'supervision/tasks',
    page: lazyPage(() => import('./pages/supervised-tasks/SupervisedTasksPage')),
    nav: 'supervision',
  },
  { path: 'supervision-notices', page: lazyPage(() => import('./pages/SupervisionNoticesPage')), nav: 'notices' },
  {
    path: 'supervision-notices/:id',
    page: lazyPage(() => import('./pages/SupervisionNoticePage')),
    nav: 'notices',
    example: async (get) => {
      const id = await firstId(get, '/supervision-notices');
      return id && `/supervision-notices/${id}`;
    },
  },
  { path: 'closeouts', page: lazyPage(() => import('./pages/CloseoutsPage')), nav: 'closeouts' },
  { path: 'bulletins', page: lazyPage(() => import('./pages/BulletinsPage')), nav: 'bulletins' },
  // The bell links here; the server answers 404 for a draft to anyone but the office and the leaders.
  {
    path: 'bulletins/:id',
    page: lazyPage(() => import('./pages/bulletin/BulletinPage')),
    nav: 'bulletins',
    example: async (get) => {
      const id = await firstId(get, '/bulletins');
      return id && `/bulletins/${id}`;
    },
  },
  { path: 'evaluation', page: lazyPage(() => import('./pages/EvaluationPage')), nav: 'evaluation' },
  { path: 'ladder', page: lazyPage(() => import('./pages/LadderPage')), nav: 'ladder' },
  { path: 'audit', page: lazyPage(() => import('./pages/AuditPage')), nav: 'audit' },
  {
    path: 'settings/supervision',
    page: lazyPage(() => import('./pages/SupervisionSettingsPage')),
    nav: 'supervisionSettings',
  },
  { path: 'ledgers', page: lazyPage(() => import('./pages/LedgersPage')), nav: 'ledgers' },
  { path: 'units', page: lazyPage(() => import('./pages/UnitsPage')), nav: 'units' },
  { path: 'users', page: lazyPage(() => import('./pages/UsersPage')), nav: 'users' },
];

/** The roles that may open a page. */
export const rolesOf = (route: PageRoute): readonly Role[] =>
  route.roles ?? ROLES.filter((role) => route.nav !== undefined && NAV_BY_ROLE[role].includes(route.nav));
