// 定期公示 in the officials' app: the street committee sees its street's disclosures and
// 发布公示, whose form offers the month before and sends the street and the period; the
// server's refusal (a period already disclosed) is said on the form. The district admin
// reads every street's and publishes for the one it chooses; an auditor reads and is offered
// no publication. Who publishes where is `/me/permissions`' `disclosure_streets`.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Schemas } from '../../api/client';
import { json, permissionsFixture, problem, renderRoute, screenWidth, stubApi } from '../../components/testing';
import { zhCN } from '../../i18n/zh-CN';
import { DisclosuresPage } from './DisclosuresPage';
import { beijingToday, lastMonth } from './period';
import { disclosureFixture, OTHER_STREET, SNAPSHOT, STREET } from './testing';

const auth = vi.hoisted(() => ({ user: null as unknown }));
/** The streets `/me/permissions` says the signed-in reader publishes for. */
let publishable: string[] = [];
vi.mock('../../auth/AuthProvider', () => ({
  AuthProvider: ({ children }: { children: ReactNode }) => children,
  useAuth: () => auth,
}));

afterEach(() => vi.unstubAllGlobals());

function signIn(role: Schemas['Role'], unit: string, publishes: string[] = []) {
  publishable = publishes;
  auth.user = {
    id: 'u1',
    username: role,
    display_name: '淮河路街道党工委',
    party_member: true,
    disabled: false,
    password_change_required: false,
    allowed_actions: [],
    created_at: '',
    updated_at: '',
    version: 1,
    grants: [{ id: 'g1', role, unit_id: unit, organization_id: null }],
  } satisfies Schemas['User'];
}

const streets = {
  items: [
    { id: STREET, name: '淮河路街道', kind: 'street', parent_id: null, created_at: '', updated_at: '', version: 1 },
    { id: OTHER_STREET, name: '京广路街道', kind: 'street', parent_id: null, created_at: '', updated_at: '', version: 1 },
  ],
  next_cursor: null,
};

const published = disclosureFixture();

/** antd's modal and date pickers take seconds to draw in jsdom when the whole suite runs at once. */
const SLOW = 20_000;

function serve(publish: () => Response) {
  return stubApi({
    'GET /api/v1/org-units': () => json(streets),
    'GET /api/v1/me/permissions': () => json(permissionsFixture({ disclosure_streets: publishable })),
    'GET /api/v1/public/disclosures': () => json({ items: [published], next_cursor: null }),
    [`GET /api/v1/public/disclosures/${published.id}/verify`]: () => json({ valid: true, sha256: published.sha256, previous_sha256: published.previous_sha256 }),
    'POST /api/v1/disclosures': publish,
  });
}

