// One project of the public board (民生实事), readable without signing in: its state, funding
// and progress, its plan and what came of it (the residents' inspection, their ratings and
// who funded it: ProjectOutcome), who maintains it, and the demands it answers (each a link
// to the demand's public page). A signed-in reader is offered the full project
// page, where it may claim, inspect or rate. Plain HTML like the board (styles.css): a visitor
// going from the board to a project loads no antd.
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';

import { useOrganization } from '../../api/organizations';
import { useUnitLabel } from '../../api/orgUnits';
import { useAuth } from '../../auth/AuthProvider';
import { formatDate } from '../../components/dates';
import { ErrorAlert } from '../../components/errors';
import { PublicPending } from '../../components/PublicPending';
import { ArrowLeftIcon } from '../../components/icons';
import { Tag } from '../../components/labels';
import { usePublicProgress, usePublicProject } from './api';
import { AnsweredDemands } from './AnsweredDemands';
import { BoardProgress, FundingBar, ProjectStateTag } from './funding';
import { ProjectOutcome } from './ProjectOutcome';

export function PublicProjectPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const { user } = useAuth();
  const project = usePublicProject(id);
  const unitName = useUnitLabel(project.data?.unit_id);
  // Organisations' names are public (`GET /organizations/{id}` needs no sign-in).
  const maintainer = useOrganization(project.data?.maintainer_org_id);

  const back = (
    <Link to="/board/projects" className="back">
      <ArrowLeftIcon /> {t('projectBoard.backToProjects')}
    </Link>
  );

  if (!project.data) return <PublicPending query={project} back={back} retryText={t('projectBoard.retry')} />;

  const p = project.data;
  const facts = [
    { key: 'unit', label: t('project.unit'), value: unitName ?? '…' },
    ...(p.beneficiaries > 0 ? [{ key: 'beneficiaries', label: t('project.beneficiaries'), value: p.beneficiaries }] : []),
    ...(p.maintainer_org_id && !maintainer.isError
      ? [{ key: 'maintainer', label: t('project.maintainer'), value: maintainer.data?.name ?? '…' }]
      : []),
    { key: 'updated', label: t('project.updatedAt'), value: <time dateTime={p.updated_at}>{formatDate(p.updated_at)}</time> },
  ];
  const texts = [
    { key: 'plan', label: t('project.plan'), text: p.plan },
    { key: 'description', label: t('project.description'), text: p.description },
    { key: 'note', label: t('project.completionNote'), text: p.completion_note },
    { key: 'reason', label: t('project.cancelReason'), text: p.cancel_reason },
  ].filter((part) => part.text);

  return (
    <div className="stack">
      {back}
      <article className="demand-page project-page" aria-labelledby="project-title">
        <div className="tags">
          <ProjectStateTag state={p.state} />
          <Tag>{t(`projectCategories.${p.category}`)}</Tag>
        </div>
        <h1 id="project-title" className="page-title">
          {p.title}
        </h1>
        <section aria-label={t('projectFunding.label')}>
          <FundingBar project={p} />
        </section>
        <BoardProgress project={p} />
        <dl className="details">
          {facts.map((fact) => (
            <div key={fact.key}>
              <dt>{fact.label}</dt>
              <dd>{fact.value}</dd>
            </div>
          ))}
        </dl>
        {texts.map((part) => (
          <section key={part.key} className="project-text" aria-labelledby={`project-${part.key}`}>
            <h2 id={`project-${part.key}`}>{part.label}</h2>
            <p className="prose">{part.text}</p>
          </section>
        ))}
        {p.state !== 'draft' && p.state !== 'published' && <ProgressUpdates id={p.id} />}
        <ProjectOutcome project={p} />
        {p.demand_ids.length > 0 && <AnsweredDemandsSection ids={p.demand_ids} />}
        {user && (
          <div>
            <Link to={`/projects/${p.id}`}>{t('projectBoard.openProject')}</Link>
          </div>
        )}
      </article>
    </div>
  );
}

/** The demands the project answers, as links to their public pages (titles as the public reads them). */
function AnsweredDemandsSection({ ids }: { ids: string[] }) {
  const { t } = useTranslation();
  return (
    <section className="project-text" aria-labelledby="project-demands">
      <h2 id="project-demands">{t('project.demands')}</h2>
      <AnsweredDemands ids={ids} linkTo={(id) => `/board/${id}`} />
    </section>
  );
}

/** What the committee and co-builders reported as the work went on, newest last. */
function ProgressUpdates({ id }: { id: string }) {
  const { t } = useTranslation();
  const updates = usePublicProgress(id);
  const items = updates.data ?? [];
  return (
    <section className="project-text" aria-labelledby="project-progress">
      <h2 id="project-progress">{t('projectProgress.heading')}</h2>
      <ErrorAlert error={updates.error} />
      {!updates.isLoading && items.length === 0 && !updates.error ? (
        <p className="secondary">{t('projectProgress.empty')}</p>
      ) : (
        <ol className="plain-list progress-updates">
          {items.map((u) => (
            <li key={u.id}>
              <strong>{u.percent}%</strong> <span className="prose">{u.note}</span>{' '}
              <time className="secondary" dateTime={u.created_at}>
                {formatDate(u.created_at)}
              </time>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
