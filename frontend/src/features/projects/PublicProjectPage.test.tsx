// The public project page: what a visitor reads of one project (funding, progress, plan, the
// maintainer, the demands it answers as links to their public pages), a clear 404, and the
// way to the full project page for a signed-in reader only.
import { screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Schemas } from '../../api/client';
import { json, renderRoute, stubApi } from '../../components/testing';
import { zhCN } from '../../i18n/zh-CN';
import { PublicProjectPage } from './PublicProjectPage';
import { served } from '../../components/servedProject';

// An anonymous visitor unless a test signs someone in.
const auth = vi.hoisted(() => ({ user: null as Schemas['User'] | null }));
vi.mock('../../auth/AuthProvider', () => ({
  AuthProvider: ({ children }: { children: ReactNode }) => children,
  useAuth: () => auth,
}));

afterEach(() => {
  vi.unstubAllGlobals();
  auth.user = null;
});

const ID = '0190a000-0000-7000-8000-0000000000b1';
const UNIT = '0190a000-0000-7000-8000-0000000000a2';
const ORG = '0190a000-0000-7000-8000-0000000000a1';
const DEMAND = '0190a000-0000-7000-8000-0000000000d1';
const HIDDEN_DEMAND = '0190a000-0000-7000-8000-0000000000d2';

function projectFixture(over: Partial<Schemas['PublicProject']> = {}): Schemas['PublicProject'] {
  return served({
    id: ID,
    title: '兴华南街电动车集中充电棚',
    description: '电动车在楼道充电，存在火灾隐患',
    category: 'micro_improvement',
    unit_id: UNIT,
    plan: '在小区东侧空地建设带智能充电桩的充电棚。',
    budget_fen: 6_000_000,
    gov_funds_fen: 4_000_000,
    funded_fen: 500_000,
    beneficiaries: 300,
    state: 'in_progress',
    demand_ids: [DEMAND, HIDDEN_DEMAND],
    progress_percent: 40,
    maintainer_org_id: null,
    completion_note: null,
    cancel_reason: null,
    created_at: '2026-03-01T02:00:00Z',
    updated_at: '2026-03-05T02:00:00Z',
    ...over,
  });
}

const demandFixture: Schemas['PublicDemand'] = {
  id: DEMAND,
  title: '楼道里给电动车充电太危险',
  description: '',
  category: 'safety',
  unit_id: UNIT,
  state: 'accepted',
  author_name: '张**',
  cosign_count: 3,
  reason: null,
  referred_to: null,
  merged_into_id: null,
  created_at: '2026-02-01T02:00:00Z',
  updated_at: '2026-02-02T02:00:00Z',
};

/** The public API as a visitor meets it: the project, its unit, its maintainer, one public demand. */
function serve(project: Schemas['PublicProject']) {
  return stubApi({
    [`GET /api/v1/public/projects/${ID}`]: () => json(project),
    [`GET /api/v1/org-units/${UNIT}`]: () =>
      json({ id: UNIT, name: '兴华南街社区', kind: 'community', parent_id: null, created_at: '', updated_at: '', version: 1 }),
    [`GET /api/v1/organizations/${ORG}`]: () =>
      json({ id: ORG, name: '幸福里物业', kind: 'property_service', unit_id: UNIT, red_property: true, created_at: '', updated_at: '', version: 1 }),
    [`GET /api/v1/public/demands/${DEMAND}`]: () => json(demandFixture),
    [`GET /api/v1/public/projects/${ID}/progress`]: () =>
      json([
        { id: 'p1', note: '完成场地平整', percent: 20, created_at: '2026-03-03T02:00:00Z' },
        { id: 'p2', note: '充电桩到货，开始安装', percent: 40, created_at: '2026-03-05T02:00:00Z' },
      ]),
  });
}

const open = (id = ID) => renderRoute(`/board/projects/${id}`, '/board/projects/:id', <PublicProjectPage />);

/** The value a `.details` row shows for `label`. */
function detail(label: string) {
  const term = screen.getByText(label, { selector: 'dt' });
  return term.nextElementSibling?.textContent;
}

