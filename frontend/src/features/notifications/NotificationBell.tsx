// The bell in the header: the reader's unread count on it (asked every 30 s while the tab is
// in view, and when it comes back), leading to 消息通知. Its name says the count, for a screen
// reader: 「通知（3 条未读）」. A 44 px square (styles.css `.app-bell`), a thumb's width on a
// phone. It loads in a chunk of its own, with antd's Badge, once someone has signed in
// (routes.tsx): the public board's first load carries no antd.
import { BellOutlined } from '@ant-design/icons';
import { Badge } from 'antd';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';

import { useAuth } from '../../auth/AuthProvider';
import { useUnreadCount } from './api';

/**
 * antd's error red (the Badge's own colour), darkened as components/AntdFrame darkens it for
 * WCAG AA: white digits on #ff4d4f are 3.3:1, on this 5.6:1. The header sits outside antd's
 * theme, so the Badge is told here.
 */
const BADGE_RED = '#cf1322';

export function NotificationBell() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const unread = useUnreadCount(user?.id).data ?? 0;
  const label = unread > 0 ? t('notifications.bellUnread', { n: unread }) : t('notifications.bell');
  return (
    <NavLink to="/notifications" className="app-bell" aria-label={label} title={label}>
      <Badge count={unread} overflowCount={99} size="small" color={BADGE_RED}>
        <BellOutlined className="app-bell-icon" />
      </Badge>
    </NavLink>
  );
}
