// 消息通知: the reader's notifications newest first in sentences, unread ones marked in words;
// a tap marks one read and opens its record; 只看未读, 全部标为已读 and "load more".
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { Outlet, useLocation, useParams } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Schemas } from '../../api/client';
import { json, renderLayout, stubApi, testUser, type Call } from '../../components/testing';
import { zhCN } from '../../i18n/zh-CN';
import { NotificationBell } from './NotificationBell';
import { NotificationsPage } from './NotificationsPage';

vi.mock('../../auth/AuthProvider', () => ({
  AuthProvider: ({ children }: { children: ReactNode }) => children,
  useAuth: () => ({ user: testUser() }),
}));

afterEach(() => {
  vi.unstubAllGlobals();
});

type Notification = Schemas['Notification'];

const VERIFIED: Notification = {
  id: '0190a000-0000-7000-8000-0000000000f1',
  kind: 'demand_verified',
  entity: 'demand',
  entity_id: '0190a000-0000-7000-8000-0000000000d1',
  title: '楼道灯不亮',
  created_at: '2026-03-02T02:30:00Z',
  read_at: null,
};
const RATE: Notification = {
  id: '0190a000-0000-7000-8000-0000000000f2',
  kind: 'rating_requested',
  entity: 'project',
  entity_id: '0190a000-0000-7000-8000-0000000000b1',
  title: '东门雨棚翻新',
  created_at: '2026-03-01T09:00:00Z',
  read_at: '2026-03-01T10:00:00Z',
};
const OLDER: Notification = {
  id: '0190a000-0000-7000-8000-0000000000f3',
  kind: 'demand_rejected',
  entity: 'demand',
  entity_id: '0190a000-0000-7000-8000-0000000000d2',
  title: '想在楼顶装太阳能热水器',
  created_at: '2026-02-20T01:00:00Z',
  read_at: null,
};

const noContent = () => new Response(null, { status: 204 });

function Record() {
  const { id } = useParams();
  const location = useLocation();
  return <p>{`record ${location.pathname.split('/')[1]} ${id}`}</p>;
}

/** The bell above the screen, as in the app's header. */
function Header() {
  return (
    <>
      <header>
        <NotificationBell />
      </header>
      <Outlet />
    </>
  );
}

const open = (path = '/notifications') =>
  renderLayout(path, <Header />, { '/notifications': <NotificationsPage />, '/demands/:id': <Record />, '/projects/:id': <Record /> });

const count = (calls: Call[], method: string, path: string) => calls.filter((c) => c.method === method && c.path === path).length;
const list = () => screen.findByRole('region', { name: zhCN.notifications.label });

