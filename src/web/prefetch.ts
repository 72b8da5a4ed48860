// Starting a page's work before React asks for it (issue 15: rows within 500 ms of navigation). Left to the
// components, a page loads as a waterfall, each step waiting for the one before: the entry script → the session
// probe → the frame's chunk → the page's chunk → the plans → the page's list. Here the session probe, the frame's
// and the page's chunks and the page's own queries start together: at startup for the address opened, and at the
// click on a link (or a history step) for the next one. Hovering a link loads its page's chunk only. The queries
// are the pages' own (the api modules' query options), so the page finds them in the cache, running or done.

import type { FetchQueryOptions, QueryClient } from '@tanstack/react-query';
import { matchPath } from 'react-router';
import { sessionQuery } from './api/auth';
import { byNewest, planQuery, plansQuery, tasksQuery } from './api/plans';
import { unitSubmissionQuery } from './api/submissions';
import { dashboardQuery, supervisedTasksQuery } from './api/supervision';
import type { Me } from './api/types';
import { parseTaskFilters } from './components/useTaskFilterParams';
import { listQuery, parseFilters } from './pages/supervised-tasks/filters';
import { canOpen } from './roles';
import { PAGE_ROUTES, type PageRoute } from './routes';

export interface Address {
  pathname: string;
  search: string;
}

/** Pages outside the signed-in frame: nothing to start for them. */
const OUTSIDE = ['/login', '/public'];

function routeOf(pathname: string): { route: PageRoute; params: Record<string, string | undefined> } | undefined {
  for (const route of PAGE_ROUTES) {
    const match = matchPath({ path: `/${route.path}`, end: true }, pathname);
    if (match) return { route, params: match.params };
  }
  return undefined;
}

/** Loads the page's chunk (and the frame's) for an address of the app. */
export function preloadPage(pathname: string): void {
  if (OUTSIDE.some((p) => pathname.startsWith(p))) return;
  void import('./components/AppLayout').catch(() => undefined);
  void routeOf(pathname)
    ?.route.page.preload()
    .catch(() => undefined);
}

/** A query to start: the options of one of the api modules' queries. */
// biome-ignore lint/suspicious/noExplicitAny: options of queries of different data types, started alike
type FirstQuery = FetchQueryOptions<any, any, any, any>;

/**
 * The queries a page runs first, for the pages whose rows people wait for: the same options (so the same keys) the
 * page's components use. `newestPlan` answers the plan the pages show when the address names none.
 */
export async function firstQueries(
  me: Me,
  { pathname, search }: Address,
  newestPlan: () => Promise<string | undefined>,
): Promise<FirstQuery[]> {
  const found = routeOf(pathname);
  if (!found) return [];
  const { route, params } = found;
  // A page the menu does not give this person shows 无权访问 without asking the server: nothing to start.
  if (route.nav && !canOpen(me, route.nav)) return [];
  const query = new URLSearchParams(search);
  switch (route.path) {
    case 'dashboard': {
      const planId = query.get('planId') || (await newestPlan());
      return planId ? [dashboardQuery(planId)] : [];
    }
    case 'supervision/tasks': {
      const f = parseFilters(query);
      const planId = f.planId ?? (await newestPlan());
      if (!planId) return [];
      // The query object SupervisedTasksPage builds (absent filters drop out of the key), and its filter bar's plan.
      const list = supervisedTasksQuery(listQuery(f, planId));
      return [list, planQuery(planId)];
    }
    case 'plans/:id': {
      // PlanPage's plan, and TaskBrowser's query: the URL's filters with the page's plan.
      const id = params.id;
      return id ? [planQuery(id), tasksQuery({ ...parseTaskFilters(query), planId: id })] : [];
    }
    case 'my':
      // 我的任务: TaskBrowser's list of the unit's tasks, the URL's filters as they are; the plans (its export).
      return [tasksQuery(parseTaskFilters(query), 'mine'), plansQuery];
    case 'submission/:periodId': {
      const periodId = params.periodId;
      return periodId ? [unitSubmissionQuery(periodId, query.get('unitId') || undefined)] : [];
    }
    default:
      return [];
  }
}

async function prefetchData(client: QueryClient, me: Me, address: Address): Promise<void> {
  const newest = async () => [...(await client.ensureQueryData(plansQuery)).items].sort(byNewest)[0]?.id;
  // Started, not awaited: the caller sends the page's chunks once the requests are out.
  for (const options of await firstQueries(me, address, newest)) void client.prefetchQuery(options);
}

/**
 * Starts everything an address of the app needs: its chunks at once, its data once the session (asked once per
 * load, then cached) says someone is signed in — never before, so the signed-out sign-in page asks nothing more.
 *
 * Within the app (the session known), the data's requests are sent before the chunks'. Over plain HTTP/1.1 (the
 * intranet) the browser opens 6 connections to a host, and a page's chunks are a dozen or more: sent first, they held
 * the list's request in the browser's queue for about 200 ms (seen in its resource timings: requestStart 200 ms after
 * startTime), and the rows wait for the list, not for the chunks, which come in the meantime.
 */
export function startPage(client: QueryClient, address: Address): void {
  if (OUTSIDE.some((p) => address.pathname.startsWith(p))) return;
  const known = client.getQueryData(sessionQuery.queryKey);
  if (known === undefined) preloadPage(address.pathname);
  void client
    .ensureQueryData(sessionQuery)
    .then((session) => {
      if (session && !session.user.mustChangePassword) return prefetchData(client, session.user, address);
    })
    // A failed start is no error: the page asks again itself and shows what went wrong.
    .catch(() => undefined)
    .finally(() => {
      if (known !== undefined) preloadPage(address.pathname);
    });
}

/** The app's own address a link points to, if it is one. */
function linkTarget(target: EventTarget | null): URL | undefined {
  const anchor = target instanceof Element ? target.closest('a[href]') : null;
  if (!(anchor instanceof HTMLAnchorElement) || anchor.target === '_blank' || anchor.hasAttribute('download')) return;
  const url = new URL(anchor.href, window.location.href);
  if (url.origin !== window.location.origin || url.pathname.startsWith('/api/')) return;
  return url;
}

/** Starts the opened address's work now, and each next page's at the click (capture: before the router acts). */
export function installPrefetch(client: QueryClient): void {
  startPage(client, window.location);
  document.addEventListener(
    'click',
    (event) => {
      const url = linkTarget(event.target);
      if (url && event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey) startPage(client, url);
    },
    true,
  );
  const preloadLink = (event: Event) => {
    const url = linkTarget(event.target);
    if (url) preloadPage(url.pathname);
  };
  document.addEventListener('pointerover', preloadLink, { passive: true });
  document.addEventListener('focusin', preloadLink);
  window.addEventListener('popstate', () => startPage(client, window.location));
}
