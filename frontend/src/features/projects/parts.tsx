// The progress bar of the signed-in screens (antd); the antd-free pieces are in funding.tsx.
import { Progress } from 'antd';
import { useTranslation } from 'react-i18next';

export { FundingBar, ProjectStateTag, gapOf } from './funding';

export function ProgressBar({ percent, label }: { percent: number; label?: string }) {
  const { t } = useTranslation();
  return (
    <Progress
      percent={Math.max(0, Math.min(100, percent))}
      size="small"
      aria-label={label ?? t('project.progress')}
      style={{ margin: 0 }}
    />
  );
}