describe('PublicProjectPage', { timeout: 30_000 }, () => {
  it('shows a project under way: state, category, funding, progress, plan, description, where and for how many', async () => {
    const calls = serve(projectFixture());
    open();
    expect(await screen.findByRole('heading', { level: 1, name: '兴华南街电动车集中充电棚' })).toBeTruthy();
    expect(screen.getByText(zhCN.projectStates.in_progress)).toBeTruthy();
    expect(screen.getByText(zhCN.projectCategories.micro_improvement)).toBeTruthy();
    expect(screen.getByRole('img', { name: '预算 ¥60,000：政府资金 ¥40,000，社会资金 ¥5,000，缺口 ¥15,000' })).toBeTruthy();
    expect(screen.getByRole('progressbar', { name: /进度：40%/ }).getAttribute('value')).toBe('40');

    // What was reported as the work went on, in order.
    const updates = await screen.findByRole('region', { name: zhCN.projectProgress.heading });
    await waitFor(() => expect(within(updates).getAllByRole('listitem')).toHaveLength(2));
    expect(within(updates).getAllByRole('listitem').map((li) => li.textContent?.split(' ')[0])).toEqual(['20%', '40%']);
    expect(updates.textContent).toContain('充电桩到货，开始安装');

    const plan = screen.getByRole('region', { name: zhCN.project.plan });
    expect(plan.textContent).toContain('在小区东侧空地建设带智能充电桩的充电棚。');
    expect(screen.getByRole('region', { name: zhCN.project.description }).textContent).toContain('电动车在楼道充电，存在火灾隐患');
    expect(screen.queryByRole('region', { name: zhCN.project.completionNote })).toBeNull();
    expect(screen.queryByRole('region', { name: zhCN.project.cancelReason })).toBeNull();

    await waitFor(() => expect(detail(zhCN.project.unit)).toBe('兴华南街社区'));
    expect(detail(zhCN.project.beneficiaries)).toBe('300');
    // No maintainer yet: no row, and no organisation asked for.
    expect(screen.queryByText(zhCN.project.maintainer)).toBeNull();
    expect(calls.some((c) => c.path.startsWith('/api/v1/organizations/'))).toBe(false);
    // Only public reads: a visitor has no token for anything else.
    expect(calls.every((c) => c.method === 'GET' && !c.path.startsWith('/api/v1/projects'))).toBe(true);
  });

  it('shows a closed project its completion note and maintainer, a cancelled one its reason and no progress', async () => {
    serve(projectFixture({ state: 'closed', progress_percent: 100, completion_note: '充电棚已建成，二十个充电位投入使用', maintainer_org_id: ORG }));
    const closed = open();
    expect(await screen.findByRole('heading', { level: 1, name: '兴华南街电动车集中充电棚' })).toBeTruthy();
    expect(screen.getByRole('region', { name: zhCN.project.completionNote }).textContent).toContain('充电棚已建成，二十个充电位投入使用');
    expect(screen.getByRole('progressbar').getAttribute('value')).toBe('100');
    await waitFor(() => expect(detail(zhCN.project.maintainer)).toBe('幸福里物业'));
    closed.unmount();
    vi.unstubAllGlobals();

    serve(projectFixture({ state: 'cancelled', cancel_reason: '已由物业纳入日常保洁，无需单独立项' }));
    open();
    expect(await screen.findByText(zhCN.projectStates.cancelled)).toBeTruthy();
    expect(screen.getByRole('region', { name: zhCN.project.cancelReason }).textContent).toContain('已由物业纳入日常保洁，无需单独立项');
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('shows no progress while the project is only published', async () => {
    serve(projectFixture({ state: 'published', progress_percent: 0 }));
    open();
    expect(await screen.findByText(zhCN.projectStates.published)).toBeTruthy();
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('links the demands it answers to their public pages by title, and counts one the public may not read without a placeholder name', async () => {
    serve(projectFixture());
    open();
    const demands = await screen.findByRole('region', { name: zhCN.project.demands });
    const answered = await within(demands).findByRole('link', { name: '楼道里给电动车充电太危险' });
    expect(answered.getAttribute('href')).toBe(`/board/${DEMAND}`);
    expect(within(demands).getAllByRole('link')).toHaveLength(1);
    expect(within(demands).getByText(zhCN.projectPage.demandsNotPublic.replace('{{n}}', '1'))).toBeTruthy();
    expect(within(demands).queryByText(/^需求 \d/)).toBeNull();
    expect(HIDDEN_DEMAND).not.toBe(DEMAND);
  });

  it('says 404 for a project that is not public, with the way back to the projects', async () => {
    serve(projectFixture());
    open('0190a000-0000-7000-8000-0000000000ff');
    expect(await screen.findByText(zhCN.errors.not_found)).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1, name: '404' })).toBeTruthy();
    expect(screen.getByRole('link', { name: zhCN.projectBoard.backToProjects }).getAttribute('href')).toBe('/board/projects');
    expect(screen.queryByText('兴华南街电动车集中充电棚')).toBeNull();
  });

  it('offers the full project page to a signed-in reader only', async () => {
    serve(projectFixture());
    const visitor = open();
    expect(await screen.findByRole('heading', { level: 1, name: '兴华南街电动车集中充电棚' })).toBeTruthy();
    expect(screen.queryByRole('link', { name: zhCN.projectBoard.openProject })).toBeNull();
    expect(screen.queryAllByRole('link').filter((a) => a.getAttribute('href')?.startsWith('/projects/'))).toEqual([]);
    visitor.unmount();

    auth.user = {
      id: 'u1',
      username: 'resident',
      display_name: '张伟',
      party_member: false,
      disabled: false,
      password_change_required: false, allowed_actions: [],
      created_at: '',
      updated_at: '',
      version: 1,
      grants: [{ id: 'g1', role: 'resident', unit_id: UNIT }],
    };
    open();
    const link = await screen.findByRole('link', { name: zhCN.projectBoard.openProject });
    expect(link.getAttribute('href')).toBe(`/projects/${ID}`);
  });
});
