// 我的需求: what `GET /demands` gives a resident — its own demands and the published ones of
// its street — with state, deadline and co-signs; published ones can be co-signed here.
import { PlusOutlined } from '@ant-design/icons';
import { Button, Checkbox, Col, Flex, Form, Input, Row, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

import { api, unwrap, type Schemas } from '../../api/client';
import { useAuth } from '../../auth/AuthProvider';
import { canFileDemands, rolesOf } from '../../auth/roles';
import { CosignButton } from '../../components/CosignButton';
import { CursorListView } from '../../components/CursorListView';
import { DemandCard } from '../../components/DemandCard';
import { CATEGORIES, DEMAND_STATES, useEnumOptions } from '../../components/labels';
import { useCursorList } from '../../components/useCursorList';

interface Filters {
  state?: Schemas['DemandState'];
  category?: Schemas['Category'];
  q?: string;
  overdue?: boolean;
}

export function MyDemandsPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const navigate = useNavigate();
  const [filters, setFilters] = useState<Filters>({});
  const stateOptions = useEnumOptions('states', DEMAND_STATES);
  const categoryOptions = useEnumOptions('categories', CATEGORIES);

  const list = useCursorList(['demands', 'list', 'mine', filters], (cursor) =>
    unwrap(
      api.GET('/api/v1/demands', {
        params: {
          query: {
            state: filters.state,
            category: filters.category,
            q: filters.q || undefined,
            overdue: filters.overdue || undefined,
            limit: 20,
            cursor,
          },
        },
      }),
    ),
  );

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="flex-start" gap={8} wrap>
        <div style={{ minWidth: 0, flex: 1 }}>
          <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 4 }}>
            {t('nav.myDemands')}
          </Typography.Title>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {t('myDemands.intro')}
          </Typography.Paragraph>
        </div>
        {canFileDemands(rolesOf(user)) && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/demands/new')}>
            {t('nav.newDemand')}
          </Button>
        )}
      </Flex>

      <section aria-label={t('board.filters')}>
        <Form
          layout="vertical"
          onValuesChange={(changed: Partial<Filters>) => {
            // The search box applies on Enter / the button, or when cleared.
            if ('q' in changed && changed.q) return;
            setFilters((f) => ({ ...f, ...changed }));
          }}
        >
          <Row gutter={[12, 0]}>
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
            <Col xs={24} sm={12} lg={10}>
              <Form.Item name="q" label={t('common.search')} style={{ marginBottom: 8 }}>
                <Input.Search
                  allowClear
                  enterButton={t('common.search')}
                  placeholder={t('board.searchPlaceholder')}
                  onSearch={(value) => setFilters((f) => ({ ...f, q: value.trim() }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Form.Item name="overdue" valuePropName="checked" label={t('demand.dueAt')} style={{ marginBottom: 8 }}>
                <Checkbox>{t('demand.filter.overdueOnly')}</Checkbox>
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </section>

      <CursorListView
        list={list}
        label={t('nav.myDemands')}
        retryText={t('myDemands.retry')}
        renderItem={(d) => (
          <DemandCard
            demand={d}
            to={`/demands/${d.id}`}
            extra={<CosignButton demand={d} />}
          />
        )}
      />
    </Flex>
  );
}
