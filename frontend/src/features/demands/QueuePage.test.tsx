import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { zhCN } from '../../i18n/zh-CN';
import { QueuePage, readFilters } from './QueuePage';
import {
  demandFixture,
  json,
  orgUnitFixture,
  renderRoute,
  stubApi,
  UNIT_COMMUNITY,
  type Call,
} from './testing';

// antd in jsdom takes a while on a busy machine.
vi.setConfig({ testTimeout: 30_000 });

// The page reads only `useAuth().user` (its grants scope the unit filter). A fixed user
// stands in for a session: AuthProvider's snapshot of a stored session is a new object on
// every read, which useSyncExternalStore rejects.
const auth = vi.hoisted(() => ({
  user: {
    id: 'u1',
    username: 'worker',
    display_name: '王社工',
    party_member: true, disabled: false,
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    version: 1,
    grants: [
      { id: 'g1', role: 'community_worker' as const, unit_id: '0190a000-0000-7000-8000-000000000010' },
      { id: 'g2', role: 'resident' as const, unit_id: 'not-a-queue-scope' },
    ],
  },
}));
vi.mock('../../auth/AuthProvider', () => ({
  AuthProvider: ({ children }: { children: ReactNode }) => children,
  useAuth: () => auth,
}));

afterEach(() => {
  vi.unstubAllGlobals();
});

const first = demandFixture({ overdue: true, due_at: '2026-03-04T02:00:00Z', cosign_count: 7 });
const second = demandFixture({ id: '0190a000-0000-7000-8000-0000000000d2', title: '小区绿化带杂草丛生', category: 'greening', unit_id: UNIT_COMMUNITY });

function serve(demands?: (call: Call) => Response): Call[] {
  return stubApi({
    'GET /api/v1/org-units': () =>
      json({
        items: [orgUnitFixture({ id: UNIT_COMMUNITY, name: '建中街社区', kind: 'community', parent_id: null }), orgUnitFixture()],
        next_cursor: null,
      }),
    'GET /api/v1/demands':
      demands ??
      ((call) =>
        call.query.get('cursor') === 'page-2'
        ? json({ items: [second], next_cursor: null })
          : json({ items: [first], next_cursor: 'page-2' })),
  });
}

const demandCalls = (calls: Call[]) => calls.filter((c) => c.path === '/api/v1/demands');

describe('QueuePage', () => {
  it('lists demands with unit names and overdue as text, and loads more with the cursor', async () => {
    const calls = serve();
    const user = userEvent.setup({ delay: null });
    renderRoute('/queue', '/queue', <QueuePage />);

    const link = await screen.findByRole('link', { name: first.title });
    expect(link.getAttribute('href')).toBe(`/demands/${first.id}`);
    expect(await screen.findByText(/金祥花园/)).toBeTruthy();
    expect(screen.getByText(new RegExp(zhCN.demand.overdue))).toBeTruthy();
    // Only the queue roles' units are looked up.
    const unitCalls = calls.filter((c) => c.path === '/api/v1/org-units');
    expect(unitCalls.map((c) => c.query.get('unit_id'))).toEqual([UNIT_COMMUNITY]);

    await user.click(screen.getByRole('button', { name: new RegExp(zhCN.common.loadMore.split('').join('\\s?')) }));
    expect(await screen.findByRole('link', { name: second.title })).toBeTruthy();
    expect(demandCalls(calls).at(-1)?.query.get('cursor')).toBe('page-2');
    expect(screen.queryByRole('button', { name: new RegExp(zhCN.common.loadMore) })).toBeNull();
    expect(screen.getByText(zhCN.demandQueue.end)).toBeTruthy();
  });

  it('asks the API for overdue demands only when the toggle is on', async () => {
    const calls = serve();
    const user = userEvent.setup({ delay: null });
    renderRoute('/queue?sort=due', '/queue', <QueuePage />);

    await screen.findByRole('link', { name: first.title });
    expect(demandCalls(calls)[0].query.get('sort')).toBe('due');
    expect(demandCalls(calls)[0].query.has('overdue')).toBe(false);

    await user.click(screen.getByRole('switch', { name: zhCN.demand.filter.overdueOnly }));
    await waitFor(() => expect(demandCalls(calls).at(-1)?.query.get('overdue')).toBe('true'));
    expect(demandCalls(calls).at(-1)?.query.get('sort')).toBe('due');
  });
});

/** A view's segment (its radio input takes no pointer: the label does). */
const view = (name: string) => screen.getByRole('radio', { name }).closest('label') as HTMLElement;

describe('QueuePage views', () => {
  it('opens on what needs doing, by deadline, with author, deadline and co-signs', async () => {
    const calls = serve(() => json({ items: [demandFixture({ due_at: '2026-03-04T02:00:00Z', overdue: true, author_name: '张三', cosign_count: 7 })], next_cursor: null }));
    renderRoute('/queue', '/queue', <QueuePage />);

    const link = await screen.findByRole('link', { name: first.title });
    // jsdom is a phone to antd's breakpoints: one card per demand.
    const card = link.closest('li') as HTMLElement;
    expect(card.textContent).toContain(`张三 · ${zhCN.demand.cosigns} 7`);
    expect(card.textContent).toMatch(new RegExp(`2026-03-04.*${zhCN.demand.overdue}`));
    const query = demandCalls(calls)[0].query;
    expect(query.get('sort')).toBe('due');
    expect(query.has('state')).toBe(false);
  });

  it('puts everything and the resolved ones one click away', async () => {
    const calls = serve(() => json({ items: [], next_cursor: null }));
    const user = userEvent.setup({ delay: null });
    renderRoute('/queue', '/queue', <QueuePage />);

    await screen.findByText(zhCN.demandQueueViews.empty.todo.replace('{{scope}}', '建中街社区'));
    await user.click(view(zhCN.demandQueueViews.done));
    expect(await screen.findByText(zhCN.demandQueueViews.empty.done.replace('{{scope}}', '建中街社区'))).toBeTruthy();
    expect(demandCalls(calls).at(-1)?.query.get('state')).toBe('resolved');

    await user.click(view(zhCN.demandQueueViews.all));
    expect(await screen.findByText(zhCN.demandQueueViews.empty.all.replace('{{scope}}', '建中街社区'))).toBeTruthy();
    const all = demandCalls(calls).at(-1)?.query;
    expect(all?.has('state')).toBe(false);
    expect(all?.get('sort')).toBe('newest');
  });

  it('says a filtered empty list is the filter, not the scope', async () => {
    serve(() => json({ items: [], next_cursor: null }));
    renderRoute('/queue?q=%E6%BC%8F%E6%B0%B4', '/queue', <QueuePage />);
    expect(await screen.findByText(zhCN.demandQueueViews.noMatch)).toBeTruthy();
  });
});

describe('readFilters', () => {
  it('keeps known values and drops the rest', () => {
    expect(readFilters(new URLSearchParams('view=later&state=published&category=nope&sort=oldest&q=%20漏水%20&overdue=true'))).toEqual({
      view: 'todo',
      state: 'published',
      category: undefined,
      unit_id: undefined,
      q: '漏水',
      overdue: true,
      sort: 'newest',
    });
  });
});
