// The board's filters: place, state, category, order and a search box, kept in the URL by
// the board. A chunk of its own (forms and selects are heavy): the list does not wait for it.
import { Col, Form, Input, Row, Select } from 'antd';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';

import type { Schemas } from '../../api/client';
import { CATEGORIES, useEnumOptions } from '../../components/labels';
import { oneOf, PUBLIC_STATES, SORTS, type Filters } from './filters';

export function BoardFilters({
  search,
  setFilter,
  streets,
  communities,
  loading,
}: {
  /** The URL's query string: the form follows it. */
  search: string;
  setFilter: (changes: Partial<Filters>) => void;
  streets: Schemas['OrgUnit'][];
  communities: Schemas['OrgUnit'][];
  loading: boolean;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Filters>();

  // The URL may change under the form (the menu's "公示栏" link clears it): follow it.
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

  const unitOptions = useMemo(
    () =>
      streets.map((street) => ({
        label: street.name,
        title: street.name,
        options: [
          { value: street.id, label: t('board.wholeStreet', { name: street.name }) },
          ...communities.filter((c) => c.parent_id === street.id).map((c) => ({ value: c.id, label: c.name })),
        ],
      })),
    [streets, communities, t],
  );
  const stateOptions = useEnumOptions('states', PUBLIC_STATES);
  const categoryOptions = useEnumOptions('categories', CATEGORIES);
  const sortOptions = [
    { value: 'newest', label: t('demand.filter.sortNewest') },
    { value: 'cosigns', label: t('demand.filter.sortCosigns') },
  ];

  return (
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
              loading={loading}
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
  );
}
