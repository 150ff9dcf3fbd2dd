// The switch of 长辈模式, in the frame's header on every page (signed in or not) and on the
// settings page. Plain HTML (styles.css): the frame is drawn before any antd has loaded.
import { useTranslation } from 'react-i18next';

import { useElderMode } from './elder';

export function ElderSwitch({ large = false }: { large?: boolean }) {
  const { t } = useTranslation();
  const { elder, setElder } = useElderMode();
  const className = ['btn', 'elder-switch', elder && 'on', large && 'btn-large'].filter(Boolean).join(' ');
  return (
    <button type="button" role="switch" aria-checked={elder} className={className} title={t('elder.switchHint')} onClick={() => setElder(!elder)}>
      {t('elder.switch')}
      <span className="elder-switch-state" aria-hidden="true">
        {elder ? t('elder.on') : t('elder.off')}
      </span>
    </button>
  );
}
