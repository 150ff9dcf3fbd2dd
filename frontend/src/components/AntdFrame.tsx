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

/**
 * antd's default greys and link blue fall short of WCAG AA's 4.5:1 on white (secondary text
 * #8c8c8c is 3.4:1, placeholders 1.8:1, links 4.1:1, danger buttons and field errors
 * 3.3:1): darker ones, the same as styles.css uses for the plain screens (`--text-secondary`,
 * `--link`, `.text-danger`).
 */
const READABLE = {
  colorTextTertiary: '#595959',
  colorTextDescription: '#595959',
  colorTextPlaceholder: '#707070',
  colorLink: '#0958d9',
  colorLinkHover: '#003eb3',
  colorLinkActive: '#002c8c',
  colorError: '#cf1322',
};

export function AntdFrame() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider
      locale={i18n.language === 'en' ? enUS : zhCN}
      theme={{ token: { colorPrimary: PRIMARY, ...READABLE } }}
      // A long value beside a label (a description, a reason) would squeeze the label to a
      // character a line on a phone: labels keep to one line and the value wraps.
      descriptions={{ styles: { label: { whiteSpace: 'nowrap' } } }}
    >
      <AntApp>
        <Outlet />
      </AntApp>
    </ConfigProvider>
  );
}
