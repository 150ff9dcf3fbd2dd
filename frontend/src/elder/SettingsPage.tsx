// 设置: where 长辈模式 keeps what it takes out of the header (the language, one's password,
// signing out), for everyone, signed in or not. Plain HTML, like the frame.
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';

import { useAuth } from '../auth/AuthProvider';
import { changePasswordHref } from '../auth/password';
import { setLanguage, type Language } from '../i18n';
import { ElderSwitch } from './ElderSwitch';

const LANGUAGES: [Language, string][] = [
  ['zh-CN', '中文'],
  ['en', 'English'],
];

export function SettingsPage() {
  const { t, i18n } = useTranslation();
  const { user, logout } = useAuth();
  const navigate = useNavigate();
  return (
    <div className="settings stack">
      <h1 className="page-title">{t('elder.settings')}</h1>
      <section className="settings-section" aria-labelledby="settings-elder">
        <h2 id="settings-elder">{t('elder.switch')}</h2>
        <p className="secondary">{t('elder.switchHint')}</p>
        <ElderSwitch large />
      </section>
      <section className="settings-section" aria-labelledby="settings-language">
        <h2 id="settings-language">{t('elder.language')}</h2>
        <div className="settings-choices">
          {LANGUAGES.map(([language, name]) => (
            <button
              key={language}
              type="button"
              lang={language}
              className="btn btn-large"
              aria-pressed={i18n.language === language}
              onClick={() => void setLanguage(language)}
            >
              {name}
            </button>
          ))}
        </div>
      </section>
      <section className="settings-section" aria-labelledby="settings-account">
        <h2 id="settings-account">{t('elder.account')}</h2>
        <div className="settings-choices">
          {user ? (
            <>
              <Link to={changePasswordHref('/settings')} className="btn btn-large">
                {t('account.menu')}
              </Link>
              <button
                type="button"
                className="btn btn-large"
                onClick={async () => {
                  await logout();
                  navigate('/login');
                }}
              >
                {t('nav.logout')}
              </button>
            </>
          ) : (
            <Link to="/login" className="btn btn-primary btn-large">
              {t('nav.login')}
            </Link>
          )}
        </div>
      </section>
    </div>
  );
}
