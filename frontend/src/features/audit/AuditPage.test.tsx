// 审计概览: every account's history, newest first, each step said in words (a role by its
// label) with when and by whom (本人 for the holder's own step), the next page on 加载更多;
// the completed and closed projects, each opened to its votes with verdict, round, comment,
// voter and organisation; a reader the API refuses is told why.
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Schemas } from '../../api/client';
import { json, problem, renderRoute, stubApi } from '../../components/testing';
import { zhCN } from '../../i18n/zh-CN';
import { AuditPage } from './AuditPage';
import { served } from '../../components/servedProject';

vi.mock('../../auth/AuthProvider', () => ({
  AuthProvider: ({ children }: { children: ReactNode }) => children,
  useAuth: () => ({ user: null }),
}));

afterEach(() => vi.unstubAllGlobals());

const ADMIN = '0190a000-0000-7000-8000-00000000ad01';
const ZHANGWEI = '0190a000-0000-7000-8000-00000000a001';
const LIQIANG = '0190a000-0000-7000-8000-00000000a002';
const CLOSED = '0190a000-0000-7000-8000-0000000000p1';
const COMPLETED = '0190a000-0000-7000-8000-0000000000p2';

function step(user_id: string, user_name: string, n: number, event: Partial<Schemas['UserEvent']> & Pick<Schemas['UserEvent'], 'action'>): Schemas['AccountEvent'] {
  return {
    user_id,
    user_name,
    event: {
      id: `0190a000-0000-7000-8000-0000000e${String(n).padStart(4, '0')}`,
      actor_id: ADMIN,
      actor_name: '区委管理员',
      at: `2026-03-0${n}T02:30:00Z`,
      ...event,
    },
  };
}

const FIRST_PAGE: Schemas['AccountEvent'][] = [
  step(LIQIANG, '李强', 4, { action: 'grant', role: 'supervisor' }),
  step(ZHANGWEI, '张伟', 3, { action: 'change_password', actor_id: ZHANGWEI, actor_name: '张伟' }),
];
const SECOND_PAGE: Schemas['AccountEvent'][] = [
  step(ZHANGWEI, '张伟', 2, { action: 'grant', role: 'resident' }),
  step(ZHANGWEI, '张伟', 1, { action: 'create', username: 'resident' }),
];

function project(id: string, title: string, state: Schemas['ProjectState']): Schemas['Project'] {
  return served({
    id,
    title,
    description: '',
    category: 'micro_renovation',
    unit_id: 'u1',
    plan: '',
    budget_fen: 2_400_000,
    gov_funds_fen: 1_800_000,
    funded_fen: 600_000,
    gap_fen: 0,
    required_approvals: 2,
    beneficiaries: 300,
    state,
    demand_ids: [],
    readable_demand_ids: [],
    rework_round: 0,
    progress_percent: 100,
    created_at: '2026-03-01T02:00:00Z',
    updated_at: '2026-03-05T02:00:00Z',
    version: 9,
    allowed_actions: [],
    withheld_actions: [],
    upkeep_actions: [],
    rated_by_me: false,
  });
}

const JINXIANG = { organization_id: '0190a000-0000-7000-8000-0000000000o1', organization_name: '金祥花园业主委员会' };
const VOTES: Schemas['ProjectInspection'][] = [
  {
    id: 'v1',
    round: 0,
    verdict: 'fail',
    comment: '五楼还有两盏不亮',
    mine: false,
    voter: { user_id: 's1', display_name: '王芳', ...JINXIANG },
    created_at: '2026-03-03T08:00:00Z',
  },
  {
    id: 'v2',
    round: 1,
    verdict: 'pass',
    comment: '',
    mine: false,
    voter: { user_id: 's2', display_name: '赵敏', ...JINXIANG },
    created_at: '2026-03-04T09:15:00Z',
  },
];

function stubAudit(events: (cursor: string | null) => Response = (cursor) => json(cursor === 'p2' ? { items: SECOND_PAGE, next_cursor: null } : { items: FIRST_PAGE, next_cursor: 'p2' })) {
  return stubApi({
    'GET /api/v1/account-events': (call) => events(call.query.get('cursor')),
    'GET /api/v1/projects': (call) =>
      json({
        items: call.query.get('state') === 'closed' ? [project(CLOSED, '兴华南街楼道照明改造', 'closed')] : [project(COMPLETED, '金祥花园门禁系统更新', 'completed')],
        next_cursor: null,
      }),
    [`GET /api/v1/projects/${CLOSED}/inspections`]: () => json(VOTES),
    [`GET /api/v1/projects/${COMPLETED}/inspections`]: () => json([]),
  });
}

const history = () => screen.findByRole('list', { name: zhCN.audit.accounts });
const local = (at: string) => dayjs(at).format('YYYY-MM-DD HH:mm');

