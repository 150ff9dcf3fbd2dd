import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Schemas } from '../../api/client';
import { zhCN } from '../../i18n/zh-CN';
import { BoardPage } from './BoardPage';
import { prefetchBoard } from './api';

afterEach(() => {
  vi.unstubAllGlobals();
});

const json = (body: unknown) => new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });

const unit = (id: string, name: string, kind: Schemas['UnitKind'], parent_id: string | null): Schemas['OrgUnit'] => ({
  id,
  name,
  kind,
  parent_id,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
  version: 1,
});
const UNITS: Record<string, Schemas['OrgUnit'][]> = {
  street: [unit('s1', '淮河路街道', 'street', 'd1')],
  community: [unit('c1', '兴华南街社区', 'community', 's1')],
  compound: [unit('k1', '金祥花园', 'compound', 'c1')],
};

const demand = (over: Partial<Schemas['PublicDemand']>): Schemas['PublicDemand'] => ({
  id: 'p1',
  title: '小区没有监控',
  description: '',
  category: 'safety',
  unit_id: 'k1',
  state: 'referred',
  author_name: '张**',
  cosign_count: 4,
  reason: '属公安部门职责',
  referred_to: '12345市民热线',
  created_at: '2026-03-01T02:00:00Z',
  updated_at: '2026-03-02T02:00:00Z',
  ...over,
});

/** The public API: two pages of demands, and the board's unit lists. */
function stub() {
  const calls: URL[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      const url = new URL(request.url);
      calls.push(url);
      if (url.pathname === '/api/v1/org-units') {
        return json({ items: UNITS[url.searchParams.get('kind') ?? ''] ?? [], next_cursor: null });
      }
      if (url.pathname === '/api/v1/public/demands') {
        return url.searchParams.get('cursor') === 'page2'
          ? json({ items: [demand({ id: 'p2', title: '老人吃饭难', state: 'published', reason: null, referred_to: null })] })
          : json({ items: [demand({})], next_cursor: 'page2' });
      }
      return new Response(null, { status: 404 });
    }),
  );
  return calls;
}

function open() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={['/board']}>
        <Routes>
          <Route path="/board" element={<BoardPage />} />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

const boardCalls = (calls: URL[]) => calls.filter((u) => u.pathname === '/api/v1/public/demands');

describe('BoardPage', { timeout: 30_000 }, () => {
  it('shows each demand with its masked author, place and public answer, and pages on', async () => {
    const calls = stub();
    const user = userEvent.setup({ delay: null });
    open();

    const card = await screen.findByLabelText('小区没有监控');
    expect(card.querySelector('a')?.getAttribute('href')).toBe('/board/p1');
    expect(within(card).getByText(zhCN.demandStates.referred)).toBeTruthy();
    expect(within(card).getByText(zhCN.demandCategories.safety)).toBeTruthy();
    expect(card.textContent).toContain('张**');
    expect(await within(card).findByText(/兴华南街社区 · 金祥花园/)).toBeTruthy();
    expect(card.textContent).toContain('属公安部门职责');
    expect(card.textContent).toContain('12345市民热线');

    await user.click(screen.getByRole('button', { name: zhCN.common.loadMore }));
    expect(await screen.findByLabelText('老人吃饭难')).toBeTruthy();
    expect(boardCalls(calls).map((u) => u.searchParams.get('cursor'))).toEqual([null, 'page2']);
    // The last page has no cursor: no more "load more".
    await waitFor(() => expect(screen.queryByRole('button', { name: zhCN.common.loadMore })).toBeNull());
  });

  it('asks the API again with the chosen filter and the search, kept in the URL', async () => {
    const calls = stub();
    const user = userEvent.setup({ delay: null });
    open();
    await screen.findByLabelText('小区没有监控');

    await user.selectOptions(screen.getByLabelText(zhCN.demand.state), zhCN.demandStates.resolved);
    await waitFor(() => expect(boardCalls(calls).at(-1)?.searchParams.get('state')).toBe('resolved'));
    // Submitted and withdrawn demands are never public: the filter does not offer them.
    expect(screen.queryByRole('option', { name: zhCN.demandStates.submitted })).toBeNull();
    expect(screen.queryByRole('option', { name: zhCN.demandStates.withdrawn })).toBeNull();

    // A street is offered whole, with its communities under it, once the units are in.
    await user.selectOptions(screen.getByLabelText(zhCN.demandBoard.unit), await screen.findByRole('option', { name: '兴华南街社区' }));
    await waitFor(() => expect(boardCalls(calls).at(-1)?.searchParams.get('unit_id')).toBe('c1'));
    expect(screen.getByRole('option', { name: zhCN.demandBoard.wholeStreet.replace('{{name}}', '淮河路街道').replace('{{level}}', '街道') })).toBeTruthy();

    // The search applies on Enter, not on every keystroke.
    const before = boardCalls(calls).length;
    await user.type(screen.getByLabelText(zhCN.common.search), '监控');
    expect(boardCalls(calls).length).toBe(before);
    await user.keyboard('{Enter}');
    await waitFor(() => expect(boardCalls(calls).at(-1)?.searchParams.get('q')).toBe('监控'));
    expect(boardCalls(calls).at(-1)?.searchParams.get('state')).toBe('resolved');
  });

  it('uses the requests the entry started for /board instead of asking again', async () => {
    const calls = stub();
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    prefetchBoard(client, '');
    render(
      <QueryClientProvider client={client}>
        <MemoryRouter initialEntries={['/board']}>
          <Routes>
            <Route path="/board" element={<BoardPage />} />
          </Routes>
        </MemoryRouter>
      </QueryClientProvider>,
    );
    const card = await screen.findByLabelText('小区没有监控');
    expect(await within(card).findByText(/兴华南街社区 · 金祥花园/)).toBeTruthy();
    expect(boardCalls(calls)).toHaveLength(1);
    expect(calls.filter((u) => u.pathname === '/api/v1/org-units')).toHaveLength(3);
  });
});
