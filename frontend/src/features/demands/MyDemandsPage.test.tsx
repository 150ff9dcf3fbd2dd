import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Schemas } from '../../api/client';
import { zhCN } from '../../i18n/zh-CN';
import { MyDemandsPage } from './MyDemandsPage';
import { demandFixture, json, problem, renderRoute, stubApi, UNIT_COMMUNITY } from './testing';

// The page reads only `useAuth().user`; a fixed resident stands in for a signed-in session.
vi.mock('../../auth/AuthProvider', () => ({
  AuthProvider: ({ children }: { children: ReactNode }) => children,
  useAuth: () => ({
    user: {
      id: 'u1',
      username: 'resident',
      display_name: '张伟',
      party_member: false, disabled: false, password_change_required: false, allowed_actions: [],
      created_at: '2026-01-01T00:00:00Z',
      updated_at: '2026-01-01T00:00:00Z',
      version: 1,
      grants: [{ id: 'g1', role: 'resident', unit_id: UNIT_COMMUNITY }],
    } satisfies Schemas['User'],
  }),
}));

afterEach(() => {
  vi.unstubAllGlobals();
});

const MINE = '0190a000-0000-7000-8000-0000000000f1';
const THEIRS = '0190a000-0000-7000-8000-0000000000f2';

describe('MyDemandsPage', { timeout: 30_000 }, () => {
  it('lists what the API returns with state and deadline, and co-signs published ones', async () => {
    const calls = stubApi({
      'GET /api/v1/demands': (call) =>
        json({
          items:
            call.query.get('state') === 'resolved'
              ? []
              : [
                  demandFixture({ id: MINE, title: '楼道灯坏了', state: 'submitted', overdue: true }),
                  demandFixture({ id: THEIRS, title: '门口积水', state: 'published', cosign_count: 5, allowed_actions: ['cosign'] }),
                ],
          next_cursor: null,
        }),
      [`POST /api/v1/demands/${THEIRS}/cosign`]: () => problem(403, 'own_demand', 'this is your own demand'),
    });
    const user = userEvent.setup({ delay: null });
    renderRoute('/my/demands', '/my/demands', <MyDemandsPage />);

    const mine = await screen.findByLabelText('楼道灯坏了');
    expect(mine.querySelector('a')?.getAttribute('href')).toBe(`/demands/${MINE}`);
    expect(within(mine).getByText(zhCN.demandStates.submitted)).toBeTruthy();
    expect(within(mine).getByText(new RegExp(zhCN.demand.overdue))).toBeTruthy();
    // Only where the API offers it.
    expect(within(mine).queryByRole('button')).toBeNull();

    const theirs = screen.getByLabelText('门口积水');
    expect(within(theirs).queryByText(new RegExp(zhCN.demand.overdue))).toBeNull();
    expect(theirs.textContent).toContain(`${zhCN.demand.cosigns} 5`);
    await user.click(within(theirs).getByRole('button', { name: new RegExp(zhCN.demandActions.cosign) }));
    expect((await within(theirs).findByRole('alert')).textContent).toBe(zhCN.errors.own_demand);

    // The state filter is the API's, not a client-side one.
    await user.click(screen.getByLabelText(zhCN.demand.state));
    await user.click(within((await screen.findByRole('listbox')).parentElement ?? document.body).getByTitle(zhCN.demandStates.resolved));
    expect(await screen.findByText(zhCN.common.noData)).toBeTruthy();
    await waitFor(() =>
      expect(calls.filter((c) => c.path === '/api/v1/demands').map((c) => c.query.get('state'))).toEqual([null, 'resolved']),
    );
  });

  it('lists only the reader’s own: those it filed, and a tab away those it co-signed', async () => {
    const calls = stubApi({
      'GET /api/v1/demands': (call) =>
        json({
          items:
            call.query.get('mine') === 'cosigned'
              ? [demandFixture({ id: THEIRS, title: '门口积水', state: 'published', cosigned_by_me: true })]
              : [demandFixture({ id: MINE, title: '楼道灯坏了' })],
          next_cursor: null,
        }),
    });
    const user = userEvent.setup({ delay: null });
    renderRoute('/my/demands', '/my/demands', <MyDemandsPage />);

    expect(await screen.findByLabelText('楼道灯坏了')).toBeTruthy();
    expect(screen.queryByLabelText('门口积水')).toBeNull();

    await user.click(screen.getByRole('tab', { name: zhCN.myDemandsTabs.cosigned }));
    const theirs = await screen.findByLabelText('门口积水');
    expect(screen.queryByLabelText('楼道灯坏了')).toBeNull();
    const done = within(theirs).getByRole('button');
    expect(done.textContent).toContain(zhCN.demand.cosigned);
    expect((done as HTMLButtonElement).disabled).toBe(true);
    expect(calls.filter((c) => c.path === '/api/v1/demands').map((c) => c.query.get('mine'))).toEqual(['filed', 'cosigned']);
  });
});
