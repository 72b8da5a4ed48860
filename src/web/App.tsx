// Routes. Every page is its own lazy chunk; the first screen loads only the shell and the sign-in form. The pages
// of the signed-in app are listed in routes.ts (which the screen-size browser test reads too).

import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes, useParams } from 'react-router';
import { ErrorBoundary, NotFoundPage, PageLoading } from './components/status';
import { PAGE_ROUTES } from './routes';
import { HomeRedirect, RequireAuth, RequireNav, SessionExpiryWatcher } from './session';

const AppLayout = lazy(() => import('./components/AppLayout'));
const LoginPage = lazy(() => import('./pages/LoginPage'));
const SubmissionRedirect = lazy(() => import('./pages/SubmissionRedirect'));
// 政务公开: anyone, signed in or not, without the app's frame.
const PublicProgressPage = lazy(() => import('./pages/PublicProgressPage'));

export function App() {
  return (
    <ErrorBoundary>
      <SessionExpiryWatcher />
      <Suspense fallback={<PageLoading />}>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route path="/public" element={<PublicProgressPage />} />
          <Route
            element={
              <RequireAuth>
                <AppLayout />
              </RequireAuth>
            }
          >
            <Route index element={<HomeRedirect />} />
            {PAGE_ROUTES.map(({ path, page: Page, nav }) => (
              <Route
                key={path}
                path={path}
                element={
                  nav ? (
                    <RequireNav nav={nav}>
                      <Page />
                    </RequireNav>
                  ) : (
                    <Page />
                  )
                }
              />
            ))}
            {/* Addresses bookmarked before the report was called a submission everywhere. */}
            <Route path="package/:periodId" element={<RenamedPath from="/package/" to="/submission/" />} />
            <Route path="packages/:id" element={<RenamedPath from="/packages/" to="/submissions/" />} />
            {/* Notification links name a ledger by its assignment and a submission by its submission. */}
            <Route path="ledgers/:id" element={<LedgerRedirect />} />
            <Route path="submissions/:id" element={<SubmissionRedirect />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </Suspense>
    </ErrorBoundary>
  );
}

function LedgerRedirect() {
  const { id = '' } = useParams();
  return <Navigate to={`/ledger/${encodeURIComponent(id)}`} replace />;
}

/** Sends an old address to its new name, keeping the rest of the path and the query. */
function RenamedPath({ from, to }: { from: string; to: string }) {
  const { pathname, search } = window.location;
  return <Navigate to={`${to}${pathname.slice(from.length)}${search}`} replace />;
}
