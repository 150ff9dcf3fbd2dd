// The officials' demand queue (community worker, street committee, district admin,
// auditor): their scopes' demands, filtered and sorted, paged with "load more". The
// filters live in the address, so the way back from a demand keeps them.
import { Button, Card, Empty, Flex, Form, Input, Select, Space, Switch, Table, Tag, TreeSelect, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';

import { api, unwrap, type Schemas } from '../../api/client';
import { useAuth } from '../../auth/AuthProvider';
import { ErrorAlert } from '../../components/errors';
import { unitTree, useSubtreeUnits } from '../../components/orgUnits';
import { CATEGORIES, DEMAND_STATES, DemandStateTag, OverdueTag, useEnumOptions } from '../../components/labels';
import { useCursorList } from '../../components/useCursorList';
import { useFoldingFilters } from '../../components/useFoldingFilters';
import { useMediaQuery } from '../../components/useMediaQuery';

type Demand = Schemas['Demand'];
type DemandState = Schemas['DemandState'];
type Category = Schemas['Category'];

const SORTS = ['newest', 'cosigns', 'due'] as const;
type Sort = (typeof SORTS)[number];

/** The roles whose grants scope a queue (what the unit filter offers). */
const QUEUE_ROLES: readonly Schemas['Role'][] = ['community_worker', 'street_committee', 'district_admin', 'auditor'];

export interface QueueFilters {
  state?: DemandState;
  category?: Category;
  unit_id?: string;
  q?: string;
  overdue?: boolean;
  sort: Sort;
}

const oneOf = <T extends string>(values: readonly T[], raw: string | null): T | undefined =>
  values.includes(raw as T) ? (raw as T) : undefined;

/** The filters from the address; anything unknown is ignored. */
export function readFilters(params: URLSearchParams): QueueFilters {
  return {
    state: oneOf(DEMAND_STATES, params.get('state')),
    category: oneOf(CATEGORIES, params.get('category')),
    unit_id: params.get('unit_id') || undefined,
    q: params.get('q')?.trim() || undefined,
    overdue: params.get('overdue') === 'true' || undefined,
    sort: oneOf(SORTS, params.get('sort')) ?? 'newest',
  };
}

function writeFilters(filters: QueueFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.state) params.set('state', filters.state);
  if (filters.category) params.set('category', filters.category);
  if (filters.unit_id) params.set('unit_id', filters.unit_id);
  if (filters.q) params.set('q', filters.q);
  if (filters.overdue) params.set('overdue', 'true');
  if (filters.sort !== 'newest') params.set('sort', filters.sort);
  return params;
}

const formatDate = (at: string) => dayjs(at).format('YYYY-MM-DD');

