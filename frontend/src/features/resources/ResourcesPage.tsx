// 资源清单: every resource the reader may see (the district's list), read-only, filtered by
// kind, by whether anything is left, and by words in its title or description.
import { Col, Flex, Form, Input, Row, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { CursorListView } from '../../components/CursorListView';
import { ExportButton } from '../../components/ExportButton';
import { useEnumOptions } from '../../components/labels';
import { RESOURCE_KINDS, useResourceList, type ResourceKind } from './api';
import { ResourceCard } from './ResourceCard';

interface Filters {
  kind?: ResourceKind;
  available?: 'yes' | 'no';
  q?: string;
}

export function ResourcesPage() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<Filters>({});
  const kindOptions = useEnumOptions('resourceKinds', RESOURCE_KINDS);
  const query = {
    kind: filters.kind,
    available: filters.available === undefined ? undefined : filters.available === 'yes',
    q: filters.q || undefined,
  };
  const list = useResourceList(query);

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('resourceList.menu')}
        </Typography.Title>
        <ExportButton list="resources" query={query} />
      </Flex>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t('resourceList.intro')}
      </Typography.Paragraph>

      <section aria-label={t('resourceList.filters')}>
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
              <Form.Item name="kind" label={t('resource.kind')} style={{ marginBottom: 8 }}>
                <Select allowClear placeholder={t('common.all')} options={kindOptions} />
              </Form.Item>
            </Col>
            <Col xs={12} sm={6} lg={4}>
              <Form.Item name="available" label={t('resourceList.availability')} style={{ marginBottom: 8 }}>
                <Select
                  allowClear
                  placeholder={t('common.all')}
                  options={[
                    { value: 'yes', label: t('resourceList.availableOnly') },
                    { value: 'no', label: t('resourceList.usedUp') },
                  ]}
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={10}>
              <Form.Item name="q" label={t('resourceList.keyword')} style={{ marginBottom: 8 }}>
                <Input.Search
                  allowClear
                  enterButton={t('common.search')}
                  placeholder={t('resourceList.searchPlaceholder')}
                  onSearch={(value) => setFilters((f) => ({ ...f, q: value.trim() }))}
                />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </section>

      <CursorListView
        list={list}
        label={t('resourceList.label')}
        retryText={t('resourceList.retry')}
        renderItem={(r) => <ResourceCard resource={r} />}
      />
    </Flex>
  );
}
