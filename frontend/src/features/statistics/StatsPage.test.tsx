import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Schemas } from '../../api/client';
import { json, renderRoute, screenWidth, stubApi } from '../../components/testing';
import { zhCN } from '../../i18n/zh-CN';
import { StatsPage } from './StatsPage';
import { DISTRICT, figures, HUAIHE, JINGGUANG, overview, rate, XINGHUA } from './testing';

const auth = vi.hoisted(() => ({ user: null as unknown }));
vi.mock('../../auth/AuthProvider', () => ({
  AuthProvider: ({ children }: { children: ReactNode }) => children,
  useAuth: () => auth,
}));
// jsdom has no canvas: the chart stands in as its labelled box, its option kept to be read.
const charts = vi.hoisted(() => new Map<string, unknown>());
vi.mock('./Chart', () => ({
  Chart: ({ label, option }: { label: string; option: unknown }) => {
    charts.set(label, option);
    return <div role="img" aria-label={label} />;
  },
}));

afterEach(() => {
  vi.unstubAllGlobals();
  charts.clear();
});

function signIn(role: Schemas['Role'], unit_id: string) {
  auth.user = {
    id: 'u1',
    username: role,
    display_name: role,
    party_member: false,
    disabled: false,
    password_change_required: false,
    allowed_actions: [],
    created_at: '',
    updated_at: '',
    version: 1,
    grants: [{ id: 'g1', role, unit_id }],
  } satisfies Schemas['User'];
}

const unit = (id: string, name: string, kind: Schemas['UnitKind'], parent_id: string | null): Schemas['OrgUnit'] => ({
  id,
  name,
  kind,
  parent_id,
  created_at: '',
  updated_at: '',
  version: 1,
});

const UNITS = [
  unit(DISTRICT, '二七区', 'district', null),
  unit(JINGGUANG, '京广路街道', 'street', DISTRICT),
  unit(HUAIHE, '淮河路街道', 'street', DISTRICT),
  unit(XINGHUA, '兴华南街社区', 'community', HUAIHE),
  unit('k1', '金祥花园', 'compound', XINGHUA),
];

const STREET = overview({
  unit_id: HUAIHE,
  name: '淮河路街道',
  kind: 'street',
  figures: figures({ demands_filed: 15, response_rate: rate(9, 10) }),
  children: [{ unit_id: XINGHUA, name: '兴华南街社区', kind: 'community', figures: figures({ demands_filed: 15 }) }],
});

function stub() {
  return stubApi({
    'GET /api/v1/org-units': (call) => json({ items: call.query.get('unit_id') === DISTRICT ? UNITS : UNITS.slice(2), next_cursor: null }),
    'GET /api/v1/stats/overview': (call) => json(call.query.get('unit_id') === HUAIHE ? STREET : overview()),
  });
}

const overviewCalls = (calls: ReturnType<typeof stub>) => calls.filter((c) => c.path === '/api/v1/stats/overview');
const section = (name: string) => screen.getByRole('region', { name });
const kpi = (name: string) => within(section(zhCN.statistics.kpis)).getByRole('article', { name });
const rows = (table: HTMLElement) =>
  within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getAllByRole('cell').map((c) => c.textContent));

