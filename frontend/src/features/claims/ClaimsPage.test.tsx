import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Schemas } from '../../api/client';
import { json, problem, renderRoute, stubApi } from '../../components/testing';
import { zhCN } from '../../i18n/zh-CN';
import { ClaimsPage } from './ClaimsPage';

const ORG = '0190a000-0000-7000-8000-0000000000a1';

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
      grants: [{ id: 'g1', role: 'co_builder', unit_id: 'x', organization_id: ORG }],
    } satisfies Schemas['User'],
  }),
}));

afterEach(() => {
  vi.unstubAllGlobals();
});

function claimFixture(over: Partial<Schemas['Claim']> = {}): Schemas['Claim'] {
  return {
    id: '0190a000-0000-7000-8000-0000000000c1',
    project_id: '0190a000-0000-7000-8000-0000000000b1',
    resource_id: '0190a000-0000-7000-8000-0000000000e1',
    quantity: 2_000_000,
    initiated_by: 'project',
    state: 'pending',
    note: '',
    created_at: '2026-03-01T02:00:00Z',
    updated_at: '2026-03-01T02:00:00Z',
    version: 1,
    allowed_actions: ['confirm', 'decline'],
    withheld_actions: [],
    project_title: '亚新小区停车位重新规划',
    project_state: 'published',
    project_gap_fen: 3_000_000,
    resource_title: '老旧小区微改造专项资金',
    resource_kind: 'funds',
    resource_measure: 'fen',
    resource_remaining: 47_400_000,
    organization_id: ORG,
    organization_name: '二七区住建局',
    ...over,
  };
}

const REQUEST = claimFixture();
const OURS = claimFixture({
  id: '0190a000-0000-7000-8000-0000000000c2',
  initiated_by: 'provider',
  state: 'confirmed',
  allowed_actions: ['fulfil'],
  project_title: '兴华南街电动车集中充电棚',
});

describe('ClaimsPage', { timeout: 30_000 }, () => {
  it('shows the inbox with the effect before confirming, and says a refusal in Chinese', async () => {
    const calls = stubApi({
      'GET /api/v1/claims': (call) => json({ items: call.query.get('awaiting_me') === 'true' ? [REQUEST] : [REQUEST, OURS], next_cursor: null }),
      [`POST /api/v1/claims/${REQUEST.id}/transitions`]: () => problem(409, 'over_allocation', 'the resource has 0 left'),
    });
    const user = userEvent.setup({ delay: null });
    renderRoute('/claims', '/claims', <ClaimsPage />);

    const card = await screen.findByLabelText('老旧小区微改造专项资金 → 亚新小区停车位重新规划');
    expect(within(card).getByRole('link', { name: '亚新小区停车位重新规划' }).getAttribute('href')).toBe(`/projects/${REQUEST.project_id}`);
    expect(within(card).getByText(zhCN.claimSides.project)).toBeTruthy();
    expect(card.textContent).toContain('¥20,000');
    // Only the buttons the API offers.
    expect(within(card).getAllByRole('button').map((b) => b.textContent?.replace(/\s/g, ''))).toEqual(['确认', '拒绝']);

    await user.click(within(card).getByRole('button', { name: /确\s*认/ }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('确认后：项目资金缺口 ¥30,000 → ¥10,000；资源剩余 ¥474,000 → ¥454,000');
    await user.click(within(dialog).getAllByRole('button', { name: /确\s*认/ }).at(-1)!);

    expect((await within(card).findByRole('alert')).textContent).toContain(zhCN.errors.over_allocation);
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ action: 'confirm', version: 1 });
    // The list is read again after the refusal.
    await waitFor(() => expect(calls.filter((c) => c.method === 'GET').length).toBeGreaterThan(1));
  });

  it('says why a confirmation is withheld where its button would be: the gap it would exceed', async () => {
    const over = claimFixture({
      quantity: 5_000_000,
      allowed_actions: ['decline'],
      withheld_actions: [{ action: 'confirm', code: 'over_gap', detail: 'the project’s open funding gap is ¥30,000.00; ¥50,000.00 would exceed it' }],
    });
    stubApi({ 'GET /api/v1/claims': () => json({ items: [over], next_cursor: null }) });
    renderRoute('/claims', '/claims', <ClaimsPage />);

    const card = await screen.findByLabelText('老旧小区微改造专项资金 → 亚新小区停车位重新规划');
    expect(card.textContent).toContain('暂不能确认：项目资金缺口仅剩 ¥30,000，本次 ¥50,000 超出缺口');
    expect(within(card).getAllByRole('button').map((b) => b.textContent?.replace(/\s/g, ''))).toEqual(['拒绝']);
    expect(within(card).queryByText(/确认后/)).toBeNull();
  });

  it('shows everything a tab away, with our own claims named as ours and only their own actions', async () => {
    stubApi({
      'GET /api/v1/claims': (call) => json({ items: call.query.get('awaiting_me') === 'true' ? [] : [REQUEST, OURS], next_cursor: null }),
    });
    const user = userEvent.setup({ delay: null });
    renderRoute('/claims', '/claims', <ClaimsPage />);

    expect(await screen.findByText(zhCN.claimsInbox.emptyAwaiting)).toBeTruthy();
    await user.click(screen.getByRole('tab', { name: zhCN.claimsInbox.all }));
    const ours = await screen.findByLabelText('老旧小区微改造专项资金 → 兴华南街电动车集中充电棚');
    expect(within(ours).getByText(zhCN.claimsInbox.ourClaim)).toBeTruthy();
    expect(within(ours).getByText(zhCN.claimStates.confirmed)).toBeTruthy();
    expect(within(ours).getAllByRole('button').map((b) => b.textContent)).toEqual([zhCN.claimActions.fulfil]);
    expect(within(ours).queryByText(/确认后/)).toBeNull();
  });
});
