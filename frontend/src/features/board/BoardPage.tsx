// 公示栏: the public demand list, readable without signing in. Filters live in the URL so a
// filtered board can be shared and survives "back".
import { Col, Flex, Form, Input, Row, Select, Typography } from 'antd';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

import { api, unwrap, type Schemas } from '../../api/client';
import { CursorListView } from '../../components/CursorListView';
import { DemandCard } from '../../components/DemandCard';
import { ErrorAlert } from '../../components/errors';
import { CATEGORIES, useEnumOptions } from '../../components/labels';
import { unitLabel, useAllOrgUnits } from '../../components/orgUnits';
import { useCursorList } from '../../components/useCursorList';

/** What the public board shows: never `submitted` or `withdrawn` (SPEC §4.7). */
const PUBLIC_STATES = ['published', 'accepted', 'resolved', 'rejected', 'merged', 'referred'] as const satisfies readonly Schemas['DemandState'][];
const SORTS = ['newest', 'cosigns'] as const;

function oneOf<T extends string>(values: readonly T[], raw: string | null): T | undefined {
  return values.find((v) => v === raw);
}

interface Filters {
  unit?: string;
  state?: Schemas['DemandState'];
  category?: Schemas['Category'];
  sort?: (typeof SORTS)[number];
  q?: string;
}

export function BoardPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<Filters>();
  const filters: Filters = {
    unit: params.get('unit') || undefined,
    state: oneOf(PUBLIC_STATES, params.get('state')),
    category: oneOf(CATEGORIES, params.get('category')),
    sort: oneOf(SORTS, params.get('sort')),
    q: params.get('q')?.trim() || undefined,
  };

  // The URL may change under the form (the menu's "公示栏" link clears it): follow it.
  const search = params.toString();
  useEffect(() => {
    const current = new URLSearchParams(search);
    form.setFieldsValue({
      unit: current.get('unit') || undefined,
      state: oneOf(PUBLIC_STATES, current.get('state')),
      category: oneOf(CATEGORIES, current.get('category')),
      sort: oneOf(SORTS, current.get('sort')) ?? 'newest',
      q: current.get('q') ?? '',
    });
  }, [search, form]);

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
  const unitOptions = useMemo(
    () =>
      (streets.data ?? []).map((street) => ({
        label: street.name,
        title: street.name,
        options: [
          { value: street.id, label: t('board.wholeStreet', { name: street.name }) },
          ...(communities.data ?? [])
            .filter((c) => c.parent_id === street.id)
            .map((c) => ({ value: c.id, label: c.name })),
        ],
      })),
    [streets.data, communities.data, t],
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

  const stateOptions = useEnumOptions('states', PUBLIC_STATES);
  const categoryOptions = useEnumOptions('categories', CATEGORIES);
  const sortOptions = [
    { value: 'newest', label: t('demand.filter.sortNewest') },
    { value: 'cosigns', label: t('demand.filter.sortCosigns') },
  ];

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

      <section aria-label={t('board.filters')}>
        <Form
          form={form}
          layout="vertical"
          onValuesChange={(changed: Partial<Filters>) => {
            // The search box applies on Enter / the button, or when cleared.
            if ('q' in changed && changed.q) return;
            setFilter(changed);
          }}
        >
          <Row gutter={[12, 0]}>
            <Col xs={24} sm={12} lg={6}>
              <Form.Item name="unit" label={t('board.unit')} style={{ marginBottom: 8 }}>
                <Select
                  allowClear
                  placeholder={t('common.all')}
                  showSearch={{ optionFilterProp: 'label' }}
                  loading={streets.isLoading || communities.isLoading}
                  options={unitOptions}
                />
              </Form.Item>
            </Col>
            <Col xs={12} sm={6} lg={4}>
              <Form.Item name="state" label={t('demand.state')} style={{ marginBottom: 8 }}>
                <Select allowClear placeholder={t('common.all')} options={stateOptions} />
              </Form.Item>
            </Col>
            <Col xs={12} sm={6} lg={4}>
              <Form.Item name="category" label={t('demand.category')} style={{ marginBottom: 8 }}>
                <Select allowClear placeholder={t('common.all')} options={categoryOptions} />
              </Form.Item>
            </Col>
            <Col xs={8} sm={6} lg={3}>
              <Form.Item name="sort" label={t('board.sort')} style={{ marginBottom: 8 }}>
                <Select options={sortOptions} />
              </Form.Item>
            </Col>
            <Col xs={16} sm={18} lg={7}>
              <Form.Item name="q" label={t('common.search')} style={{ marginBottom: 8 }}>
                <Input.Search
                  allowClear
                  enterButton={t('common.search')}
                  placeholder={t('board.searchPlaceholder')}
                  onSearch={(value) => setFilter({ q: value.trim() })}
                />
              </Form.Item>
            </Col>
          </Row>
        </Form>
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
