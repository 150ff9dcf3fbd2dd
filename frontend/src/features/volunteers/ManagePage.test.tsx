// 志愿队管理 as a team's leader sees it: the team from the leader's grant, its figures with
// the party members' share, the roster opened on demand with 登记时长 per volunteer (the
// activity's length to start from, posted once with its key, then locked), and 取消活动 only
// where offered, with a reason required.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Schemas } from '../../api/client';
import { json, renderRoute, stubApi, testUser } from '../../components/testing';
import { zhCN } from '../../i18n/zh-CN';
import { VolunteerManagePage } from './ManagePage';

const TEAM = '0190a000-0000-7000-8000-0000000000a7';
const UNIT = '0190a000-0000-7000-8000-0000000000c7';
const CHEN = '0190a000-0000-7000-8000-0000000000e1';
const WANG = '0190a000-0000-7000-8000-0000000000e2';

vi.mock('../../auth/AuthProvider', () => ({
  AuthProvider: ({ children }: { children: ReactNode }) => children,
  useAuth: () => ({
    user: testUser({
      id: 'u-leader',
      username: 'leader',
      display_name: '刘洋',
      party_member: true,
      grants: [{ id: 'g1', role: 'volunteer_leader', unit_id: UNIT, organization_id: TEAM }],
    }),
  }),
}));

afterEach(() => {
  vi.unstubAllGlobals();
});

type Activity = Schemas['VolunteerActivity'];
type Signup = Schemas['VolunteerSignup'];

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const at = (ms: number) => new Date(ms).toISOString();

function activity(over: Partial<Activity>): Activity {
  return {
    id: '0190a000-0000-7000-8000-0000000001a0',
    organization_id: TEAM,
    organization_name: '金祥花园志愿服务队',
    unit_id: UNIT,
    title: '楼道杂物清理',
    description: '党员志愿者带头清理楼道堆放物。',
    project_id: null,
    case_id: null,
    starts_at: at(Date.now() - 5 * DAY),
    ends_at: at(Date.now() - 5 * DAY + 3 * HOUR),
    capacity: 20,
    signed_up: 2,
    state: 'open',
    cancel_reason: null,
    signed_by_me: false,
    version: 1,
    allowed_actions: ['record'],
    ...over,
  };
}

const DONE = activity({});
const AHEAD = activity({
  id: '0190a000-0000-7000-8000-0000000001a2',
  title: '敬老院探访',
  starts_at: at(Date.now() + 3 * DAY),
  ends_at: at(Date.now() + 3 * DAY + 4 * HOUR),
  capacity: 10,
  signed_up: 1,
  allowed_actions: ['cancel'],
  version: 3,
});

const signup = (over: Partial<Signup>): Signup => ({
  user_id: CHEN,
  display_name: '陈静',
  party_member: false,
  hours: null,
  signed_up_at: at(Date.now() - 6 * DAY),
  ...over,
});

function team(roster: Signup[], routes: Parameters<typeof stubApi>[0] = {}) {
  return stubApi({
    [`GET /api/v1/organizations/${TEAM}`]: () =>
      json({ id: TEAM, name: '金祥花园志愿服务队', kind: 'volunteer_org', unit_id: UNIT, red_property: false, created_at: '', updated_at: '', version: 1 }),
    'GET /api/v1/stats/volunteers': () => json({ teams: 1, volunteers: 4, party_member_volunteers: 1, hours: 10, party_member_hours: 2.5 }),
    'GET /api/v1/volunteer-activities': () => json({ items: [AHEAD, DONE], next_cursor: null }),
    [`GET /api/v1/volunteer-activities/${DONE.id}/signups`]: () => json(roster),
    ...routes,
  });
}

const card = (title: string) => screen.findByRole('article', { name: title });

