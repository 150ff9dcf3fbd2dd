// 消息通知: what needs the reader, newest first, a page at a time; 只看未读 narrows it (kept
// in the address, so coming back from a record keeps the view). An unread one says so in
// words (「未读」), in bold and by a bar in the brand red, not by colour alone. Tapping one
// marks it read and opens its record; 全部标为已读 marks them all. The bell's number is read
// again after either.
import { App, Button, Checkbox, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';

import { useAuth } from '../../auth/AuthProvider';
import { CursorListView } from '../../components/CursorListView';
import { useErrorText } from '../../components/errors';
import { Tag } from '../../components/labels';
import { useMarkAllRead, useMarkRead, useNotificationList, useUnreadCount, type Notification } from './api';
import { notificationTarget, notificationText } from './wording';
import { formatDateTime } from '../../components/dates';

/** As the records' timelines show an event's time (demands, projects). */

export function NotificationsPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [params, setParams] = useSearchParams();
  const unreadOnly = params.get('unread') === '1';
  const userId = user?.id ?? '';
  const list = useNotificationList(userId, unreadOnly ? { unread: true } : {});
  const unread = useUnreadCount(userId).data;
  const markAll = useMarkAllRead();

  return (
    <Flex vertical gap={12}>
      <div>
        <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 4 }}>
          {t('notifications.menu')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('notifications.intro')}
        </Typography.Paragraph>
      </div>
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Checkbox checked={unreadOnly} onChange={(e) => setParams(e.target.checked ? { unread: '1' } : {}, { replace: true })}>
          {t('notifications.unreadOnly')}
        </Checkbox>
        <Button
          loading={markAll.isPending}
          disabled={unread === 0 || markAll.isPending}
          onClick={() =>
            markAll.mutate(undefined, {
              onSuccess: () => void message.success(t('notifications.allMarked')),
              onError: (e) => void message.error(errorText(e)),
            })
          }
        >
          {t('notifications.markAllRead')}
        </Button>
      </Flex>
      <CursorListView
        list={list}
        label={t('notifications.label')}
        retryText={t('notifications.retry')}
        emptyText={unreadOnly ? t('notifications.emptyUnread') : t('notifications.empty')}
        renderItem={(notification) => <NotificationItem notification={notification} />}
      />
    </Flex>
  );
}

/** One notification, the whole of it a link to its record (a tap marks it read on the way). */
export function NotificationItem({ notification }: { notification: Notification }) {
  const { t } = useTranslation();
  const markRead = useMarkRead();
  const unread = !notification.read_at;
  const target = notificationTarget(notification);
  const open = () => {
    if (unread) markRead.mutate(notification);
  };
  const className = unread ? 'notification-item unread' : 'notification-item';
  const body = (
    <>
      <span className="notification-text">{notificationText(notification, t)}</span>
      <span className="meta">
        {unread && <Tag colour="red">{t('notifications.unread')}</Tag>}
        <time dateTime={notification.created_at}>{formatDateTime(notification.created_at)}</time>
      </span>
    </>
  );
  return target ? (
    <Link to={target} className={className} onClick={open}>
      {body}
    </Link>
  ) : (
    <button type="button" className={className} onClick={open}>
      {body}
    </button>
  );
}
