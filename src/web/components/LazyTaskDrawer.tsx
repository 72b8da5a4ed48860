// The task drawer of the lists (the plan browser, 我的任务, the supervised list), its chunk (the task's detail, reports,
// ledger links and their forms) fetched when the first task is opened rather than with the list (issue 15).

import { Suspense, useState } from 'react';
import { lazyPart } from './afterPaint';

const TaskDrawer = lazyPart(() => import('./TaskDetail').then((m) => m.TaskDrawer));

/** Mounted from the first task opened on, so that it animates closed like any drawer. */
export function LazyTaskDrawer({ taskId, onClose }: { taskId: string | null; onClose: () => void }) {
  const [used, setUsed] = useState(false);
  // Derived during render (React's documented pattern for state that follows a prop): no extra commit.
  if (taskId !== null && !used) setUsed(true);
  if (!used) return null;
  return (
    <Suspense fallback={null}>
      <TaskDrawer taskId={taskId} onClose={onClose} />
    </Suspense>
  );
}