describe('VolunteerManagePage', { timeout: 30_000 }, () => {
  it('shows the team’s figures from its grant, with the party members’ share', async () => {
    const calls = team([]);
    renderRoute('/volunteering/manage', '/volunteering/manage', <VolunteerManagePage />);

    const figures = await screen.findByRole('region', { name: zhCN.volunteerManage.figures });
    await waitFor(() => expect(figures.textContent).toContain('4 人'));
    expect(figures.textContent).toContain('10 小时');
    expect(figures.textContent).toContain('1 人（占 25%）');
    expect(figures.textContent).toContain('2.5 小时（占 25%）');
    const stats = calls.find((c) => c.path === '/api/v1/stats/volunteers')!;
    expect(stats.query.get('unit_id')).toBe(UNIT);
    expect(stats.query.get('organization_id')).toBe(TEAM);
    expect(calls.find((c) => c.path === '/api/v1/volunteer-activities')?.query.get('organization_id')).toBe(TEAM);
    expect(await screen.findByRole('heading', { name: '金祥花园志愿服务队' })).toBeTruthy();
  });

  it('records a volunteer’s hours from the activity’s length, once, and locks the form after', async () => {
    const recorded = signup({ user_id: WANG, display_name: '王强', party_member: true, hours: 2 });
    let roster = [signup({}), recorded];
    const calls = team([], {
      [`GET /api/v1/volunteer-activities/${DONE.id}/signups`]: () => json(roster),
      [`POST /api/v1/volunteer-activities/${DONE.id}/service-records`]: (call) => {
        const body = call.body as { user_id: string; hours: number };
        roster = roster.map((s) => (s.user_id === body.user_id ? { ...s, hours: body.hours } : s));
        return json(roster[0], 201);
      },
    });
    const user = userEvent.setup({ delay: null });
    renderRoute('/volunteering/manage', '/volunteering/manage', <VolunteerManagePage />);

    const done = await card('楼道杂物清理');
    // Only the steps offered: the roster's toggle, no 取消活动 once it has ended.
    expect(within(done).queryByRole('button', { name: '取消活动' })).toBeNull();
    await user.click(within(done).getByRole('button', { name: '报名名单（2 人）' }));
    const list = await within(done).findByRole('region', { name: '「楼道杂物清理」报名名单' });
    const chen = await within(list).findByRole('listitem', { name: '陈静' });
    const wang = within(list).getByRole('listitem', { name: '王强' });
    expect(within(wang).getByText('党员')).toBeTruthy();
    // Recorded already: the hours shown, the form locked.
    expect(Number((within(wang).getByRole('spinbutton') as HTMLInputElement).value)).toBe(2);
    expect((within(wang).getByRole('spinbutton') as HTMLInputElement).disabled).toBe(true);
    expect((within(wang).getByRole('button', { name: '已登记' }) as HTMLButtonElement).disabled).toBe(true);

    const hours = within(chen).getByRole('spinbutton', { name: '陈静的服务时长（小时）' }) as HTMLInputElement;
    expect(Number(hours.value)).toBe(3);
    await user.clear(hours);
    await user.type(hours, '2.5');
    const record = within(chen).getByRole('button', { name: '登记时长' });
    await user.click(record);

    await waitFor(() => expect((within(chen).getByRole('button', { name: '已登记' }) as HTMLButtonElement).disabled).toBe(true));
    expect((within(chen).getByRole('spinbutton') as HTMLInputElement).disabled).toBe(true);
    expect((within(chen).getByRole('spinbutton') as HTMLInputElement).value).toBe('2.5');
    const posts = calls.filter((c) => c.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0].body).toEqual({ user_id: CHEN, hours: 2.5 });
    expect(posts[0].headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses more hours than the activity lasted before sending anything', async () => {
    const calls = team([signup({})]);
    const user = userEvent.setup({ delay: null });
    renderRoute('/volunteering/manage', '/volunteering/manage', <VolunteerManagePage />);

    const done = await card('楼道杂物清理');
    await user.click(within(done).getByRole('button', { name: /报名名单/ }));
    const hours = await within(done).findByRole('spinbutton', { name: '陈静的服务时长（小时）' });
    await user.clear(hours);
    await user.type(hours, '4');
    await user.click(within(done).getByRole('button', { name: '登记时长' }));
    expect((await within(done).findByRole('alert')).textContent).toBe('服务时长须大于 0，且不超过活动时长 3 小时');
    expect(calls.filter((c) => c.method === 'POST')).toEqual([]);
  });

  it('cancels an activity only with a reason, at the version read', async () => {
    const calls = team([], {
      [`POST /api/v1/volunteer-activities/${AHEAD.id}/transitions`]: () =>
        json({ ...AHEAD, state: 'cancelled', cancel_reason: '天气原因', allowed_actions: [], version: 4 }),
    });
    const user = userEvent.setup({ delay: null });
    renderRoute('/volunteering/manage', '/volunteering/manage', <VolunteerManagePage />);

    const ahead = await card('敬老院探访');
    await user.click(within(ahead).getByRole('button', { name: '取消活动' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: '取消活动' }));
    expect(await within(dialog).findByText(zhCN.volunteerManage.reasonRequired)).toBeTruthy();
    expect(calls.filter((c) => c.method === 'POST')).toEqual([]);

    await user.type(within(dialog).getByLabelText(zhCN.volunteerManage.reason), '天气原因');
    await user.click(within(dialog).getByRole('button', { name: '取消活动' }));
    await waitFor(() => expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1));
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ action: 'cancel', version: 3, reason: '天气原因' });
  });
});
