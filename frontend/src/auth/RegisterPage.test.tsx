// 居民注册 as a resident of seventy meets it: a Chinese name is a name, not a username; the
// mobile number is what they sign in with; every password rule is on screen before typing
// and ticks as it is kept; the community is found under its street, by typing.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { Schemas } from '../api/client';
import { json, problem, renderRoute, stubApi, unitFixture, testUser } from '../components/testing';
import { zhCN } from '../i18n/zh-CN';
import { RegisterPage } from './RegisterPage';

// A whole form typed into antd takes seconds in jsdom, many more on a busy machine.
vi.setConfig({ testTimeout: 60_000 });

// jsdom does not implement scrolling.
window.scrollTo = () => undefined;

const HUAIHE = '0190a000-0000-7000-8000-000000000101';
const HOUZHAI = '0190a000-0000-7000-8000-000000000102';
const XINGHUA = '0190a000-0000-7000-8000-000000000201';
const units = {
  street: [unitFixture(HUAIHE, '淮河路街道', 'street', 'd'), unitFixture(HOUZHAI, '侯寨乡', 'street', 'd')],
  community: [
    unitFixture(XINGHUA, '兴华南街社区', 'community', HUAIHE),
    unitFixture('0190a000-0000-7000-8000-000000000202', '齐礼阎社区', 'community', HUAIHE),
    unitFixture('0190a000-0000-7000-8000-000000000203', '侯寨村', 'community', HOUZHAI),
  ],
};

const resident = (over: Partial<Schemas['User']> = {}) =>
  testUser({ username: '13812341234', display_name: '孙桂兰', phone: '13812341234', grants: [{ id: 'g1', role: 'resident', unit_id: XINGHUA }], ...over });

function serve(answer: () => Response = () => json({ access_token: 'a', token_type: 'Bearer', expires_in: 900, user: resident() }, 201)) {
  return stubApi({
    'GET /api/v1/org-units': ({ query }) => json({ items: units[query.get('kind') as 'street' | 'community'] ?? [], next_cursor: null }),
    'POST /api/v1/auth/register': answer,
  });
}

const open = () => renderRoute('/register', '/register', <RegisterPage />);
const SIGN_UP = new RegExp(zhCN.auth.signUp.split('').join('\\s*'));

async function type(ui: ReturnType<typeof userEvent.setup>, label: string | RegExp, text: string) {
  const field = screen.getByLabelText(label);
  await ui.clear(field);
  await ui.click(field);
  await ui.paste(text);
}

async function chooseCommunity(ui: ReturnType<typeof userEvent.setup>, search: string, option: string) {
  await ui.click(screen.getByLabelText(zhCN.auth.community));
  if (search) await ui.keyboard(search);
  const listbox = await screen.findByRole('listbox');
  await ui.click(within(listbox.parentElement ?? document.body).getByTitle(option));
}

/** Fills in 孙桂兰's sign-up: her name, the mobile as she writes it, the password, her community. */
async function fillIn(ui: ReturnType<typeof userEvent.setup>, { phone = '13812341234', password = 'guilan-home-2026', search = '' } = {}) {
  await type(ui, zhCN.auth.displayName, '孙桂兰');
  await type(ui, zhCN.auth.mobile, phone);
  await type(ui, zhCN.auth.password, password);
  await chooseCommunity(ui, search, '兴华南街社区');
}

const fieldErrors = (label: string | RegExp) =>
  [...(screen.getByLabelText(label).closest('.ant-form-item')?.querySelectorAll('.ant-form-item-explain-error') ?? [])].map((e) => e.textContent);

/** The checklist's rules, each with ✓ when kept. */
const rules = () =>
  [...document.querySelectorAll('.password-rules li')].map((li) => `${li.classList.contains('met') ? '✓' : '○'} ${li.firstChild?.nextSibling?.textContent}`);

beforeEach(() => localStorage.clear());
afterEach(() => vi.unstubAllGlobals());