describe('StatsPage', { timeout: 90_000 }, () => {
  it('shows the reader’s own unit for the last 12 months: key figures, and each chart with a table of its numbers', async () => {
    screenWidth(1280);
    vi.useFakeTimers({ now: new Date('2026-07-15T04:00:00Z'), toFake: ['Date'] });
    signIn('district_admin', DISTRICT);
    const calls = stub();
    renderRoute('/stats', '/stats', <StatsPage />);

    expect(await screen.findByText(/^二七区 · 2025-08 至 2026-07 · 数据截至/)).toBeTruthy();
    vi.useRealTimers();
    const asked = overviewCalls(calls)[0].query;
    expect([asked.get('unit_id'), asked.get('from'), asked.get('to')]).toEqual([DISTRICT, '2025-08', '2026-07']);
    expect((screen.getByLabelText(zhCN.statistics.from) as HTMLInputElement).value).toBe('2025-08');
    expect((screen.getByLabelText(zhCN.statistics.to) as HTMLInputElement).value).toBe('2026-07');

    // Key figures: each rate with its numerator and denominator.
    expect(kpi('提出需求').textContent).toContain('20 件');
    expect(kpi('提出需求').textContent).toContain('其中逾期未答复 1 件');
    expect(kpi('响应率').textContent).toContain('80%12 / 15');
    expect(kpi('解决率').textContent).toContain('33.3%5 / 15');
    expect(kpi('满意率').textContent).toContain('平均评分 4.2 星（10 条评价）');
    expect(kpi('办理用时（中位数）').textContent).toBe('办理用时（中位数）暂无至核实1 天至接单3.5 天至办结暂无');
    expect(kpi('资金投入').textContent).toBe('资金投入210 万元政府投入90 万元社会资金120 万元撬动比×1.33');
    expect(kpi('志愿服务').textContent).toContain('注册 40 人 · 服务 120.5 小时');
    expect(kpi('志愿服务').textContent).toContain('党员占比25%');
    expect(kpi('受益群众').textContent).toContain('3200 人');
    expect(kpi('三类组织覆盖').textContent).toContain('75%3 / 4 个小区');

    // By the units below: a chart and its table, a rate with nothing counted said 暂无.
    const byChild = section('按下级单位');
    expect(await within(byChild).findByRole('img', { name: '按下级单位（图表，数值见下表）' })).toBeTruthy();
    const childTable = within(byChild).getByRole('group', { name: '按下级单位（表格）' });
    expect(within(childTable).getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      '单位',
      '提出需求',
      '响应率',
      '解决率',
      '满意率',
      '政府投入',
      '社会资金',
      '受益群众',
    ]);
    expect(rows(childTable)).toEqual([
      ['淮河路街道', '15', '90% （9 / 10）', '33.3% （5 / 15）', '80% （8 / 10）', '90 万元', '120 万元', '3200'],
      ['京广路街道', '0', '暂无 （0 / 0）', '暂无 （0 / 0）', '暂无 （0 / 0）', '90 万元', '120 万元', '3200'],
    ]);
    const childChart = charts.get('按下级单位（图表，数值见下表）') as { series: { name: string; data: unknown[] }[] };
    expect(childChart.series.map((s) => [s.name, s.data])).toEqual([
      ['提出需求', [15, 0]],
      ['响应率', [90, '-']],
      ['解决率', [33.3, '-']],
      ['满意率', [80, '-']],
    ]);

    // By state: each list's states by their labels.
    const demands = within(section('按状态')).getByRole('group', { name: '需求（表格）' });
    expect(rows(demands)[0]).toEqual([zhCN.demandStates.submitted, '2']);
    expect(rows(within(section('按状态')).getByRole('group', { name: '民生实事项目（表格）' }))[4]).toEqual([zhCN.projectStates.closed, '2']);
    expect(rows(within(section('按状态')).getByRole('group', { name: '认领（表格）' }))[1]).toEqual([zhCN.claimStates.confirmed, '3']);
    expect(rows(within(section('按状态')).getByRole('group', { name: '资源（表格）' }))[0]).toEqual([zhCN.resourceStates.available, '4']);
    expect(await within(section('按状态')).findAllByRole('img')).toHaveLength(4);

    // Month by month, and by community type.
    expect(rows(within(section('按月份')).getByRole('group'))).toEqual([
      ['2026-06', '0', '暂无 （0 / 0）', '暂无 （0 / 0）'],
      ['2026-07', '20', '85.7% （12 / 14）', '33.3% （5 / 15）'],
    ]);
    expect(rows(within(section('按社区类型')).getByRole('group'))[0].slice(0, 2)).toEqual(['老旧社区', '11']);
  });

  it('draws each table as cards on a 375 px phone: a row a card, its first column the heading', async () => {
    screenWidth(375);
    signIn('district_admin', DISTRICT);
    stub();
    renderRoute('/stats', '/stats', <StatsPage />);

    await screen.findByText(/^二七区 · /);
    expect(screen.queryByRole('table')).toBeNull();
    const cardsOf = (name: string) => within(screen.getByRole('group', { name })).getAllByRole('article');
    const fields = (card: HTMLElement) => [...card.querySelectorAll('dt')].map((dt) => [dt.textContent, dt.nextElementSibling?.textContent]);

    const children = cardsOf('按下级单位（表格）');
    expect(children).toHaveLength(2);
    expect(within(children[0]).getByRole('button', { name: '查看淮河路街道' })).toBeTruthy();
    expect(fields(children[0])).toEqual([
      ['提出需求', '15'],
      ['响应率', '90% （9 / 10）'],
      ['解决率', '33.3% （5 / 15）'],
      ['满意率', '80% （8 / 10）'],
      ['政府投入', '90 万元'],
      ['社会资金', '120 万元'],
      ['受益群众', '3200'],
    ]);
    const demands = cardsOf('需求（表格）');
    expect(demands[0].querySelector('.table-card-head')?.textContent).toBe(zhCN.demandStates.submitted);
    expect(fields(demands[0])).toEqual([['数量', '2']]);
    expect(fields(cardsOf('按月份（表格）')[1])).toEqual([
      ['提出需求', '20'],
      ['响应率', '85.7% （12 / 14）'],
      ['解决率', '33.3% （5 / 15）'],
    ]);
    expect(cardsOf('按社区类型（表格）')[0].querySelector('.table-card-head')?.textContent).toBe('老旧社区');
  });

  it('drills down to a unit below from its table, and offers the way back up', async () => {
    signIn('auditor', DISTRICT);
    const calls = stub();
    const user = userEvent.setup({ delay: null });
    renderRoute('/stats', '/stats', <StatsPage />);

    await user.click(await screen.findByRole('button', { name: '查看淮河路街道' }));
    expect(await screen.findByText(/^淮河路街道 · 2025-08/)).toBeTruthy();
    expect(overviewCalls(calls).at(-1)?.query.get('unit_id')).toBe(HUAIHE);
    expect(kpi('提出需求').textContent).toContain('15 件');

    await user.click(await screen.findByRole('button', { name: '返回上一级：二七区' }));
    expect(await screen.findByText(/^二七区 · 2025-08/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: /返回上一级/ })).toBeNull();
  });

  it('offers the reader’s units in the picker, asks for the months chosen, and prints', async () => {
    signIn('district_admin', DISTRICT);
    const calls = stub();
    const print = vi.fn();
    vi.stubGlobal('print', print);
    const user = userEvent.setup({ delay: null });
    renderRoute('/stats?from=2026-01&to=2026-03', '/stats', <StatsPage />);

    await screen.findByText(/^二七区 · /);
    expect(overviewCalls(calls)[0].query.get('from')).toBe('2026-01');
    expect(overviewCalls(calls)[0].query.get('to')).toBe('2026-03');

    await user.click(screen.getByLabelText(zhCN.statistics.unit));
    const options = await waitFor(() => {
      const found = [...document.querySelectorAll<HTMLElement>('.ant-select-item-option')];
      if (found.length < 4) throw new Error('no options yet');
      return found;
    });
    // The district, then each street (by pinyin) with its communities under it; no compound.
    expect(options.map((o) => o.getAttribute('title'))).toEqual(['二七区', '淮河路街道', '兴华南街社区', '京广路街道']);
    await user.click(options[2]);
    await waitFor(() => expect(overviewCalls(calls).at(-1)?.query.get('unit_id')).toBe(XINGHUA));
    expect(overviewCalls(calls).at(-1)?.query.get('from')).toBe('2026-01');

    // antd spaces out a two-character label (打 印).
    await user.click(screen.getByRole('button', { name: /^打 ?印$/ }));
    expect(print).toHaveBeenCalledTimes(1);
  });
});
