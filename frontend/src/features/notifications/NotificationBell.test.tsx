// The bell: the unread count on it and in its name, asked again every 30 s and when the tab
// comes back into view; drawn in the header for a signed-in user only.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, render, screen } from '@testing-library/react';
import type { ReactElement, ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Schemas } from '../../api/client';
import { AppLayout } from '../../components/AppLayout';
import { json, renderLayout, stubApi, testUser } from '../../components/testing';
import { zhCN } from '../../i18n/zh-CN';
import { NotificationBell } from './NotificationBell';
import { NotificationBell as LazyBell } from './routes';

const auth = vi.hoisted(() => ({ user: null as Schemas['User'] | null, logout: async () => undefined }));
vi.mock('../../auth/AuthProvider', () => ({
  AuthProvider: ({ children }: { children: ReactNode }) => children,
  useAuth: () => auth,
}));

function signIn(over: Partial<Schemas['User']> = {}) {
  auth.user = testUser(over);
}

afterEach(() => {
  auth.user = null;
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

/** The API's unread count, which the test changes as the server would. */
function unreadCount(start: number) {
  const server = { unread: start };
  const calls = stubApi({ 'GET /api/v1/me/notifications/unread': () => json({ unread: server.unread }) });
  return { server, asked: () => calls.filter((c) => c.path === '/api/v1/me/notifications/unread').length };
}

const open = (layout: ReactElement) =>
  renderLayout('/board', layout, { '/board': <p>the board</p>, '/account/password': <p>changing the password</p> });

const bellNamed = (name: string) => screen.findByRole('link', { name });

describe('NotificationBell', { timeout: 30_000 }, () => {
  it('shows the unread count, says it in its name, and leads to 消息通知', async () => {
    signIn();
    unreadCount(3);
    render(
      <QueryClientProvider client={new QueryClient()}>
        <MemoryRouter>
          <NotificationBell />
        </MemoryRouter>
      </QueryClientProvider>,
    );
    const bell = await bellNamed('通知（3 条未读）');
    expect(bell.getAttribute('href')).toBe('/notifications');
    expect(bell.querySelector('.ant-badge-count')?.getAttribute('title')).toBe('3');
    expect(bell.className).toContain('app-bell');
  });

  it('shows no number when everything is read', async () => {
    signIn();
    const { asked } = unreadCount(0);
    open(<AppLayout bell={<NotificationBell />} />);
    await vi.waitFor(() => expect(asked()).toBe(1));
    const bell = await bellNamed(zhCN.notifications.bell);
    expect(bell.querySelector('.ant-badge-count')).toBeNull();
  });

  it('asks again every 30 seconds while the tab is in view', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    signIn();
    const { server, asked } = unreadCount(1);
    open(<AppLayout bell={<NotificationBell />} />);
    await bellNamed('通知（1 条未读）');

    server.unread = 2;
    await act(() => vi.advanceTimersByTimeAsync(25_000));
    expect(asked()).toBe(1);
    await act(() => vi.advanceTimersByTimeAsync(5_000));
    expect(await bellNamed('通知（2 条未读）')).toBeTruthy();
    expect(asked()).toBe(2);
  });

  it('asks again when the tab comes back into view', async () => {
    signIn();
    const { server } = unreadCount(1);
    open(<AppLayout bell={<NotificationBell />} />);
    await bellNamed('通知（1 条未读）');

    server.unread = 4;
    act(() => void window.dispatchEvent(new Event('visibilitychange')));
    expect(await bellNamed('通知（4 条未读）')).toBeTruthy();
  });

  it('is in the header, in a chunk of its own, for a signed-in user only', async () => {
    signIn();
    unreadCount(2);
    const signedIn = open(<AppLayout bell={<LazyBell />} />);
    const header = document.querySelector('header')!;
    expect(await bellNamed('通知（2 条未读）')).toBeTruthy();
    expect(header.contains(screen.getByRole('link', { name: '通知（2 条未读）' }))).toBe(true);
    signedIn.unmount();

    // Not while a password someone else set must be changed first (the server refuses), nor
    // for a visitor. (The bell itself here, not its chunk: it would be drawn at once.)
    const { asked } = unreadCount(2);
    signIn({ password_change_required: true });
    const changing = open(<AppLayout bell={<NotificationBell />} />);
    expect(await screen.findByText('changing the password')).toBeTruthy();
    expect(screen.queryByRole('link', { name: /^通知/ })).toBeNull();
    changing.unmount();
    auth.user = null;
    open(<AppLayout bell={<NotificationBell />} />);
    expect(await screen.findByText('the board')).toBeTruthy();
    expect(screen.queryByRole('link', { name: /^通知/ })).toBeNull();
    expect(asked()).toBe(0);
  });
});