describe('AuditPage', { timeout: 30_000 }, () => {
  it('says each account step, whose, when and by whom, and pages with 加载更多', async () => {
    const calls = stubAudit();
    const user = userEvent.setup({ delay: null });
    renderRoute('/audit', '/audit', <AuditPage />);

    expect(await screen.findByRole('heading', { level: 2, name: '审计概览' })).toBeTruthy();
    let rows = within(await history()).getAllByRole('listitem');
    expect(rows.map((r) => r.textContent)).toEqual([
      `李强授予角色：自治组织成员${local('2026-03-04T02:30:00Z')}操作人：区委管理员`,
      `张伟修改密码${local('2026-03-03T02:30:00Z')}操作人：本人`,
    ]);
    const time = rows[0].querySelector('time');
    expect(time?.getAttribute('dateTime')).toBe('2026-03-04T02:30:00Z');
    expect(calls.find((c) => c.path === '/api/v1/account-events')?.query.get('limit')).toBe('20');

    await user.click(screen.getByRole('button', { name: zhCN.common.loadMore }));
    await vi.waitFor(async () => expect(within(await history()).getAllByRole('listitem')).toHaveLength(4));
    rows = within(await history()).getAllByRole('listitem');
    expect(within(rows[2]).getByText('授予角色：居民')).toBeTruthy();
    expect(within(rows[3]).getByText('创建账号')).toBeTruthy();
    expect(within(rows[3]).getByText('用户名：resident')).toBeTruthy();
    expect(within(rows[3]).getByText('操作人：区委管理员')).toBeTruthy();
    expect(calls.filter((c) => c.path === '/api/v1/account-events').map((c) => c.query.get('cursor'))).toEqual([null, 'p2']);
    // The last page: nothing more to load.
    expect(screen.queryByRole('button', { name: zhCN.common.loadMore })).toBeNull();
  });

  it('says a step the labels do not know yet as itself', async () => {
    stubAudit(() => json({ items: [step(ZHANGWEI, '张伟', 5, { action: 'merge' })], next_cursor: null }));
    renderRoute('/audit', '/audit', <AuditPage />);
    expect(within(await history()).getByText('其他变更（merge）')).toBeTruthy();
  });

  it('opens a closed project to its votes, each with its voter and organisation', async () => {
    const calls = stubAudit();
    const user = userEvent.setup({ delay: null });
    renderRoute('/audit', '/audit', <AuditPage />);

    const closed = await screen.findByRole('list', { name: '已结单的项目' });
    const card = within(closed).getByRole('article', { name: '兴华南街楼道照明改造' });
    expect(within(card).getByRole('link', { name: '兴华南街楼道照明改造' }).getAttribute('href')).toBe(`/projects/${CLOSED}`);
    expect(calls.filter((c) => c.path.endsWith('/inspections'))).toHaveLength(0);

    const toggle = within(card).getByRole('button', { name: zhCN.audit.showVotes });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    await user.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');

    const votes = await within(card).findByRole('list', { name: '兴华南街楼道照明改造的验收投票' });
    const [fail, pass] = within(votes).getAllByRole('listitem');
    expect(within(fail).getByText('不通过')).toBeTruthy();
    expect(within(fail).getByText('第 1 轮')).toBeTruthy();
    expect(within(fail).getByText('五楼还有两盏不亮')).toBeTruthy();
    expect(within(fail).getByText('投票人：王芳（金祥花园业主委员会）')).toBeTruthy();
    expect(fail.querySelector('time')?.textContent).toBe(local('2026-03-03T08:00:00Z'));
    expect(within(pass).getByText('通过')).toBeTruthy();
    expect(within(pass).getByText('第 2 轮')).toBeTruthy();
    expect(within(pass).getByText('投票人：赵敏（金祥花园业主委员会）')).toBeTruthy();
    expect(calls.filter((c) => c.path.endsWith('/inspections')).map((c) => c.path)).toEqual([`/api/v1/projects/${CLOSED}/inspections`]);

    await user.click(within(card).getByRole('button', { name: zhCN.audit.hideVotes }));
    expect(within(card).queryByRole('list')).toBeNull();
  });

  it('lists the completed projects apart, and says when one has no votes yet', async () => {
    stubAudit();
    const user = userEvent.setup({ delay: null });
    renderRoute('/audit', '/audit', <AuditPage />);

    const completed = await screen.findByRole('list', { name: '待验收的项目' });
    const card = within(completed).getByRole('article', { name: '金祥花园门禁系统更新' });
    await user.click(within(card).getByRole('button', { name: zhCN.audit.showVotes }));
    expect(await within(card).findByText(zhCN.audit.noVotes)).toBeTruthy();
  });

  it('tells a reader the API refuses why', async () => {
    stubAudit(() => problem(403, 'forbidden_user_events', 'forbidden'));
    renderRoute('/audit', '/audit', <AuditPage />);
    expect(await screen.findByText(zhCN.errors.forbidden_user_events)).toBeTruthy();
    expect(screen.queryByRole('list', { name: zhCN.audit.accounts })).toBeNull();
  });
});
