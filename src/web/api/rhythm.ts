// 报送频次: the office sets a task's rhythm, or that of every task in its section; the plan's periods change with it.

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { request } from './client';
import { periodKeys } from './periods';
import { taskKeys } from './plans';
import type { RhythmBody, RhythmResult } from './types';

export function useSetRhythm(taskId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, sectionId }: { body: RhythmBody; sectionId?: string | null }) =>
      request<RhythmResult>(
        sectionId ? `/sections/${encodeURIComponent(sectionId)}/rhythm` : `/tasks/${encodeURIComponent(taskId)}/rhythm`,
        { method: 'PUT', body },
      ),
    meta: { inlineError: true },
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: taskKeys.one(taskId) }),
        queryClient.invalidateQueries({ queryKey: periodKeys.all }),
      ]);
    },
  });
}
