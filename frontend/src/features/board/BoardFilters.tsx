// The board's filters: place, state, category, order and a search box, kept in the URL by
// the board. Native controls (a phone's own pickers, no antd): the board draws them with
// its list. On a phone they fold away behind a button.
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { Schemas } from '../../api/client';
import { CATEGORIES, unitLevelLabel, useEnumOptions } from '../../components/labels';
import { useFoldingFilters } from '../../components/useFoldingFilters';
import { PUBLIC_STATES, type Filters } from './filters';

export function BoardFilters({
  filters,
  setFilter,
  streets,
  communities,
  loading,
}: {
  /** The URL's filters: the controls follow them. */
  filters: Filters;
  setFilter: (changes: Partial<Filters>) => void;
  streets: Schemas['OrgUnit'][];
  communities: Schemas['OrgUnit'][];
  loading: boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  const stateOptions = useEnumOptions('demandStates', PUBLIC_STATES);
  const categoryOptions = useEnumOptions('demandCategories', CATEGORIES);

  // The search box applies on Enter / the button, or when cleared; the URL may change under
  // it (the menu's "公示栏" link clears it): it follows.
  const [q, setQ] = useState(filters.q ?? '');
  useEffect(() => setQ(filters.q ?? ''), [filters.q]);

  const [toggle, folded] = useFoldingFilters(
    [filters.unit, filters.state, filters.category, filters.q].filter(Boolean).length,
  );

  return (
    <>
      {toggle}
      <form
        {...folded}
        className="board-filters"
        role="search"
        aria-label={t('demandBoard.filters')}
        onSubmit={(event) => {
          event.preventDefault();
          setFilter({ q: q.trim() });
        }}
      >
        <div className="field field-unit">
          <label htmlFor={`${id}-unit`}>{t('demandBoard.unit')}</label>
          <select
            id={`${id}-unit`}
            value={filters.unit ?? ''}
            aria-busy={loading}
            onChange={(event) => setFilter({ unit: event.target.value })}
          >
            <option value="">{loading ? t('common.loading') : t('common.all')}</option>
            {streets.map((street) => (
              <optgroup key={street.id} label={street.name}>
                <option value={street.id}>{t('demandBoard.wholeStreet', { name: street.name, level: unitLevelLabel(t, street) })}</option>
                {communities
                  .filter((c) => c.parent_id === street.id)
                  .map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
        </div>
        <OptionsField
          id={`${id}-state`}
          className="field-state"
          label={t('demand.state')}
          value={filters.state ?? ''}
          options={stateOptions}
          onChange={(value) => setFilter({ state: value as Filters['state'] })}
        />
        <OptionsField
          id={`${id}-category`}
          className="field-category"
          label={t('demand.category')}
          value={filters.category ?? ''}
          options={categoryOptions}
          onChange={(value) => setFilter({ category: value as Filters['category'] })}
        />
        <div className="field field-sort">
          <label htmlFor={`${id}-sort`}>{t('demandBoard.sort')}</label>
          <select
            id={`${id}-sort`}
            value={filters.sort ?? 'newest'}
            onChange={(event) => setFilter({ sort: event.target.value as Filters['sort'] })}
          >
            <option value="newest">{t('demand.filter.sortNewest')}</option>
            <option value="cosigns">{t('demand.filter.sortCosigns')}</option>
          </select>
        </div>
        <div className="field field-q">
          <label htmlFor={`${id}-q`}>{t('common.search')}</label>
          <div className="search">
            <input
              id={`${id}-q`}
              type="search"
              value={q}
              placeholder={t('demandBoard.searchPlaceholder')}
              enterKeyHint="search"
              onChange={(event) => {
                setQ(event.target.value);
                if (!event.target.value) setFilter({ q: '' });
              }}
            />
            <button type="submit" className="btn btn-primary">
              {t('common.search')}
            </button>
          </div>
        </div>
      </form>
    </>
  );
}

/** A labelled native select of one enum, with "all" first. */
function OptionsField({
  id,
  className,
  label,
  value,
  options,
  onChange,
}: {
  id: string;
  className: string;
  label: string;
  value: string;
  options: { value: string; label: string }[];
  onChange: (value: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <div className={`field ${className}`}>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">{t('common.all')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
