import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Schemas } from '../../api/client';
import { zhCN } from '../../i18n/zh-CN';
import { MyDemandsPage } from './MyDemandsPage';
import { demandFixture, json, problem, renderRoute, stubApi, UNIT_COMMUNITY } from './testing';
import { served } from '../../components/servedProject';

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

  it('leads a resident with nothing filed yet to filing, not to a filter panel over 暂无数据', async () => {
    stubApi({ 'GET /api/v1/demands': () => json({ items: [], next_cursor: null }) });
    const user = userEvent.setup({ delay: null });
    renderRoute('/my/demands', '/my/demands', <MyDemandsPage />);

    expect(await screen.findByText(zhCN.myDemands.nothingYet.filed)).toBeTruthy();
    expect(screen.queryByRole('region', { name: zhCN.demandBoard.filters })).toBeNull();
    expect(screen.queryByText(zhCN.common.noData)).toBeNull();
    // One way to file, in the empty state (not a second one in the header).
    const file = screen.getAllByRole('button', { name: new RegExp(zhCN.nav.newDemand) });
    expect(file).toHaveLength(1);
    await user.click(file[0]);
    expect(await screen.findByText('elsewhere')).toBeTruthy();
  });

  it('leads to the board when it has co-signed nothing yet', async () => {
    stubApi({ 'GET /api/v1/demands': () => json({ items: [], next_cursor: null }) });
    renderRoute('/my/demands?tab=cosigned', '/my/demands', <MyDemandsPage />);
    expect(await screen.findByText(zhCN.myDemands.nothingYet.cosigned)).toBeTruthy();
    expect(screen.getByRole('link', { name: zhCN.myDemands.nothingYet.toBoard }).getAttribute('href')).toBe('/board');
  });

  it('keeps the filters when they are what left the list empty', async () => {
    stubApi({
      'GET /api/v1/demands': (call) =>
        json({ items: call.query.get('state') ? [] : [demandFixture({ id: MINE, title: '楼道灯坏了' })], next_cursor: null }),
    });
    const user = userEvent.setup({ delay: null });
    renderRoute('/my/demands', '/my/demands', <MyDemandsPage />);
    await screen.findByLabelText('楼道灯坏了');
    await user.click(screen.getByLabelText(zhCN.demand.state));
    await user.click(within((await screen.findByRole('listbox')).parentElement ?? document.body).getByTitle(zhCN.demandStates.resolved));
    expect(await screen.findByText(zhCN.common.noData)).toBeTruthy();
    expect(screen.getByRole('region', { name: zhCN.demandBoard.filters })).toBeTruthy();
    expect(screen.queryByText(zhCN.myDemands.nothingYet.filed)).toBeNull();
  });

  it('asks 请评价 on a resolved demand whose closed project the resident may still rate, leading to the rating', async () => {
    const RATE = '0190a000-0000-7000-8000-0000000000a1';
    const RATED = '0190a000-0000-7000-8000-0000000000a2';
    const project = (id: string, allowed: Schemas['ProjectAllowedAction'][]) => ({ id, state: 'closed', allowed_actions: allowed, rated_by_me: allowed.length === 0 });
    const calls = stubApi({
      'GET /api/v1/demands': () =>
        json({
          items: [
            demandFixture({ id: MINE, title: '楼道灯坏了', state: 'resolved', project_id: RATE, project: served({ id: RATE, title: '楼道照明改造', state: 'closed', progress_percent: 50 }) }),
            demandFixture({ id: THEIRS, title: '门口积水', state: 'resolved', project_id: RATED, project: served({ id: RATED, title: '排水改造', state: 'closed', progress_percent: 100 }) }),
            demandFixture({ id: '0190a000-0000-7000-8000-0000000000f3', title: '路灯不亮', state: 'accepted', project_id: RATE, project: served({ id: RATE, title: '楼道照明改造', state: 'in_progress', progress_percent: 50 }) }),
          ],
          next_cursor: null,
        }),
      [`GET /api/v1/projects/${RATE}`]: () => json(project(RATE, ['rate'])),
      [`GET /api/v1/projects/${RATED}`]: () => json(project(RATED, [])),
    });
    renderRoute('/my/demands', '/my/demands', <MyDemandsPage />);

    const owed = await screen.findByLabelText('楼道灯坏了');
    const rate = await within(owed).findByRole('link', { name: zhCN.myDemands.rate });
    expect(rate.getAttribute('href')).toBe(`/projects/${RATE}#rating`);
    await waitFor(() => expect(calls.filter((c) => c.path === `/api/v1/projects/${RATED}`)).toHaveLength(1));
    expect(within(screen.getByLabelText('门口积水')).queryByRole('link', { name: zhCN.myDemands.rate })).toBeNull();
    // A demand whose project is not closed asks nothing (and reads no project for it).
    expect(within(screen.getByLabelText('路灯不亮')).queryByRole('link', { name: zhCN.myDemands.rate })).toBeNull();
    expect(calls.filter((c) => c.path === `/api/v1/projects/${RATE}`)).toHaveLength(1);
  });
});
