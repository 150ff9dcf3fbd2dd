// 公示栏: the public demand list, readable without signing in. Filters live in the URL so a
// filtered board can be shared and survives "back". The first screen of every visitor: plain
// HTML (styles.css), no antd; its requests may have been started by the entry (api.ts).
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

import { unitLabel, useAllOrgUnits } from '../../api/orgUnits';
import { BoardTabs } from '../../components/BoardTabs';
import { CursorListView } from '../../components/CursorListView';
import { DemandCard } from '../../components/DemandCard';
import { ErrorAlert } from '../../components/errors';
import { BoardFilters } from './BoardFilters';
import { BOARD_UNIT_FILTERS, useBoardList } from './api';
import { filtersFrom, type Filters } from './filters';

export function BoardPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filters = filtersFrom(params);

  const setFilter = (changes: Partial<Filters>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next, { replace: true });
  };

  const [streets, communities, compounds] = [
    useAllOrgUnits(BOARD_UNIT_FILTERS[0]),
    useAllOrgUnits(BOARD_UNIT_FILTERS[1]),
    useAllOrgUnits(BOARD_UNIT_FILTERS[2]),
  ];
  const byId = useMemo(
    () => new Map([...(streets.data ?? []), ...(communities.data ?? []), ...(compounds.data ?? [])].map((u) => [u.id, u])),
    [streets.data, communities.data, compounds.data],
  );

  const list = useBoardList(filters);

  return (
    <div className="stack">
      <BoardTabs />
      <div>
        <h1 className="page-title">{t('demandBoard.heading')}</h1>
        <p className="secondary" style={{ margin: 0 }}>
          {t('demandBoard.intro')}
        </p>
      </div>

      <BoardFilters
        filters={filters}
        setFilter={setFilter}
        streets={streets.data ?? []}
        communities={communities.data ?? []}
        loading={streets.isLoading || communities.isLoading}
      />

      <ErrorAlert error={streets.error || communities.error || compounds.error} />
      <CursorListView
        list={list}
        label={t('demandBoard.heading')}
        retryText={t('demandBoard.retry')}
        renderItem={(d) => <DemandCard demand={d} to={`/board/${d.id}`} unitName={unitLabel(byId, d.unit_id)} />}
      />
    </div>
  );
}
