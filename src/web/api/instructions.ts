// 批示: the list, one instruction, and its steps (write, route, answer, close).

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Instruction,
  InstructionAnswer,
  InstructionList,
  InstructionRoute,
  InstructionWrite,
} from '../../api/instructions';
import { request } from './client';

export const instructionKeys = {
  all: ['instructions'] as const,
  list: (mine: boolean) => ['instructions', 'list', mine] as const,
  one: (id: string) => ['instructions', 'one', id] as const,
};

export function useInstructions(mine = false, enabled = true) {
  return useQuery({
    queryKey: instructionKeys.list(mine),
    queryFn: ({ signal }) => request<InstructionList>(`/instructions${mine ? '?mine=true' : ''}`, { signal }),
    enabled,
  });
}

export function useInstruction(id: string) {
  return useQuery({
    queryKey: instructionKeys.one(id),
    queryFn: ({ signal }) => request<Instruction>(`/instructions/${encodeURIComponent(id)}`, { signal }),
  });
}

function useStep<V>(fn: (v: V) => Promise<Instruction>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (i) => {
      queryClient.setQueryData(instructionKeys.one(i.id), i);
      void queryClient.invalidateQueries({ queryKey: ['instructions', 'list'] });
      void queryClient.invalidateQueries({ queryKey: ['tasks'] });
    },
  });
}

export const useWriteInstruction = () =>
  useStep((body: InstructionWrite) => request<Instruction>('/instructions', { method: 'POST', body }));
export const useRouteInstruction = (id: string) =>
  useStep((body: InstructionRoute) => request<Instruction>(`/instructions/${id}/route`, { method: 'POST', body }));
export const useAnswerInstruction = (id: string) =>
  useStep((body: InstructionAnswer) => request<Instruction>(`/instructions/${id}/answer`, { method: 'PUT', body }));
export const useCloseInstruction = (id: string) =>
  useStep((body: { note: string }) => request<Instruction>(`/instructions/${id}/close`, { method: 'POST', body }));
