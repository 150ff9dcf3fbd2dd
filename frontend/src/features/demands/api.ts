// The demand screens' calls and cache: one key factory (`demandKeys`), the typed fetches, and
// the hooks the screens use. Every key starts with `demandKeys.all` (the aggregate's root,
// api/keys.ts), which the public board's keys share: a write to a demand invalidates
// `demandKeys.all` and every list, record and board page showing it is read again.
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';

import { api, unwrap, type Schemas } from '../../api/client';
import { rootKeys } from '../../api/keys';
import { useSubmit, type KeyHeaders } from '../../api/submission';
import type { operations } from '../../api/schema';
import { useCursorList } from '../../components/useCursorList';
import { draftDescription } from './similar';

type Demand = Schemas['Demand'];
/** What `GET /demands` is asked, but the page: the list's key. */
export type DemandListQuery = Omit<NonNullable<operations['demands_list']['parameters']['query']>, 'limit' | 'cursor'>;
/** What `GET /demands/similar` is asked. */
export type SimilarQuery = NonNullable<operations['demands_similar']['parameters']['query']>;
/** What `POST /demands/{id}/transitions` takes: every allowed action but co-signing. */
/** The lifecycle steps sent to `/transitions`; co-signing and `accept` (a project's creation) go elsewhere. */
export type Transition = Exclude<Schemas['DemandAllowedAction'], 'cosign' | 'accept'>;
export type TransitionFields = Pick<Schemas['DemandTransitionBody'], 'reason' | 'referred_to' | 'target_id'>;

export const demandKeys = {
  all: rootKeys.demands,
  lists: () => [...demandKeys.all, 'list'] as const,
  /** A list as the API is asked for it: the same query is the same cached list. */
  list: (query: DemandListQuery) => [...demandKeys.lists(), query] as const,
  details: () => [...demandKeys.all, 'detail'] as const,
  detail: (id: string) => [...demandKeys.details(), id] as const,
  events: (id: string) => [...demandKeys.detail(id), 'events'] as const,
  similar: (query: SimilarQuery) => [...demandKeys.all, 'similar', query] as const,
  /** The live demands `id` could be merged into, narrowed by `q`. */
  mergeCandidates: (id: string, q: string) => [...demandKeys.all, 'merge-candidates', id, q] as const,
};

export function fetchDemand(id: string) {
  return unwrap(api.GET('/api/v1/demands/{id}', { params: { path: { id } } }));
}

export function fetchDemands(query: DemandListQuery, cursor?: string, limit = 20) {
  return unwrap(api.GET('/api/v1/demands', { params: { query: { ...query, limit, cursor } } }));
}

export function fetchSimilar(query: SimilarQuery) {
  return unwrap(api.GET('/api/v1/demands/similar', { params: { query } }));
}

export function useDemand(id: string) {
  return useQuery({ queryKey: demandKeys.detail(id), queryFn: () => fetchDemand(id) });
}

/**
 * The closed project answering a resolved demand, as the reader reads it: whether it may
 * rate it now (`allowed_actions` holds `rate`). Read under the key the project page uses
 * (`[projects, 'detail', id]` in features/projects), so following the link shows it at once.
 */
export function useAnsweringProject(id: string | undefined) {
  return useQuery({
    queryKey: [...rootKeys.projects, 'detail', id ?? ''],
    enabled: !!id,
    queryFn: () => unwrap(api.GET('/api/v1/projects/{id}', { params: { path: { id: id ?? '' } } })),
  });
}

export function useDemandEvents(id: string) {
  return useQuery({
    queryKey: demandKeys.events(id),
    queryFn: () => unwrap(api.GET('/api/v1/demands/{id}/events', { params: { path: { id } } })),
  });
}

/** A list of demands, a page at a time ("load more"). */
export function useDemandList(query: DemandListQuery) {
  return useCursorList(demandKeys.list(query), (cursor) => fetchDemands(query, cursor));
}

/** Live demands like a draft; while the next keystrokes are compared, the last matches stay. */
export function useSimilarDemands(query: SimilarQuery, enabled: boolean) {
  return useQuery({
    queryKey: demandKeys.similar(query),
    enabled,
    placeholderData: keepPreviousData,
    queryFn: () => fetchSimilar(query),
  });
}

/** The demands like `demand` (what filing it would have offered): the first merge targets. */
export function useSimilarTo(demand: Demand) {
  const query: SimilarQuery = {
    unit_id: demand.unit_id,
    category: demand.category,
    title: demand.title,
    description: draftDescription(demand.description),
  };
  return useQuery({ queryKey: demandKeys.similar(query), queryFn: () => fetchSimilar(query) });
}

/** The reader's live demands (published or awaiting verification) matching `q`. */
export function useMergeCandidates(id: string, q: string) {
  return useQuery({
    queryKey: demandKeys.mergeCandidates(id, q),
    queryFn: async () => {
      const states = ['published', 'submitted'] as const;
      const pages = await Promise.all(states.map((state) => fetchDemands({ state, q: q || undefined })));
      return pages.flatMap((p) => p.items);
    },
  });
}

/** Files a demand; every demand list is read again. */
export function useFileDemand() {
  const queryClient = useQueryClient();
  return useSubmit((body: Schemas['NewDemandRequest'], headers) => unwrap(api.POST('/api/v1/demands', { body, headers })), {
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: demandKeys.all }),
  });
}

/**
 * Takes `action` on `demand` at the version that was read. The answer is the record now; the
 * lists, the timeline and the public board are read again.
 */
export function useTransitionDemand(demand: Pick<Demand, 'id' | 'version'>, action: Transition) {
  const queryClient = useQueryClient();
  const body = (fields: TransitionFields) => ({ action, version: demand.version, ...fields });
  const send = (fields: TransitionFields, headers: KeyHeaders) =>
    unwrap(api.POST('/api/v1/demands/{id}/transitions', { params: { path: { id: demand.id } }, body: body(fields), headers }));
  return useSubmit(send, {
    sameAs: (fields) => [demand.id, body(fields)],
    onSuccess: (updated) => {
      queryClient.setQueryData(demandKeys.detail(demand.id), updated);
      void queryClient.invalidateQueries({ queryKey: demandKeys.all });
    },
  });
}

/** Reads a demand and its timeline again (after a 409: someone else moved it on). */
export function useReloadDemand() {
  const queryClient = useQueryClient();
  return (id: string) => queryClient.invalidateQueries({ queryKey: demandKeys.detail(id) });
}
