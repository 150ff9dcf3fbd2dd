// 公示栏 · 民生实事: the published projects, readable without signing in, each with its
// funding and progress. Plain HTML (styles.css), no antd, like the demand board beside it.
import { useTranslation } from 'react-i18next';

import { BoardTabs } from '../../components/BoardTabs';
import { formatDate } from '../../components/DemandCard';
import { ErrorAlert } from '../../components/errors';
import { Tag } from '../../components/labels';
import { usePublicProjects } from './api';
import { FundingBar, ProjectStateTag } from './funding';

export function PublicProjectsPage() {
  const { t } = useTranslation();
  const list = usePublicProjects({});
  const items = list.data?.items ?? [];
  return (
    <div className="stack">
      <BoardTabs />
      <div>
        <h1 className="page-title">{t('projectBoard.projects')}</h1>
      </div>
      <ErrorAlert error={list.error} />
      {list.isLoading ? (
        <div className="spinner" role="status" aria-label={t('common.loading')} />
      ) : items.length === 0 ? (
        <p className="secondary">{t('projectBoard.empty')}</p>
      ) : (
        <ul className="plain-list" aria-label={t('projectBoard.projects')}>
          {items.map((p) => (
            <li key={p.id}>
              <article className="demand-card project-public" aria-label={p.title}>
                <h2>{p.title}</h2>
                <div className="tags">
                  <ProjectStateTag state={p.state} />
                  <Tag>{t(`projectCategories.${p.category}`)}</Tag>
                </div>
                <FundingBar project={p} compact />
                {p.state !== 'published' && p.state !== 'cancelled' && (
                  <p className="meta">
                    <label>
                      {t('common.labelled', { label: t('project.progress'), value: `${p.progress_percent}%` })}
                      <progress className="board-progress" max={100} value={p.progress_percent} />
                    </label>
                  </p>
                )}
                <p className="meta">
                  <time dateTime={p.updated_at}>{formatDate(p.updated_at)}</time>
                  {p.beneficiaries > 0 && ` · ${t('common.labelled', { label: t('project.beneficiaries'), value: p.beneficiaries })}`}
                </p>
                {p.cancel_reason && <p>{t('common.labelled', { label: t('project.cancelReason'), value: p.cancel_reason })}</p>}
              </article>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