export function QueuePage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  // antd's md breakpoint.
  const narrow = !useMediaQuery('(min-width: 768px)');

  const grantUnits = (user?.grants ?? []).filter((g) => QUEUE_ROLES.includes(g.role)).map((g) => g.unit_id);
  const units = useSubtreeUnits(grantUnits);
  const unitNames = useMemo(() => new Map((units.data ?? []).map((u) => [u.id, u.name])), [units.data]);
  const tree = useMemo(() => unitTree(units.data ?? []), [units.data]);

  const list = useCursorList(['demands', 'queue', filters], (cursor) =>
    unwrap(api.GET('/api/v1/demands', { params: { query: { ...filters, limit: 20, cursor } } })),
  );

  const stateOptions = useEnumOptions('states', DEMAND_STATES);
  const categoryOptions = useEnumOptions('categories', CATEGORIES);
  const sortOptions = [
    { value: 'newest', label: t('demand.filter.sortNewest') },
    { value: 'cosigns', label: t('demand.filter.sortCosigns') },
    { value: 'due', label: t('demand.filter.sortDue') },
  ];

  const itemStyle = narrow ? { marginBottom: 8 } : undefined;
  const update = (change: Partial<QueueFilters>) => setParams(writeFilters({ ...filters, ...change }), { replace: true });
  const unitName = (id: string) => unitNames.get(id) ?? '—';
  const [filtersToggle, filtersFolded] = useFoldingFilters(
    [filters.state, filters.category, filters.unit_id, filters.q, filters.overdue].filter(Boolean).length,
  );

  const columns: ColumnsType<Demand> = [
    {
      title: t('demand.title'),
      dataIndex: 'title',
      className: 'cell-grow',
      render: (_, d) => (
        <Link to={`/demands/${d.id}`} title={d.title} className="ellipsis">
          {d.title}
        </Link>
      ),
    },
    { title: t('demand.category'), dataIndex: 'category', render: (_, d) => t(`categories.${d.category}`) },
    { title: t('queue.unit'), dataIndex: 'unit_id', render: (_, d) => unitName(d.unit_id) },
    {
      title: t('demand.state'),
      dataIndex: 'state',
      render: (_, d) => (
        <Space size={4} wrap>
          <DemandStateTag state={d.state} />
          {d.overdue && <OverdueTag />}
        </Space>
      ),
    },
    { title: t('demand.cosigns'), dataIndex: 'cosign_count', align: 'right' },
    {
      title: t('demand.createdAt'),
      dataIndex: 'created_at',
      render: (_, d) => <time dateTime={d.created_at}>{formatDate(d.created_at)}</time>,
    },
  ];

  return (
    <Flex vertical gap={12}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('nav.queue')}
      </Typography.Title>

      {filtersToggle}
      <Card size="small" {...filtersFolded}>
        <Form
          name="queue"
          layout={narrow ? 'vertical' : 'inline'}
          aria-label={t('queue.filters')}
          role="search"
          style={
            narrow
              ? { display: 'grid', gridTemplateColumns: 'repeat(2, minmax(0, 1fr))', columnGap: 8 }
              : { rowGap: 8 }
          }
          onSubmitCapture={(e) => e.preventDefault()}
        >
          <Form.Item
            label={t('queue.keyword')}
            htmlFor="queue_q"
            style={narrow ? { gridColumn: '1 / -1', marginBottom: 8 } : undefined}
          >
            <Input.Search
              id="queue_q"
              key={filters.q ?? ''}
              defaultValue={filters.q}
              placeholder={t('queue.keywordPlaceholder')}
              allowClear
              enterButton={t('common.search')}
              onSearch={(value) => update({ q: value.trim() || undefined })}
              style={{ width: narrow ? '100%' : 260 }}
            />
          </Form.Item>
          <Form.Item label={t('demand.state')} htmlFor="queue_state" style={itemStyle}>
            <Select
              id="queue_state"
              allowClear
              placeholder={t('common.all')}
              options={stateOptions}
              value={filters.state}
              onChange={(state?: DemandState) => update({ state })}
              style={{ width: narrow ? '100%' : 130 }}
            />
          </Form.Item>
          <Form.Item label={t('demand.category')} htmlFor="queue_category" style={itemStyle}>
            <Select
              id="queue_category"
              allowClear
              placeholder={t('common.all')}
              options={categoryOptions}
              value={filters.category}
              onChange={(category?: Category) => update({ category })}
              style={{ width: narrow ? '100%' : 140 }}
            />
          </Form.Item>
          <Form.Item label={t('queue.unit')} htmlFor="queue_unit" style={itemStyle}>
            <TreeSelect
              id="queue_unit"
              allowClear
              placeholder={t('queue.allUnits')}
              treeData={tree}
              value={filters.unit_id}
              onChange={(unit_id?: string) => update({ unit_id })}
              showSearch={{ treeNodeFilterProp: 'title' }}
              treeDefaultExpandedKeys={tree.map((n) => n.value)}
              loading={units.isLoading}
              popupMatchSelectWidth={false}
              style={{ width: narrow ? '100%' : 200 }}
            />
          </Form.Item>
          <Form.Item label={t('queue.sort')} htmlFor="queue_sort" style={itemStyle}>
            <Select
              id="queue_sort"
              options={sortOptions}
              value={filters.sort}
              onChange={(sort: Sort) => update({ sort })}
              style={{ width: narrow ? '100%' : 130 }}
            />
          </Form.Item>
          <Form.Item label={t('demand.filter.overdueOnly')} htmlFor="queue_overdue" style={itemStyle}>
            <Switch
              id="queue_overdue"
              checked={Boolean(filters.overdue)}
              onChange={(overdue) => update({ overdue: overdue || undefined })}
            />
          </Form.Item>
        </Form>
      </Card>

      <ErrorAlert error={list.error ?? units.error} />

      {narrow ? (
        <QueueCards demands={list.items} loading={list.isLoading} unitName={unitName} />
      ) : (
        <Table<Demand>
          className="nowrap-table"
          rowKey="id"
          columns={columns}
          dataSource={list.items}
          loading={list.isLoading}
          pagination={false}
          size="middle"
          locale={{ emptyText: <Empty description={t('common.noData')} /> }}
        />
      )}

      <Flex justify="center" align="center" gap={12} aria-live="polite">
        {list.items.length > 0 && (
          <Typography.Text type="secondary">{t('queue.loaded', { n: list.items.length })}</Typography.Text>
        )}
        {list.hasNextPage ? (
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        ) : (
          list.items.length > 0 && <Typography.Text type="secondary">{t('queue.end')}</Typography.Text>
        )}
      </Flex>
    </Flex>
  );
}

/** Phones: one card per demand instead of a table. */
function QueueCards({
  demands,
  loading,
  unitName,
}: {
  demands: Demand[];
  loading: boolean;
  unitName: (id: string) => string;
}) {
  const { t } = useTranslation();
  if (loading) return <Card loading size="small" />;
  if (demands.length === 0) return <Empty description={t('common.noData')} />;
  return (
    <Flex vertical gap={8} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {demands.map((d) => (
        <li key={d.id}>
          <Card size="small">
            <Flex vertical gap={4}>
              <Typography.Text strong style={{ wordBreak: 'break-word' }}>
                <Link to={`/demands/${d.id}`}>{d.title}</Link>
              </Typography.Text>
              <Space size={[4, 4]} wrap>
                <DemandStateTag state={d.state} />
                {d.overdue && <OverdueTag />}
                <Tag>{t(`categories.${d.category}`)}</Tag>
              </Space>
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                {unitName(d.unit_id)} · <time dateTime={d.created_at}>{formatDate(d.created_at)}</time> ·{' '}
                {t('demand.cosigns')} {d.cosign_count}
              </Typography.Text>
            </Flex>
          </Card>
        </li>
      ))}
    </Flex>
  );
}
