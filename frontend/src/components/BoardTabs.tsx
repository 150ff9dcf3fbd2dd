// The public board's lists side by side: demands (需求清单), projects (民生实事) and the
// streets' periodic disclosures (定期公示).
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
      <NavLink to="/board/disclosures">{t('projectBoard.disclosures')}</NavLink>
    </nav>
  );
}
