// Supervision: the dashboard, the supervised task list and its .xlsx export, reminders, the
// bell's notifications, deliveries and the scheduler, the office's settings, units' group robots,
// 督办单 and 办结销号. The server decides who sees what (units: their own items only).

import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { buildUrl, request } from './client';
import type {
  Closeout,
  CloseoutStatus,
  Dashboard,
  DecideCloseoutBody,
  Delivery,
  DeliveryStatus,
  IssueNoticeBody,
  ItemList,
  NotificationList,
  RequestCloseoutBody,
  RespondNoticeBody,
  SchedulerRun,
  SupervisedTaskList,
  SupervisedTaskQuery,
  SupervisionNotice,
  SupervisionNoticeStatus,
  SupervisionSettings,
  TaskOverview,
  Webhook,
  WebhookBody,
} from './types';

export const supervisionKeys = {
  all: ['supervision'] as const,
  dashboard: (planId: string) => ['supervision', 'dashboard', planId] as const,
  tasks: (query: SupervisedTaskQuery) => ['supervision', 'tasks', query] as const,
  /** Under supervision: a 督办单 or a close-out decided refreshes the task page's lights too. */
  overview: (taskId: string) => ['supervision', 'overview', taskId] as const,
  settings: ['supervision', 'settings'] as const,
  deliveries: (status: DeliveryStatus | undefined) => ['supervision', 'deliveries', status ?? 'all'] as const,
  webhook: (unitId: string) => ['supervision', 'webhook', unitId] as const,
};
export const notificationKeys = { all: ['notifications'] as const };
export const supervisionNoticeKeys = {
  all: ['notices'] as const,
  list: (status: SupervisionNoticeStatus | undefined) => ['notices', 'list', status ?? 'all'] as const,
  one: (id: string) => ['notices', 'one', id] as const,
};
export const closeoutKeys = {
  all: ['closeouts'] as const,
  list: (status: CloseoutStatus | undefined) => ['closeouts', 'list', status ?? 'all'] as const,
};

const noticePath = (id: string, rest = '') => `/supervision-notices/${encodeURIComponent(id)}${rest ? `/${rest}` : ''}`;

// ---- dashboard and the supervised task list ---------------------------------------------------------

// The queries' options are shared with src/web/prefetch.ts, which starts them while a page's chunk still loads.
export const dashboardQuery = (planId: string) =>
  queryOptions({
    queryKey: supervisionKeys.dashboard(planId),
    queryFn: ({ signal }) => request<Dashboard>('/dashboard', { query: { planId }, signal }),
  });

export function useDashboard(planId: string | undefined) {
  return useQuery({ ...dashboardQuery(planId ?? ''), enabled: Boolean(planId) });
}

export const supervisedTasksQuery = (query: SupervisedTaskQuery) =>
  queryOptions({
    queryKey: supervisionKeys.tasks(query),
    queryFn: ({ signal }) => request<SupervisedTaskList>('/supervision/tasks', { query: { ...query }, signal }),
  });

export function useSupervisedTasks(query: SupervisedTaskQuery) {
  return useQuery({
    ...supervisedTasksQuery(query),
    placeholderData: keepPreviousData,
    enabled: Boolean(query.planId),
  });
}

/** The task page's hub: its light and why, each unit's latest signed status and the links the caller may open. */
export function useTaskOverview(taskId: string | undefined) {
  return useQuery({
    queryKey: supervisionKeys.overview(taskId ?? ''),
    queryFn: ({ signal }) => request<TaskOverview>(`/tasks/${encodeURIComponent(taskId ?? '')}/overview`, { signal }),
    enabled: Boolean(taskId),
  });
}

/** The filtered list as .xlsx: a plain link (the browser downloads it with the session cookie). */
export function supervisedTasksXlsxUrl(query: SupervisedTaskQuery): string {
  const { page: _page, pageSize: _pageSize, ...rest } = query;
  return buildUrl('/supervision/tasks.xlsx', { ...rest });
}

/** 一键催办: a reminder to the staff and leader of every unit holding the chosen items. */
export function useRemind() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { assignmentIds: string[]; message?: string }) =>
      request<{ units: number; notified: number }>('/reminders', { method: 'POST', body }),
    meta: { inlineError: true },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

// ---- notifications (the bell) -----------------------------------------------------------------------

export const NOTIFICATION_POLL_MS = 60_000;

export function useNotifications() {
  return useQuery({
    queryKey: notificationKeys.all,
    queryFn: ({ signal }) => request<NotificationList>('/notifications', { signal }),
    refetchInterval: NOTIFICATION_POLL_MS,
    refetchOnWindowFocus: true,
    staleTime: 10_000,
    // The bell must never toast: a missed poll is tried again in a minute.
    meta: { inlineError: true },
  });
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { ids?: string[]; all?: boolean }) =>
      request<NotificationList>('/notifications/read', { method: 'POST', body }),
    onSuccess: (list) => queryClient.setQueryData(notificationKeys.all, list),
  });
}

// ---- the office's settings, deliveries and the scheduler --------------------------------------------

export function useSupervisionSettings(enabled = true) {
  return useQuery({
    queryKey: supervisionKeys.settings,
    queryFn: ({ signal }) => request<SupervisionSettings>('/settings/supervision', { signal }),
    enabled,
  });
}

