// Small pieces every project screen shows, the public board's too: the state as a tag, the
// funding bar (government money, confirmed social money, the gap, in yuan) and the board's
// progress bar. Plain HTML (styles.css), no antd: the public board draws them.
import { useTranslation } from 'react-i18next';

import { Tag } from '../../components/labels';
import type { Project, ProjectState } from './api';
import { formatYuan, share } from '../../components/money';

const STATE_COLOURS: Record<ProjectState, string> = {
  draft: 'gold',
  published: 'blue',
  in_progress: 'geekblue',
  completed: 'cyan',
  closed: 'green',
  cancelled: '',
};

export function ProjectStateTag({ state }: { state: ProjectState }) {
  const { t } = useTranslation();
  return <Tag colour={STATE_COLOURS[state]}>{t(`projectStates.${state}`)}</Tag>;
}

type Funding = Pick<Project, 'budget_fen' | 'gov_funds_fen' | 'funded_fen' | 'state' | 'money_standing'> & { gap_fen?: number };

/** What is still missing: the API's figure when it gives one (the public board does not). */
export const gapOf = (p: Funding) => p.gap_fen ?? Math.max(0, p.budget_fen - p.gov_funds_fen - p.funded_fen);

/**
 * The budget as one bar: government money, confirmed social money and the gap, each said in
 * words beside it (never by colour alone). A cancelled project has no bar: its confirmed
 * claims were released and nothing is spent, so it says that beside its budget.
 */
export function FundingBar({ project, compact = false }: { project: Funding; compact?: boolean }) {
  const { t } = useTranslation();
  if (project.money_standing === 'released') {
    return (
      <p className={compact ? 'funding-legend funding-legend-compact' : 'funding-legend'}>
        <span>{t('projectFunding.budget', { amount: formatYuan(project.budget_fen) })}</span>
        <span>{t('projectFunding.released')}</span>
      </p>
    );
  }
  const gap = gapOf(project);
  const whole = Math.max(project.budget_fen, project.gov_funds_fen + project.funded_fen + gap, 1);
  const gov = share(project.gov_funds_fen, whole);
  const social = share(project.funded_fen, whole);
  const parts = [
    t('projectFunding.gov', { amount: formatYuan(project.gov_funds_fen) }),
    t('projectFunding.social', { amount: formatYuan(project.funded_fen) }),
    gap > 0 ? t('projectFunding.gap', { amount: formatYuan(gap) }) : t('projectFunding.covered'),
  ];
  const summary = `${t('projectFunding.budget', { amount: formatYuan(project.budget_fen) })}：${parts.join('，')}`;
  return (
    <div className="funding">
      <div className="funding-bar" role="img" aria-label={summary}>
        <span className="funding-gov" style={{ width: `${gov}%` }} />
        <span className="funding-social" style={{ width: `${social}%` }} />
      </div>
      <p className={compact ? 'funding-legend funding-legend-compact' : 'funding-legend'} aria-hidden="true">
        <span>
          <i className="funding-swatch funding-gov" />
          {parts[0]}
        </span>
        <span>
          <i className="funding-swatch funding-social" />
          {parts[1]}
        </span>
        <span className={gap > 0 ? 'funding-gap-text' : undefined}>
          <i className="funding-swatch funding-gap" />
          {parts[2]}
        </span>
        {!compact && <span>{t('projectFunding.budget', { amount: formatYuan(project.budget_fen) })}</span>}
      </p>
    </div>
  );
}


/** The board's progress as the API shows it in the state (none before the work starts or once cancelled). */
export function BoardProgress({ project: p }: { project: Pick<Project, 'shown_progress_percent'> }) {
  const { t } = useTranslation();
  const progress = p.shown_progress_percent;
  if (progress === null || progress === undefined) return null;
  return (
    <p className="meta">
      <label>
        {t('common.labelled', { label: t('project.progress'), value: `${progress}%` })}
        <progress className="board-progress" max={100} value={progress} />
      </label>
    </p>
  );
}