describe('NotificationsPage', { timeout: 30_000 }, () => {
  it('says each notification in a sentence with its time, newest first, the unread ones marked', async () => {
    stubApi({
      'GET /api/v1/me/notifications': () => json({ items: [VERIFIED, RATE], next_cursor: null }),
      'GET /api/v1/me/notifications/unread': () => json({ unread: 1 }),
    });
    open();

    expect(await screen.findByRole('heading', { name: '消息通知' })).toBeTruthy();
    const links = within(await list()).getAllByRole('link');
    expect(links.map((l) => l.querySelector('.notification-text')?.textContent)).toEqual([
      '您的需求「楼道灯不亮」已受理并公示',
      '项目「东门雨棚翻新」已结单，请评价',
    ]);
    expect(links[0].getAttribute('href')).toBe(`/demands/${VERIFIED.entity_id}`);
    expect(links[1].getAttribute('href')).toBe(`/projects/${RATE.entity_id}`);
    // Unread: said in words (and drawn in bold with a bar); read: neither.
    expect(within(links[0]).getByText(zhCN.notifications.unread)).toBeTruthy();
    expect(links[0].className).toContain('unread');
    expect(within(links[1]).queryByText(zhCN.notifications.unread)).toBeNull();
    expect(links[1].className).not.toContain('unread');
    const time = links[0].querySelector('time');
    expect(time?.getAttribute('dateTime')).toBe(VERIFIED.created_at);
    expect(time?.textContent).toBe(dayjs(VERIFIED.created_at).format('YYYY-MM-DD HH:mm'));
  });

  it('marks one read when it is tapped, opens its record and reads the bell’s number again', async () => {
    let read = false;
    const calls = stubApi({
      'GET /api/v1/me/notifications': () => json({ items: [VERIFIED, RATE], next_cursor: null }),
      'GET /api/v1/me/notifications/unread': () => json({ unread: read ? 0 : 1 }),
      [`POST /api/v1/me/notifications/${VERIFIED.id}/read`]: () => {
        read = true;
        return noContent();
      },
    });
    const user = userEvent.setup({ delay: null });
    open();
    expect(await screen.findByRole('link', { name: '通知（1 条未读）' })).toBeTruthy();

    await user.click(await screen.findByRole('link', { name: /您的需求「楼道灯不亮」已受理并公示/ }));
    expect(await screen.findByText(`record demands ${VERIFIED.entity_id}`)).toBeTruthy();
    expect(count(calls, 'POST', `/api/v1/me/notifications/${VERIFIED.id}/read`)).toBe(1);
    expect(calls.find((c) => c.method === 'POST')?.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);
    // The bell asks again once it is marked, after the list has gone.
    expect(await screen.findByRole('link', { name: zhCN.notifications.bell })).toBeTruthy();
    expect(count(calls, 'GET', '/api/v1/me/notifications/unread')).toBe(2);
  });

  it('opens a read one without marking it again', async () => {
    const calls = stubApi({
      'GET /api/v1/me/notifications': () => json({ items: [VERIFIED, RATE], next_cursor: null }),
      'GET /api/v1/me/notifications/unread': () => json({ unread: 1 }),
    });
    const user = userEvent.setup({ delay: null });
    open();

    await user.click(await screen.findByRole('link', { name: /项目「东门雨棚翻新」已结单，请评价/ }));
    expect(await screen.findByText(`record projects ${RATE.entity_id}`)).toBeTruthy();
    expect(calls.filter((c) => c.method === 'POST')).toEqual([]);
  });

  it('shows only the unread ones when asked', async () => {
    const calls = stubApi({
      'GET /api/v1/me/notifications': (call) => json({ items: call.query.get('unread') === 'true' ? [VERIFIED] : [VERIFIED, RATE], next_cursor: null }),
      'GET /api/v1/me/notifications/unread': () => json({ unread: 1 }),
    });
    const user = userEvent.setup({ delay: null });
    open();

    await waitFor(async () => expect(within(await list()).getAllByRole('link')).toHaveLength(2));
    await user.click(screen.getByRole('checkbox', { name: zhCN.notifications.unreadOnly }));
    await waitFor(async () => expect(within(await list()).getAllByRole('link')).toHaveLength(1));
    expect(calls.at(-1)?.query.get('unread')).toBe('true');
  });

  it('says when nothing is unread', async () => {
    stubApi({
      'GET /api/v1/me/notifications': () => json({ items: [], next_cursor: null }),
      'GET /api/v1/me/notifications/unread': () => json({ unread: 0 }),
    });
    open('/notifications?unread=1');
    expect(await screen.findByText(zhCN.notifications.emptyUnread)).toBeTruthy();
    expect((screen.getByRole('checkbox', { name: zhCN.notifications.unreadOnly }) as HTMLInputElement).checked).toBe(true);
    // Nothing to mark.
    expect(screen.getByRole('button', { name: zhCN.notifications.markAllRead }).hasAttribute('disabled')).toBe(true);
  });

  it('marks all read, then reads the list and the bell’s number again', async () => {
    let read = false;
    const calls = stubApi({
      'GET /api/v1/me/notifications': () => json({ items: [{ ...VERIFIED, read_at: read ? '2026-03-02T03:00:00Z' : null }, RATE], next_cursor: null }),
      'GET /api/v1/me/notifications/unread': () => json({ unread: read ? 0 : 1 }),
      'POST /api/v1/me/notifications/read': () => {
        read = true;
        return noContent();
      },
    });
    const user = userEvent.setup({ delay: null });
    open();

    const button = await screen.findByRole('button', { name: zhCN.notifications.markAllRead });
    await waitFor(() => expect(button.hasAttribute('disabled')).toBe(false));
    await user.click(button);

    expect(await screen.findByText(zhCN.notifications.allMarked)).toBeTruthy();
    await waitFor(async () => expect(within(await list()).queryByText(zhCN.notifications.unread)).toBeNull());
    await waitFor(() => expect(button.hasAttribute('disabled')).toBe(true));
    expect(count(calls, 'POST', '/api/v1/me/notifications/read')).toBe(1);
    expect(count(calls, 'GET', '/api/v1/me/notifications/unread')).toBe(2);
  });

  it('loads older ones after the newest page', async () => {
    const calls = stubApi({
      'GET /api/v1/me/notifications': (call) =>
        json(call.query.get('cursor') === 'page-2' ? { items: [OLDER], next_cursor: null } : { items: [VERIFIED, RATE], next_cursor: 'page-2' }),
      'GET /api/v1/me/notifications/unread': () => json({ unread: 2 }),
    });
    const user = userEvent.setup({ delay: null });
    open();

    await waitFor(async () => expect(within(await list()).getAllByRole('link')).toHaveLength(2));
    await user.click(screen.getByRole('button', { name: zhCN.common.loadMore }));
    await waitFor(async () => expect(within(await list()).getAllByRole('link')).toHaveLength(3));
    expect(within(await list()).getAllByRole('link')[2].textContent).toContain('您的需求「想在楼顶装太阳能热水器」不予受理');
    expect(screen.queryByRole('button', { name: zhCN.common.loadMore })).toBeNull();
    expect(calls.filter((c) => c.path === '/api/v1/me/notifications').map((c) => c.query.get('cursor'))).toEqual([null, 'page-2']);
  });
});
