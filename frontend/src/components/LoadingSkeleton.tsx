// The plain placeholder of the public pages while they load (no antd): four grey lines,
// announced to screen readers as loading.
import { useTranslation } from 'react-i18next';

export function LoadingSkeleton() {
  const { t } = useTranslation();
  return (
    <div className="skeleton" role="status" aria-label={t('common.loading')}>
      <span />
      <span />
      <span />
      <span />
    </div>
  );
}
