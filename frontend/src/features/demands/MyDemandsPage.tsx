// 我的需求: the resident's own demands (`mine=filed`) and, a tab away, those it co-signed
// (`mine=cosigned`), never a neighbour's others; with state, deadline and co-signs. A resolved
// demand whose closed project the resident may still rate says 请评价, leading to the rating on
// the project's page (ratings are per project: `rate` in its `allowed_actions`). A resident
// with nothing here yet is led to filing (or to the board, to co-sign), not shown filters.
import { PlusOutlined } from '@ant-design/icons';
import { Button, Checkbox, Col, Empty, Flex, Form, Input, Row, Select, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';

import type { Schemas } from '../../api/client';
import { useAuth } from '../../auth/AuthProvider';
import { canFileDemands, rolesOf } from '../../auth/roles';
import { CosignButton } from '../../components/CosignButton';
import { CursorListView } from '../../components/CursorListView';
import { DemandCard } from '../../components/DemandCard';
import { ExportButton } from '../../components/ExportButton';
import { CATEGORIES, DEMAND_STATES, useEnumOptions } from '../../components/labels';
import { useAnsweringProject, useDemandList } from './api';

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
  const files = canFileDemands(rolesOf(user));
  // Nothing at all yet (not merely nothing matching the filters): no filters to offer.
  const filtered = !!(filters.state || filters.category || filters.q || filters.overdue);
  const blank = !filtered && !list.isLoading && !list.error && list.items.length === 0;
  // Not before the first page says whether there is anything to filter.
  const showFilters = filtered || !list.isLoading;

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
          {!blank && <ExportButton list="demands" query={query} />}
          {files && !blank && (
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

      {blank && <NothingYet mine={mine} files={files} />}
      {!blank && showFilters && (
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
      )}

      {!blank && (
        <CursorListView
          list={list}
          label={t(`myDemandsTabs.${mine}`)}
          retryText={t('myDemands.retry')}
          renderItem={(d) => (
            <DemandCard
              demand={d}
              to={`/demands/${d.id}`}
              extra={
                <>
                  <CosignButton demand={d} />
                  <RatePrompt demand={d} />
                </>
              }
            />
          )}
        />
      )}
    </Flex>
  );
}

/** A resident with nothing on this tab yet: the way to file one (or, for co-signs, to the board). */
function NothingYet({ mine, files }: { mine: Mine; files: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Empty description={t(`myDemands.nothingYet.${mine}`)}>
      {mine === 'filed' ? (
        files && (
          <Button type="primary" size="large" icon={<PlusOutlined />} onClick={() => navigate('/demands/new')}>
            {t('nav.newDemand')}
          </Button>
        )
      ) : (
        <Link to="/board">{t('myDemands.nothingYet.toBoard')}</Link>
      )}
    </Empty>
  );
}

/**
 * 请评价 on a resolved demand whose closed project the reader has not rated yet (and may: the
 * project's `allowed_actions` holds `rate`), leading to the rating on the project's page.
 */
function RatePrompt({ demand }: { demand: Schemas['Demand'] }) {
  const { t } = useTranslation();
  const closed = demand.state === 'resolved' && demand.project?.state === 'closed' ? demand.project.id : undefined;
  const project = useAnsweringProject(closed);
  if (!closed || !project.data?.allowed_actions.includes('rate')) return null;
  return (
    <p className="rate-prompt">
      <Link to={`/projects/${closed}#rating`} className="btn btn-primary">
        {t('myDemands.rate')}
      </Link>{' '}
      <span className="secondary">{t('myDemands.rateHint', { title: demand.project?.title })}</span>
    </p>
  );
}
