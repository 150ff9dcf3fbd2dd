// 协调事项: the list with its state filter and late cases marked, and 发起协调 for a party:
// the compounds offered are those under the reader's grants, and the server's refusals
// (403 not a party, 422 on a field) are said in Chinese, on the field where there is one.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Schemas } from '../../api/client';
import { json, problem, renderRoute, stubApi } from '../../components/testing';
import { zhCN } from '../../i18n/zh-CN';
import { CasesPage } from './CasesPage';

const COMPOUND = '0190a000-0000-7000-8000-0000000000u2';

const auth = vi.hoisted(() => ({ user: null as unknown }));
vi.mock('../../auth/AuthProvider', () => ({
  AuthProvider: ({ children }: { children: ReactNode }) => children,
  useAuth: () => auth,
}));

afterEach(() => vi.unstubAllGlobals());

function signIn(role: Schemas['Role']) {
  auth.user = {
    id: 'u1',
    username: role,
    display_name: '亚新物业经理',
    party_member: false,
    disabled: false,
    password_change_required: false,
    allowed_actions: [],
    created_at: '',
    updated_at: '',
    version: 1,
    grants: [{ id: 'g1', role, unit_id: COMPOUND, organization_id: role === 'property_manager' ? 'o2' : null }],
  } satisfies Schemas['User'];
}

const compound: Schemas['OrgUnit'] = { id: COMPOUND, name: '亚新小区', kind: 'compound', parent_id: null, created_at: '', updated_at: '', version: 1 };

function caseFixture(over: Partial<Schemas['CoordinationCase']> = {}): Schemas['CoordinationCase'] {
  return {
    id: '0190a000-0000-7000-8000-0000000000c5',
    unit_id: COMPOUND,
    unit_name: '亚新小区',
    title: '电动车楼道充电',
    description: '',
    state: 'open',
    parties: [
      { party: 'community', confirmed: true },
      { party: 'resident_autonomy', confirmed: false },
      { party: 'property_service', confirmed: false },
    ],
    due_at: '2026-12-01T15:59:59Z',
    overdue: true,
    created_at: '2026-11-20T02:00:00Z',
    updated_at: '2026-11-20T02:00:00Z',
    version: 2,
    my_parties: ['property_service'],
    allowed_actions: ['confirm', 'escalate', 'post'],
    ...over,
  };
}

async function chooseUnit(option: string) {
  const user = userEvent.setup({ delay: null });
  await user.click(screen.getByLabelText(zhCN.coordinationCase.unit));
  const item = await waitFor(() => {
    const found = [...document.querySelectorAll<HTMLElement>('.ant-select-item-option')].find((o) => o.getAttribute('title') === option);
    if (!found) throw new Error(`no option ${option}`);
    return found;
  });
  await user.click(item);
}

describe('CasesPage', { timeout: 30_000 }, () => {
  it('lists cases with their state, late ones marked, and filters by state in the address', async () => {
    signIn('auditor');
    const calls = stubApi({
      'GET /api/v1/coordination-cases': (call) =>
        json({ items: call.query.get('state') === 'resolved' ? [] : [caseFixture()], next_cursor: null }),
    });
    const user = userEvent.setup({ delay: null });
    renderRoute('/cases', '/cases', <CasesPage />);
    const card = await screen.findByRole('article', { name: '电动车楼道充电' });
    expect(within(card).getByText(zhCN.caseStates.open)).toBeTruthy();
    expect(within(card).getByText(zhCN.demand.overdue)).toBeTruthy();
    expect(within(card).getByText('三方确认 1/3')).toBeTruthy();
    // An auditor opens nothing.
    expect(screen.queryByRole('button', { name: new RegExp(zhCN.caseList.open) })).toBeNull();

    await user.click(screen.getByText(zhCN.caseStates.resolved));
    expect(await screen.findByText(zhCN.caseList.empty)).toBeTruthy();
    expect(calls.some((c) => c.query.get('state') === 'resolved')).toBe(true);
  });

  it('opens a case for a compound under the reader’s grant, and says the server’s refusals', async () => {
    signIn('property_manager');
    let answer = () => problem(403, 'not_a_party', 'only the community, the compound’s residents’ organisation or its property company opens a case');
    const calls = stubApi({
      'GET /api/v1/coordination-cases': () => json({ items: [], next_cursor: null }),
      'GET /api/v1/org-units': () => json({ items: [compound], next_cursor: null }),
      [`GET /api/v1/org-units/${COMPOUND}`]: () => json(compound),
      'POST /api/v1/coordination-cases': () => answer(),
    });
    const user = userEvent.setup({ delay: null });
    renderRoute('/cases', '/cases', <CasesPage />);
    await user.click(await screen.findByRole('button', { name: new RegExp(`${zhCN.caseList.open}$`) }));
    const dialog = await screen.findByRole('dialog');

    // Nothing is sent without a compound and a title.
    await user.click(within(dialog).getByRole('button', { name: zhCN.caseNew.submit }));
    expect(await within(dialog).findByText(zhCN.caseNew.unitRequired)).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    await chooseUnit('亚新小区');
    const search = calls.find((c) => c.path === '/api/v1/org-units');
    expect(search?.query.get('kind')).toBe('compound');
    expect(search?.query.get('unit_id')).toBe(COMPOUND);
    await user.type(within(dialog).getByLabelText(zhCN.coordinationCase.title), '电动车楼道充电');
    await user.click(within(dialog).getByRole('button', { name: zhCN.caseNew.submit }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe(zhCN.errors.not_a_party);
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ unit_id: COMPOUND, title: '电动车楼道充电', description: '', due_at: null });

    // A 422 on a field is said under it.
    answer = () =>
      problem(422, 'invalid_field', 'invalid', { errors: { unit_id: ['a coordination case is opened for a compound'] }, error_codes: { unit_id: ['case_unit_kind'] } });
    await user.click(within(dialog).getByRole('button', { name: zhCN.caseNew.submit }));
    const field = within(dialog).getByLabelText(zhCN.coordinationCase.unit).closest('.ant-form-item');
    await waitFor(() => expect(field?.textContent).toContain(zhCN.errors.case_unit_kind));

    // Opened: the case's own page.
    answer = () => json(caseFixture(), 201);
    await user.click(within(dialog).getByRole('button', { name: zhCN.caseNew.submit }));
    expect(await screen.findByText('elsewhere')).toBeTruthy();
    expect(calls.filter((c) => c.method === 'POST').length).toBe(3);
  });
});
