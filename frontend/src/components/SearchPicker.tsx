// A Select that searches on the server as the user types (the shared part of UnitPicker and
// OrganizationPicker): the chosen record stays among the options even when the current
// search does not return it, and a failed search or lookup says why under the field.
import { keepPreviousData, useQuery, type QueryKey } from '@tanstack/react-query';
import { Select, Typography } from 'antd';
import { useState, type CSSProperties, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { useErrorText } from './errors';
import { useDebounced } from './useDebounced';

/** What a form passes to a picker. */
export interface PickerProps {
  value?: string | null;
  onChange?: (value: string | undefined) => void;
  id?: string;
  placeholder?: string;
  allowClear?: boolean;
  disabled?: boolean;
  style?: CSSProperties;
  'aria-label'?: string;
}

interface SearchPickerProps<T extends { id: string; name: string }> extends PickerProps {
  /** The records whose name contains `q` (the trimmed, debounced search text). */
  search: (q: string) => { queryKey: QueryKey; queryFn: () => Promise<T[]> };
  /** The chosen record, by id. */
  one: (id: string) => { queryKey: QueryKey; queryFn: () => Promise<T>; staleTime?: number };
  option: (record: T) => ReactNode;
  defaultPlaceholder: string;
}

export function SearchPicker<T extends { id: string; name: string }>({
  value,
  onChange,
  placeholder,
  search: searchQuery,
  one,
  option,
  defaultPlaceholder,
  ...rest
}: SearchPickerProps<T>) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim());
  const results = useQuery({ ...searchQuery(q), placeholderData: keepPreviousData });
  const selected = useQuery({ ...one(value ?? ''), enabled: !!value });

  const records = [...(results.data ?? [])];
  const chosen = selected.data;
  if (chosen && !records.some((r) => r.id === chosen.id)) records.unshift(chosen);
  const options = records.map((r) => ({ value: r.id, label: option(r), title: r.name }));
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
        placeholder={placeholder ?? defaultPlaceholder}
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
