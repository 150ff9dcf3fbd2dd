// 资源公示: the public resource list (not withdrawn), readable without signing in, with its
// kind, whether anything is left, and words in the URL so a filtered list can be shared.
// Plain HTML (styles.css, the board's native filters), no antd: a visitor's screen.
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

import { api, unwrap } from '../../api/client';
import { CursorListView } from '../../components/CursorListView';
import { useEnumOptions } from '../../components/labels';
import { useCursorList } from '../../components/useCursorList';
import { RESOURCE_KINDS, resourceKeys, type ResourceKind } from './api';
import { ResourceCard } from './ResourceCard';

interface PublicFilters {
  kind?: ResourceKind;
  available?: boolean;
  q?: string;
}

function filtersFrom(params: URLSearchParams): PublicFilters {
  const kind = params.get('kind') as ResourceKind | null;
  const available = params.get('available');
  return {
    kind: kind && (RESOURCE_KINDS as readonly string[]).includes(kind) ? kind : undefined,
    available: available === 'true' ? true : available === 'false' ? false : undefined,
    q: params.get('q') || undefined,
  };
}

export function PublicResourcesPage() {
  const { t } = useTranslation();
  const id = useId();
  const [params, setParams] = useSearchParams();
  const filters = filtersFrom(params);
  const kindOptions = useEnumOptions('resourceKinds', RESOURCE_KINDS);
  const [q, setQ] = useState(filters.q ?? '');
  useEffect(() => setQ(filters.q ?? ''), [filters.q]);

  const setFilter = (key: keyof PublicFilters, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const list = useCursorList([...resourceKeys.all, 'public', filters], (cursor) =>
    unwrap(api.GET('/api/v1/public/resources', { params: { query: { ...filters, cursor, limit: 20 } } })),
  );

  return (
    <div className="stack">
      <div>
        <h1 className="page-title">{t('resourceList.publicHeading')}</h1>
        <p className="secondary" style={{ margin: 0 }}>
          {t('resourceList.intro')}
        </p>
      </div>
      <form
        className="board-filters"
        role="search"
        aria-label={t('resourceList.filters')}
        onSubmit={(event) => {
          event.preventDefault();
          setFilter('q', q.trim());
        }}
      >
        <div className="field field-state">
          <label htmlFor={`${id}-kind`}>{t('resource.kind')}</label>
          <select id={`${id}-kind`} value={filters.kind ?? ''} onChange={(event) => setFilter('kind', event.target.value)}>
            <option value="">{t('common.all')}</option>
            {kindOptions.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-category">
          <label htmlFor={`${id}-available`}>{t('resourceList.availability')}</label>
          <select
            id={`${id}-available`}
            value={filters.available === undefined ? '' : String(filters.available)}
            onChange={(event) => setFilter('available', event.target.value)}
          >
            <option value="">{t('common.all')}</option>
            <option value="true">{t('resourceList.availableOnly')}</option>
            <option value="false">{t('resourceList.usedUp')}</option>
          </select>
        </div>
        <div className="field field-q">
          <label htmlFor={`${id}-q`}>{t('resourceList.keyword')}</label>
          <div className="search">
            <input
              id={`${id}-q`}
              type="search"
              value={q}
              placeholder={t('resourceList.searchPlaceholder')}
              enterKeyHint="search"
              onChange={(event) => {
                setQ(event.target.value);
                if (!event.target.value) setFilter('q', '');
              }}
            />
            <button type="submit" className="btn btn-primary">
              {t('common.search')}
            </button>
          </div>
        </div>
      </form>
      <CursorListView
        list={list}
        label={t('resourceList.label')}
        retryText={t('resourceList.retry')}
        renderItem={(r) => <ResourceCard resource={r} />}
      />
    </div>
  );
}
