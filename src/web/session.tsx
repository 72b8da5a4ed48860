// The signed-in user for the pages, and the guards that keep the signed-out and the
// must-change-password user where they belong.

import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect } from 'react';
import { type Location, Navigate, useLocation } from 'react-router';
import { clearSession, sessionKey, useSession } from './api/auth';
import { setUnauthorizedHandler } from './api/client';
import type { Me, Session } from './api/types';
import { Forbidden, PageLoading, QueryError } from './components/status';
import { getLang, translate } from './i18n';
import { notifyError } from './notify';
import { canOpen, HOME_BY_ROLE, type NavKey, pathAllowed } from './roles';

const MeContext = createContext<Me | null>(null);

/** The signed-in user; only under <RequireAuth>. */
export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe outside RequireAuth');
  return me;
}

export interface FromState {
  from?: Pick<Location, 'pathname' | 'search'>;
}

/** Where a user goes after signing in: the password page if forced, the deep link if allowed, else home. */
export function landingPath(session: Session, state: unknown): string {
  const { user } = session;
  if (user.mustChangePassword) return '/password';
  const from = (state as FromState | null)?.from;
  if (from && from.pathname !== '/' && from.pathname !== '/login' && pathAllowed(user, from.pathname)) {
    return `${from.pathname}${from.search}`;
  }
  return HOME_BY_ROLE[user.role];
}

export function RequireAuth({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <PageLoading />;
  if (session.isError) return <QueryError error={session.error} onRetry={() => session.refetch()} />;
  if (!session.data) {
    const state: FromState = { from: { pathname: location.pathname, search: location.search } };
    return <Navigate to="/login" replace state={state} />;
  }
  if (session.data.user.mustChangePassword && location.pathname !== '/password') {
    return <Navigate to="/password" replace />;
  }
  return <MeContext.Provider value={session.data.user}>{children}</MeContext.Provider>;
}

export function RequireNav({ nav, children }: { nav: NavKey; children: ReactNode }) {
  const me = useMe();
  return canOpen(me, nav) ? children : <Forbidden />;
}

export function HomeRedirect() {
  const me = useMe();
  return <Navigate to={HOME_BY_ROLE[me.role]} replace />;
}

/** A 401 from any call but sign-in means the session is gone: forget it; the guard shows sign-in. */
export function SessionExpiryWatcher() {
  const queryClient = useQueryClient();
  useEffect(() => {
    setUnauthorizedHandler(() => {
      if (!queryClient.getQueryData(sessionKey)) return;
      clearSession(queryClient);
      notifyError(translate(getLang(), 'auth.expired'));
    });
    return () => setUnauthorizedHandler(null);
  }, [queryClient]);
  return null;
}
