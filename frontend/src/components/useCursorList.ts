// Long lists page with the API's keyset cursor: "load more" fetches the next page.
import { useInfiniteQuery, type QueryKey } from '@tanstack/react-query';

interface Page<T> {
  items: T[];
  next_cursor?: string | null;
}

/** `staleTime`: how long a fetched list is shown without asking again (TanStack's, 0 by default). */
export function useCursorList<T>(
  queryKey: QueryKey,
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  staleTime = 0,
) {
  const query = useInfiniteQuery({
    queryKey,
    staleTime,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  return { ...query, items: query.data?.pages.flatMap((p) => p.items) ?? [] };
}
