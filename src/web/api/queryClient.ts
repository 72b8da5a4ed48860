import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { notifyError } from '../notify';
import { isApiError } from './client';

declare module '@tanstack/react-query' {
  interface Register {
    /** `inlineError`: the component shows the error itself (a form's alert); no toast. */
    queryMeta: { inlineError?: boolean };
    mutationMeta: { inlineError?: boolean };
  }
}

function report(error: Error, inline: boolean | undefined): void {
  // 401 is handled once, by the session (sign-in page + "session expired").
  if (inline || isApiError(error, 401)) return;
  notifyError(error.message);
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError: (error, query) => report(error, query.meta?.inlineError) }),
    mutationCache: new MutationCache({
      onError: (error, _vars, _ctx, mutation) => report(error, mutation.meta?.inlineError),
    }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // A 4xx will not get better by asking again.
        retry: (count, error) => count < 2 && !(isApiError(error) && error.status >= 400 && error.status < 500),
      },
      mutations: { retry: false },
    },
  });
}
