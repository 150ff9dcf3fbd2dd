// One demand in a list, the same on the public board and in a resident's own list: title,
// state and category as text, who raised it, where, when, how many co-signed, and the
// public answer (reason / referred to) when there is one.
import { Card, Flex, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import type { Schemas } from '../api/client';
import { DemandStateTag, OverdueTag } from './labels';

type AnyDemand = Schemas['PublicDemand'] | Schemas['Demand'];

export function formatDate(at: string): string {
  return dayjs(at).format('YYYY-MM-DD');
}

export function DemandCard({
  demand,
  to,
  unitName,
  extra,
}: {
  demand: AnyDemand;
  /** Where its title leads. */
  to: string;
  unitName?: string;
  /** Actions under the card (co-sign…). */
  extra?: ReactNode;
}) {
  const { t } = useTranslation();
  const overdue = 'overdue' in demand && demand.overdue;
  return (
    <Card size="small" styles={{ body: { padding: 12 } }}>
      <article aria-label={demand.title}>
        <Flex vertical gap={6}>
          <Typography.Title level={5} style={{ margin: 0, wordBreak: 'break-word' }}>
            <Link to={to}>{demand.title}</Link>
          </Typography.Title>
          <Space size={[4, 4]} wrap>
            <DemandStateTag state={demand.state} />
            <Tag>{t(`categories.${demand.category}`)}</Tag>
            {overdue && <OverdueTag />}
          </Space>
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            <span>
              {t('demand.author')}: {demand.author_name}
            </span>
            {unitName && <span> · {unitName}</span>}
            <span>
              {' · '}
              <time dateTime={demand.created_at}>{formatDate(demand.created_at)}</time>
            </span>
            <span>
              {' · '}
              {t('demand.cosigns')} {demand.cosign_count}
            </span>
          </Typography.Text>
          {demand.reason && (
            <Typography.Text>
              {t('demand.reason')}: {demand.reason}
            </Typography.Text>
          )}
          {demand.referred_to && (
            <Typography.Text>
              {t('demand.referredTo')}: {demand.referred_to}
            </Typography.Text>
          )}
          {extra}
        </Flex>
      </article>
    </Card>
  );
}
