// The public project list: each title opens the project's public page, and the list pages
// through every project with the API's cursor, as the demand board does.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Schemas } from '../../api/client';
import { json, renderRoute, stubApi } from '../../components/testing';
import { zhCN } from '../../i18n/zh-CN';
import { PublicProjectsPage } from './PublicProjectsPage';
import { served } from '../../components/servedProject';

afterEach(() => {
  vi.unstubAllGlobals();
});

function projectFixture(n: number, over: Partial<Schemas['PublicProject']> = {}): Schemas['PublicProject'] {
  return served({
    id: `0190a000-0000-7000-8000-0000000001${String(n).padStart(2, '0')}`,
    title: `民生实事项目${n}`,
    description: '',
    category: 'micro_renovation',
    unit_id: '0190a000-0000-7000-8000-0000000000a2',
    plan: '分三步实施',
    budget_fen: 1_000_000,
    gov_funds_fen: 1_000_000,
    funded_fen: 0,
    beneficiaries: 120,
    state: 'published',
    demand_ids: [],
    progress_percent: 0,
    created_at: '2026-03-01T02:00:00Z',
    updated_at: '2026-03-01T02:00:00Z',
    ...over,
  });
}

const open = () => renderRoute('/board/projects', '/board/projects', <PublicProjectsPage />);

describe('PublicProjectsPage', { timeout: 30_000 }, () => {
  it("links each project's title to its public page", async () => {
    const charging = projectFixture(1, { title: '兴华南街电动车集中充电棚', state: 'in_progress', progress_percent: 40 });
    stubApi({ 'GET /api/v1/public/projects': () => json({ items: [charging], next_cursor: null }) });
    open();
    const card = await screen.findByRole('article', { name: '兴华南街电动车集中充电棚' });
    const title = within(card).getByRole('link', { name: '兴华南街电动车集中充电棚' });
    expect(title.getAttribute('href')).toBe(`/board/projects/${charging.id}`);
    expect(within(card).getByRole('progressbar').getAttribute('value')).toBe('40');
    expect(screen.queryByRole('button', { name: zhCN.common.loadMore })).toBeNull();
  });

  it('reads the next page with the cursor the last one gave, until there is none', async () => {
    const first = Array.from({ length: 20 }, (_, i) => projectFixture(i + 1));
    const calls = stubApi({
      'GET /api/v1/public/projects': ({ query }) =>
        query.get('cursor') === 'c2'
          ? json({ items: [projectFixture(21, { title: '亚新小区停车位重新规划' })], next_cursor: null })
          : json({ items: first, next_cursor: 'c2' }),
    });
    const user = userEvent.setup({ delay: null });
    open();
    expect(await screen.findByRole('link', { name: '民生实事项目20' })).toBeTruthy();
    expect(screen.queryByText('亚新小区停车位重新规划')).toBeNull();
    expect(calls[0].query.get('cursor')).toBeNull();

    await user.click(screen.getByRole('button', { name: zhCN.common.loadMore }));
    expect(await screen.findByRole('link', { name: '亚新小区停车位重新规划' })).toBeTruthy();
    expect(calls.at(-1)?.query.get('cursor')).toBe('c2');
    expect(screen.getAllByRole('article')).toHaveLength(21);
    await waitFor(() => expect(screen.queryByRole('button', { name: zhCN.common.loadMore })).toBeNull());
  });

  it('says when nothing is published yet', async () => {
    stubApi({ 'GET /api/v1/public/projects': () => json({ items: [], next_cursor: null }) });
    open();
    expect(await screen.findByText(zhCN.projectBoard.empty)).toBeTruthy();
  });
});
