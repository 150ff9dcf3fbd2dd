// The public board's requests, shared by the board and the entry: main.tsx starts them for
// a visitor landing on /board while the board's chunk is still on its way, under the same
// keys, so the board finds them under way (or done) when it renders. The unfiltered first
// page is taken from early.ts when that script asked for it.
import type { QueryClient } from '@tanstack/react-query';

import { api, unwrap, type Schemas } from '../../api/client';
import { CATEGORIES } from '../../components/labels';
import { fetchAllOrgUnits, unitKeys, UNITS_STALE, type OrgUnitFilter } from '../../components/orgUnits';
import { oneOf, PUBLIC_STATES, SORTS, type Filters } from './filters';

/** The filters a board URL's query string asks for. */
export function filtersFrom(params: URLSearchParams): Filters {
  return {
    unit: params.get('unit') || undefined,
    state: oneOf(PUBLIC_STATES, params.get('state')),
    category: oneOf(CATEGORIES, params.get('category')),
    sort: oneOf(SORTS, params.get('sort')),
    q: params.get('q')?.trim() || undefined,
  };
}

export const boardListKey = (filters: Filters) => ['public-demands', 'list', filters] as const;

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

/** The unit lists the board names places from (and offers as filters). */
export const BOARD_UNIT_FILTERS: readonly OrgUnitFilter[] = [{ kind: 'street' }, { kind: 'community' }, { kind: 'compound' }];

/** Starts the board's requests for the URL's filters: its first page first, then the units. */
export function prefetchBoard(client: QueryClient, search: string) {
  const filters = filtersFrom(new URLSearchParams(search));
  void client.prefetchInfiniteQuery({
    queryKey: boardListKey(filters),
    queryFn: ({ pageParam }) => fetchBoardPage(filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  for (const filter of BOARD_UNIT_FILTERS) {
    void client.prefetchQuery({ queryKey: unitKeys.list(filter), queryFn: () => fetchAllOrgUnits(filter), staleTime: UNITS_STALE });
  }
}
