// Routes. Every page is its own lazy chunk; the first screen loads only the shell and the sign-in form.

import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { ErrorBoundary, NotFoundPage, PageLoading } from './components/status';
import { HomeRedirect, RequireAuth, RequireNav, SessionExpiryWatcher } from './session';

const AppLayout = lazy(() => import('./components/AppLayout'));
const LoginPage = lazy(() => import('./pages/LoginPage'));
const PasswordPage = lazy(() => import('./pages/PasswordPage'));
const ImportPage = lazy(() => import('./pages/ImportPage'));
const PlansPage = lazy(() => import('./pages/PlansPage'));
const PlanPage = lazy(() => import('./pages/PlanPage'));
const TasksPage = lazy(() => import('./pages/TasksPage'));
const TaskPage = lazy(() => import('./pages/TaskPage'));
const MyTasksPage = lazy(() => import('./pages/MyTasksPage'));
const ReceiptsPage = lazy(() => import('./pages/ReceiptsPage'));
const LedgerPage = lazy(() => import('./pages/LedgerPage'));
const LedgersPage = lazy(() => import('./pages/LedgersPage'));
const PackagePage = lazy(() => import('./pages/PackagePage'));
const ReviewsPage = lazy(() => import('./pages/ReviewsPage'));
const UnitsPage = lazy(() => import('./pages/UnitsPage'));
const UsersPage = lazy(() => import('./pages/UsersPage'));
const CoordinationPage = lazy(() => import('./pages/CoordinationPage'));
const ExtensionsPage = lazy(() => import('./pages/ExtensionsPage'));

export function App() {
  return (
    <ErrorBoundary>
      <SessionExpiryWatcher />
      <Suspense fallback={<PageLoading />}>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route
            element={
              <RequireAuth>
                <AppLayout />
              </RequireAuth>
            }
          >
            <Route index element={<HomeRedirect />} />
            <Route path="password" element={<PasswordPage />} />
            <Route
              path="imports/new"
              element={
                <RequireNav nav="imports">
                  <ImportPage />
                </RequireNav>
              }
            />
            <Route
              path="imports/:id"
              element={
                <RequireNav nav="imports">
                  <ImportPage />
                </RequireNav>
              }
            />
            <Route
              path="plans"
              element={
                <RequireNav nav="plans">
                  <PlansPage />
                </RequireNav>
              }
            />
            <Route
              path="plans/:id"
              element={
                <RequireNav nav="plans">
                  <PlanPage />
                </RequireNav>
              }
            />
            <Route
              path="tasks"
              element={
                <RequireNav nav="tasks">
                  <TasksPage />
                </RequireNav>
              }
            />
            <Route path="tasks/:id" element={<TaskPage />} />
            <Route
              path="my"
              element={
                <RequireNav nav="my">
                  <MyTasksPage />
                </RequireNav>
              }
            />
            <Route
              path="receipts"
              element={
                <RequireNav nav="receipts">
                  <ReceiptsPage />
                </RequireNav>
              }
            />
            {/* The server decides who may read which ledger (its unit, the office, the district leaders). */}
            <Route path="ledger/:id" element={<LedgerPage />} />
            {/* The server decides whose package may be read (its unit; the office and the district leaders with ?unitId=). */}
            <Route path="package/:periodId" element={<PackagePage />} />
            <Route
              path="reviews"
              element={
                <RequireNav nav="reviews">
                  <ReviewsPage />
                </RequireNav>
              }
            />
            <Route
              path="coordination"
              element={
                <RequireNav nav="coordination">
                  <CoordinationPage />
                </RequireNav>
              }
            />
            <Route
              path="extensions"
              element={
                <RequireNav nav="extensions">
                  <ExtensionsPage />
                </RequireNav>
              }
            />
            <Route
              path="ledgers"
              element={
                <RequireNav nav="ledgers">
                  <LedgersPage />
                </RequireNav>
              }
            />
            <Route
              path="units"
              element={
                <RequireNav nav="units">
                  <UnitsPage />
                </RequireNav>
              }
            />
            <Route
              path="users"
              element={
                <RequireNav nav="users">
                  <UsersPage />
                </RequireNav>
              }
            />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </Suspense>
    </ErrorBoundary>
  );
}
