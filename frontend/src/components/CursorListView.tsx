// A paged list on screen (the public board, a resident's own demands): its error with a
// retry, a skeleton while the first page loads, "no data", the items, and "load more".
import { Button, Empty, Flex, Skeleton } from 'antd';
import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { ErrorAlert } from './errors';
import type { useCursorList } from './useCursorList';

type CursorList<T> = Pick<
  ReturnType<typeof useCursorList<T>>,
  'items' | 'error' | 'isFetching' | 'isLoading' | 'hasNextPage' | 'isFetchingNextPage' | 'refetch' | 'fetchNextPage'
>;

export function CursorListView<T extends { id: string }>({
  list,
  label,
  retryText,
  renderItem,
}: {
  list: CursorList<T>;
  /** The accessible name of the list's section. */
  label: string;
  retryText: string;
  renderItem: (item: T) => ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <>
      <ErrorAlert error={list.error} />
      {list.error && !list.isFetching ? (
        <Button onClick={() => void list.refetch()} style={{ alignSelf: 'flex-start' }}>
          {retryText}
        </Button>
      ) : null}

      <section aria-label={label} aria-busy={list.isLoading}>
        {list.isLoading ? (
          <Skeleton active />
        ) : list.items.length === 0 && !list.error ? (
          <Empty description={t('common.noData')} />
        ) : (
          <Flex vertical gap={8}>
            {list.items.map((item) => (
              <Fragment key={item.id}>{renderItem(item)}</Fragment>
            ))}
          </Flex>
        )}
      </section>

      {list.hasNextPage && (
        <Button block onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('common.loadMore')}
        </Button>
      )}
    </>
  );
}
