// 考评 (evaluation): the ranking of a period or the year, its .xlsx, the office's weights and quality ratings.
// The server decides who sees which rows (a unit its own); only the office writes.

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Evaluation, ratingBodySchema, ScoreWeightsBody } from '../../api/evaluation';
import { buildUrl, request } from './client';

export type RatingBody = z.input<typeof ratingBodySchema>;

export interface EvaluationScope {
  planId: string;
  /** Without one: the year (each period's score). */
  periodId?: string | undefined;
}

export const evaluationKeys = {
  all: ['evaluation'] as const,
  ranking: (scope: EvaluationScope) => ['evaluation', 'ranking', scope.planId, scope.periodId ?? 'year'] as const,
  weights: ['evaluation', 'weights'] as const,
};

export function useEvaluation(scope: EvaluationScope | undefined) {
  return useQuery({
    queryKey: evaluationKeys.ranking(scope ?? { planId: '' }),
    queryFn: ({ signal }) => request<Evaluation>('/evaluation', { query: { ...scope }, signal }),
    placeholderData: keepPreviousData,
    enabled: Boolean(scope?.planId),
  });
}

export const evaluationXlsxUrl = (scope: EvaluationScope) => buildUrl('/evaluation.xlsx', { ...scope });

export function useEvaluationWeights(enabled = true) {
  return useQuery({
    queryKey: evaluationKeys.weights,
    queryFn: ({ signal }) => request<ScoreWeightsBody>('/settings/evaluation', { signal }),
    enabled,
  });
}

/** New weights re-rank every period: every ranking goes stale. */
export function useSaveEvaluationWeights() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ScoreWeightsBody) => request<ScoreWeightsBody>('/settings/evaluation', { method: 'PUT', body }),
    meta: { inlineError: true },
    onSuccess: (weights) => {
      queryClient.setQueryData(evaluationKeys.weights, weights);
      void queryClient.invalidateQueries({ queryKey: ['evaluation', 'ranking'] });
    },
  });
}

/** The office's quality rating (质量评价) of a unit for a period. */
export function useRateUnit() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RatingBody) => request<{ ok: true }>('/evaluation/ratings', { method: 'PUT', body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['evaluation', 'ranking'] }),
  });
}
