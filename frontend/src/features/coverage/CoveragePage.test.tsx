// 三类组织覆盖: the figure, the compounds by community with each kind said in words, a link to
// create each missing kind for those who manage organisations (its names for an auditor), the
// reader's own street by default and, over a district, the district or any of its streets.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Schemas } from '../../api/client';
import { json, renderRoute, screenWidth, stubApi } from '../../components/testing';
import { zhCN } from '../../i18n/zh-CN';
import { byCommunity, CoveragePage, createHref } from './CoveragePage';

const DISTRICT = '0190a000-0000-7000-8000-0000000000d0';
const STREET = '0190a000-0000-7000-8000-0000000000s1';
const OTHER_STREET = '0190a000-0000-7000-8000-0000000000s2';
const XINGHUA = '0190a000-0000-7000-8000-0000000000c1';
const XINGFU = '0190a000-0000-7000-8000-0000000000c2';
const JINXIANG = '0190a000-0000-7000-8000-0000000000u1';
const YAXIN = '0190a000-0000-7000-8000-0000000000u2';
const BARE = '0190a000-0000-7000-8000-0000000000u3';

const auth = vi.hoisted(() => ({ user: null as unknown }));
vi.mock('../../auth/AuthProvider', () => ({
  AuthProvider: ({ children }: { children: ReactNode }) => children,
  useAuth: () => auth,
}));

afterEach(() => vi.unstubAllGlobals());

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

const unit = (id: string, name: string, kind: Schemas['UnitKind'], parent_id: string | null = null): Schemas['OrgUnit'] => ({
  id,
  name,
  kind,
  parent_id,
  created_at: '',
  updated_at: '',
  version: 1,
});

const item = (unit_id: string, name: string, community: [string, string] | null, missing: Schemas['OrganizationKind'][]): Schemas['CoverageItem'] => ({
  unit_id,
  name,
  community_id: community?.[0] ?? null,
  community_name: community?.[1] ?? null,
  has_party_org: !missing.includes('party_org'),
  has_resident_autonomy: !missing.includes('resident_autonomy'),
  has_volunteer_org: !missing.includes('volunteer_org'),
  missing,
});

const STREET_COVERAGE: Schemas['Coverage'] = {
  total: 3,
  covered: 1,
  items: [
    item(YAXIN, '亚新小区', [XINGHUA, '兴华南街社区'], ['party_org', 'volunteer_org']),
    item(BARE, '幸福小区', [XINGFU, '幸福里社区'], ['party_org', 'resident_autonomy', 'volunteer_org']),
    item(JINXIANG, '金祥花园', [XINGHUA, '兴华南街社区'], []),
  ],
};

function stubUnits(coverage: (unitId: string | null) => Schemas['Coverage']) {
  return stubApi({
    [`GET /api/v1/org-units/${STREET}`]: () => json(unit(STREET, '淮河路街道', 'street', DISTRICT)),
    [`GET /api/v1/org-units/${DISTRICT}`]: () => json(unit(DISTRICT, '二七区', 'district')),
    'GET /api/v1/org-units': (call) =>
      json({
        items: call.query.get('parent_id') === DISTRICT ? [unit(OTHER_STREET, '京广路街道', 'street', DISTRICT), unit(STREET, '淮河路街道', 'street', DISTRICT)] : [],
        next_cursor: null,
      }),
    'GET /api/v1/stats/coverage': (call) => json(coverage(call.query.get('unit_id'))),
  });
}

const section = (name: string) => screen.findByRole('region', { name: new RegExp(`^${name}`) });

describe('byCommunity', () => {
  it('groups the compounds by community, each by name, those without one last', () => {
    const groups = byCommunity([...STREET_COVERAGE.items, item('u4', '散居楼院', null, [])]);
    expect(groups.map((g) => g.name)).toEqual(['兴华南街社区', '幸福里社区', null]);
    expect(groups[0].items.map((i) => i.name)).toEqual(['金祥花园', '亚新小区']);
  });
});

