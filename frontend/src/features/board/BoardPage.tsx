// 公示栏: the public demand list, readable without signing in. Filters live in the URL so a
// filtered board can be shared and survives "back".
import { Flex, Typography } from 'antd';
import { lazy, Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

import { api, unwrap } from '../../api/client';
import { CursorListView } from '../../components/CursorListView';
import { DemandCard } from '../../components/DemandCard';
import { ErrorAlert } from '../../components/errors';
import { CATEGORIES } from '../../components/labels';
import { unitLabel, useAllOrgUnits } from '../../components/orgUnits';
import { useCursorList } from '../../components/useCursorList';
import { oneOf, PUBLIC_STATES, SORTS, type Filters } from './filters';

// The filters come a moment after the list: a visitor on a slow phone reads demands first.
const BoardFilters = lazy(() => import('./BoardFilters').then((m) => ({ default: m.BoardFilters })));

export function BoardPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filters: Filters = {
    unit: params.get('unit') || undefined,
    state: oneOf(PUBLIC_STATES, params.get('state')),
    category: oneOf(CATEGORIES, params.get('category')),
    sort: oneOf(SORTS, params.get('sort')),
    q: params.get('q')?.trim() || undefined,
  };
  const search = params.toString();

  const setFilter = (changes: Partial<Filters>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next, { replace: true });
  };

  const streets = useAllOrgUnits({ kind: 'street' });
  const communities = useAllOrgUnits({ kind: 'community' });
  const compounds = useAllOrgUnits({ kind: 'compound' });
  const byId = useMemo(
    () => new Map([...(streets.data ?? []), ...(communities.data ?? []), ...(compounds.data ?? [])].map((u) => [u.id, u])),
    [streets.data, communities.data, compounds.data],
  );

  const list = useCursorList(['public-demands', 'list', filters], async (cursor) =>
    unwrap(
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
    ),
  );

  return (
    <Flex vertical gap={12}>
      <div>
        <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 4 }}>
          {t('board.heading')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('board.intro')}
        </Typography.Paragraph>
      </div>

      <section aria-label={t('board.filters')} className="board-filters">
        <Suspense>
          <BoardFilters
            search={search}
            setFilter={setFilter}
            streets={streets.data ?? []}
            communities={communities.data ?? []}
            loading={streets.isLoading || communities.isLoading}
          />
        </Suspense>
      </section>

      <ErrorAlert error={streets.error || communities.error || compounds.error} />
      <CursorListView
        list={list}
        label={t('board.heading')}
        retryText={t('board.retry')}
        renderItem={(d) => <DemandCard demand={d} to={`/board/${d.id}`} unitName={unitLabel(byId, d.unit_id)} />}
      />
    </Flex>
  );
}
