// The frame of every screen: a menu built from the user's grants, the bell of the user's
// notifications (given by the app: shared code imports no feature), language, sign-in or
// sign-out and the change of one's own password, and on a resident's phone its three places
// as tabs at the bottom (as in WeChat). An account whose password someone else set is led
// to set its own before any screen (the server refuses everything else until then).
// Plain HTML (styles.css) in antd's dark header colours: it is drawn on the public board
// before any antd has loaded.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, NavLink, Outlet, useLocation, useNavigate } from 'react-router';

import { useAuth } from '../auth/AuthProvider';
import {
  answersClaims,
  canFileDemands,
  inspectsProjects,
  leadsVolunteers,
  managesUnits,
  publishesResources,
  readsAudit,
  readsCoverage,
  readsDisclosures,
  readsStatistics,
  readsUsers,
  rolesOf,
  seesCases,
  seesFaults,
  seesProjects,
  seesQueue,
  servesAsVolunteer,
  worksFromWorkbench,
} from '../auth/roles';
import { CHANGE_PASSWORD_PATH, changePasswordHref } from '../auth/password';
import { setLanguage, type Language } from '../i18n';
import { GlobeIcon, LockIcon, NotificationIcon, PlusCircleIcon, ProfileIcon } from './icons';

/** `bell`: the notifications' bell, drawn for a signed-in user who may use the app (not
 * while a password set by someone else must be changed first). */
export function AppLayout({ bell }: { bell?: ReactNode }) {
  const { t, i18n } = useTranslation();
  const { user, logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const roles = rolesOf(user);
  const here = location.pathname + location.search;
  const onPasswordPage = location.pathname === CHANGE_PASSWORD_PATH;
  const mustChangePassword = !!user?.password_change_required && !onPasswordPage;

  const items = [
    // 工作台 first: where everyone but a resident lands (a resident's counts top its 我的需求).
    ...(worksFromWorkbench(roles) ? [{ to: '/workbench', label: t('nav.workbench') }] : []),
    { to: '/board', label: t('nav.board') },
    ...(canFileDemands(roles) ? [{ to: '/demands/new', label: t('nav.newDemand') }] : []),
    ...(roles.has('resident') ? [{ to: '/my/demands', label: t('nav.myDemands') }] : []),
    ...(seesQueue(roles) ? [{ to: '/queue', label: t('nav.queue') }] : []),
    ...(seesProjects(roles) ? [{ to: '/projects', label: t('projectNav.projects') }] : []),
    ...(inspectsProjects(roles) ? [{ to: '/inspections', label: t('projectNav.inspections') }] : []),
    ...(managesUnits(roles) || readsUsers(roles)
      ? [
          { to: '/admin/units', label: t('nav.units') },
          { to: '/admin/organizations', label: t('nav.organizations') },
        ]
      : []),
    ...(readsCoverage(roles) ? [{ to: '/coverage', label: t('nav.coverage') }] : []),
    // 数据统计: the figures, charts and tables of the reader's unit and those below it.
    ...(readsStatistics(roles) ? [{ to: '/stats', label: t('nav.stats') }] : []),
    // 定期公示: the street committee publishes its street's; the district and auditors read them.
    ...(readsDisclosures(roles) ? [{ to: '/disclosures', label: t('nav.disclosures') }] : []),
    // 审计概览: who did what (accounts' histories, inspection votes and their voters).
    ...(readsAudit(roles) ? [{ to: '/audit', label: t('nav.audit') }] : []),
    ...(readsUsers(roles) ? [{ to: '/admin/users', label: t('nav.users') }] : []),
    // Resources and claims: a co-builder its own resources, everyone else signed in the list,
    // a visitor the public one.
    ...(publishesResources(roles)
      ? [{ to: '/resources/mine', label: t('myResources.menu') }]
      : user
        ? [{ to: '/resources', label: t('resourceList.menu') }]
        : [{ to: '/public/resources', label: t('resourceList.publicMenu') }]),
    ...(answersClaims(roles) ? [{ to: '/claims', label: t('claimsInbox.menu') }] : []),
    // 三方联动 and 红色物业: the compound's parties and those over them; who reports faults and who answers them.
    ...(seesCases(roles) ? [{ to: '/cases', label: t('caseNav.menu') }] : []),
    ...(seesFaults(roles) ? [{ to: '/faults', label: t('faultNav.menu') }] : []),
    // 志愿服务: a team's volunteers and, for its leaders, their team.
    ...(servesAsVolunteer(roles) ? [{ to: '/volunteering', label: t('volunteerNav.menu') }] : []),
    ...(leadsVolunteers(roles) ? [{ to: '/volunteering/manage', label: t('volunteerNav.manage') }] : []),
  ];
  const tabs = roles.has('resident')
    ? [
        { to: '/board', label: t('nav.board'), icon: <NotificationIcon /> },
        { to: '/demands/new', label: t('nav.newDemand'), icon: <PlusCircleIcon /> },
        { to: '/my/demands', label: t('nav.myDemands'), icon: <ProfileIcon /> },
      ]
    : [];
  // On a phone the tabs replace these places in the menu (styles.css, `.in-tab-bar`).
  const inTabs = new Set(tabs.map((tab) => tab.to));
  const allInTabs = tabs.length > 0 && items.every((item) => inTabs.has(item.to));
  const other: Language = i18n.language === 'en' ? 'zh-CN' : 'en';

  return (
    <>
      <header className="app-header">
        <Link to="/" className="app-name">
          {t('app.name')}
        </Link>
        <nav aria-label={t('nav.main')} className={allInTabs ? 'app-nav in-tab-bar' : 'app-nav'}>
          <ul>
            {items.map((item) => (
              <li key={item.to} className={inTabs.has(item.to) ? 'in-tab-bar' : undefined}>
                <NavLink to={item.to}>{item.label}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="app-tools">
          {user && !user.password_change_required && bell}
          <button type="button" className="btn" lang={other} onClick={() => void setLanguage(other)}>
            <GlobeIcon />
            {t('nav.language')}
          </button>
          {user && (
            <NavLink
              to={onPasswordPage ? here : changePasswordHref(here)}
              className="btn"
              aria-label={t('account.menu')}
              title={t('account.menu')}
            >
              <LockIcon />
              <span className="hide-narrow">{t('account.menu')}</span>
            </NavLink>
          )}
          {user ? (
            <button
              type="button"
              className="btn"
              onClick={async () => {
                await logout();
                navigate('/login');
              }}
            >
              <span className="hide-narrow">{user.display_name} · </span>
              {t('nav.logout')}
            </button>
          ) : (
            <Link to="/login" className="btn btn-primary">
              {t('nav.login')}
            </Link>
          )}
        </div>
      </header>
      <main className={tabs.length > 0 ? 'app-content above-tab-bar' : 'app-content'}>
        {mustChangePassword ? <Navigate to={changePasswordHref(here)} replace /> : <Outlet />}
      </main>
      {tabs.length > 0 && (
        <nav aria-label={t('nav.tabs')} className="tab-bar">
          <ul>
            {tabs.map((tab) => (
              <li key={tab.to}>
                <NavLink to={tab.to}>
                  {tab.icon}
                  {tab.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      )}
    </>
  );
}
