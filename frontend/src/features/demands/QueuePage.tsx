// The officials' demand queue (community worker, street committee, district admin,
// auditor): a to-do list first — the live demands whose clock runs, overdue first, then by
// deadline — with everything else and the resolved ones a click away; filtered, paged with
// "load more". The view and filters live in the address, so the way back keeps them.
import { Button, Card, Checkbox, Empty, Flex, Form, Input, Segmented, Select, Space, Switch, Table, Tag, TreeSelect, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';

import type { Schemas } from '../../api/client';
import { unitTree, useSubtreeUnits } from '../../api/orgUnits';
import { useAuth } from '../../auth/AuthProvider';
import { mayOpen, rolesOf } from '../../auth/roles';
import { ErrorAlert } from '../../components/errors';
import { ExportButton } from '../../components/ExportButton';
import { CATEGORIES, DEMAND_STATES, DemandStateTag, OverdueTag, useEnumOptions } from '../../components/labels';
import { useFoldingFilters } from '../../components/useFoldingFilters';
import { useMediaQuery } from '../../components/useMediaQuery';
import { useDemandList, type DemandListQuery } from './api';
import { formatDate } from '../../components/dates';

type Demand = Schemas['Demand'];
type DemandState = Schemas['DemandState'];
type Category = Schemas['DemandCategory'];

const SORTS = ['newest', 'cosigns', 'due'] as const;
type Sort = (typeof SORTS)[number];

/** What the list shows: to do (the default), everything, or what was resolved. */
const VIEWS = ['todo', 'all', 'done'] as const;
type View = (typeof VIEWS)[number];

/** The roles whose grants scope a queue (what the unit filter offers). */
const QUEUE_ROLES: readonly Schemas['Role'][] = ['community_worker', 'street_committee', 'district_admin', 'auditor'];

export interface QueueFilters {
  view: View;
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
    view: oneOf(VIEWS, params.get('view')) ?? 'todo',
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
  if (filters.view !== 'todo') params.set('view', filters.view);
  if (filters.state) params.set('state', filters.state);
  if (filters.category) params.set('category', filters.category);
  if (filters.unit_id) params.set('unit_id', filters.unit_id);
  if (filters.q) params.set('q', filters.q);
  if (filters.overdue) params.set('overdue', 'true');
  if (filters.sort !== 'newest') params.set('sort', filters.sort);
  return params;
}

/** The API's query for a view: to do is the deadline order (live demands with a running clock only). */
export function queueQuery({ view, ...filters }: QueueFilters): DemandListQuery {
  if (view === 'todo') return { ...filters, sort: 'due' as const };
  if (view === 'done') return { ...filters, state: 'resolved' as const };
  return filters;
}

/** Whether the list is narrowed beyond its view (then an empty list says so, not "nothing"). */
const narrowed = (f: QueueFilters) => Boolean(f.q || f.category || f.unit_id || f.overdue || (f.view !== 'done' && f.state));

export function QueuePage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  // antd's md breakpoint.
  const narrow = !useMediaQuery('(min-width: 768px)');

  const grantUnits = [...new Set((user?.grants ?? []).filter((g) => QUEUE_ROLES.includes(g.role)).map((g) => g.unit_id))];
  const units = useSubtreeUnits(grantUnits);
  const unitNames = useMemo(() => new Map((units.data ?? []).map((u) => [u.id, u.name])), [units.data]);
  const tree = useMemo(() => unitTree(units.data ?? []), [units.data]);

  const query = queueQuery(filters);
  const list = useDemandList(query);
  // The street committee ticks the demands the API lets it take into a project (`accept`)
  // and drafts a project answering them (the project screens read the ids from the address).
  const navigate = useNavigate();
  const createsProjects = mayOpen(rolesOf(user), 'projects/new');
  const [ticked, setTicked] = useState<string[]>([]);
  const tickable = (d: Demand) => createsProjects && d.allowed_actions.includes('accept');
  const tick = (id: string, on: boolean) => setTicked((now) => (on ? [...new Set([...now, id])] : now.filter((x) => x !== id)));

  const stateOptions = useEnumOptions('demandStates', DEMAND_STATES);
  const categoryOptions = useEnumOptions('demandCategories', CATEGORIES);
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
  const scope = grantUnits.map((id) => unitNames.get(id)).filter(Boolean).join('、');
  const emptyText = units.isLoading ? '' : narrowed(filters) ? t('demandQueueViews.noMatch') : t(`demandQueueViews.empty.${filters.view}`, { scope });
  const viewOptions = VIEWS.map((value) => ({ value, label: t(`demandQueueViews.${value}`) }));

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
    { title: t('demand.category'), dataIndex: 'category', render: (_, d) => t(`demandCategories.${d.category}`) },
    { title: t('demandQueue.unit'), dataIndex: 'unit_id', render: (_, d) => unitName(d.unit_id) },
    { title: t('demand.state'), dataIndex: 'state', render: (_, d) => <DemandStateTag state={d.state} /> },
    { title: t('demand.author'), dataIndex: 'author_name' },
    { title: t('demand.dueAt'), dataIndex: 'due_at', render: (_, d) => <Deadline demand={d} /> },
    { title: t('demand.cosigns'), dataIndex: 'cosign_count', align: 'right' },
  ];

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('nav.queue')}
        </Typography.Title>
        <Flex gap={8} align="center" wrap>
          <Segmented<View>
            aria-label={t('demandQueueViews.label')}
            options={viewOptions}
            value={filters.view}
            onChange={(view) => update({ view, state: undefined, sort: 'newest' })}
          />
          <ExportButton list="demands" query={query} />
        </Flex>
      </Flex>

      {filtersToggle}
      <Card size="small" {...filtersFolded}>
        <Form
          name="queue"
          layout={narrow ? 'vertical' : 'inline'}
          aria-label={t('demandQueue.filters')}
          role="search"
          style={
            narrow
              ? { display: 'grid', gridTemplateColumns: 'repeat(2, minmax(0, 1fr))', columnGap: 8 }
              : { rowGap: 8 }
          }
          onSubmitCapture={(e) => e.preventDefault()}
        >
          <Form.Item
            label={t('demandQueue.keyword')}
            htmlFor="queue_q"
            style={narrow ? { gridColumn: '1 / -1', marginBottom: 8 } : undefined}
          >
            <Input.Search
              id="queue_q"
              key={filters.q ?? ''}
              defaultValue={filters.q}
              placeholder={t('demandQueue.keywordPlaceholder')}
              allowClear
              enterButton={t('common.search')}
              onSearch={(value) => update({ q: value.trim() || undefined })}
              style={{ width: narrow ? '100%' : 260 }}
            />
          </Form.Item>
          {filters.view !== 'done' && (
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
          )}
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
          <Form.Item label={t('demandQueue.unit')} htmlFor="queue_unit" style={itemStyle}>
            <TreeSelect
              id="queue_unit"
              allowClear
              placeholder={t('demandQueue.allUnits')}
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
          {filters.view === 'all' && (
            <Form.Item label={t('demandQueue.sort')} htmlFor="queue_sort" style={itemStyle}>
              <Select
                id="queue_sort"
                options={sortOptions}
                value={filters.sort}
                onChange={(sort: Sort) => update({ sort })}
                style={{ width: narrow ? '100%' : 130 }}
              />
            </Form.Item>
          )}
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

      {createsProjects && (
        <Flex gap={8} align="center" wrap>
          <Button type="primary" disabled={ticked.length === 0} onClick={() => navigate(`/projects/new?demand_ids=${ticked.join(',')}`)}>
            {ticked.length ? t('projectFromQueue.createN', { n: ticked.length }) : t('projectFromQueue.create')}
          </Button>
          <Typography.Text type="secondary">{t('projectFromQueue.hint')}</Typography.Text>
        </Flex>
      )}

      {narrow ? (
        <QueueCards
          demands={list.items}
          loading={list.isLoading}
          unitName={unitName}
          emptyText={emptyText}
          tickable={tickable}
          ticked={ticked}
          onTick={tick}
        />
      ) : (
        <Table<Demand>
          className="nowrap-table"
          rowKey="id"
          columns={columns}
          dataSource={list.items}
          loading={list.isLoading}
          pagination={false}
          size="middle"
          locale={{ emptyText: <Empty description={emptyText} /> }}
          rowSelection={
            createsProjects
              ? {
                  selectedRowKeys: ticked,
                  preserveSelectedRowKeys: true,
                  onChange: (keys) => setTicked(keys.map(String)),
                  getCheckboxProps: (d) => ({ disabled: !tickable(d), 'aria-label': t('projectFromQueue.select', { title: d.title }) }),
                  columnTitle: <span className="sr-only">{t('projectFromQueue.column')}</span>,
                }
              : undefined
          }
        />
      )}

      <Flex justify="center" align="center" gap={12} aria-live="polite">
        {list.items.length > 0 && (
          <Typography.Text type="secondary">{t('demandQueue.loaded', { n: list.items.length })}</Typography.Text>
        )}
        {list.hasNextPage ? (
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        ) : (
          list.items.length > 0 && <Typography.Text type="secondary">{t('demandQueue.end')}</Typography.Text>
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
  emptyText,
  tickable,
  ticked,
  onTick,
}: {
  demands: Demand[];
  loading: boolean;
  unitName: (id: string) => string;
  emptyText: string;
  tickable: (d: Demand) => boolean;
  ticked: string[];
  onTick: (id: string, on: boolean) => void;
}) {
  const { t } = useTranslation();
  if (loading) return <Card loading size="small" />;
  if (demands.length === 0) return <Empty description={emptyText} />;
  return (
    <Flex vertical gap={8} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {demands.map((d) => (
        <li key={d.id}>
          <Card size="small">
            <Flex vertical gap={4}>
              <Flex gap={8} align="flex-start">
                {tickable(d) && (
                  <Checkbox
                    checked={ticked.includes(d.id)}
                    onChange={(e) => onTick(d.id, e.target.checked)}
                    aria-label={t('projectFromQueue.select', { title: d.title })}
                  />
                )}
                <Typography.Text strong style={{ wordBreak: 'break-word' }}>
                  <Link to={`/demands/${d.id}`}>{d.title}</Link>
                </Typography.Text>
              </Flex>
              <Space size={[4, 4]} wrap>
                <DemandStateTag state={d.state} />
                <Tag>{t(`demandCategories.${d.category}`)}</Tag>
              </Space>
              <Typography.Text type="secondary" style={{ fontSize: 'var(--fs-13)' }}>
                {unitName(d.unit_id)} · {d.author_name} · {t('demand.cosigns')} {d.cosign_count}
              </Typography.Text>
              <Deadline demand={d} />
            </Flex>
          </Card>
        </li>
      ))}
    </Flex>
  );
}

/** The deadline of a demand whose clock runs, with the overdue badge; a dash when none runs. */
function Deadline({ demand }: { demand: Demand }) {
  if (!demand.due_at) return <>—</>;
  return (
    <Space size={4} wrap>
      <time dateTime={demand.due_at}>{formatDate(demand.due_at)}</time>
      {demand.overdue && <OverdueTag />}
    </Space>
  );
}
