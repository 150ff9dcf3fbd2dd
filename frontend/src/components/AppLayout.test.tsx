// The frame on a phone (the test setup's matchMedia matches nothing; the CSS that hides the
// wide header's menu is not loaded here, so the drawer is looked for by its role).
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Schemas } from '../api/client';
import { setElderMode } from '../elder/elder';
import { zhCN } from '../i18n/zh-CN';
import { AppLayout } from './AppLayout';
import { grantsOf, renderLayout, testUser } from './testing';

const auth = vi.hoisted(() => ({ roles: ['street_committee'] as Schemas['Role'][] }));
vi.mock('../auth/AuthProvider', () => ({
  AuthProvider: ({ children }: { children: ReactNode }) => children,
  useAuth: () => ({
    user: testUser({ username: 'street', display_name: '王街道', grants: grantsOf(auth.roles) }),
    logout: async () => undefined,
  }),
}));

afterEach(() => {
  act(() => setElderMode(false));
  auth.roles = ['street_committee'];
});

const open = (path = '/workbench') => renderLayout(path, <AppLayout />, { '*': <p>the screen</p> });

describe('AppLayout', { timeout: 30_000 }, () => {
  it("opens an official's whole menu in a drawer, and closes it on a choice or Escape", async () => {
    const user = userEvent.setup();
    open();
    const toggle = screen.getByRole('button', { name: zhCN.phone.menu });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('dialog')).toBeNull();

    await user.click(toggle);
    const drawer = screen.getByRole('dialog', { name: zhCN.phone.menu });
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const menu = within(drawer).getByRole('navigation', { name: zhCN.nav.main });
    const names = within(menu).getAllByRole('link').map((a) => a.textContent);
    expect(names).toEqual(expect.arrayContaining(['工作台', '公示栏', '需求队列', '民生实事', '数据统计', '定期公示', '用户与授权']));
    // Language, password and signing out are in the drawer too.
    expect(within(drawer).getByRole('button', { name: 'English' })).toBeTruthy();
    expect(within(drawer).getByRole('link', { name: zhCN.account.menu })).toBeTruthy();
    expect(within(drawer).getByRole('button', { name: /退出/ })).toBeTruthy();
    // The page behind is out of reach while it is open.
    expect(screen.getByRole('main', { hidden: true }).hasAttribute('inert')).toBe(true);
    expect(document.activeElement).toBe(within(drawer).getByRole('button', { name: zhCN.phone.closeMenu }));

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(toggle);

    await user.click(toggle);
    await user.click(within(screen.getByRole('dialog')).getByRole('link', { name: '需求队列' }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('has the elder switch in the header; in elder mode the language moves to the settings page', async () => {
    const user = userEvent.setup();
    open();
    const header = screen.getByRole('banner');
    const toggle = within(header).getByRole('switch', { name: zhCN.elder.switch });
    expect(within(header).getByRole('button', { name: 'English' })).toBeTruthy();

    await user.click(toggle);
    expect(within(header).queryByRole('button', { name: 'English' })).toBeNull();
    expect(within(header).getByRole('link', { name: zhCN.elder.settings }).getAttribute('href')).toBe('/settings');
    await user.click(within(header).getByRole('button', { name: zhCN.phone.menu }));
    const drawer = screen.getByRole('dialog');
    expect(within(drawer).queryByRole('button', { name: 'English' })).toBeNull();
    expect(within(drawer).getByRole('link', { name: zhCN.elder.settings })).toBeTruthy();
  });

  it("gives a resident in elder mode a home tab beside its three places", async () => {
    auth.roles = ['resident'];
    act(() => setElderMode(true));
    open('/home');
    const tabs = screen.getByRole('navigation', { name: zhCN.nav.tabs });
    expect(within(tabs).getAllByRole('link').map((a) => a.getAttribute('href'))).toEqual(['/home', '/board', '/demands/new', '/my/demands']);
  });
});
