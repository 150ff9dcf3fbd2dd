// 为居民开户: a community worker opens an account for 孙桂兰 at the desk (her community
// already chosen), and gets a slip that says how she signs in and her temporary password in
// groups of four, to read out or print; the form goes only where `/me/permissions` allows.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { Schemas } from '../../api/client';
import { session } from '../../auth/session';
import { json, permissionsFixture, problem, renderRoute, stubApi, unitFixture, testUser } from '../../components/testing';
import { zhCN } from '../../i18n/zh-CN';
import { DeskRegistrationPage } from './DeskRegistrationPage';

// A whole form typed into antd takes seconds in jsdom, many more on a busy machine.
vi.setConfig({ testTimeout: 60_000 });

// jsdom does not implement scrolling.
window.scrollTo = () => undefined;

const HUAIHE = '0190a000-0000-7000-8000-000000000101';
const XINGHUA = '0190a000-0000-7000-8000-000000000201';
const QILIYAN = '0190a000-0000-7000-8000-000000000202';

const UNITS = [unitFixture(HUAIHE, '淮河路街道', 'street', null), unitFixture(XINGHUA, '兴华南街社区', 'community', HUAIHE), unitFixture(QILIYAN, '齐礼阎社区', 'community', HUAIHE)];

const opened = (over: Partial<Schemas['User']> = {}): Schemas['DeskAccount'] => ({
  user: testUser({ username: '13812341234', display_name: '孙桂兰', phone: '13812341234', password_change_required: true, ...over }),
  temporary_password: '482109375516',
});

function serve(units: string[], answer: () => Response = () => json(opened(), 201)) {
  return stubApi({
    'GET /api/v1/me/permissions': () => json(permissionsFixture({ desk_registration_units: units })),
    'GET /api/v1/org-units': ({ query }) => json({ items: UNITS.filter((u) => u.kind === query.get('kind')), next_cursor: null }),
    [`GET /api/v1/org-units/${XINGHUA}`]: () => json(UNITS[1]),
    'POST /api/v1/residents': answer,
  });
}

const open = () => renderRoute('/residents/new', '/residents/new', <DeskRegistrationPage />);
const button = (name: string) => screen.getByRole('button', { name: new RegExp(name.split('').join('\\s*')) });

async function type(ui: ReturnType<typeof userEvent.setup>, label: string, text: string) {
  await ui.click(await screen.findByLabelText(label));
  await ui.paste(text);
}

/** The slip's rows: what each says, and its value. */
const rows = (slip: HTMLElement) => [...slip.querySelectorAll('dl > div')].map((row) => [row.querySelector('dt')?.textContent, row.querySelector('dd')?.textContent]);

const fieldErrors = (label: string) =>
  [...(screen.getByLabelText(label).closest('.ant-form-item')?.querySelectorAll('.ant-form-item-explain-error') ?? [])].map((e) => e.textContent);

beforeEach(() => {
  localStorage.clear();
  session.save({ access_token: 'a', token_type: 'Bearer', expires_in: 900, user: testUser({ grants: [{ id: 'g1', role: 'community_worker', unit_id: XINGHUA }] }) });
});
afterEach(() => vi.unstubAllGlobals());

describe('opening a resident’s account at the desk', () => {
  it('opens it in the worker’s own community and shows a slip to read out and print', async () => {
    const calls = serve([XINGHUA]);
    const print = vi.fn();
    vi.stubGlobal('print', print);
    open();
    const ui = userEvent.setup();
    await type(ui, zhCN.auth.displayName, '孙桂兰');
    await type(ui, zhCN.auth.mobile, '138 1234 1234');
    // The worker's one community is chosen already.
    expect(await screen.findByTitle('兴华南街社区')).toBeTruthy();
    await ui.click(button(zhCN.desk.submit));

    const slip = await screen.findByRole('region', { name: zhCN.desk.slipTitle });
    const sent = calls.find((c) => c.method === 'POST');
    expect(sent?.body).toEqual({ display_name: '孙桂兰', phone: '13812341234', unit_id: XINGHUA });
    expect(sent?.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);
    await within(slip).findByText('兴华南街社区');
    expect(rows(slip)).toEqual([
      [zhCN.desk.resident, '孙桂兰'],
      [zhCN.auth.community, '兴华南街社区'],
      [zhCN.desk.signInPhone, '13812341234'],
      [zhCN.desk.temporaryPassword, '482109375516'],
    ]);
    expect([...slip.querySelectorAll('.slip-password span')].map((s) => s.textContent)).toEqual(['4821', '0937', '5516']);
    expect(within(slip).getByText(zhCN.desk.mustChange)).toBeTruthy();

    await ui.click(button(zhCN.desk.print));
    expect(print).toHaveBeenCalledOnce();
    await ui.click(button(zhCN.desk.another));
    expect((await screen.findByLabelText(zhCN.auth.displayName)).getAttribute('value')).toBe('');
  });

  it('with a username, says to sign in with it or the mobile', async () => {
    serve([XINGHUA], () => json(opened({ username: 'guilan' }), 201));
    open();
    const ui = userEvent.setup();
    await type(ui, zhCN.auth.displayName, '孙桂兰');
    await type(ui, zhCN.auth.mobile, '13812341234');
    await type(ui, zhCN.signUp.usernameOptional, 'guilan');
    await ui.click(button(zhCN.desk.submit));
    const slip = await screen.findByRole('region', { name: zhCN.desk.slipTitle });
    expect(rows(slip).slice(2, 4)).toEqual([
      [zhCN.desk.signInUsername, 'guilan'],
      [zhCN.desk.orPhone, '13812341234'],
    ]);
  });

  it('offers a street’s communities to choose from, none chosen, and puts a taken username on its field', async () => {
    const calls = serve([XINGHUA, QILIYAN], () => problem(409, 'username_taken', 'username taken'));
    open();
    const ui = userEvent.setup();
    await type(ui, zhCN.auth.displayName, '孙桂兰');
    await type(ui, zhCN.signUp.usernameOptional, 'guilan');
    await ui.click(button(zhCN.desk.submit));
    await waitFor(() => expect(fieldErrors(zhCN.desk.community)).toEqual([zhCN.required.community]));
    expect(calls.filter((c) => c.method === 'POST')).toEqual([]);

    await ui.click(screen.getByLabelText(zhCN.desk.community));
    const listbox = await screen.findByRole('listbox');
    await waitFor(() => expect([...document.querySelectorAll('.ant-select-item-option')].map((o) => o.getAttribute('title'))).toEqual(['齐礼阎社区', '兴华南街社区']));
    await ui.click(within(listbox.parentElement ?? document.body).getByTitle('齐礼阎社区'));
    await ui.click(button(zhCN.desk.submit));
    await waitFor(() => expect(fieldErrors(zhCN.signUp.usernameOptional)).toEqual([zhCN.errors.username_taken]));
  });

  it('says so where the reader may open no accounts', async () => {
    serve([]);
    open();
    expect(await screen.findByText(zhCN.desk.notHere)).toBeTruthy();
    expect(screen.queryByLabelText(zhCN.auth.displayName)).toBeNull();
  });
});