describe('signing up', () => {
  it('leads with the name and the mobile, and shows every password rule before typing', async () => {
    serve();
    open();
    const labels = [...document.querySelectorAll('.ant-form-item-label label')].map((l) => l.textContent);
    expect(labels).toEqual([zhCN.auth.displayName, zhCN.auth.mobile, zhCN.auth.password, zhCN.auth.community, zhCN.signUp.usernameOptional]);
    expect(rules()).toEqual([
      `○ ${zhCN.passwordRules.length}`,
      `○ ${zhCN.passwordRules.distinct}`,
      `○ ${zhCN.passwordRules.phone}`,
      `○ ${zhCN.passwordRules.common}`,
    ]);
  });

  it('ticks each rule as the password keeps it; the login name is the phone, or the username once given', async () => {
    serve();
    open();
    const ui = userEvent.setup();
    await type(ui, zhCN.auth.mobile, '138 1234 1234');
    await type(ui, zhCN.auth.password, 'gl13812341234');
    expect(rules()).toEqual([
      `✓ ${zhCN.passwordRules.length}`,
      `✓ ${zhCN.passwordRules.distinct}`,
      `○ ${zhCN.passwordRules.phone}`,
      `○ ${zhCN.passwordRules.common}`,
    ]);
    await type(ui, zhCN.auth.password, 'aaaaabbbbb');
    expect(rules().slice(0, 3)).toEqual([`✓ ${zhCN.passwordRules.length}`, `○ ${zhCN.passwordRules.distinct}`, `✓ ${zhCN.passwordRules.phone}`]);
    await type(ui, zhCN.signUp.usernameOptional, 'guilan');
    await type(ui, zhCN.auth.password, 'guilan-home-2026');
    expect(rules().slice(2, 3)).toEqual([`○ ${zhCN.passwordRules.username}`]);
    await ui.click(screen.getByRole('button', { name: SIGN_UP }));
    await waitFor(() => expect(fieldErrors(zhCN.auth.password)).toEqual([zhCN.errors.password_contains_username]));
  });

  it('signs up 孙桂兰 without a username, and says to sign in with the phone number', async () => {
    const calls = serve();
    open();
    const ui = userEvent.setup();
    await fillIn(ui, { phone: '138 1234 1234', search: '兴华' });
    await ui.click(screen.getByRole('button', { name: SIGN_UP }));

    expect(await screen.findByText(zhCN.signUp.done)).toBeTruthy();
    expect(screen.getByText(zhCN.signUp.signInWithPhone).textContent).toContain('13812341234');
    const sent = calls.find((c) => c.method === 'POST');
    expect(sent?.body).toEqual({ display_name: '孙桂兰', phone: '13812341234', password: 'guilan-home-2026', unit_id: XINGHUA, refresh_cookie: true });
    await ui.click(screen.getByRole('button', { name: new RegExp(zhCN.signUp.start.split('').join('\\s*')) }));
    expect(await screen.findByText('elsewhere')).toBeTruthy();
  });

  it('with a username, says to sign in with it or the mobile', async () => {
    serve(() => json({ access_token: 'a', token_type: 'Bearer', expires_in: 900, user: resident({ username: 'guilan' }) }, 201));
    open();
    const ui = userEvent.setup();
    await fillIn(ui, { password: 'my-own-home-2026' });
    await type(ui, zhCN.signUp.usernameOptional, 'guilan');
    await ui.click(screen.getByRole('button', { name: SIGN_UP }));
    expect((await screen.findByText(zhCN.signUp.signInWithUsername)).textContent).toContain('guilan');
    expect(screen.getByText(zhCN.signUp.orPhone).textContent).toContain('13812341234');
  });

  it('asks for the mobile when there is no username, and tells a name typed as a username where it goes', async () => {
    const calls = serve();
    open();
    const ui = userEvent.setup();
    await ui.click(screen.getByRole('button', { name: SIGN_UP }));
    await waitFor(() => expect(fieldErrors(zhCN.auth.mobile)).toEqual([zhCN.required.phone]));
    await type(ui, zhCN.signUp.usernameOptional, '孙桂兰');
    await waitFor(() => expect(fieldErrors(zhCN.signUp.usernameOptional)).toEqual([zhCN.signUp.usernameHan]));
    await type(ui, zhCN.signUp.usernameOptional, 'guilan');
    await waitFor(() => expect(fieldErrors(zhCN.auth.mobile)).toEqual([]));
    expect(calls.filter((c) => c.method === 'POST')).toEqual([]);
  });

  it('says a well-known password at its field, as the API answers', async () => {
    serve(() =>
      problem(422, 'invalid_body', 'password is too common', {
        errors: { password: ['password is too common'] },
        error_codes: { password: ['password_common'] },
      }),
    );
    open();
    const ui = userEvent.setup();
    await fillIn(ui, { password: 'qwertyuiop' });
    await ui.click(screen.getByRole('button', { name: SIGN_UP }));
    await waitFor(() => expect(fieldErrors(zhCN.auth.password)).toEqual([zhCN.errors.password_common]));
  });
});

describe('a sign-up sent again', () => {
  it('says on the phone that this name already has an account there, and to sign in with the number', async () => {
    serve(() => problem(409, 'duplicate', 'an account with this name and phone number exists: sign in with the number'));
    open();
    const ui = userEvent.setup();
    await fillIn(ui, {});
    await ui.click(screen.getByRole('button', { name: SIGN_UP }));
    await waitFor(() => expect(fieldErrors(zhCN.auth.mobile)).toEqual([zhCN.signUp.accountExists]));
  });
});

describe('the community picker', () => {
  it('groups the communities under their street, and finds them by the street’s name or their own', async () => {
    serve();
    open();
    const ui = userEvent.setup();
    await ui.click(screen.getByLabelText(zhCN.auth.community));
    await screen.findByRole('listbox');
    const groups = () => [...document.querySelectorAll('.ant-select-item-group')].map((g) => g.textContent);
    const options = () => [...document.querySelectorAll('.ant-select-item-option')].map((o) => o.getAttribute('title'));
    await waitFor(() => expect(groups()).toEqual(['侯寨乡', '淮河路街道']));
    expect(options()).toEqual(['侯寨村', '齐礼阎社区', '兴华南街社区']);
    await ui.keyboard('淮河');
    await waitFor(() => expect(options()).toEqual(['齐礼阎社区', '兴华南街社区']));
    await ui.keyboard('{Backspace}{Backspace}齐礼');
    await waitFor(() => expect(options()).toEqual(['齐礼阎社区']));
    expect(groups()).toEqual(['淮河路街道']);
  });
});
