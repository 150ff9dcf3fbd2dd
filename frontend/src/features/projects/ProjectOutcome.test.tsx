// What a project came to, as a visitor reads it on the project's public page: the residents'
// inspection round by round, their ratings without names, and who funded it with what.
import { screen, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Schemas } from '../../api/client';
import { json, renderRoute, stubApi } from '../../components/testing';
import { zhCN } from '../../i18n/zh-CN';
import { PublicProjectPage } from './PublicProjectPage';
import { served } from '../../components/servedProject';

const auth = vi.hoisted(() => ({ user: null as Schemas['User'] | null }));
vi.mock('../../auth/AuthProvider', () => ({
  AuthProvider: ({ children }: { children: ReactNode }) => children,
  useAuth: () => auth,
}));

afterEach(() => vi.unstubAllGlobals());

const ID = '0190a000-0000-7000-8000-0000000000b1';
const UNIT = '0190a000-0000-7000-8000-0000000000a2';

function projectFixture(over: Partial<Schemas['PublicProject']> = {}): Schemas['PublicProject'] {
  return served({
    id: ID,
    title: '兴华南街楼道照明改造',
    description: '楼道灯都坏了',
    category: 'micro_renovation',
    unit_id: UNIT,
    plan: '更换声控LED楼道灯，六个单元全覆盖。',
    budget_fen: 2_400_000,
    gov_funds_fen: 1_800_000,
    funded_fen: 600_000,
    beneficiaries: 300,
    state: 'closed',
    demand_ids: [],
    progress_percent: 100,
    maintainer_org_id: null,
    completion_note: '六个单元共更换LED声控灯60盏，全部点亮',
    cancel_reason: null,
    created_at: '2026-03-01T02:00:00Z',
    updated_at: '2026-03-05T02:00:00Z',
    ...over,
  });
}

/** A project that failed its first inspection, passed the second, and was rated three times. */
const closedOutcome: Schemas['ProjectOutcome'] = {
  votes: [
    { round: 1, verdict: 'pass', comment: '返工后灯具全部正常', created_at: '2026-03-12T02:00:00Z' },
    { round: 0, verdict: 'fail', comment: '三楼的灯不亮', created_at: '2026-03-08T02:00:00Z' },
    { round: 1, verdict: 'pass', comment: '', created_at: '2026-03-12T03:00:00Z' },
  ],
  ratings: {
    count: 3,
    average: 4.333333,
    by_score: [0, 0, 1, 0, 2],
    comments: [
      { score: 5, comment: '晚上回家终于不摸黑了', created_at: '2026-03-20T02:00:00Z' },
      { score: 3, comment: '五楼的灯有点暗', created_at: '2026-03-18T02:00:00Z' },
    ],
  },
  gov_funds_fen: 1_800_000,
  contributions: [
    { organization_name: '二七区住建局', organization_kind: 'government_dept', kind: 'funds', quantity: 600_000, measure: 'fen' },
    { organization_name: '二七区住建局', organization_kind: 'government_dept', kind: 'materials', quantity: 60, measure: '盏' },
    { organization_name: '幸福里社工服务中心', organization_kind: 'social_org', kind: 'service', quantity: 20, measure: '人次' },
  ],
};

const nothingYet: Schemas['ProjectOutcome'] = {
  votes: [],
  ratings: { count: 0, average: null, by_score: [0, 0, 0, 0, 0], comments: [] },
  gov_funds_fen: 0,
  contributions: [],
};

function serve(project: Schemas['PublicProject'], outcome: Schemas['ProjectOutcome']) {
  return stubApi({
    [`GET /api/v1/public/projects/${ID}`]: () => json(project),
    [`GET /api/v1/public/projects/${ID}/outcome`]: () => json(outcome),
    [`GET /api/v1/public/projects/${ID}/progress`]: () => json([]),
    [`GET /api/v1/org-units/${UNIT}`]: () =>
      json({ id: UNIT, name: '兴华南街社区', kind: 'community', parent_id: null, created_at: '', updated_at: '', version: 1 }),
  });
}

const open = () => renderRoute(`/board/projects/${ID}`, '/board/projects/:id', <PublicProjectPage />);
const region = (name: string) => screen.findByRole('region', { name });
const texts = (items: HTMLElement[]) => items.map((li) => li.textContent?.replace(/\s+/g, ' ').trim());

