// The project page draws its buttons from `allowed_actions` only, and says a refusal in
// Chinese naming its rule (the funding gap in yuan, from the project as read).
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App as AntApp, ConfigProvider } from 'antd';
import type { ReactNode } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Schemas } from '../../api/client';
import { zhCN } from '../../i18n/zh-CN';
import { ProjectPage } from './ProjectPage';
import { served } from '../../components/servedProject';

vi.setConfig({ testTimeout: 30_000 });

const auth = vi.hoisted(() => ({ user: null as unknown }));
vi.mock('../../auth/AuthProvider', () => ({
  AuthProvider: ({ children }: { children: ReactNode }) => children,
  useAuth: () => auth,
}));

afterEach(() => vi.unstubAllGlobals());

const ID = '0190a000-0000-7000-8000-0000000000p1';

function projectFixture(over: Partial<Schemas['Project']> = {}): Schemas['Project'] {
  return served({
    id: ID,
    title: '亚新小区停车位重新规划',
    description: '',
    category: 'micro_governance',
    unit_id: 'u1',
    plan: '重新施划车位',
    budget_fen: 8_000_000,
    gov_funds_fen: 5_000_000,
    funded_fen: 0,
    gap_fen: 3_000_000,
    required_approvals: 2,
    beneficiaries: 300,
    state: 'published',
    demand_ids: [],
    readable_demand_ids: [],
    rework_round: 0,
    progress_percent: 0,
    created_at: '2026-03-01T02:00:00Z',
    updated_at: '2026-03-01T02:00:00Z',
    version: 2,
    allowed_actions: [],
    withheld_actions: [],
    upkeep_actions: [],
    rated_by_me: false,
    ...over,
  });
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' } });

function serve(
  project: Schemas['Project'],
  transition?: () => Response,
  claims: { state: Schemas['ClaimState'] }[] = [],
  publicDemands: Record<string, unknown> = {},
  outcome?: Schemas['ProjectOutcome'],
) {
  const calls: { method: string; path: string; body?: unknown }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      const path = new URL(request.url).pathname;
      const body = request.method === 'GET' ? undefined : JSON.parse(await request.clone().text());
      calls.push({ method: request.method, path, body });
      if (path === `/api/v1/projects/${ID}`) return json(project);
      if (path === `/api/v1/public/projects/${ID}/outcome` && outcome) return json(outcome);
      if (path === `/api/v1/projects/${ID}/transitions` && transition) return transition();
      if (path.startsWith(`/api/v1/projects/${ID}/`) || path === '/api/v1/claims') return json(path.endsWith('/claims') ? { items: claims, next_cursor: null } : []);
      const publicDemand = path.startsWith('/api/v1/public/demands/') && publicDemands[path.split('/').pop() ?? ''];
      if (publicDemand) return json(publicDemand);
      if (path.startsWith('/api/v1/org-units/')) return json({ id: 'u1', name: '亚新小区', kind: 'compound', parent_id: null, created_at: '', updated_at: '', version: 1 });
      return json({ type: 'x', title: 'x', status: 404, detail: 'no', code: 'not_found' }, 404);
    }),
  );
  return calls;
}

function renderPage() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return render(
    <ConfigProvider>
      <AntApp>
        <QueryClientProvider client={client}>
          <MemoryRouter initialEntries={[`/projects/${ID}`]}>
            <Routes>
              <Route path="/projects/:id" element={<ProjectPage />} />
            </Routes>
          </MemoryRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>,
  );
}

const buttonNames = () => screen.queryAllByRole('button').map((b) => b.textContent?.replace(/\s/g, ''));

