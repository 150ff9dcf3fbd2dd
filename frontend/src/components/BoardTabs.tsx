// The public board's two lists side by side: demands (需求清单) and projects (民生实事).
// Plain HTML: drawn before any antd has loaded.
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';

export function BoardTabs() {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('projectBoard.tabs')} className="board-tabs">
      <NavLink to="/board" end>
        {t('projectBoard.demands')}
      </NavLink>
      <NavLink to="/board/projects">{t('projectBoard.projects')}</NavLink>
    </nav>
  );
}