describe('CoveragePage', { timeout: 30_000 }, () => {
  it('counts the reader’s own street, by community, each kind in words, with a link to create what is missing', async () => {
    signIn('street_committee', STREET);
    const calls = stubUnits(() => STREET_COVERAGE);
    renderRoute('/coverage', '/coverage', <CoveragePage />);

    expect(await screen.findByText('覆盖 1/3')).toBeTruthy();
    expect(calls.find((c) => c.path === '/api/v1/stats/coverage')?.query.get('unit_id')).toBe(STREET);
    // One street: nothing to choose.
    expect(screen.queryByLabelText(zhCN.coverage.unit)).toBeNull();

    const xinghua = await section('兴华南街社区');
    expect(within(xinghua).getByRole('heading', { level: 2 }).textContent).toBe('兴华南街社区 覆盖 1/2');
    const [jinxiang, yaxin] = within(xinghua).getAllByRole('article');
    expect(jinxiang.getAttribute('aria-label')).toBe('金祥花园');
    expect(within(jinxiang).getByText(zhCN.coverage.complete)).toBeTruthy();
    expect(within(jinxiang).getAllByText(zhCN.coverage.has)).toHaveLength(3);
    expect(within(jinxiang).queryAllByRole('link')).toHaveLength(0);

    expect(within(yaxin).getByText('缺 2 类')).toBeTruthy();
    expect(within(yaxin).getAllByText(zhCN.coverage.lacks)).toHaveLength(2);
    const links = within(yaxin).getAllByRole('link');
    expect(links.map((l) => l.textContent)).toEqual(['新建党组织', '新建志愿服务组织']);
    expect(links[0].getAttribute('aria-label')).toBe('为亚新小区新建党组织');
    expect(links[0].getAttribute('href')).toBe(createHref(YAXIN, 'party_org'));
    expect(createHref(YAXIN, 'party_org')).toBe(`/admin/organizations?unit=${YAXIN}&kind=party_org&new=1`);

    const xingfu = await section('幸福里社区');
    expect(within(xingfu).getAllByRole('link')).toHaveLength(3);
  });

  it('draws a table from a tablet up, with ✓ or ✗ and the word in each kind’s column', async () => {
    screenWidth(1280);
    signIn('street_committee', STREET);
    stubUnits(() => STREET_COVERAGE);
    renderRoute('/coverage', '/coverage', <CoveragePage />);

    const xinghua = await section('兴华南街社区');
    const headers = within(xinghua).getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers).toEqual(['小区', '党组织', '居民自治组织', '志愿服务组织', '覆盖情况', '新建']);
    const row = within(xinghua).getByRole('row', { name: /亚新小区/ });
    const cells = within(row).getAllByRole('cell').map((c) => c.textContent);
    expect(cells).toEqual(['亚新小区', '✗ 未建', '✓ 已建', '✗ 未建', '缺 2 类', '新建党组织新建志愿服务组织']);
    expect(within(within(xinghua).getByRole('row', { name: /金祥花园/ })).getByText(zhCN.coverage.complete)).toBeTruthy();
  });

  it('lets an auditor over the district count it or any of its streets, and names what is missing without links', async () => {
    signIn('auditor', DISTRICT);
    const calls = stubUnits((unitId) =>
      unitId === DISTRICT ? { total: 4, covered: 1, items: [...STREET_COVERAGE.items, item('u9', '铁路小区', ['c9', '铁路社区'], [])] } : STREET_COVERAGE,
    );
    const user = userEvent.setup({ delay: null });
    renderRoute('/coverage', '/coverage', <CoveragePage />);

    expect(await screen.findByText('覆盖 1/4')).toBeTruthy();
    expect(calls.find((c) => c.path === '/api/v1/stats/coverage')?.query.get('unit_id')).toBe(DISTRICT);
    const yaxin = within(await section('兴华南街社区')).getAllByRole('article')[1];
    expect(within(yaxin).queryAllByRole('link')).toHaveLength(0);
    expect(within(yaxin).getByText('待建：党组织、志愿服务组织')).toBeTruthy();

    await user.click(await screen.findByLabelText(zhCN.coverage.unit));
    const options = await waitFor(() => {
      const found = [...document.querySelectorAll<HTMLElement>('.ant-select-item-option')];
      if (found.length < 3) throw new Error('no options yet');
      return found;
    });
    expect(options.map((o) => o.getAttribute('title'))).toEqual(['二七区（全区）', '淮河路街道', '京广路街道']);
    await user.click(options[1]);
    expect(await screen.findByText('覆盖 1/3')).toBeTruthy();
    expect(calls.filter((c) => c.path === '/api/v1/stats/coverage').at(-1)?.query.get('unit_id')).toBe(STREET);
  });
});
