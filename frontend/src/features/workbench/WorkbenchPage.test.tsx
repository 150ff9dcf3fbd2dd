// 工作台: one card per kind of work with its count, what it is and a hint, "99+" past 99, the
// kinds with nothing waiting last with 暂无; a tap opens the list the count came from. A
// resident's home shows the same counts, without the hints.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App as AntApp, ConfigProvider } from 'antd';
import type { ReactNode } from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Schemas } from '../../api/client';
import { grantsOf, json, permissionsFixture, problem, stubApi, testUser } from '../../components/testing';
import { zhCN } from '../../i18n/zh-CN';
import { WorkbenchPage, WorkbenchSummary } from './WorkbenchPage';

const signedIn = (role: Schemas['Role']) => testUser({ username: role, display_name: '兴华南街社区工作者', grants: grantsOf([role]) });

const auth = vi.hoisted(() => ({ role: 'community_worker' as Schemas['Role'] }));
vi.mock('../../auth/AuthProvider', () => ({
  AuthProvider: ({ children }: { children: ReactNode }) => children,
  useAuth: () => ({ user: signedIn(auth.role) }),
}));

afterEach(() => {
  vi.unstubAllGlobals();
  auth.role = 'community_worker';
});

type WorkCount = Schemas['WorkCount'];

const WORKER: WorkCount[] = [
  { item: 'demands_to_verify', count: 3, at_least: false },
  { item: 'demands_overdue', count: 0, at_least: false },
  { item: 'cases_open', count: 100, at_least: true },
  { item: 'faults_open', count: 1, at_least: false },
  { item: 'notifications_unread', count: 0, at_least: false },
];

function Where() {
  const location = useLocation();
  return <p>{`at ${location.pathname}${location.search}`}</p>;
}

function open(element: ReactNode, path = '/workbench') {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <ConfigProvider>
      <AntApp>
        <QueryClientProvider client={client}>
          <MemoryRouter initialEntries={[path]}>
            <Routes>
              <Route path={path} element={element} />
              <Route path="*" element={<Where />} />
            </Routes>
          </MemoryRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>,
  );
}

const cards = async () => within(await screen.findByRole('list', { name: zhCN.workbench.label })).getAllByRole('link');

describe('WorkbenchPage', { timeout: 30_000 }, () => {
  it('shows each kind of work with its count, what it is and a hint, those with nothing waiting last', async () => {
    const calls = stubApi({ 'GET /api/v1/me/workbench': () => json({ items: WORKER }) });
    open(<WorkbenchPage />);

    expect(await screen.findByRole('heading', { name: '工作台' })).toBeTruthy();
    const links = await cards();
    expect(links.map((l) => l.querySelector('.work-label')?.textContent)).toEqual([
      '待受理需求',
      '办理中的协调事项',
      '待处理报修',
      '超期需求',
      '未读消息',
    ]);
    expect(links.map((l) => l.querySelector('.work-count')?.textContent)).toEqual(['3', '99+', '1', '暂无', '暂无']);
    expect(within(links[0]).getByText(zhCN.workItems.demands_to_verify.hint)).toBeTruthy();
    // Nothing waiting: muted, after the others.
    expect(links[0].className).not.toContain('none');
    expect(links[3].className).toContain('none');
    expect(links.map((l) => l.getAttribute('href'))).toEqual([
      '/queue?state=submitted',
      '/cases?state=open',
      '/faults?state=open',
      '/queue?overdue=true',
      '/notifications?unread=1',
    ]);
    expect(calls.filter((c) => c.path === '/api/v1/me/workbench')).toHaveLength(1);
  });

  it('opens the list a card counts when it is tapped', async () => {
    stubApi({ 'GET /api/v1/me/workbench': () => json({ items: WORKER }) });
    const user = userEvent.setup({ delay: null });
    open(<WorkbenchPage />);

    await user.click(await screen.findByRole('link', { name: /待受理需求/ }));
    expect(await screen.findByText('at /queue?state=submitted')).toBeTruthy();
  });

  it('says when nothing is waiting', async () => {
    stubApi({ 'GET /api/v1/me/workbench': () => json({ items: [] }) });
    open(<WorkbenchPage />);
    expect(await screen.findByText(zhCN.workbench.empty)).toBeTruthy();
  });

  it('says why the counts could not be read, and reads them again when asked', async () => {
    let fail = true;
    stubApi({
      'GET /api/v1/me/workbench': () => (fail ? problem(503, 'busy_retry', 'busy') : json({ items: WORKER })),
    });
    const user = userEvent.setup({ delay: null });
    open(<WorkbenchPage />);

    expect(await screen.findByText(zhCN.errors.busy_retry)).toBeTruthy();
    fail = false;
    await user.click(screen.getByRole('button', { name: zhCN.workbench.retry }));
    expect(await cards()).toHaveLength(WORKER.length);
  });
});

