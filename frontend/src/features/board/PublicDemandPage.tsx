// One demand of the public board: what was asked, where, by whom (masked), and the public
// answer, with the way to the public page of the project that answered it (accepted or
// resolved: `project_id`). A signed-in reader may co-sign it from here when the API says so (the signed-in
// record's `allowed_actions`); a visitor is offered to sign in first. Plain HTML like the
// board (styles.css): a visitor going from the board to a demand loads no antd.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';

import { api, ApiError, unwrap } from '../../api/client';
import { rootKeys } from '../../api/keys';
import { useUnitLabel } from '../../api/orgUnits';
import { useAuth } from '../../auth/AuthProvider';
import { CosignButton } from '../../components/CosignButton';
import { formatDate } from '../../components/dates';
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
        {d.project_id && <AnsweringProject id={d.project_id} />}
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

/**
 * The project answering the demand: the way to its public page, and its title and state once
 * read. A project the public may not read yet (a draft: 404) is said to come later, not
 * linked to a dead end. Read under the key the project's own public page uses
 * (`projectKeys.publicDetail` in features/projects), so following the link shows it at once.
 */
function AnsweringProject({ id }: { id: string }) {
  const { t } = useTranslation();
  const project = useQuery({
    queryKey: [...rootKeys.projects, 'public', 'detail', id],
    queryFn: () => unwrap(api.GET('/api/v1/public/projects/{id}', { params: { path: { id } } })),
  });
  const hidden = project.error instanceof ApiError && project.error.status === 404;
  return (
    <div className="alert alert-success stack" style={{ gap: 8 }}>
      <p>{t('demandBoard.inProject')}</p>
      {project.data && (
        <p>
          <strong style={{ wordBreak: 'break-word' }}>{project.data.title}</strong>{' '}
          <Tag colour="geekblue">{t(`projectStates.${project.data.state}`)}</Tag>
        </p>
      )}
      {hidden ? (
        <p className="secondary">{t('demandBoard.projectNotPublic')}</p>
      ) : (
        <Link
          to={`/board/projects/${id}`}
          className="btn btn-primary"
          style={{ alignSelf: 'flex-start', height: 'auto', minHeight: 44, whiteSpace: 'normal' }}
        >
          {t('demandBoard.seeProject')} <span aria-hidden="true">→</span>
        </Link>
      )}
    </div>
  );
}
