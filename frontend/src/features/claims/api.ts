// The claims screens' calls and cache: one key factory (`claimKeys`, rooted in api/keys.ts),
// the list a page at a time, and the transition. A transition changes more than the claim:
// the resource's allocation and the project's funding, so those roots are read again too.
import { useQueryClient } from '@tanstack/react-query';

import { api, unwrap, type Schemas } from '../../api/client';
import { rootKeys } from '../../api/keys';
import { useSubmit, type KeyHeaders } from '../../api/submission';
import type { operations } from '../../api/schema';
import { useCursorList } from '../../components/useCursorList';

export type Claim = Schemas['Claim'];
export type ClaimAction = Schemas['ClaimAction'];
/** A step on a claim, at the version read. */
type ClaimStep = { claim: Pick<Claim, 'id' | 'version'>; action: ClaimAction };
/** What `GET /claims` is asked, but the page: the list's key. */
export type ClaimListQuery = Omit<NonNullable<operations['claims_list']['parameters']['query']>, 'limit' | 'cursor'>;

export const claimKeys = {
  all: rootKeys.claims,
  lists: () => [...claimKeys.all, 'list'] as const,
  list: (query: ClaimListQuery) => [...claimKeys.lists(), query] as const,
  detail: (id: string) => [...claimKeys.all, 'detail', id] as const,
};

export function fetchClaims(query: ClaimListQuery, cursor?: string, limit = 20) {
  return unwrap(api.GET('/api/v1/claims', { params: { query: { ...query, limit, cursor } } }));
}

/** Claims a page at a time ("load more"). */
export function useClaimList(query: ClaimListQuery) {
  return useCursorList(claimKeys.list(query), (cursor) => fetchClaims(query, cursor));
}

/** Reads every claim, resource and project again (after a change, or a refusal). */
export function useRefreshClaims() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all(
      [rootKeys.claims, rootKeys.resources, rootKeys.projects].map((queryKey) => queryClient.invalidateQueries({ queryKey })),
    );
}

/**
 * Takes `action` on `claim` at the version that was read. Whatever the answer (done, or
 * refused because the claim or its resource moved on), the lists are read again.
 */
export function useTransitionClaim() {
  const refresh = useRefreshClaims();
  const send = ({ claim, action }: ClaimStep, headers: KeyHeaders) =>
    unwrap(api.POST('/api/v1/claims/{id}/transitions', { params: { path: { id: claim.id } }, body: { action, version: claim.version }, headers }));
  return useSubmit(send, {
    sameAs: ({ claim, action }) => [claim.id, action, claim.version],
    onSettled: () => void refresh(),
  });
}
