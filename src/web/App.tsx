// Routes. Every page is its own lazy chunk; the first screen loads only the shell and the sign-in form.

import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes, useParams } from 'react-router';
import { ErrorBoundary, NotFoundPage, PageLoading } from './components/status';
import { HomeRedirect, RequireAuth, RequireNav, SessionExpiryWatcher } from './session';

const AppLayout = lazy(() => import('./components/AppLayout'));
const LoginPage = lazy(() => import('./pages/LoginPage'));
const PasswordPage = lazy(() => import('./pages/PasswordPage'));
const ImportPage = lazy(() => import('./pages/import/ImportPage'));
const PlansPage = lazy(() => import('./pages/PlansPage'));
const PlanPage = lazy(() => import('./pages/PlanPage'));
const YearEndPage = lazy(() => import('./pages/YearEndPage'));
const TasksPage = lazy(() => import('./pages/TasksPage'));
const TaskPage = lazy(() => import('./pages/TaskPage'));
const MyTasksPage = lazy(() => import('./pages/MyTasksPage'));
const ReceiptsPage = lazy(() => import('./pages/ReceiptsPage'));
const LedgerPage = lazy(() => import('./pages/LedgerPage'));
const LedgersPage = lazy(() => import('./pages/LedgersPage'));
const SubmissionPage = lazy(() => import('./pages/SubmissionPage'));
const ReviewsPage = lazy(() => import('./pages/ReviewsPage'));
const UnitsPage = lazy(() => import('./pages/UnitsPage'));
const UsersPage = lazy(() => import('./pages/UsersPage'));
const CoordinationPage = lazy(() => import('./pages/CoordinationPage'));
const ExtensionsPage = lazy(() => import('./pages/ExtensionsPage'));
// The dashboard's chunk carries ECharts: only the dashboard loads it.
const DashboardPage = lazy(() => import('./pages/dashboard/DashboardPage'));
const SupervisedTasksPage = lazy(() => import('./pages/supervised-tasks/SupervisedTasksPage'));
const SupervisionNoticesPage = lazy(() => import('./pages/SupervisionNoticesPage'));
const SupervisionNoticePage = lazy(() => import('./pages/SupervisionNoticePage'));
const CloseoutsPage = lazy(() => import('./pages/CloseoutsPage'));
const SupervisionSettingsPage = lazy(() => import('./pages/SupervisionSettingsPage'));
const SubmissionRedirect = lazy(() => import('./pages/SubmissionRedirect'));
const BulletinsPage = lazy(() => import('./pages/BulletinsPage'));
const BulletinPage = lazy(() => import('./pages/bulletin/BulletinPage'));
const AuditPage = lazy(() => import('./pages/AuditPage'));
const EvaluationPage = lazy(() => import('./pages/EvaluationPage'));
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
              path="plans/:id/year-end"
              element={
                <RequireNav nav="plans">
                  <YearEndPage />
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
            {/* The server decides whose submission may be read (its unit; the office and the district leaders with ?unitId=). */}
            <Route path="submission/:periodId" element={<SubmissionPage />} />
            {/* Addresses bookmarked before the report was called a submission everywhere. */}
            <Route path="package/:periodId" element={<RenamedPath from="/package/" to="/submission/" />} />
            <Route path="packages/:id" element={<RenamedPath from="/packages/" to="/submissions/" />} />
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
            {/* Notification links name a ledger by its assignment and a submission by its submission. */}
            <Route path="ledgers/:id" element={<LedgerRedirect />} />
            <Route path="submissions/:id" element={<SubmissionRedirect />} />
            <Route
              path="dashboard"
              element={
                <RequireNav nav="dashboard">
                  <DashboardPage />
                </RequireNav>
              }
            />
            <Route
              path="supervision/tasks"
              element={
                <RequireNav nav="supervision">
                  <SupervisedTasksPage />
                </RequireNav>
              }
            />
            <Route
              path="supervision-notices"
              element={
                <RequireNav nav="notices">
                  <SupervisionNoticesPage />
                </RequireNav>
              }
            />
            <Route
              path="supervision-notices/:id"
              element={
                <RequireNav nav="notices">
                  <SupervisionNoticePage />
                </RequireNav>
              }
            />
            <Route
              path="closeouts"
              element={
                <RequireNav nav="closeouts">
                  <CloseoutsPage />
                </RequireNav>
              }
            />
            <Route
              path="bulletins"
              element={
                <RequireNav nav="bulletins">
                  <BulletinsPage />
                </RequireNav>
              }
            />
            {/* The bell links here; the server answers 404 for a draft to anyone but the office and the leaders. */}
            <Route
              path="bulletins/:id"
              element={
                <RequireNav nav="bulletins">
                  <BulletinPage />
                </RequireNav>
              }
            />
            <Route
              path="evaluation"
              element={
                <RequireNav nav="evaluation">
                  <EvaluationPage />
                </RequireNav>
              }
            />
            <Route
              path="audit"
              element={
                <RequireNav nav="audit">
                  <AuditPage />
                </RequireNav>
              }
            />
            <Route
              path="settings/supervision"
              element={
                <RequireNav nav="supervisionSettings">
                  <SupervisionSettingsPage />
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

function LedgerRedirect() {
  const { id = '' } = useParams();
  return <Navigate to={`/ledger/${encodeURIComponent(id)}`} replace />;
}

/** Sends an old address to its new name, keeping the rest of the path and the query. */
function RenamedPath({ from, to }: { from: string; to: string }) {
  const { pathname, search } = window.location;
  return <Navigate to={`${to}${pathname.slice(from.length)}${search}`} replace />;
}
