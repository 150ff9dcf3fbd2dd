import { Result } from 'antd';
import { useTranslation } from 'react-i18next';

/** An address the app does not know. Its own chunk: `Result` carries large illustrations. */
export function NotFound() {
  const { t } = useTranslation();
  return <Result status="404" title="404" subTitle={t('common.notFound')} />;
}
