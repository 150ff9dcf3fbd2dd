// antd's theme, locale and App (message, notification, modal) for the screens drawn with
// antd: every screen but the public board and the frame around it. A chunk of its own,
// loaded by the router's layout route the first time such a screen opens, so an anonymous
// visitor's first load runs no antd at all.
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router';

/** The brand red; styles.css repeats it for the plain frame and board (`--primary`). */
export const PRIMARY = '#c8102e';

export function AntdFrame() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} theme={{ token: { colorPrimary: PRIMARY } }}>
      <AntApp>
        <Outlet />
      </AntApp>
    </ConfigProvider>
  );
}
