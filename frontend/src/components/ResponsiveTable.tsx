// A table on a tablet and wider, a list of cards below (768 px): one card per row, its first
// column as the card's heading and every other column as a label and its value, from the same
// `columns` (their titles and `render`s), so a screen declares its table once. A phone never
// scrolls a table sideways.
import { Table, type TableColumnType, type TableProps } from 'antd';

import { isValidElement, type Key, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { LoadingSkeleton } from './LoadingSkeleton';
import { useMediaQuery } from './useMediaQuery';

/** A column as read here: antd's `dataIndex` type walks every path into T (DeepNamePath), which
 * costs tsc gigabytes for a generic T. */
interface LooseColumn<T> {
  dataIndex?: string | number | readonly (string | number)[];
  render?: (value: unknown, record: T, index: number) => unknown;
}

/** What a cell shows: its `render`'s result, or the value at its `dataIndex`. */
function cell<T>(column: TableColumnType<T>, record: T, index: number): ReactNode {
  const { dataIndex: path, render } = column as unknown as LooseColumn<T>;
  const keys = path === undefined ? [] : Array.isArray(path) ? path : [path];
  let value: unknown = keys.length ? record : undefined;
  for (const key of keys) value = value == null ? undefined : (value as Record<string | number, unknown>)[key as string | number];
  if (!render) return value as ReactNode;
  const rendered = render(value, record, index);
  // antd lets a render return { children, props } to span cells: only the children matter here.
  if (rendered && typeof rendered === 'object' && !isValidElement(rendered) && 'children' in rendered) {
    return (rendered as { children: ReactNode }).children;
  }
  return rendered as ReactNode;
}

function keyOf<T>(rowKey: TableProps<T>['rowKey'], record: T, index: number): Key {
  if (typeof rowKey === 'function') return rowKey(record, index) as Key;
  if (typeof rowKey === 'string') return (record as Record<string, Key>)[rowKey];
  return index;
}

// The props are taken whole (not `{ a, ...rest }`): the rest of antd's generic TableProps
// costs tsc gigabytes.
export function ResponsiveTable<T extends object>(props: TableProps<T>) {
  const { t } = useTranslation();
  const wide = useMediaQuery('(min-width: 768px)');
  if (wide) return <Table<T> {...props} />;

  const columns = ((props.columns ?? []) as TableColumnType<T>[]).filter((c) => !c.hidden);
  const rows = (props.dataSource ?? []) as T[];
  const loading = typeof props.loading === 'object' ? props.loading.spinning : props.loading;
  if (loading && rows.length === 0) return <LoadingSkeleton />;
  if (rows.length === 0) {
    const empty = props.locale?.emptyText;
    return <div className="list-empty">{typeof empty === 'function' ? empty() : (empty ?? t('phone.empty'))}</div>;
  }
  const [head, ...rest] = columns;
  const label = (props as { 'aria-label'?: string })['aria-label'];
  return (
    <ul className="card-list table-cards" aria-label={label}>
      {rows.map((record, index) => (
        <li key={keyOf(props.rowKey, record, index)}>
          <article className="demand-card table-card">
            {head && <div className="table-card-head">{cell(head, record, index)}</div>}
            <dl className="table-card-fields">
              {rest.map((column, i) => {
                const title = typeof column.title === 'function' ? null : (column.title as ReactNode);
                return (
                  <div key={String(column.key ?? i)}>
                    {title ? <dt>{title}</dt> : null}
                    <dd>{cell(column, record, index)}</dd>
                  </div>
                );
              })}
            </dl>
          </article>
        </li>
      ))}
    </ul>
  );
}
