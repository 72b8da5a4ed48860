import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from './client';
import type { CreateUserBody, ItemList, UpdateUserBody, User, UserImportResult, UserWithPassword } from './types';

export const userKeys = { all: ['users'] as const };

export function useUsers(enabled = true) {
  return useQuery({
    queryKey: userKeys.all,
    enabled,
    queryFn: ({ signal }) => request<ItemList<User>>('/users', { signal }),
    select: (data) => data.items,
  });
}

function useInvalidateUsers() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: userKeys.all });
}

export function useCreateUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: (body: CreateUserBody) => request<UserWithPassword>('/users', { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useUpdateUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateUserBody }) =>
      request<UserWithPassword>(`/users/${encodeURIComponent(id)}`, { method: 'PATCH', body }),
    onSuccess: invalidate,
  });
}

export function useImportUsers() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return request<UserImportResult>('/users/import', { method: 'POST', form });
    },
    onSuccess: invalidate,
  });
}