describe('ProjectOutcome', { timeout: 30_000 }, () => {
  it('says a closed project passed the residents’ inspection, each round with its passes, fails and comments', async () => {
    serve(projectFixture(), closedOutcome);
    open();
    const inspection = await region(zhCN.projectOutcome.inspection);
    expect(within(inspection).getByText(zhCN.projectOutcome.passed)).toBeTruthy();
    // First round first, though the API listed it second.
    const rounds = within(inspection).getAllByRole('heading', { level: 3 }).map((h) => h.textContent);
    expect(rounds).toEqual(['第 1 轮验收', '第 2 轮验收']);
    const first = within(inspection).getByRole('region', { name: '第 1 轮验收' });
    expect(within(first).getByText('通过 0 票 · 不通过 1 票')).toBeTruthy();
    expect(texts(within(first).getAllByRole('listitem'))).toEqual(['不通过 三楼的灯不亮 2026-03-08']);
    const second = within(inspection).getByRole('region', { name: '第 2 轮验收' });
    expect(within(second).getByText('通过 2 票 · 不通过 0 票')).toBeTruthy();
    expect(texts(within(second).getAllByRole('listitem'))).toEqual(['通过 返工后灯具全部正常 2026-03-12', '通过 2026-03-12']);
  });

  it('shows the ratings: the average with how many, each score’s count, and the comments with score and date', async () => {
    serve(projectFixture(), closedOutcome);
    open();
    const ratings = await region(zhCN.projectOutcome.ratings);
    expect(within(ratings).getByText('平均 4.3 分（满分 5 分），共 3 条评价')).toBeTruthy();
    expect(within(ratings).getByTestId('rating-average').textContent).toBe('4.3');
    expect(within(ratings).getByTestId('rating-count').textContent).toBe('3 条评价');
    const distribution = within(ratings).getByRole('list', { name: zhCN.projectOutcome.distribution });
    expect(within(distribution).getAllByRole('listitem').map((li) => li.querySelector('.sr-only')?.textContent)).toEqual([
      '5 星：2 条',
      '4 星：0 条',
      '3 星：1 条',
      '2 星：0 条',
      '1 星：0 条',
    ]);
    const comments = within(ratings).getByRole('list', { name: zhCN.projectOutcome.comments });
    // Newest first as the API gives them: the score (said, and drawn as stars), the date, the words; no name.
    expect(
      within(comments)
        .getAllByRole('listitem')
        .map((li) => [li.querySelector('.sr-only')?.textContent, li.querySelector('time')?.textContent, li.querySelector('.prose')?.textContent]),
    ).toEqual([
      ['5 星', '2026-03-20', '晚上回家终于不摸黑了'],
      ['3 星', '2026-03-18', '五楼的灯有点暗'],
    ]);
  });

  it('shows who funded it: the government’s money, each co-builder with what it gave, the social money and its leverage', async () => {
    serve(projectFixture(), closedOutcome);
    open();
    const sources = await region(zhCN.projectOutcome.funding);
    expect(within(sources).getByTestId('funding-gov').textContent).toBe('¥18,000（1.8 万元）');
    expect(within(sources).getByTestId('funding-social').textContent).toBe('¥6,000');
    expect(within(sources).getByTestId('funding-leverage').textContent).toBe('×0.33（社会资金 ÷ 政府投入）');
    const contributors = within(sources).getByRole('list', { name: zhCN.projectOutcome.contributors });
    const organizations = contributors.querySelectorAll(':scope > li');
    expect([...organizations].map((li) => li.querySelector('p')?.textContent)).toEqual(['二七区住建局政府部门', '幸福里社工服务中心社会组织']);
    expect(texts(within(organizations[0] as HTMLElement).getAllByRole('listitem'))).toEqual(['资金 ¥6,000', '物资 60 盏']);
    expect(texts(within(organizations[1] as HTMLElement).getAllByRole('listitem'))).toEqual(['服务 20 人次']);
  });

  it('says when nothing has come of a project yet: no inspection, no ratings, no co-builders, no leverage', async () => {
    serve(projectFixture({ state: 'in_progress', progress_percent: 40, completion_note: null }), nothingYet);
    open();
    const inspection = await region(zhCN.projectOutcome.inspection);
    expect(within(inspection).getByText(zhCN.projectOutcome.notYet)).toBeTruthy();
    expect(within(inspection).queryByText(zhCN.projectOutcome.passed)).toBeNull();
    const ratings = screen.getByRole('region', { name: zhCN.projectOutcome.ratings });
    expect(within(ratings).getByText(zhCN.projectOutcome.noRatings)).toBeTruthy();
    expect(within(ratings).queryByRole('list')).toBeNull();
    const sources = screen.getByRole('region', { name: zhCN.projectOutcome.funding });
    expect(within(sources).getByText(zhCN.projectOutcome.noContributors)).toBeTruthy();
    expect(within(sources).getByTestId('funding-gov').textContent).toBe('¥0');
    expect(within(sources).getByTestId('funding-leverage').textContent).toBe(zhCN.projectOutcome.none);
  });

  it('says a completed project awaits the inspection, with the votes in so far', async () => {
    serve(projectFixture({ state: 'completed' }), {
      ...nothingYet,
      votes: [{ round: 0, verdict: 'pass', comment: '座椅牢固，场地平整', created_at: '2026-03-08T02:00:00Z' }],
    });
    open();
    const inspection = await region(zhCN.projectOutcome.inspection);
    expect(within(inspection).getByText(zhCN.projectOutcome.awaiting)).toBeTruthy();
    expect(within(inspection).queryByText(zhCN.projectOutcome.passed)).toBeNull();
    expect(within(inspection).getByText('通过 1 票 · 不通过 0 票')).toBeTruthy();
  });
});
