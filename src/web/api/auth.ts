import { type QueryClient, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request, setCsrfToken } from './client';
import type { ChangePasswordBody, LoginBody, Session } from './types';

export const sessionKey = ['session'] as const;

declare global {
  interface Window {
    /** The first session probe, sent by public/session-probe.js before the app's scripts ran. */
    __dubanSession?: Promise<Response>;
  }
}

/** The early probe's answer, once; undefined when there was none or it failed (then the app asks itself). */
async function earlySession(): Promise<{ session: Session | null } | undefined> {
  if (typeof window === 'undefined' || !window.__dubanSession) return undefined;
  const early = window.__dubanSession;
  window.__dubanSession = undefined;
  try {
    const response = await early;
    if (response.ok) return (await response.json()) as { session: Session | null };
  } catch {
    // the network or the body failed: ask again the usual way
  }
  return undefined;
}

async function fetchSession(): Promise<Session | null> {
  // The probe answers 200 either way: signed out is the sign-in page's normal state, not a console error.
  const { session } = (await earlySession()) ?? (await request<{ session: Session | null }>('/auth/session'));
  setCsrfToken(session?.csrfToken ?? null);
  return session;
}

/** The signed-in session, or null when signed out; undefined while the first probe runs. */
export function useSession() {
  return useQuery(sessionQuery);
}

/** The session probe's query, also started by main.tsx before React renders (src/web/prefetch.ts). */
export const sessionQuery = queryOptions({
  queryKey: sessionKey,
  queryFn: fetchSession,
  staleTime: Number.POSITIVE_INFINITY,
  retry: 1,
});

/** Forget everything about the signed-in user (sign-out, expired session). */
export function clearSession(queryClient: QueryClient): void {
  setCsrfToken(null);
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionKey[0] });
  queryClient.setQueryData<Session | null>(sessionKey, null);
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { inlineError: true },
    mutationFn: (body: LoginBody) => request<Session>('/auth/login', { method: 'POST', body, allowUnauthorized: true }),
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken);
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionKey[0] });
      queryClient.setQueryData<Session | null>(sessionKey, session);
    },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { inlineError: true },
    mutationFn: () => request<void>('/auth/logout', { method: 'POST', allowUnauthorized: true }),
    // Signed out locally whatever the server said (it may have expired the session already).
    onSettled: () => clearSession(queryClient),
  });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { inlineError: true },
    // A wrong current password is a 400 with a message (shown on the form); a 401 means the session is gone.
    mutationFn: (body: ChangePasswordBody) => request<void>('/auth/password', { method: 'POST', body }),
    // The session now says mustChangePassword: false (and may carry a new CSRF token).
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionKey }),
  });
}
