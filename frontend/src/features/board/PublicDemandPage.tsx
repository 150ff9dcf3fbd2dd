// One demand of the public board: what was asked, where, by whom (masked), and the public
// answer. A signed-in reader may co-sign it from here when the API says so (the signed-in
// record's `allowed_actions`); a visitor is offered to sign in first. Plain HTML like the
// board (styles.css): a visitor going from the board to a demand loads no antd.
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';

import { useUnitLabel } from '../../api/orgUnits';
import { useAuth } from '../../auth/AuthProvider';
import { CosignButton } from '../../components/CosignButton';
import { formatDate } from '../../components/DemandCard';
import { PublicPending } from '../../components/PublicPending';
import { ArrowLeftIcon } from '../../components/icons';
import { DemandStateTag, Tag } from '../../components/labels';
import { useDemandAsReader, usePublicDemand } from './api';

export function PublicDemandPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const location = useLocation();
  const { user } = useAuth();
  const demand = usePublicDemand(id);
  // The same demand as the signed-in reader sees it: what it may do to it.
  const mine = useDemandAsReader(id, !!user);
  const unitName = useUnitLabel(demand.data?.unit_id);

  const back = (
    <Link to="/board" className="back">
      <ArrowLeftIcon /> {t('demandBoard.backToBoard')}
    </Link>
  );

  if (!demand.data) return <PublicPending query={demand} back={back} retryText={t('demandBoard.retry')} />;

  const d = demand.data;
  const items = [
    { key: 'category', label: t('demand.category'), value: t(`demandCategories.${d.category}`) },
    { key: 'unit', label: t('demandBoard.location'), value: unitName ?? '…' },
    { key: 'author', label: t('demand.author'), value: d.author_name },
    { key: 'created', label: t('demand.createdAt'), value: <time dateTime={d.created_at}>{formatDate(d.created_at)}</time> },
    { key: 'updated', label: t('demandBoard.updatedAt'), value: <time dateTime={d.updated_at}>{formatDate(d.updated_at)}</time> },
    { key: 'cosigns', label: t('demand.cosigns'), value: d.cosign_count },
    ...(d.reason ? [{ key: 'reason', label: t('demand.reason'), value: d.reason }] : []),
    ...(d.referred_to ? [{ key: 'referred', label: t('demand.referredTo'), value: d.referred_to }] : []),
  ];

  return (
    <div className="stack">
      {back}
      <article className="demand-page" aria-labelledby="demand-title">
        <div className="tags">
          <DemandStateTag state={d.state} />
          <Tag>{t(`demandCategories.${d.category}`)}</Tag>
        </div>
        <h1 id="demand-title" className="page-title">
          {d.title}
        </h1>
        {d.description && <p className="description">{d.description}</p>}
        <dl className="details">
          {items.map((item) => (
            <div key={item.key}>
              <dt>{item.label}</dt>
              <dd>{item.value}</dd>
            </div>
          ))}
        </dl>
        {d.merged_into_id && (
          <div className="alert alert-info">
            <p>{t('demandBoard.mergedInto')}</p>
            <Link to={`/board/${d.merged_into_id}`}>{t('demandBoard.viewMerged')}</Link>
          </div>
        )}
        {d.project_id && (
          <div className="alert alert-success">
            <p>{t('demandBoard.inProject')}</p>
          </div>
        )}
        {user
          ? mine.data && <CosignButton demand={mine.data} />
          : d.state === 'published' && (
              <div>
                <Link to={`/login?next=${encodeURIComponent(location.pathname)}`}>{t('demandBoard.loginToCosign')}</Link>
              </div>
            )}
      </article>
    </div>
  );
}
