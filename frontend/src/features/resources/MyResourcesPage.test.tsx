import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Schemas } from '../../api/client';
import { json, renderRoute, stubApi } from '../../components/testing';
import { zhCN } from '../../i18n/zh-CN';
import { MyResourcesPage } from './MyResourcesPage';

const ORG = '0190a000-0000-7000-8000-0000000000a1';
const UNIT = '0190a000-0000-7000-8000-0000000000a2';

vi.mock('../../auth/AuthProvider', () => ({
  AuthProvider: ({ children }: { children: ReactNode }) => children,
  useAuth: () => ({
    user: {
      id: 'u1',
      username: 'builder',
      display_name: '住建局对接人',
      party_member: false,
      disabled: false,
      password_change_required: false, allowed_actions: [],
      created_at: '2026-01-01T00:00:00Z',
      updated_at: '2026-01-01T00:00:00Z',
      version: 1,
      grants: [{ id: 'g1', role: 'co_builder', unit_id: UNIT, organization_id: ORG }],
    } satisfies Schemas['User'],
  }),
}));

afterEach(() => {
  vi.unstubAllGlobals();
});

function resourceFixture(over: Partial<Schemas['Resource']> = {}): Schemas['Resource'] {
  return {
    id: '0190a000-0000-7000-8000-0000000000e1',
    organization_id: ORG,
    organization_name: '二七区住建局',
    kind: 'funds',
    title: '老旧小区微改造专项资金',
    description: '',
    quantity: 50_000_000,
    offered: 50_000_000,
    withdrawn_quantity: 0,
    measure: 'fen',
    allocated: 2_600_000,
    remaining: 47_400_000,
    available_until: '2027-05-28T00:00:00Z',
    unit_id: UNIT,
    state: 'available',
    created_at: '2026-03-01T02:00:00Z',
    updated_at: '2026-03-01T02:00:00Z',
    version: 3,
    allowed_actions: ['edit', 'withdraw'],
    ...over,
  };
}

const FUND = resourceFixture();
const VENUE = resourceFixture({
  id: '0190a000-0000-7000-8000-0000000000e2',
  kind: 'venue',
  title: '临时材料堆放场地',
  // Withdrawn with nothing allocated: it keeps what it offered and says it went back.
  quantity: 0,
  offered: 2,
  withdrawn_quantity: 2,
  measure: '处',
  allocated: 0,
  remaining: 0,
  state: 'withdrawn',
  allowed_actions: [],
});

const unit = { id: UNIT, name: '二七区', kind: 'district', created_at: '', updated_at: '', version: 1 };

