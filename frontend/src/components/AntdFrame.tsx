// antd's theme, locale and App (message, notification, modal) for the screens drawn with
// antd: every screen but the public board and the frame around it. A chunk of its own,
// loaded by the router's layout route the first time such a screen opens, so an anonymous
// visitor's first load runs no antd at all.
import { App as AntApp, ConfigProvider, type ThemeConfig } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router';

import { useElderMode } from '../elder/elder';
import { antdTheme, rootFontSize } from './antdTheme';
import { useMediaQuery } from './useMediaQuery';

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
  const { elder } = useElderMode();
  const phone = !useMediaQuery('(min-width: 768px)');
  // Sizes follow the reader's own text size (the browser's or phone's setting, the root's
  // font size), read again whenever the mode or the screen's width changes.
  const sizes = antdTheme({ root: rootFontSize(), elder, phone });
  const theme: ThemeConfig = {
    token: { colorPrimary: PRIMARY, ...READABLE, ...sizes.token },
    components: sizes.components,
  };
  return (
    <ConfigProvider
      locale={i18n.language === 'en' ? enUS : zhCN}
      theme={theme}
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
