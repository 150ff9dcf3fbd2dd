// The progress bar and the inspection tally of the signed-in screens (antd); the antd-free
// pieces are in funding.tsx.
import { Progress, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import type { Project } from './api';

export { FundingBar, ProjectStateTag, gapOf } from './funding';

/** A project's progress as the API shows it in the state (`shown_progress_percent`): nothing when it means nothing. */
export function ProgressBar({ project, label }: { project: Pick<Project, 'shown_progress_percent'>; label?: string }) {
  const { t } = useTranslation();
  const progress = project.shown_progress_percent;
  if (progress === null || progress === undefined) return null;
  return (
    <Progress
      percent={progress}
      size="small"
      aria-label={label ?? t('project.progress')}
      style={{ margin: 0 }}
    />
  );
}

/**
 * Where a completed project's inspection stands, as the API counts it (`inspection_tally`):
 * 第1轮验收：通过 1 票、不通过 0 票；需 2 票通过；可投票 3 人、已投 1 人.
 */
export function InspectionTally({ project }: { project: Pick<Project, 'inspection_tally'> }) {
  const { t } = useTranslation();
  const tally = project.inspection_tally;
  if (!tally) return null;
  return (
    <Typography.Text className="inspection-tally">
      {t('projectInspection.tally', { ...tally, round: tally.round + 1 })}
    </Typography.Text>
  );
}
