// The frame of every screen: a menu built from the user's grants, the bell of the user's
// notifications (given by the app: shared code imports no feature), the switch of 长辈模式,
// language, sign-in or sign-out and the change of one's own password, and on a resident's
// phone its three places as tabs at the bottom (as in WeChat). Below a tablet's width the
// menu (and what else does not fit the header) is a drawer opened by a 菜单 button, for
// everyone: never a strip that scrolls sideways and hides its items. In 长辈模式 the language
// and the password are on the settings page (设置) instead, and on a phone signing out too. An account whose password someone else set is led
// to set its own before any screen (the server refuses everything else until then).
// Plain HTML (styles.css) in antd's dark header colours: it is drawn on the public board
// before any antd has loaded.
import { useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
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
import { useElderMode } from '../elder/elder';
import { ElderSwitch } from '../elder/ElderSwitch';
import { setLanguage, type Language } from '../i18n';
import { CloseIcon, GlobeIcon, HomeIcon, LockIcon, MenuIcon, NotificationIcon, PlusCircleIcon, ProfileIcon, SettingIcon } from './icons';

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
  const { elder } = useElderMode();
  // The drawer is open on the page it was opened on: any move elsewhere closes it.
  const [openAt, setOpenAt] = useState<string | null>(null);
  const drawerOpen = openAt === location.key;
  const toggle = useRef<HTMLButtonElement>(null);
  const closeDrawer = () => {
    setOpenAt(null);
    toggle.current?.focus();
  };

  const items = [
    // 长辈模式: a resident's home is its three actions and what waits for it (/home).
    ...(elder && residentOnly(roles) ? [{ to: '/home', label: t('elder.home') }] : []),
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
    ...(managesUnits(roles) ? [{ to: '/admin/import', label: t('nav.import') }] : []),
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
        ...(elder && residentOnly(roles) ? [{ to: '/home', label: t('elder.home'), icon: <HomeIcon /> }] : []),
        { to: '/board', label: t('nav.board'), icon: <NotificationIcon /> },
        { to: '/demands/new', label: t('nav.newDemand'), icon: <PlusCircleIcon /> },
        { to: '/my/demands', label: t('nav.myDemands'), icon: <ProfileIcon /> },
      ]
    : [];
  // On a phone the tabs replace these places in the menu (styles.css, `.in-tab-bar`).
  const inTabs = new Set(tabs.map((tab) => tab.to));
  const allInTabs = tabs.length > 0 && items.every((item) => inTabs.has(item.to));
  const other: Language = i18n.language === 'en' ? 'zh-CN' : 'en';
  const signOut = async () => {
    await logout();
    navigate('/login');
  };
  const menuItems = (onNavigate?: () => void) =>
    items.map((item) => (
      <li key={item.to} className={inTabs.has(item.to) ? 'in-tab-bar' : undefined}>
        <NavLink to={item.to} onClick={onNavigate}>
          {item.label}
        </NavLink>
      </li>
    ));
  const onDrawerKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape') closeDrawer();
  };

  return (
    <>
      <header className="app-header">
        <Link to="/" className="app-name">
          {t('app.name')}
        </Link>
        <nav aria-label={t('nav.main')} className={allInTabs ? 'app-nav in-tab-bar' : 'app-nav'}>
          <ul>{menuItems()}</ul>
        </nav>
        <div className="app-tools">
          {user && !user.password_change_required && bell}
          <ElderSwitch />
          {elder ? (
            <NavLink to="/settings" className="btn wide-only" aria-label={t('elder.settings')}>
              <SettingIcon />
              {t('elder.settings')}
            </NavLink>
          ) : (
            <button type="button" className="btn wide-only" lang={other} onClick={() => void setLanguage(other)}>
              <GlobeIcon />
              {t('nav.language')}
            </button>
          )}
          {user && !elder && (
            <NavLink
              to={onPasswordPage ? here : changePasswordHref(here)}
              className="btn wide-only"
              aria-label={t('account.menu')}
              title={t('account.menu')}
            >
              <LockIcon />
              <span className="hide-narrow">{t('account.menu')}</span>
            </NavLink>
          )}
          {user ? (
            <button type="button" className={elder ? 'btn wide-only' : 'btn'} onClick={signOut}>
              <span className="hide-narrow">{user.display_name} · </span>
              {t('nav.logout')}
            </button>
          ) : (
            <Link to="/login" className="btn btn-primary">
              {t('nav.login')}
            </Link>
          )}
          <button
            ref={toggle}
            type="button"
            className="btn menu-toggle"
            aria-expanded={drawerOpen}
            aria-controls="app-drawer"
            onClick={() => setOpenAt(drawerOpen ? null : location.key)}
          >
            <MenuIcon />
            {t('phone.menu')}
          </button>
        </div>
      </header>
      {drawerOpen && (
        <>
          <div className="drawer-backdrop" onClick={closeDrawer} />
          <div id="app-drawer" className="drawer" role="dialog" aria-modal="true" aria-label={t('phone.menu')} onKeyDown={onDrawerKey}>
            <div className="drawer-head">
              <span className="drawer-title">{t('phone.menu')}</span>
              <button type="button" className="btn drawer-close" aria-label={t('phone.closeMenu')} onClick={closeDrawer} autoFocus>
                <CloseIcon />
              </button>
            </div>
            <nav aria-label={t('nav.main')} className="drawer-nav">
              <ul>{menuItems(() => setOpenAt(null))}</ul>
            </nav>
            <ul className="drawer-tools">
              {elder ? (
                <li>
                  <NavLink to="/settings" onClick={() => setOpenAt(null)}>
                    <SettingIcon />
                    {t('elder.settings')}
                  </NavLink>
                </li>
              ) : (
                <li>
                  <button type="button" lang={other} onClick={() => void setLanguage(other)}>
                    <GlobeIcon />
                    {t('nav.language')}
                  </button>
                </li>
              )}
              {user && !elder && (
                <li>
                  <NavLink to={onPasswordPage ? here : changePasswordHref(here)} onClick={() => setOpenAt(null)}>
                    <LockIcon />
                    {t('account.menu')}
                  </NavLink>
                </li>
              )}
              {user && (
                <li>
                  <button type="button" onClick={signOut}>
                    {user.display_name} · {t('nav.logout')}
                  </button>
                </li>
              )}
            </ul>
          </div>
        </>
      )}
      <main className={tabs.length > 0 ? 'app-content above-tab-bar' : 'app-content'} inert={drawerOpen}>
        {mustChangePassword ? <Navigate to={changePasswordHref(here)} replace /> : <Outlet />}
      </main>
      {tabs.length > 0 && (
        <nav aria-label={t('nav.tabs')} className="tab-bar" inert={drawerOpen}>
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

/** Only a resident: who has a home of its own in 长辈模式 (anyone else has its 工作台). */
function residentOnly(roles: Set<string>): boolean {
  return roles.has('resident') && roles.size === 1;
}
