// 我的需求: the resident's own demands (`mine=filed`) and, a tab away, those it co-signed
// (`mine=cosigned`), never a neighbour's others; with state, deadline and co-signs.
import { PlusOutlined } from '@ant-design/icons';
import { Button, Checkbox, Col, Flex, Form, Input, Row, Select, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';

import type { Schemas } from '../../api/client';
import { useAuth } from '../../auth/AuthProvider';
import { canFileDemands, rolesOf } from '../../auth/roles';
import { CosignButton } from '../../components/CosignButton';
import { CursorListView } from '../../components/CursorListView';
import { DemandCard } from '../../components/DemandCard';
import { ExportButton } from '../../components/ExportButton';
import { CATEGORIES, DEMAND_STATES, useEnumOptions } from '../../components/labels';
import { useDemandList } from './api';

type Mine = Schemas['DemandMine'];

interface Filters {
  state?: Schemas['DemandState'];
  category?: Schemas['DemandCategory'];
  q?: string;
  overdue?: boolean;
}

export function MyDemandsPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const mine: Mine = params.get('tab') === 'cosigned' ? 'cosigned' : 'filed';
  const [filters, setFilters] = useState<Filters>({});
  const stateOptions = useEnumOptions('demandStates', DEMAND_STATES);
  const categoryOptions = useEnumOptions('demandCategories', CATEGORIES);

  const query = {
    mine,
    state: filters.state,
    category: filters.category,
    q: filters.q || undefined,
    overdue: filters.overdue || undefined,
  };
  const list = useDemandList(query);

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="flex-start" gap={8} wrap>
        <div style={{ minWidth: 0, flex: 1 }}>
          <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 4 }}>
            {t('nav.myDemands')}
          </Typography.Title>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {t('myDemandsTabs.intro')}
          </Typography.Paragraph>
        </div>
        <Flex gap={8} wrap>
          <ExportButton list="demands" query={query} />
          {canFileDemands(rolesOf(user)) && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/demands/new')}>
              {t('nav.newDemand')}
            </Button>
          )}
        </Flex>
      </Flex>

      <Tabs
        activeKey={mine}
        onChange={(key) => setParams(key === 'cosigned' ? { tab: key } : {}, { replace: true })}
        items={[
          { key: 'filed', label: t('myDemandsTabs.filed') },
          { key: 'cosigned', label: t('myDemandsTabs.cosigned') },
        ]}
        style={{ marginBottom: -12 }}
      />

      <section aria-label={t('demandBoard.filters')}>
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
                  placeholder={t('demandBoard.searchPlaceholder')}
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
        label={t(`myDemandsTabs.${mine}`)}
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
