// The resource screens' calls and cache: one key factory (`resourceKeys`, rooted in
// api/keys.ts), the list a page at a time, publishing, editing and withdrawing. A claim's transition
// (features/claims) invalidates the same root, so allocations show here without either
// feature importing the other.
import { useQueryClient } from '@tanstack/react-query';

import { api, unwrap, type Schemas } from '../../api/client';
import { rootKeys } from '../../api/keys';
import { useSubmit, type KeyHeaders } from '../../api/submission';
import type { operations } from '../../api/schema';
import { useCursorList } from '../../components/useCursorList';

export type Resource = Schemas['Resource'];
export type ResourceKind = Schemas['ResourceKind'];
/** What `GET /resources` is asked, but the page: the list's key. */
export type ResourceListQuery = Omit<NonNullable<operations['resources_list']['parameters']['query']>, 'limit' | 'cursor'>;

export const RESOURCE_KINDS = ['funds', 'venue', 'personnel', 'materials', 'service'] as const satisfies readonly ResourceKind[];

export const resourceKeys = {
  all: rootKeys.resources,
  lists: () => [...resourceKeys.all, 'list'] as const,
  list: (query: ResourceListQuery) => [...resourceKeys.lists(), query] as const,
  detail: (id: string) => [...resourceKeys.all, 'detail', id] as const,
};

export function fetchResources(query: ResourceListQuery, cursor?: string, limit = 20) {
  return unwrap(api.GET('/api/v1/resources', { params: { query: { ...query, limit, cursor } } }));
}

/** Resources a page at a time ("load more"). */
export function useResourceList(query: ResourceListQuery) {
  return useCursorList(resourceKeys.list(query), (cursor) => fetchResources(query, cursor));
}

/** Publishes a resource; every resource list is read again. */
export function usePublishResource() {
  const queryClient = useQueryClient();
  return useSubmit((body: Schemas['NewResourceRequest'], headers) => unwrap(api.POST('/api/v1/resources', { body, headers })), {
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: resourceKeys.all }),
  });
}

/** Edits a resource at the version its body carries (`PATCH`); lists are read again. */
export function useEditResource() {
  const queryClient = useQueryClient();
  const send = ({ id, body }: { id: string; body: Schemas['ResourcePatch'] }) =>
    unwrap(api.PATCH('/api/v1/resources/{id}', { params: { path: { id } }, body }));
  return useSubmit(send, { onSettled: () => void queryClient.invalidateQueries({ queryKey: resourceKeys.all }) });
}

/** Withdraws what is left of a resource at the version that was read; lists are read again either way. */
export function useWithdrawResource() {
  const queryClient = useQueryClient();
  const send = ({ id, version }: Pick<Resource, 'id' | 'version'>, headers: KeyHeaders) =>
    unwrap(api.POST('/api/v1/resources/{id}/transitions', { params: { path: { id } }, body: { action: 'withdraw', version }, headers }));
  return useSubmit(send, {
    sameAs: ({ id, version }) => [id, version],
    onSettled: () => void queryClient.invalidateQueries({ queryKey: resourceKeys.all }),
  });
}