describe('定期公示 for the street committee', () => {
  it('lists its street’s disclosures and publishes the month before by default', async () => {
    signIn('street_committee', STREET, [STREET]);
    const calls = serve(() => json({ ...published, number: 3, canonical: JSON.stringify(SNAPSHOT) }, 201));
    renderRoute('/disclosures', '/disclosures', <DisclosuresPage />);

    expect(await screen.findByRole('article', { name: '淮河路街道 · 第2期' })).toBeTruthy();
    await waitFor(() => expect(calls.some((c) => c.path === '/api/v1/public/disclosures' && c.query.get('unit_id') === STREET)).toBe(true));

    await userEvent.click(screen.getByRole('button', { name: /发布公示/ }));
    const dialog = await screen.findByRole('dialog');
    const period = lastMonth(beijingToday());
    expect((within(dialog).getByLabelText('开始日期') as HTMLInputElement).value).toBe(period.start);
    expect((within(dialog).getByLabelText('结束日期') as HTMLInputElement).value).toBe(period.end);
    expect(within(dialog).getByText('街道：淮河路街道')).toBeTruthy();

    await userEvent.click(within(dialog).getByRole('button', { name: /^发 ?布$/ }));
    await waitFor(() => expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1));
    const sent = calls.find((c) => c.method === 'POST');
    expect(sent?.body).toEqual({ unit_id: STREET, period_start: period.start, period_end: period.end });
    expect(sent?.headers.get('Idempotency-Key')).toBeTruthy();
    expect(await screen.findByText('已发布淮河路街道第3期定期公示')).toBeTruthy();
  }, SLOW);

  it('on a phone, takes the days in the phone’s own date fields, up to yesterday, and checks them before sending', async () => {
    screenWidth(375);
    signIn('street_committee', STREET, [STREET]);
    const calls = serve(() => json({ ...published, number: 3, canonical: JSON.stringify(SNAPSHOT) }, 201));
    renderRoute('/disclosures', '/disclosures', <DisclosuresPage />);

    await userEvent.click(await screen.findByRole('button', { name: /发布公示/ }));
    const dialog = await screen.findByRole('dialog');
    const start = within(dialog).getByLabelText('开始日期') as HTMLInputElement;
    const end = within(dialog).getByLabelText('结束日期') as HTMLInputElement;
    expect([start.type, end.type]).toEqual(['date', 'date']);
    const today = beijingToday();
    expect(end.max < today && end.max >= lastMonth(today).end).toBe(true);
    // No antd calendar to open: nothing to spill off the screen.
    expect(document.querySelector('.ant-picker')).toBeNull();

    fireEvent.change(start, { target: { value: '2025-03-10' } });
    fireEvent.change(end, { target: { value: '2025-03-01' } });
    await userEvent.click(within(dialog).getByRole('button', { name: /^发 ?布$/ }));
    expect(await within(dialog).findByText(zhCN.errors.period_order)).toBeTruthy();
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);

    fireEvent.change(start, { target: { value: '2025-03-01' } });
    fireEvent.change(end, { target: { value: '2025-03-31' } });
    await userEvent.click(within(dialog).getByRole('button', { name: /^发 ?布$/ }));
    await waitFor(() => expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1));
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ unit_id: STREET, period_start: '2025-03-01', period_end: '2025-03-31' });
  }, SLOW);

  it('says the server’s refusal of a period already disclosed', async () => {
    signIn('street_committee', STREET, [STREET]);
    serve(() => problem(409, 'period_disclosed', '第2期 already discloses days of this period'));
    renderRoute('/disclosures', '/disclosures', <DisclosuresPage />);
    await userEvent.click(await screen.findByRole('button', { name: /发布公示/ }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(within(dialog).getByRole('button', { name: /^发 ?布$/ }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('这段时间已有公示，请选择之后的日期');
  }, SLOW);
});

describe('定期公示 for the district and its auditors', () => {
  it('the district admin reads every street’s and publishes for the street it chooses', async () => {
    signIn('district_admin', 'd1', [STREET, OTHER_STREET]);
    const calls = serve(() => json({ ...published, street_id: OTHER_STREET, street_name: '京广路街道', number: 1 }, 201));
    renderRoute('/disclosures', '/disclosures', <DisclosuresPage />);
    expect(await screen.findByRole('article', { name: '淮河路街道 · 第2期' })).toBeTruthy();
    expect(calls.find((c) => c.path === '/api/v1/public/disclosures')?.query.get('unit_id')).toBeNull();

    await userEvent.click(await screen.findByRole('button', { name: /发布公示/ }));
    const dialog = await screen.findByRole('dialog');
    // No street is assumed: it is chosen before anything is sent.
    await userEvent.click(within(dialog).getByRole('button', { name: /^发 ?布$/ }));
    expect(await within(dialog).findByText(zhCN.disclosure.streetRequired)).toBeTruthy();
    await userEvent.click(within(dialog).getByRole('combobox', { name: '街道' }));
    await userEvent.click(await screen.findByTitle('京广路街道'));
    await userEvent.click(within(dialog).getByRole('button', { name: /^发 ?布$/ }));
    await waitFor(() => expect(calls.find((c) => c.method === 'POST')?.body).toMatchObject({ unit_id: OTHER_STREET }));
  }, SLOW);

  it('an auditor reads every street’s and is offered no publication', async () => {
    signIn('auditor', 'd1');
    serve(() => json({}, 500));
    renderRoute('/disclosures', '/disclosures', <DisclosuresPage />);
    expect(await screen.findByRole('article', { name: '淮河路街道 · 第2期' })).toBeTruthy();
    expect(screen.getByRole('combobox', { name: '街道' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /发布公示/ })).toBeNull();
  });
});
