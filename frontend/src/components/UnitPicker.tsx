// Org units everywhere a screen needs one: the queries (shared cache keys), a unit's name
// from its id, a label with the unit's kind, and a searchable picker.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Select, Space, Tag, Typography } from 'antd';
import { useEffect, useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';

import { api, unwrap, type Schemas } from '../api/client';
import { useErrorText } from './errors';

export type OrgUnit = Schemas['OrgUnit'];
export type UnitKind = Schemas['UnitKind'];

/** The level below each level of the tree; a compound has none. */
export const CHILD_KIND: Record<UnitKind, UnitKind | null> = {
  district: 'street',
  street: 'community',
  community: 'compound',
  compound: null,
};

export const unitKeys = {
  all: ['org-units'] as const,
  one: (id: string) => ['org-units', 'one', id] as const,
  /** Direct children of a unit; `null` means the roots (the districts). */
  children: (parentId: string | null) => ['org-units', 'children', parentId ?? 'roots'] as const,
  search: (kinds: readonly UnitKind[], q: string) => ['org-units', 'search', kinds.join(','), q] as const,
};

export function unitQuery(id: string) {
  return {
    queryKey: unitKeys.one(id),
    queryFn: () => unwrap(api.GET('/api/v1/org-units/{id}', { params: { path: { id } } })),
    staleTime: 60_000,
  };
}

/** Every page of a unit list (children of one unit are few; the cap stops a runaway). */
async function fetchAllUnits(query: { parent_id?: string; kind?: UnitKind }): Promise<OrgUnit[]> {
  const items: OrgUnit[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 50; page++) {
    const result = await unwrap(api.GET('/api/v1/org-units', { params: { query: { ...query, limit: 100, cursor } } }));
    items.push(...result.items);
    cursor = result.next_cursor ?? undefined;
    if (!cursor) break;
  }
  return items;
}

export function childrenQuery(parentId: string | null) {
  return {
    queryKey: unitKeys.children(parentId),
    queryFn: () => fetchAllUnits(parentId ? { parent_id: parentId } : { kind: 'district' }),
  };
}

/** Units whose name contains `q`, of the given kinds (any kind when none are given). */
async function searchUnits(kinds: readonly UnitKind[], q: string): Promise<OrgUnit[]> {
  const one = (kind?: UnitKind) =>
    unwrap(api.GET('/api/v1/org-units', { params: { query: { kind, q: q || undefined, limit: 20 } } })).then((p) => p.items);
  if (kinds.length <= 1) return one(kinds[0]);
  return (await Promise.all(kinds.map(one))).flat();
}

/** `value`, once it has stopped changing for `ms`. */
export function useDebounced<T>(value: T, ms = 300): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export function useUnit(id: string | null | undefined) {
  return useQuery({ ...unitQuery(id ?? ''), enabled: !!id });
}

/** A unit's name from its id; a failed lookup says why instead of staying blank. */
export function UnitName({ id }: { id: string | null | undefined }) {
  const unit = useUnit(id);
  const errorText = useErrorText();
  if (!id) return <>—</>;
  if (unit.error) return <Typography.Text type="danger">{errorText(unit.error)}</Typography.Text>;
  return <>{unit.data?.name ?? '…'}</>;
}

/** Name, kind and (for a community) its type. */
export function UnitLabel({ unit }: { unit: OrgUnit }) {
  const { t } = useTranslation();
  return (
    <Space size={4} wrap={false}>
      <span>{unit.name}</span>
      <Tag style={{ marginInlineEnd: 0 }}>{t(`unitKinds.${unit.kind}`)}</Tag>
      {unit.community_type && <Tag color="blue">{t(`communityTypes.${unit.community_type}`)}</Tag>}
    </Space>
  );
}

function UnitOption({ unit }: { unit: OrgUnit }) {
  const { t } = useTranslation();
  return (
    <span>
      {unit.name}{' '}
      <Typography.Text type="secondary">
        · {t(`unitKinds.${unit.kind}`)}
        {unit.parent_id && (
          <>
            {' · '}
            <UnitName id={unit.parent_id} />
          </>
        )}
      </Typography.Text>
    </span>
  );
}

export interface UnitPickerProps {
  value?: string | null;
  onChange?: (value: string | undefined) => void;
  /** Only units of these kinds are offered. */
  kinds?: readonly UnitKind[];
  id?: string;
  placeholder?: string;
  allowClear?: boolean;
  disabled?: boolean;
  style?: CSSProperties;
  'aria-label'?: string;
}

const NO_KINDS: readonly UnitKind[] = [];

/**
 * Choose a unit by typing part of its name (the server searches); each option says its
 * kind and its parent, so two compounds called 1号院 can be told apart.
 */
export function UnitPicker({ value, onChange, kinds = NO_KINDS, placeholder, ...rest }: UnitPickerProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim());
  const results = useQuery({
    queryKey: unitKeys.search(kinds, q),
    queryFn: () => searchUnits(kinds, q),
    placeholderData: keepPreviousData,
  });
  const selected = useUnit(value);

  const units = [...(results.data ?? [])];
  if (selected.data && !units.some((u) => u.id === selected.data.id)) units.unshift(selected.data);
  const options = units.map((u) => ({ value: u.id, label: <UnitOption unit={u} />, title: u.name }));
  const error = results.error ?? selected.error;

  return (
    <>
      <Select
        {...rest}
        value={value ?? undefined}
        onChange={(v: string | undefined) => onChange?.(v)}
        onClear={() => setSearch('')}
        showSearch={{ filterOption: false, onSearch: setSearch }}
        options={options}
        loading={results.isFetching}
        placeholder={placeholder ?? t('admin.pickUnit')}
        notFoundContent={results.isFetching ? t('common.loading') : t('common.noData')}
        style={{ minWidth: 200, ...rest.style }}
      />
      {error && (
        <Typography.Text type="danger" role="alert">
          {errorText(error)}
        </Typography.Text>
      )}
    </>
  );
}
