// 登录 with what a resident remembers: the mobile number (as they write it) or the username.
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { json, renderRoute, stubApi, testUser } from '../components/testing';
import { zhCN } from '../i18n/zh-CN';
import { LoginPage } from './LoginPage';

vi.setConfig({ testTimeout: 30_000 });

const resident = testUser({ username: '13812341234', display_name: '孙桂兰', phone: '13812341234' });

const SIGN_IN = new RegExp(zhCN.auth.signIn.split('').join('\\s*'));

beforeEach(() => localStorage.clear());
afterEach(() => vi.unstubAllGlobals());

describe('signing in', () => {
  it('takes a mobile number however it is written, under 手机号或用户名', async () => {
    const calls = stubApi({ 'POST /api/v1/auth/login': () => json({ access_token: 'a', token_type: 'Bearer', expires_in: 900, user: resident }) });
    renderRoute('/login', '/login', <LoginPage />);
    const ui = userEvent.setup();
    await ui.type(screen.getByLabelText(zhCN.auth.signInName), '138 1234 1234');
    await ui.type(screen.getByLabelText(zhCN.auth.password), 'guilan-home-2026');
    await ui.click(screen.getByRole('button', { name: SIGN_IN }));
    expect(await screen.findByText('elsewhere')).toBeTruthy();
    expect(calls[0]?.body).toEqual({ username: '138 1234 1234', password: 'guilan-home-2026', refresh_cookie: true });
  });

  it('asks for the one or the other when left empty', async () => {
    const calls = stubApi({});
    renderRoute('/login', '/login', <LoginPage />);
    await userEvent.setup().click(screen.getByRole('button', { name: SIGN_IN }));
    await waitFor(() => expect(screen.getByText(zhCN.required.signInName)).toBeTruthy());
    expect(calls).toEqual([]);
  });
});
