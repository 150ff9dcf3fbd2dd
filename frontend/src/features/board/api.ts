// The public board's calls and cache: its key factory (`boardKeys`), the fetches and the
// hooks of its two screens. Shared with the entry: main.tsx starts the board's requests for a
// visitor landing on /board while the board's chunk is still on its way, under the same keys,
// so the board finds them under way (or done) when it renders. The unfiltered first page is
// taken from early.ts when that script asked for it.
// The board's keys sit under the demands' root (api/keys.ts): a co-sign or a transition
// invalidates `rootKeys.demands`, and the board is read again too.
import { useQuery, type QueryClient } from '@tanstack/react-query';

import { api, unwrap, type Schemas } from '../../api/client';
import { rootKeys } from '../../api/keys';
import { fetchAllOrgUnits, unitKeys, UNITS_STALE, type OrgUnitFilter } from '../../api/orgUnits';
import { useCursorList } from '../../components/useCursorList';
import { filtersFrom, type Filters } from './filters';

export const boardKeys = {
  all: [...rootKeys.demands, 'public'] as const,
  lists: () => [...boardKeys.all, 'list'] as const,
  list: (filters: Filters) => [...boardKeys.lists(), filters] as const,
  detail: (id: string) => [...boardKeys.all, 'detail', id] as const,
  /** The same demand as the signed-in reader sees it (what it may do to it). */
  asReader: (id: string) => [...boardKeys.all, 'as-reader', id] as const,
};

/** A visitor reading the board is not sent the same page again for this long. */
const BOARD_STALE = 30_000;

type BoardPage = Schemas['PageOf_PublicDemand'];

/** The unfiltered first page src/early.ts asked for, as openapi-fetch would answer; once. */
function takeEarlyPage(): Promise<{ data?: BoardPage; error?: unknown; response: Response }> | undefined {
  const early = window.gongzhiBoardFirstPage;
  window.gongzhiBoardFirstPage = undefined;
  return early?.then(async (response) => {
    const body: unknown = await response.json().catch(() => undefined);
    return response.ok ? { data: body as BoardPage, response } : { error: body, response };
  });
}

/** One page of the board. */
export function fetchBoardPage(filters: Filters, cursor: string | undefined) {
  const unfiltered = Object.values(filters).every((value) => value === undefined);
  const early = !cursor && unfiltered ? takeEarlyPage() : undefined;
  if (early) return unwrap(early);
  return unwrap(
    api.GET('/api/v1/public/demands', {
      params: {
        query: {
          unit_id: filters.unit,
          state: filters.state,
          category: filters.category,
          sort: filters.sort,
          q: filters.q,
          limit: 20,
          cursor,
        },
      },
    }),
  );
}

/** The board's list for the URL's filters, a page at a time. */
export function useBoardList(filters: Filters) {
  return useCursorList(boardKeys.list(filters), (cursor) => fetchBoardPage(filters, cursor), BOARD_STALE);
}

/** One demand as the public sees it. */
export function usePublicDemand(id: string) {
  return useQuery({
    queryKey: boardKeys.detail(id),
    queryFn: () => unwrap(api.GET('/api/v1/public/demands/{id}', { params: { path: { id } } })),
  });
}

/**
 * The same demand as the signed-in reader sees it: what it may do to it. A record the reader
 * may not open (another street's) offers nothing: no retry, and its error is not shown.
 */
export function useDemandAsReader(id: string, signedIn: boolean) {
  return useQuery({
    queryKey: boardKeys.asReader(id),
    queryFn: () => unwrap(api.GET('/api/v1/demands/{id}', { params: { path: { id } } })),
    enabled: signedIn,
    retry: false,
  });
}

/** The unit lists the board names places from (and offers as filters). */
export const BOARD_UNIT_FILTERS: readonly OrgUnitFilter[] = [{ kind: 'street' }, { kind: 'community' }, { kind: 'compound' }];

/** Starts the board's requests for the URL's filters: its first page first, then the units. */
export function prefetchBoard(client: QueryClient, search: string) {
  const filters = filtersFrom(new URLSearchParams(search));
  void client.prefetchInfiniteQuery({
    queryKey: boardKeys.list(filters),
    queryFn: ({ pageParam }) => fetchBoardPage(filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  for (const filter of BOARD_UNIT_FILTERS) {
    void client.prefetchQuery({ queryKey: unitKeys.list(filter), queryFn: () => fetchAllOrgUnits(filter), staleTime: UNITS_STALE });
  }
}