export function useUpdateSupervisionSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SupervisionSettings) =>
      request<SupervisionSettings>('/settings/supervision', { method: 'PUT', body }),
    meta: { inlineError: true },
    // The margin changes lights: every dashboard and list is stale.
    onSuccess: (settings) => {
      queryClient.setQueryData(supervisionKeys.settings, settings);
      void queryClient.invalidateQueries({ queryKey: supervisionKeys.all });
    },
  });
}

export function useDeliveries(status: DeliveryStatus | undefined) {
  return useQuery({
    queryKey: supervisionKeys.deliveries(status),
    queryFn: ({ signal }) => request<ItemList<Delivery>>('/deliveries', { query: { status }, signal }),
    select: (data) => data.items,
  });
}

export function useRunScheduler() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => request<SchedulerRun>('/scheduler/run', { method: 'POST' }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['supervision', 'deliveries'] }),
        queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
      ]),
  });
}

export function useWebhook(unitId: string | undefined) {
  return useQuery({
    queryKey: supervisionKeys.webhook(unitId ?? ''),
    queryFn: ({ signal }) => request<Webhook>(`/units/${encodeURIComponent(unitId ?? '')}/webhook`, { signal }),
    enabled: Boolean(unitId),
  });
}

export function useSetWebhook(unitId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: WebhookBody) =>
      request<Webhook>(`/units/${encodeURIComponent(unitId)}/webhook`, { method: 'PUT', body }),
    // The form shows the server's reason (not https, a private address) next to the fields.
    meta: { inlineError: true },
    onSuccess: (webhook) => queryClient.setQueryData(supervisionKeys.webhook(unitId), webhook),
  });
}

// ---- 督办单 -----------------------------------------------------------------------------------------

export function useSupervisionNotices(status: SupervisionNoticeStatus | undefined) {
  return useQuery({
    queryKey: supervisionNoticeKeys.list(status),
    queryFn: ({ signal }) =>
      request<ItemList<SupervisionNotice>>('/supervision-notices', { query: { status }, signal }),
    select: (data) => data.items,
  });
}

export function useSupervisionNotice(id: string | undefined) {
  return useQuery({
    queryKey: supervisionNoticeKeys.one(id ?? ''),
    queryFn: ({ signal }) => request<SupervisionNotice>(noticePath(id ?? ''), { signal }),
    enabled: Boolean(id),
  });
}

export const supervisionNoticeDocxUrl = (id: string) => buildUrl(noticePath(id, 'notice.docx'));

/** Every change of a notice: the lists, the open counts on the task list and the bell are stale. */
function useSupervisionNoticeWrite<V>(send: (variables: V) => Promise<SupervisionNotice>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    meta: { inlineError: true },
    onSuccess: (notice) => {
      queryClient.setQueryData(supervisionNoticeKeys.one(notice.id), notice);
      void queryClient.invalidateQueries({ queryKey: ['notices', 'list'] });
      void queryClient.invalidateQueries({ queryKey: supervisionKeys.all });
      void queryClient.invalidateQueries({ queryKey: notificationKeys.all });
    },
  });
}

export const useIssueSupervisionNotice = () =>
  useSupervisionNoticeWrite((body: IssueNoticeBody) =>
    request<SupervisionNotice>('/supervision-notices', { method: 'POST', body }),
  );

export const useRespondSupervisionNotice = () =>
  useSupervisionNoticeWrite(({ id, body }: { id: string; body: RespondNoticeBody }) =>
    request<SupervisionNotice>(noticePath(id, 'respond'), { method: 'POST', body }),
  );

export const useCloseSupervisionNotice = () =>
  useSupervisionNoticeWrite(({ id, note }: { id: string; note?: string }) =>
    request<SupervisionNotice>(noticePath(id, 'close'), { method: 'POST', body: note ? { note } : {} }),
  );

// ---- 办结销号 ---------------------------------------------------------------------------------------

/** The close-out requests (of one task with `taskId`: the task page's 办结 reads the same list). */
export function useCloseouts(status?: CloseoutStatus, enabled = true, taskId?: string) {
  return useQuery({
    queryKey: closeoutKeys.list(status),
    queryFn: ({ signal }) => request<ItemList<Closeout>>('/closeouts', { query: { status }, signal }),
    select: (data) => (taskId ? data.items.filter((c) => c.task.id === taskId) : data.items),
    enabled,
  });
}

function useCloseoutWrite<V>(send: (variables: V) => Promise<Closeout>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    meta: { inlineError: true },
    // A verified close-out turns the item green for good: lights are stale too.
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: closeoutKeys.all }),
        queryClient.invalidateQueries({ queryKey: supervisionKeys.all }),
      ]),
  });
}

export const useRequestCloseout = () =>
  useCloseoutWrite((body: RequestCloseoutBody) => request<Closeout>('/closeouts', { method: 'POST', body }));

export const useDecideCloseout = () =>
  useCloseoutWrite(({ id, body }: { id: string; body: DecideCloseoutBody }) =>
    request<Closeout>(`/closeouts/${encodeURIComponent(id)}/decide`, { method: 'POST', body }),
  );