describe('WorkbenchPage’s places to read', { timeout: 30_000 }, () => {
  it('leads the district admin and auditors to 审计概览, apart from their work', async () => {
    for (const role of ['auditor', 'district_admin'] as const) {
      auth.role = role;
      stubApi({ 'GET /api/v1/me/workbench': () => json({ items: [{ item: 'cases_escalated', count: 1, at_least: false }] }) });
      const user = userEvent.setup({ delay: null });
      const page = open(<WorkbenchPage />);

      const reading = await screen.findByRole('list', { name: zhCN.workbench.reading });
      const link = within(reading).getByRole('link', { name: /审计概览/ });
      expect(link.getAttribute('href')).toBe('/audit');
      expect(within(link).getByText(zhCN.workbench.auditHint)).toBeTruthy();
      // Not one of the counted cards.
      expect((await cards()).map((l) => l.getAttribute('href'))).toEqual(['/cases?state=escalated']);

      await user.click(link);
      expect(await screen.findByText('at /audit')).toBeTruthy();
      page.unmount();
    }
  });

  it('has none for the other roles', async () => {
    stubApi({ 'GET /api/v1/me/workbench': () => json({ items: WORKER }) });
    open(<WorkbenchPage />);
    await cards();
    expect(screen.queryByRole('list', { name: zhCN.workbench.reading })).toBeNull();
    expect(screen.queryByRole('link', { name: /审计概览/ })).toBeNull();
  });
});

describe('WorkbenchPage’s services for residents', { timeout: 30_000 }, () => {
  it('leads whoever may open residents’ accounts to 为居民开户, and shows it to nobody else', async () => {
    for (const units of [['c1'], []]) {
      let answered = false;
      stubApi({
        'GET /api/v1/me/workbench': () => json({ items: WORKER }),
        'GET /api/v1/me/permissions': () => {
          answered = true;
          return json(permissionsFixture({ desk_registration_units: units }));
        },
      });
      const page = open(<WorkbenchPage />);
      await cards();
      if (units.length) {
        const services = await screen.findByRole('list', { name: zhCN.workbench.services });
        const link = within(services).getByRole('link', { name: new RegExp(zhCN.workbench.desk) });
        expect(link.getAttribute('href')).toBe('/residents/new');
        expect(within(link).getByText(zhCN.workbench.deskHint)).toBeTruthy();
      } else {
        await waitFor(() => expect(answered).toBe(true));
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(screen.queryByText(zhCN.workbench.desk)).toBeNull();
      }
      page.unmount();
    }
  });
});

describe('WorkbenchSummary', { timeout: 30_000 }, () => {
  it('shows a resident’s counts atop its home, without hints, and opens their lists', async () => {
    stubApi({
      'GET /api/v1/me/workbench': () =>
        json({
          items: [
            { item: 'ratings_to_give', count: 0, at_least: false },
            { item: 'my_demands_open', count: 2, at_least: false },
            { item: 'notifications_unread', count: 4, at_least: false },
          ],
        }),
    });
    const user = userEvent.setup({ delay: null });
    open(<WorkbenchSummary />, '/my/demands');

    const region = await screen.findByRole('region', { name: zhCN.workbench.summary });
    const links = await within(region).findAllByRole('link');
    expect(links.map((l) => l.textContent)).toEqual(['2我的在办需求', '4未读消息', '暂无待评价项目']);
    expect(within(region).queryByText(zhCN.workItems.my_demands_open.hint)).toBeNull();
    // The resident is on 我的需求 already: that card says so.
    expect(links[0].getAttribute('aria-current')).toBe('page');

    await user.click(links[1]);
    expect(await screen.findByText('at /notifications?unread=1')).toBeTruthy();
  });
});
