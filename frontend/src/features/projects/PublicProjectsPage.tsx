// 公示栏 · 民生实事: the published projects, readable without signing in, each with its
// funding and progress, a page at a time like the demand board; a title opens the project's
// public page. Plain HTML (styles.css), no antd, like the demand board beside it.
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { BoardTabs } from '../../components/BoardTabs';
import { CursorListView } from '../../components/CursorListView';
import { formatDate } from '../../components/dates';
import { Tag } from '../../components/labels';
import { usePublicProjects, type PublicProject } from './api';
import { BoardProgress, FundingBar, ProjectStateTag } from './funding';

export function PublicProjectsPage() {
  const { t } = useTranslation();
  const list = usePublicProjects({});
  return (
    <div className="stack">
      <BoardTabs />
      <div>
        <h1 className="page-title">{t('projectBoard.projects')}</h1>
      </div>
      <CursorListView
        list={list}
        label={t('projectBoard.projects')}
        retryText={t('projectBoard.retry')}
        emptyText={t('projectBoard.empty')}
        renderItem={(p) => <PublicProjectCard project={p} />}
      />
    </div>
  );
}

function PublicProjectCard({ project: p }: { project: PublicProject }) {
  const { t } = useTranslation();
  return (
    <article className="demand-card project-public" aria-label={p.title}>
      <h2>
        <Link to={`/board/projects/${p.id}`}>{p.title}</Link>
      </h2>
      <div className="tags">
        <ProjectStateTag state={p.state} />
        <Tag>{t(`projectCategories.${p.category}`)}</Tag>
      </div>
      <FundingBar project={p} compact />
      <BoardProgress project={p} />
      <p className="meta">
        <time dateTime={p.updated_at}>{formatDate(p.updated_at)}</time>
        {p.beneficiaries > 0 && ` · ${t('common.labelled', { label: t('project.beneficiaries'), value: p.beneficiaries })}`}
      </p>
      {p.cancel_reason && <p>{t('common.labelled', { label: t('project.cancelReason'), value: p.cancel_reason })}</p>}
    </article>
  );
}
