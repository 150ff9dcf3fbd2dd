import { GlobalOutlined, LogoutOutlined } from '@ant-design/icons';
import { Button, Layout, Menu, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';

import { useAuth } from '../auth/AuthProvider';
import { canFileDemands, managesUnits, readsUsers, rolesOf, seesQueue } from '../auth/roles';
import { setLanguage, type Language } from '../i18n';

/** The frame of every screen: a menu built from the user's grants, language, sign-out. */
export function AppLayout() {
  const { t, i18n } = useTranslation();
  const { user, logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const roles = rolesOf(user);

  const items = [
    { key: '/board', label: <Link to="/board">{t('nav.board')}</Link> },
    ...(canFileDemands(roles) ? [{ key: '/demands/new', label: <Link to="/demands/new">{t('nav.newDemand')}</Link> }] : []),
    ...(roles.has('resident') ? [{ key: '/my/demands', label: <Link to="/my/demands">{t('nav.myDemands')}</Link> }] : []),
    ...(seesQueue(roles) ? [{ key: '/queue', label: <Link to="/queue">{t('nav.queue')}</Link> }] : []),
    ...(managesUnits(roles) || readsUsers(roles)
      ? [
          { key: '/admin/units', label: <Link to="/admin/units">{t('nav.units')}</Link> },
          { key: '/admin/organizations', label: <Link to="/admin/organizations">{t('nav.organizations')}</Link> },
        ]
      : []),
    ...(readsUsers(roles) ? [{ key: '/admin/users', label: <Link to="/admin/users">{t('nav.users')}</Link> }] : []),
  ];
  const selected = items.map((i) => i.key).filter((k) => location.pathname.startsWith(k));
  const other: Language = i18n.language === 'en' ? 'zh-CN' : 'en';

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 12, paddingInline: 12 }}>
        <Link to="/" aria-label={t('app.name')}>
          <Typography.Text strong style={{ color: '#fff', fontSize: 18, whiteSpace: 'nowrap' }}>
            {t('app.name')}
          </Typography.Text>
        </Link>
        <nav aria-label="main" style={{ flex: 1, minWidth: 0 }}>
          <Menu theme="dark" mode="horizontal" selectedKeys={selected} items={items} style={{ minWidth: 0 }} />
        </nav>
        <Space size="small">
          <Button icon={<GlobalOutlined />} onClick={() => setLanguage(other)} aria-label={t('nav.language')}>
            {t('nav.language')}
          </Button>
          {user ? (
            <Button
              icon={<LogoutOutlined />}
              onClick={async () => {
                await logout();
                navigate('/login');
              }}
            >
              <span className="hide-narrow">{user.display_name} · </span>
              {t('nav.logout')}
            </Button>
          ) : (
            <Button type="primary" onClick={() => navigate('/login')}>
              {t('nav.login')}
            </Button>
          )}
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 12, maxWidth: 1200, width: '100%', margin: '0 auto' }}>
        <main>
          <Outlet />
        </main>
      </Layout.Content>
    </Layout>
  );
}
