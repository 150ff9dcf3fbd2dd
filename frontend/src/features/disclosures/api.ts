// 定期公示's calls and cache: the public list (every street's, or one street's), one
// disclosure with its snapshot, the server's check of it, and the street committee's
// publication. Reads need no sign-in; the officials' screen reads the same public list.
import { useQuery, useQueryClient } from '@tanstack/react-query';

import { api, unwrap, type Schemas } from '../../api/client';
import { useSubmit, type KeyHeaders } from '../../api/submission';
import { useCursorList } from '../../components/useCursorList';

export type Disclosure = Schemas['Disclosure'];
export type DisclosureDetail = Schemas['DisclosureDetail'];
export type NewDisclosure = Schemas['NewDisclosureRequest'];

export const disclosureKeys = {
  all: ['disclosures'] as const,
  lists: () => [...disclosureKeys.all, 'list'] as const,
  /** One street's (`street`), or every street's (none). */
  list: (street: string | undefined) => [...disclosureKeys.lists(), street ?? 'all'] as const,
  detail: (id: string) => [...disclosureKeys.all, 'detail', id] as const,
  /** The server's recomputation: asked once per visit, never taken from a cache of old. */
  verify: (id: string) => [...disclosureKeys.all, 'verify', id] as const,
};

/** A published disclosure never changes: a list is read again after a minute, a record never. */
const LIST_STALE = 60_000;

export function useDisclosureList(street: string | undefined) {
  return useCursorList(
    disclosureKeys.list(street),
    (cursor) => unwrap(api.GET('/api/v1/public/disclosures', { params: { query: { unit_id: street, limit: 20, cursor } } })),
    LIST_STALE,
  );
}

export function useDisclosure(id: string) {
  return useQuery({
    queryKey: disclosureKeys.detail(id),
    queryFn: () => unwrap(api.GET('/api/v1/public/disclosures/{id}', { params: { path: { id } } })),
    staleTime: Infinity,
  });
}

/**
 * The server's check of one disclosure: asked afresh on each visit (never shown from an old
 * answer); a failed request is tried once more, then said as 暂未能校验.
 */
export function useVerification(id: string) {
  return useQuery({
    queryKey: disclosureKeys.verify(id),
    queryFn: () => unwrap(api.GET('/api/v1/public/disclosures/{id}/verify', { params: { path: { id } } })),
    staleTime: 0,
    gcTime: 0,
    retry: 1,
  });
}

/** The street committee publishes its street's disclosure of a period. */
export function usePublishDisclosure() {
  const queryClient = useQueryClient();
  return useSubmit(
    (body: NewDisclosure, headers: KeyHeaders) => unwrap(api.POST('/api/v1/disclosures', { body, headers })),
    { onSuccess: () => void queryClient.invalidateQueries({ queryKey: disclosureKeys.lists() }) },
  );
}