describe('MyResourcesPage', { timeout: 60_000 }, () => {
  it("lists its organisation's resources in yuan and withdraws only where offered, saying what stays", async () => {
    const calls = stubApi({
      'GET /api/v1/resources': () => json({ items: [FUND, VENUE], next_cursor: null }),
      [`GET /api/v1/org-units/${UNIT}`]: () => json(unit),
      [`POST /api/v1/resources/${FUND.id}/transitions`]: () =>
        json({ ...FUND, quantity: FUND.allocated, remaining: 0, state: 'exhausted', allowed_actions: [] }),
    });
    const user = userEvent.setup({ delay: null });
    renderRoute('/resources/mine', '/resources/mine', <MyResourcesPage />);

    const fund = await screen.findByLabelText(FUND.title);
    expect(fund.textContent).toContain('总量：¥500,000');
    expect(fund.textContent).toContain('已分配：¥26,000');
    expect(fund.textContent).toContain('剩余：¥474,000');
    expect(calls[0].query.get('organization_id')).toBe(ORG);
    const venue = screen.getByLabelText(VENUE.title);
    expect(within(venue).getByText(zhCN.resourceStates.withdrawn)).toBeTruthy();
    expect(venue.textContent).toContain('总量：2 处');
    expect(venue.textContent).toContain('已撤回：2 处');
    expect(within(venue).queryByRole('button')).toBeNull();
    expect(within(fund).getByRole('button', { name: `修改“${FUND.title}”` })).toBeTruthy();

    await user.click(within(fund).getByRole('button', { name: /撤\s*回/ }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('撤回未分配的 ¥474,000，已分配给项目的 ¥26,000 保留。');
    await user.click(within(dialog).getAllByRole('button', { name: /撤\s*回/ }).at(-1)!);
    await waitFor(() => expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ action: 'withdraw', version: 3 }));
  });

  it('publishes funds entered in yuan as fen, after checking the form in Chinese', async () => {
    const calls = stubApi({
      'GET /api/v1/resources': () => json({ items: [], next_cursor: null }),
      'GET /api/v1/org-units': () => json({ items: [unit], next_cursor: null }),
      [`GET /api/v1/org-units/${UNIT}`]: () => json(unit),
      'POST /api/v1/resources': (call) => json(resourceFixture(call.body as Partial<Schemas['Resource']>), 201),
    });
    const user = userEvent.setup({ delay: null });
    renderRoute('/resources/mine', '/resources/mine', <MyResourcesPage />);

    await user.click(await screen.findByRole('button', { name: /发布资源/ }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getAllByRole('button', { name: /发布资源/ }).at(-1)!);
    expect(await within(dialog).findByText(zhCN.resourcePublish.required.kind)).toBeTruthy();
    expect(within(dialog).getByText(zhCN.resourcePublish.required.title)).toBeTruthy();

    await user.click(within(dialog).getByLabelText(zhCN.resource.kind));
    await user.click(within((await screen.findByRole('listbox')).parentElement ?? document.body).getByTitle(zhCN.resourceKinds.funds));
    await user.type(within(dialog).getByLabelText(zhCN.resource.title), '社区微改造配套资金');
    await user.type(await within(dialog).findByLabelText(zhCN.resourcePublish.amount), '12000.5');
    await user.click(within(dialog).getAllByRole('button', { name: /发布资源/ }).at(-1)!);

    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    expect(calls.find((c) => c.method === 'POST')?.body).toMatchObject({
      organization_id: ORG,
      kind: 'funds',
      title: '社区微改造配套资金',
      quantity: 1_200_050,
      measure: 'fen',
      unit_id: UNIT,
    });
  });

  it('edits an offer without taking it below what projects hold, sending only what changed', async () => {
    const calls = stubApi({
      'GET /api/v1/resources': () => json({ items: [FUND], next_cursor: null }),
      'GET /api/v1/org-units': () => json({ items: [unit], next_cursor: null }),
      [`GET /api/v1/org-units/${UNIT}`]: () => json(unit),
      [`PATCH /api/v1/resources/${FUND.id}`]: () => json({ ...FUND, quantity: 3_000_000, remaining: 400_000, version: 4 }),
    });
    const user = userEvent.setup({ delay: null });
    renderRoute('/resources/mine', '/resources/mine', <MyResourcesPage />);

    await user.click(await screen.findByRole('button', { name: `修改“${FUND.title}”` }));
    const dialog = await screen.findByRole('dialog', { name: zhCN.resourceEdit.heading });
    // What claims were made against cannot change; what is held is said before typing.
    expect(within(dialog).getByText(zhCN.resourceEdit.fixed)).toBeTruthy();
    expect(within(dialog).getByText('已分配给项目 ¥26,000，数量不能少于此数')).toBeTruthy();
    const amount = within(dialog).getByLabelText(zhCN.resourcePublish.amount);
    expect((amount as HTMLInputElement).value).toBe('500000');
    await user.clear(amount);
    await user.type(amount, '20000');
    await user.click(within(dialog).getByRole('button', { name: zhCN.resourceEdit.save }));
    expect(await within(dialog).findByText('不能少于已分配给项目的 ¥26,000')).toBeTruthy();
    expect(calls.some((c) => c.method === 'PATCH')).toBe(false);

    await user.clear(amount);
    await user.type(amount, '30000');
    await user.click(within(dialog).getByRole('button', { name: zhCN.resourceEdit.save }));
    await waitFor(() => expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ version: 3, quantity: 3_000_000 }));
  });
});
