// 公示栏 · 定期公示 for a visitor: each disclosure with the mark of the check this browser asked
// for (已验证 only after the server said valid, 校验未通过 when it did not, 校验中 meanwhile), a
// street to narrow the list to; and one disclosure: its figures, its three lists as people
// read them, its hashes in full and how to check them.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { json, renderRoute, stubApi } from '../../components/testing';
import { PublicDisclosurePage } from './PublicDisclosurePage';
import { PublicDisclosuresPage } from './PublicDisclosuresPage';
import { disclosureFixture, OTHER_STREET, SNAPSHOT, STREET } from './testing';

vi.mock('../../auth/AuthProvider', () => ({
  AuthProvider: ({ children }: { children: ReactNode }) => children,
  useAuth: () => ({ user: null }),
}));

afterEach(() => vi.unstubAllGlobals());

const intact = disclosureFixture();
const altered = disclosureFixture({ id: '0190a000-0000-7000-8000-0000000000c3', street_id: OTHER_STREET, street_name: '京广路街道', number: 1, previous_sha256: null, sha256: 'ef'.repeat(32) });
const unchecked = disclosureFixture({ id: '0190a000-0000-7000-8000-0000000000c4', number: 1, sha256: '12'.repeat(32), previous_sha256: null });

const streets = {
  items: [
    { id: STREET, name: '淮河路街道', kind: 'street', parent_id: null, created_at: '', updated_at: '', version: 1 },
    { id: OTHER_STREET, name: '京广路街道', kind: 'street', parent_id: null, created_at: '', updated_at: '', version: 1 },
  ],
  next_cursor: null,
};

describe('the public list', () => {
  it('marks each disclosure by the server’s check, once it has answered', async () => {
    const calls = stubApi({
      'GET /api/v1/org-units': () => json(streets),
      'GET /api/v1/public/disclosures': (call) =>
        json({ items: call.query.get('unit_id') === STREET ? [intact] : [intact, altered, unchecked], next_cursor: null }),
      [`GET /api/v1/public/disclosures/${intact.id}/verify`]: () => json({ valid: true, sha256: intact.sha256, previous_sha256: intact.previous_sha256 }),
      [`GET /api/v1/public/disclosures/${altered.id}/verify`]: () => json({ valid: false, sha256: '00'.repeat(32), previous_sha256: null }),
      // Never answers: the mark stays 校验中.
      [`GET /api/v1/public/disclosures/${unchecked.id}/verify`]: () => new Promise<Response>(() => undefined),
    });
    renderRoute('/board/disclosures', '/board/disclosures', <PublicDisclosuresPage />);

    const row = (name: string) => screen.findByRole('article', { name });
    const first = await row('淮河路街道 · 第2期');
    expect(within(first).getByRole('link', { name: '淮河路街道 · 第2期' }).getAttribute('href')).toBe(`/board/disclosures/${intact.id}`);
    expect(within(first).getByText('2026-11-01')).toBeTruthy();
    expect(within(first).getByText(`${'cd'.repeat(6)}…`)).toBeTruthy();
    await waitFor(() => expect(within(first).getByText('已验证')).toBeTruthy());
    await waitFor(() => expect(within(screen.getByRole('article', { name: '京广路街道 · 第1期' })).getByText('校验未通过')).toBeTruthy());
    expect(within(screen.getByRole('article', { name: '淮河路街道 · 第1期' })).getByText('校验中')).toBeTruthy();
    expect(screen.getAllByText('已验证')).toHaveLength(1);

    await userEvent.selectOptions(await screen.findByLabelText('街道'), '淮河路街道');
    await waitFor(() => expect(screen.queryByRole('article', { name: '京广路街道 · 第1期' })).toBeNull());
    expect(calls.some((c) => c.path === '/api/v1/public/disclosures' && c.query.get('unit_id') === STREET)).toBe(true);
  });
});

describe('one disclosure', () => {
  it('shows its figures, its three lists as people read them, and its hashes to check', async () => {
    const before = '0190a000-0000-7000-8000-0000000000c1';
    const detail = { ...intact, canonical: JSON.stringify(SNAPSHOT), previous_id: before, next_id: null };
    stubApi({
      [`GET /api/v1/public/disclosures/${intact.id}`]: () => json(detail),
      [`GET /api/v1/public/disclosures/${intact.id}/verify`]: () => json({ valid: true, sha256: intact.sha256, previous_sha256: intact.previous_sha256 }),
    });
    renderRoute(`/board/disclosures/${intact.id}`, '/board/disclosures/:id', <PublicDisclosurePage />);

    expect(await screen.findByRole('heading', { level: 1, name: '淮河路街道 · 第2期' })).toBeTruthy();
    await waitFor(() => expect(screen.getByText('已验证')).toBeTruthy());

    const demands = screen.getByRole('list', { name: '需求清单' });
    expect(within(demands).getByText('楼道灯不亮')).toBeTruthy();
    expect(within(demands).getByText('已接单')).toBeTruthy();
    expect(within(demands).getByText('维修维护')).toBeTruthy();
    expect(within(demands).getByText('附议 4 人')).toBeTruthy();
    const projects = screen.getByRole('list', { name: '民生实事' });
    expect(within(projects).getByText('兴华南街楼道照明改造')).toBeTruthy();
    expect(within(projects).getByText('实施中')).toBeTruthy();
    expect(within(projects).getByText('项目预算：¥50,000')).toBeTruthy();
    const resources = screen.getByRole('list', { name: '资源清单' });
    expect(within(resources).getByText('LED声控楼道灯')).toBeTruthy();
    expect(within(resources).getByText('数量：200 盏')).toBeTruthy();

    expect(screen.getByTestId('sha256').textContent).toBe(intact.sha256);
    expect(screen.getByTestId('previous-sha256').textContent).toBe(intact.previous_sha256);
    const chain = screen.getByRole('navigation', { name: '前后各期' });
    expect(within(chain).getByRole('link', { name: '← 上一期（第1期）' }).getAttribute('href')).toBe(`/board/disclosures/${before}`);
    expect(within(chain).queryByRole('link', { name: /下一期/ })).toBeNull();
    expect(screen.getByText(/核对方法/)).toBeTruthy();
    expect(screen.getByLabelText('公示原文', { selector: 'pre' }).textContent).toBe(detail.canonical);
  });

  it('says a street’s first has nothing before it, and a period with nothing in it', async () => {
    const first = disclosureFixture({ number: 1, previous_sha256: null });
    const empty = { ...SNAPSHOT, number: 1, previous_sha256: null, demands: [], projects: [], resources: [] };
    stubApi({
      [`GET /api/v1/public/disclosures/${first.id}`]: () => json({ ...first, canonical: JSON.stringify(empty), previous_id: null, next_id: null }),
      [`GET /api/v1/public/disclosures/${first.id}/verify`]: () => json({ valid: true, sha256: first.sha256, previous_sha256: null }),
    });
    renderRoute(`/board/disclosures/${first.id}`, '/board/disclosures/:id', <PublicDisclosurePage />);
    expect(await screen.findByText('这是本街道第一期，没有上一期')).toBeTruthy();
    expect(screen.getAllByText('本期没有')).toHaveLength(3);
    expect(screen.queryByTestId('previous-sha256')).toBeNull();
    expect(screen.queryByRole('navigation', { name: '前后各期' })).toBeNull();
  });
});
