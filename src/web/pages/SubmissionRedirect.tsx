// /submissions/:submissionId (the link of a "returned" or "waiting for your signature" notification) →
// the submission page of its period: the unit's own, or the office's read of it with ?unitId=.

import { Navigate, useParams } from 'react-router';
import { useSubmission } from '../api/submissions';
import { PageLoading, QueryError } from '../components/status';
import { useMe } from '../session';

export default function SubmissionRedirect() {
  const { id = '' } = useParams();
  const me = useMe();
  const submission = useSubmission(id);
  if (submission.isError) return <QueryError error={submission.error} onRetry={() => submission.refetch()} />;
  if (!submission.data) return <PageLoading />;
  const { period, unit } = submission.data;
  const own = me.unit?.id === unit.id;
  const search = own ? '' : `?unitId=${encodeURIComponent(unit.id)}`;
  return <Navigate to={`/submission/${encodeURIComponent(period.id)}${search}`} replace />;
}
