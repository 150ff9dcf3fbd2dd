// 修改密码: an account whose password someone else set is led here before anything else and
// told why; it sets its own with the current one and goes on to where it was going. A refusal
// is said at the field it concerns.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App as AntApp } from 'antd';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { api, unwrap, type Schemas } from '../api/client';
import { AppLayout } from '../components/AppLayout';
import { json, problem, stubApi } from '../components/testing';
import { zhCN } from '../i18n/zh-CN';
import { AuthProvider } from './AuthProvider';
import { ChangePasswordPage } from './ChangePasswordPage';
import { session } from './session';

vi.setConfig({ testTimeout: 30_000 });

const user = (password_change_required: boolean): Schemas['User'] => ({
  id: 'u1',
  username: 'zhou.lei',
  display_name: '周磊',
  party_member: false,
  disabled: false,
  password_change_required,
  allowed_actions: [],
  created_at: '',
  updated_at: '',
  version: 1,
  grants: [{ id: 'g1', role: 'community_worker', unit_id: 'c1' }],
});

function signIn(mustChange: boolean) {
  session.save({ access_token: 'a', token_type: 'Bearer', expires_in: 900, user: user(mustChange) });
}

function open(path: string) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return render(
    <AntApp>
      <QueryClientProvider client={client}>
        <AuthProvider>
          <MemoryRouter initialEntries={[path]}>
            <Routes>
              <Route element={<AppLayout />}>
                <Route path="/account/password" element={<ChangePasswordPage />} />
                <Route path="/queue" element={<p>the queue</p>} />
                <Route path="/board" element={<p>the board</p>} />
              </Route>
            </Routes>
          </MemoryRouter>
        </AuthProvider>
      </QueryClientProvider>
    </AntApp>,
  );
}

async function fill(current: string, next: string, repeat = next) {
  const ui = userEvent.setup();
  await ui.type(await screen.findByLabelText(/当前密码/), current);
  await ui.type(screen.getByLabelText(zhCN.account.new), next);
  await ui.type(screen.getByLabelText(zhCN.account.repeat), repeat);
  await ui.click(screen.getByRole('button', { name: zhCN.account.submit }));
}

const fieldErrors = (label: string | RegExp) =>
  [...(screen.getByLabelText(label).closest('.ant-form-item')?.querySelectorAll('.ant-form-item-explain-error') ?? [])].map((e) => e.textContent);

beforeEach(() => localStorage.clear());
afterEach(() => vi.unstubAllGlobals());

describe('changing one’s own password', () => {
  it('leads an account with a password set by someone else here first, then on to where it was going', async () => {
    signIn(true);
    let changed = false;
    const calls = stubApi({
      'POST /api/v1/me/password': () => {
        changed = true;
        return new Response(null, { status: 204 });
      },
      'GET /api/v1/me': () => json(user(!changed)),
    });
    open('/queue');

    expect(await screen.findByText(zhCN.account.required)).toBeTruthy();
    expect(screen.queryByText('the queue')).toBeNull();
    await fill('temp-pass-2026', 'my-own-pass-2026');

    expect(await screen.findByText('the queue')).toBeTruthy();
    const sent = calls.find((c) => c.method === 'POST');
    expect(sent?.body).toEqual({ current_password: 'temp-pass-2026', new_password: 'my-own-pass-2026' });
    expect(sent?.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);
    expect(session.user()?.password_change_required).toBe(false);
  });

  it('says a wrong current password at that field, and a weak new one at its own', async () => {
    signIn(false);
    let answer = problem(403, 'wrong_password', 'the current password is not right');
    stubApi({ 'POST /api/v1/me/password': () => answer });
    open('/account/password');
    expect(screen.queryByText(zhCN.account.required)).toBeNull();

    await fill('not-my-pass', 'my-own-pass-2026');
    await waitFor(() => expect(fieldErrors(/当前密码/)).toEqual([zhCN.errors.wrong_password]));

    answer = problem(422, 'invalid_body', 'password is too common', {
      errors: { new_password: ['password is too common'] },
      error_codes: { new_password: ['password_common'] },
    });
    await userEvent.setup().click(screen.getByRole('button', { name: zhCN.account.submit }));
    await waitFor(() => expect(fieldErrors(zhCN.account.new)).toEqual([zhCN.errors.password_common]));
  });

  it('checks the repeat and that the new password is new, before sending anything', async () => {
    signIn(false);
    const calls = stubApi({});
    open('/account/password');
    await fill('same-pass-2026', 'same-pass-2026', 'other-pass-2026');
    await waitFor(() => expect(fieldErrors(zhCN.account.new)).toEqual([zhCN.errors.password_unchanged]));
    expect(fieldErrors(zhCN.account.repeat)).toEqual([zhCN.account.mismatch]);
    expect(calls.filter((c) => c.method === 'POST')).toEqual([]);
  });

  it('shows every rule before typing, ticks them as they are kept, and refuses the username inside', async () => {
    signIn(false);
    const calls = stubApi({});
    open('/account/password');
    const rules = () => [...document.querySelectorAll('.password-rules li')].map((li) => (li.classList.contains('met') ? '✓ ' : '○ ') + li.getAttribute('data-rule'));
    expect(await screen.findByText(zhCN.passwordRules.username)).toBeTruthy();
    expect(rules()).toEqual(['○ length', '○ distinct', '○ name', '○ common']);
    await fill('temp-pass-2026', 'ZHOU.LEI-2026');
    expect(rules()).toEqual(['✓ length', '✓ distinct', '○ name', '○ common']);
    await waitFor(() => expect(fieldErrors(zhCN.account.new)).toEqual([zhCN.errors.password_contains_username]));
    expect(calls.filter((c) => c.method === 'POST')).toEqual([]);
  });

  it('is led here when any request answers that the password must be changed first', async () => {
    signIn(false);
    stubApi({ 'GET /api/v1/demands': () => problem(403, 'password_change_required', 'set your own password first') });
    open('/board');
    expect(await screen.findByText('the board')).toBeTruthy();
    await unwrap(api.GET('/api/v1/demands', { params: { query: {} } })).catch(() => undefined);
    expect(await screen.findByText(zhCN.account.required)).toBeTruthy();
  });
});
