// A paged list on screen (the public board, a resident's own demands): its error with a
// retry, an outline while the first page loads, "no data", the items, and "load more".
// Plain HTML (styles.css): the public board draws it before any antd has loaded.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { ErrorAlert } from './errors';
import { LoadingSkeleton } from './LoadingSkeleton';
import type { useCursorList } from './useCursorList';

type CursorList<T> = Pick<
  ReturnType<typeof useCursorList<T>>,
  'items' | 'error' | 'isFetching' | 'isLoading' | 'hasNextPage' | 'isFetchingNextPage' | 'refetch' | 'fetchNextPage'
>;

export function CursorListView<T extends { id: string }>({
  list,
  label,
  retryText,
  emptyText,
  renderItem,
}: {
  list: CursorList<T>;
  /** The accessible name of the list's section. */
  label: string;
  retryText: string;
  /** What an empty list says (「暂无数据」 unless given). */
  emptyText?: string;
  renderItem: (item: T) => ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <>
      <ErrorAlert error={list.error} />
      {list.error && !list.isFetching ? (
        <button type="button" className="btn" onClick={() => void list.refetch()} style={{ alignSelf: 'flex-start' }}>
          {retryText}
        </button>
      ) : null}

      <section aria-label={label} aria-busy={list.isLoading}>
        {list.isLoading ? (
          <LoadingSkeleton />
        ) : list.items.length === 0 && !list.error ? (
          <p className="list-empty">{emptyText ?? t('common.noData')}</p>
        ) : (
          <ul className="card-list">
            {list.items.map((item) => (
              <li key={item.id}>{renderItem(item)}</li>
            ))}
          </ul>
        )}
      </section>

      {list.hasNextPage && (
        <button
          type="button"
          className="btn btn-block"
          onClick={() => void list.fetchNextPage()}
          disabled={list.isFetchingNextPage}
          aria-busy={list.isFetchingNextPage}
        >
          {list.isFetchingNextPage ? t('common.loading') : t('common.loadMore')}
        </button>
      )}
    </>
  );
}