describe('ProjectPage', () => {
  it('shows a reader who may do nothing no lifecycle button', async () => {
    serve(projectFixture({ state: 'closed', gap_fen: 0, allowed_actions: [] }));
    renderPage();
    await screen.findByRole('heading', { name: '亚新小区停车位重新规划' });
    expect(buttonNames()).toEqual(['返回']);
    expect(screen.queryByText(/尚不能开工/)).toBeNull();
  });

  it('shows the committee its allowed steps and why the work cannot start', async () => {
    serve(
      projectFixture({
        allowed_actions: ['cancel', 'request_resource'],
        withheld_actions: [{ action: 'start', code: 'funding_gap', detail: 'a funding gap of ¥30,000 remains' }],
      }),
    );
    renderPage();
    await screen.findByRole('heading', { name: '亚新小区停车位重新规划' });
    expect(buttonNames()).toContain('撤销');
    expect(buttonNames()).not.toContain('开工');
    expect(screen.getByText(/资金缺口 ¥30,000，尚不能开工/)).toBeTruthy();
    expect(screen.getByText('可在下方“资源匹配”中向共建单位申请资金。')).toBeTruthy();
    expect(screen.getByRole('img', { name: '预算 ¥80,000：政府资金 ¥50,000，社会资金 ¥0，缺口 ¥30,000' })).toBeTruthy();
  });

  it('says where a completed project’s inspection stands, as the API counts it', async () => {
    serve(
      projectFixture({
        state: 'completed',
        gap_fen: 0,
        rework_round: 1,
        inspection_tally: { round: 1, required: 2, passes: 1, fails: 0, eligible: 3, voted: 1 },
      }),
    );
    renderPage();
    expect(await screen.findByText('第2轮验收：通过 1 票、不通过 0 票；需 2 票通过；可投票 3 人、已投 1 人')).toBeTruthy();
  });

  it('shows the committee what residents said of its closed project, in their words', async () => {
    const outcome: Schemas['ProjectOutcome'] = {
      votes: [],
      ratings: {
        count: 2,
        average: 3.5,
        by_score: [0, 1, 0, 0, 1],
        comments: [{ score: 2, comment: '车位划得太窄，停不进去', created_at: '2026-03-20T02:00:00Z' }],
      },
      gov_funds_fen: 8_000_000,
      contributions: [],
    };
    serve(projectFixture({ state: 'closed', gap_fen: 0, allowed_actions: [] }), undefined, [], {}, outcome);
    renderPage();
    expect(await screen.findByText('车位划得太窄，停不进去')).toBeTruthy();
    expect(screen.getByRole('heading', { name: zhCN.projectOutcome.ratings })).toBeTruthy();
  });

  it('draws a finished project at 100% whatever was posted last', async () => {
    for (const state of ['completed', 'closed'] as const) {
      serve(projectFixture({ state, gap_fen: 0, gov_funds_fen: 8_000_000, progress_percent: 40 }));
      const { unmount } = renderPage();
      await screen.findByRole('heading', { name: '亚新小区停车位重新规划' });
      expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
      unmount();
    }
  });

  it('says a cancelled project released its money: no bar, no "资金已落实", no gap, no progress', async () => {
    serve(projectFixture({ state: 'cancelled', gap_fen: 0, gov_funds_fen: 8_000_000, progress_percent: 40, cancel_reason: '规划调整' }));
    renderPage();
    await screen.findByRole('heading', { name: '亚新小区停车位重新规划' });
    expect(screen.getByText('项目已撤销，已确认的共建资源已释放，不再使用资金')).toBeTruthy();
    expect(screen.queryByText(/资金已落实/)).toBeNull();
    expect(screen.queryByRole('img', { name: /预算/ })).toBeNull();
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(screen.queryByText('资金缺口')).toBeNull();
  });

  it('says before cancelling that its demands reopen and its claims are released, with the counts', async () => {
    const claim = (id: string, state: Schemas['ClaimState']) =>
      ({ id, state, resource_title: '社区活动室', resource_kind: 'venue', resource_measure: '小时', quantity: 10, initiated_by: 'provider' }) as unknown as Schemas['Claim'];
    const claims = [claim('c1', 'confirmed'), claim('c2', 'confirmed'), claim('c3', 'pending'), claim('c4', 'declined')];
    serve(projectFixture({ state: 'published', demand_ids: ['d1', 'd2', 'd3'], allowed_actions: ['cancel'] }), undefined, claims);
    renderPage();
    await userEvent.click(await screen.findByRole('button', { name: /^撤\s*销$/ }));
    const dialog = await screen.findByRole('dialog');
    expect(await within(dialog).findByText('本项目承接的 3 条需求重新公示，回到需求清单，可由其他项目承接')).toBeTruthy();
    expect(await within(dialog).findByText('已确认的 2 项共建认领释放，资源退回共建单位')).toBeTruthy();
    expect(within(dialog).getByText('待确认的 1 项认领取消')).toBeTruthy();
  });

  it('names its demands from the public record for every reader, and links them where the API says the reader may open them', async () => {
    const demand = { id: 'd1', title: '楼道里给电动车充电太危险', state: 'accepted' };
    // The API's readable_demand_ids decides: a co-builder is given none, the street its own.
    for (const [readable, href] of [[[], '/board/d1'], [['d1'], '/demands/d1']] as const) {
      const calls = serve(projectFixture({ demand_ids: ['d1'], readable_demand_ids: [...readable] }), undefined, [], { d1: demand });
      const { unmount } = renderPage();
      const link = await screen.findByRole('link', { name: demand.title });
      expect(link.getAttribute('href')).toBe(href);
      // The signed-in record is never asked for the names: the public record names them for everyone.
      expect(calls.some((c) => c.path.startsWith('/api/v1/demands/'))).toBe(false);
      expect(screen.queryByText(/^需求 \d/)).toBeNull();
      unmount();
    }
  });

  it('says nothing of a gap the API does not withhold a step for (a co-builder reading it)', async () => {
    serve(projectFixture({ allowed_actions: ['claim'] }));
    renderPage();
    await screen.findByRole('heading', { name: '亚新小区停车位重新规划' });
    expect(screen.queryByText(/尚不能开工/)).toBeNull();
    expect(screen.queryByText('可在下方“资源匹配”中向共建单位申请资金。')).toBeNull();
  });

  it('says a refused start in Chinese with the gap in yuan', async () => {
    const calls = serve(projectFixture({ allowed_actions: ['start', 'cancel'], gap_fen: 1_200_000 }), () =>
      json({ type: 'x', title: 'x', status: 409, detail: 'a funding gap of ¥12,000 remains', code: 'funding_gap' }, 409),
    );
    renderPage();
    await userEvent.click(await screen.findByRole('button', { name: /开\s?工/ }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(await waitFor(() => dialog.querySelector('.ant-btn-primary') as HTMLElement));
    expect(await screen.findByText('资金缺口 ¥12,000，尚不能开工')).toBeTruthy();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ action: 'start', version: 2 });
  });

  it('lets the committee edit its draft with the checks of drafting it, and sends the version read', async () => {
    const calls = serve(projectFixture({ state: 'draft', allowed_actions: ['publish', 'cancel', 'edit'] }));
    renderPage();
    await userEvent.click(await screen.findByRole('button', { name: /修改草案/ }));
    const dialog = await screen.findByRole('dialog');
    const title = within(dialog).getByLabelText('项目名称');
    expect((title as HTMLInputElement).value).toBe('亚新小区停车位重新规划');
    expect((within(dialog).getByLabelText('预算') as HTMLInputElement).value).toBe('80000.00');
    const budget = within(dialog).getByLabelText('预算');
    await userEvent.clear(budget);
    await userEvent.type(budget, '40000');
    await userEvent.click(within(dialog).getByRole('button', { name: /保存修改/ }));
    expect(await within(dialog).findByText('政府资金不能超过预算')).toBeTruthy();
    expect(calls.some((c) => c.method === 'PATCH')).toBe(false);

    await userEvent.clear(budget);
    await userEvent.type(budget, '90000');
    await userEvent.clear(title);
    await userEvent.type(title, '亚新小区停车位改造');
    await userEvent.click(within(dialog).getByRole('button', { name: /保存修改/ }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PATCH')).toBe(true));
    expect(calls.find((c) => c.method === 'PATCH')?.body).toMatchObject({ version: 2, title: '亚新小区停车位改造', budget_fen: 9_000_000, gov_funds_fen: 5_000_000 });
  });

  it('offers no edit once the API does not', async () => {
    serve(projectFixture({ allowed_actions: ['cancel'] }));
    renderPage();
    await screen.findByRole('heading', { name: '亚新小区停车位重新规划' });
    expect(screen.queryByRole('button', { name: /修改草案/ })).toBeNull();
  });

  it('offers a resident who asked for a closed project the rating, and nothing else', async () => {
    serve(projectFixture({ state: 'closed', gap_fen: 0, allowed_actions: ['rate'] }));
    renderPage();
    expect(await screen.findByText('满意度评价')).toBeTruthy();
    expect(screen.getAllByRole('radio')).toHaveLength(5);
    expect(buttonNames()).toEqual(['返回', '提交评价']);
  });
});
