// One demand of the public board: what was asked, where, by whom (masked), and the public
// answer. A signed-in resident may co-sign a published one from here.
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Flex, Result, Skeleton, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';

import { api, ApiError, unwrap } from '../../api/client';
import { useAuth } from '../../auth/AuthProvider';
import { rolesOf } from '../../auth/roles';
import { CosignButton } from '../../components/CosignButton';
import { formatDate } from '../../components/DemandCard';
import { useUnitLabel } from '../../components/orgUnits';
import { ErrorAlert } from '../../components/errors';
import { DemandStateTag } from '../../components/labels';

export function PublicDemandPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const location = useLocation();
  const { user } = useAuth();
  const demand = useQuery({
    queryKey: ['public-demands', 'one', id],
    queryFn: () => unwrap(api.GET('/api/v1/public/demands/{id}', { params: { path: { id } } })),
  });
  const unitName = useUnitLabel(demand.data?.unit_id);

  const back = (
    <Link to="/board">
      <ArrowLeftOutlined /> {t('board.backToBoard')}
    </Link>
  );

  if (demand.isLoading) return <Skeleton active />;
  if (demand.error instanceof ApiError && demand.error.status === 404) {
    return <Result status="404" title="404" subTitle={t('errors.not_found')} extra={back} />;
  }
  if (!demand.data) {
    return (
      <Flex vertical gap={12}>
        {back}
        <ErrorAlert error={demand.error} />
        <Button onClick={() => void demand.refetch()} style={{ alignSelf: 'flex-start' }}>
          {t('board.retry')}
        </Button>
      </Flex>
    );
  }

  const d = demand.data;
  const cosignable = d.state === 'published';
  const items = [
    { key: 'category', label: t('demand.category'), children: t(`categories.${d.category}`) },
    { key: 'unit', label: t('board.location'), children: unitName ?? '…' },
    { key: 'author', label: t('demand.author'), children: d.author_name },
    { key: 'created', label: t('demand.createdAt'), children: <time dateTime={d.created_at}>{formatDate(d.created_at)}</time> },
    { key: 'updated', label: t('board.updatedAt'), children: <time dateTime={d.updated_at}>{formatDate(d.updated_at)}</time> },
    { key: 'cosigns', label: t('demand.cosigns'), children: d.cosign_count },
    ...(d.reason ? [{ key: 'reason', label: t('demand.reason'), children: d.reason }] : []),
    ...(d.referred_to ? [{ key: 'referred', label: t('demand.referredTo'), children: d.referred_to }] : []),
  ];

  return (
    <Flex vertical gap={12}>
      {back}
      <Card>
        <article aria-labelledby="demand-title">
          <Space size={[4, 4]} wrap style={{ marginBottom: 8 }}>
            <DemandStateTag state={d.state} />
            <Tag>{t(`categories.${d.category}`)}</Tag>
          </Space>
          <Typography.Title id="demand-title" level={3} style={{ marginTop: 0, wordBreak: 'break-word' }}>
            {d.title}
          </Typography.Title>
          {d.description && (
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{d.description}</Typography.Paragraph>
          )}
          <Descriptions size="small" column={{ xs: 1, sm: 2 }} items={items} />
          {d.merged_into_id && (
            <Alert
              type="info"
              showIcon
              style={{ marginTop: 12 }}
              title={t('board.mergedInto')}
              description={<Link to={`/board/${d.merged_into_id}`}>{t('board.viewMerged')}</Link>}
            />
          )}
          {d.project_id && <Alert type="success" showIcon style={{ marginTop: 12 }} title={t('board.inProject')} />}
          {cosignable && (
            <div style={{ marginTop: 16 }}>
              {user && rolesOf(user).has('resident') ? (
                <CosignButton demandId={d.id} />
              ) : !user ? (
                <Link to={`/login?next=${encodeURIComponent(location.pathname)}`}>{t('board.loginToCosign')}</Link>
              ) : null}
            </div>
          )}
        </article>
      </Card>
    </Flex>
  );
}
