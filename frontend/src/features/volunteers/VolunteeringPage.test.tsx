// 志愿服务 as a volunteer sees it: the buttons are the API's `allowed_actions` (报名 or 取消报名),
// a full activity says 已满 in the button's place, a sign-up is sent once with its key and the
// places left are read again; 我的服务 says the total hours and each activity's.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Schemas } from '../../api/client';
import { json, problem, renderRoute, stubApi, testUser } from '../../components/testing';
import { zhCN } from '../../i18n/zh-CN';
import { VolunteeringPage } from './VolunteeringPage';

const TEAM = '0190a000-0000-7000-8000-0000000000a7';
const UNIT = '0190a000-0000-7000-8000-0000000000c7';

const auth = vi.hoisted(() => ({ role: 'volunteer' as 'volunteer' | 'volunteer_leader' }));
vi.mock('../../auth/AuthProvider', () => ({
  AuthProvider: ({ children }: { children: ReactNode }) => children,
  useAuth: () => ({
    user: testUser({
      id: 'u-volunteer',
      username: 'volunteer',
      display_name: '陈静',
      grants: [{ id: 'g1', role: auth.role, unit_id: UNIT, organization_id: TEAM }],
    }),
  }),
}));

afterEach(() => {
  auth.role = 'volunteer';
  vi.unstubAllGlobals();
});

type Activity = Schemas['VolunteerActivity'];

const DAY = 24 * 3600_000;
const at = (ms: number) => new Date(ms).toISOString();

function activity(over: Partial<Activity>): Activity {
  const starts = Date.now() + 7 * DAY;
  return {
    id: '0190a000-0000-7000-8000-0000000001a1',
    organization_id: TEAM,
    organization_name: '金祥花园志愿服务队',
    unit_id: UNIT,
    title: '垃圾分类宣传',
    description: '在小区东门设摊讲解垃圾分类。',
    project_id: null,
    case_id: null,
    starts_at: at(starts),
    ends_at: at(starts + 2 * 3600_000),
    capacity: 8,
    signed_up: 0,
    state: 'open',
    cancel_reason: null,
    signed_by_me: false,
    version: 1,
    allowed_actions: ['sign_up'],
    ...over,
  };
}

const VISIT = activity({
  id: '0190a000-0000-7000-8000-0000000001a2',
  title: '敬老院探访',
  starts_at: at(Date.now() + 3 * DAY),
  ends_at: at(Date.now() + 3 * DAY + 4 * 3600_000),
  capacity: 10,
  signed_up: 1,
  signed_by_me: true,
  allowed_actions: ['withdraw'],
});
const CLINIC = activity({
  id: '0190a000-0000-7000-8000-0000000001a3',
  title: '义诊服务',
  starts_at: at(Date.now() + 10 * DAY),
  ends_at: at(Date.now() + 10 * DAY + 3 * 3600_000),
  capacity: 5,
  signed_up: 5,
  allowed_actions: [],
});

const card = (title: string) => screen.findByRole('article', { name: title });
const buttonsOf = (element: HTMLElement) => within(element).queryAllByRole('button').map((b) => b.textContent?.replace(/\s/g, ''));

describe('VolunteeringPage', { timeout: 30_000 }, () => {
  it('draws 报名 and 取消报名 only as allowed_actions offers them, says 已满 when full, and signs up once', async () => {
    let signedUp = false;
    const calls = stubApi({
      'GET /api/v1/volunteer-activities': () => {
        const sorting = signedUp ? activity({ signed_up: 1, signed_by_me: true, allowed_actions: ['withdraw'], version: 2 }) : activity({});
        return json({ items: [CLINIC, sorting, VISIT], next_cursor: null });
      },
      'GET /api/v1/me/volunteering': () => json({ total_hours: 0, activities: [] }),
      [`POST /api/v1/volunteer-activities/${activity({}).id}/signups`]: () => {
        signedUp = true;
        return json(activity({ signed_up: 1, signed_by_me: true, allowed_actions: ['withdraw'], version: 2 }), 201);
      },
    });
    const user = userEvent.setup({ delay: null });
    renderRoute('/volunteering', '/volunteering', <VolunteeringPage />);

    const sorting = await card('垃圾分类宣传');
    expect(sorting.textContent).toContain('剩余名额 8/8');
    expect(buttonsOf(sorting)).toEqual(['报名']);
    const visit = await card('敬老院探访');
    expect(buttonsOf(visit)).toEqual(['取消报名']);
    expect(within(visit).getByText(zhCN.volunteering.signedUpTag)).toBeTruthy();
    const clinic = await card('义诊服务');
    expect(buttonsOf(clinic)).toEqual([]);
    expect(clinic.textContent).toContain('剩余名额 0/5');
    expect(within(clinic).getByText('已满')).toBeTruthy();
    // The team's activities not yet ended, soonest first.
    const list = calls.find((c) => c.path === '/api/v1/volunteer-activities')!;
    expect(list.query.get('organization_id')).toBe(TEAM);
    expect(list.query.get('upcoming')).toBe('true');
    expect(screen.getAllByRole('article').map((a) => a.getAttribute('aria-label'))).toEqual(['敬老院探访', '垃圾分类宣传', '义诊服务']);

    const join = within(sorting).getByRole('button', { name: /^报\s*名$/ });
    await user.click(join);
    await user.click(join);
    await waitFor(() => expect(sorting.textContent).toContain('剩余名额 7/8'));
    expect(buttonsOf(sorting)).toEqual(['取消报名']);
    const posts = calls.filter((c) => c.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0].headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('says a refusal in the reader’s language on the card and reads the list again', async () => {
    const calls = stubApi({
      'GET /api/v1/volunteer-activities': () => json({ items: [activity({})], next_cursor: null }),
      'GET /api/v1/me/volunteering': () => json({ total_hours: 0, activities: [] }),
      [`POST /api/v1/volunteer-activities/${activity({}).id}/signups`]: () => problem(409, 'full', 'all 8 places are taken'),
    });
    const user = userEvent.setup({ delay: null });
    renderRoute('/volunteering', '/volunteering', <VolunteeringPage />);

    const sorting = await card('垃圾分类宣传');
    await user.click(within(sorting).getByRole('button', { name: /^报\s*名$/ }));
    expect((await within(sorting).findByRole('alert')).textContent).toContain(zhCN.errors.full);
    await waitFor(() => expect(calls.filter((c) => c.path === '/api/v1/volunteer-activities').length).toBeGreaterThan(1));
  });

  it('withdraws after asking, with no key (a DELETE is the same request however often it is sent)', async () => {
    let withdrawn = false;
    const calls = stubApi({
      'GET /api/v1/volunteer-activities': () =>
        json({ items: [withdrawn ? { ...VISIT, signed_up: 0, signed_by_me: false, allowed_actions: ['sign_up'] } : VISIT], next_cursor: null }),
      'GET /api/v1/me/volunteering': () => json({ total_hours: 0, activities: [] }),
      [`DELETE /api/v1/volunteer-activities/${VISIT.id}/signups/mine`]: () => {
        withdrawn = true;
        return json({ ...VISIT, signed_up: 0, signed_by_me: false, allowed_actions: ['sign_up'] });
      },
    });
    const user = userEvent.setup({ delay: null });
    renderRoute('/volunteering', '/volunteering', <VolunteeringPage />);

    const visit = await card('敬老院探访');
    await user.click(within(visit).getByRole('button', { name: '取消报名' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('取消报名：敬老院探访');
    await user.click(within(dialog).getByRole('button', { name: '取消报名' }));
    await waitFor(() => expect(visit.textContent).toContain('剩余名额 10/10'));
    expect(buttonsOf(visit)).toEqual(['报名']);
    expect(calls.filter((c) => c.method === 'DELETE')).toHaveLength(1);
  });

  it('shows my total hours and each activity’s, recorded or not yet', async () => {
    const past = activity({
      id: '0190a000-0000-7000-8000-0000000001a0',
      title: '楼道杂物清理',
      starts_at: at(Date.now() - 5 * DAY),
      ends_at: at(Date.now() - 5 * DAY + 3 * 3600_000),
      allowed_actions: [],
    });
    const unrecorded = activity({ id: '0190a000-0000-7000-8000-0000000001a4', title: '社区义剪', starts_at: at(Date.now() - DAY), ends_at: at(Date.now() - DAY + 3600_000), allowed_actions: [] });
    stubApi({
      'GET /api/v1/volunteer-activities': () => json({ items: [], next_cursor: null }),
      'GET /api/v1/me/volunteering': () =>
        json({
          total_hours: 2.5,
          activities: [
            { activity: VISIT, hours: null },
            { activity: unrecorded, hours: null },
            { activity: past, hours: 2.5 },
          ],
        }),
    });
    renderRoute('/volunteering', '/volunteering', <VolunteeringPage />);

    const total = await screen.findByText(zhCN.volunteering.total);
    expect(total.nextElementSibling?.textContent).toBe('2.5 小时');
    const history = screen.getByRole('list', { name: zhCN.volunteering.history });
    expect(within(history).getAllByRole('listitem').map((li) => [li.querySelector('.service-title')?.textContent, li.querySelector('.service-hours')?.textContent])).toEqual([
      ['敬老院探访', '已报名'],
      ['社区义剪', '待登记'],
      ['楼道杂物清理', '2.5 小时'],
    ]);
    expect(await screen.findByText(zhCN.volunteering.upcomingEmpty)).toBeTruthy();
  });

  it('sends a leader who is no volunteer on to its own screen', async () => {
    auth.role = 'volunteer_leader';
    stubApi({});
    renderRoute('/volunteering', '/volunteering', <VolunteeringPage />);
    expect(await screen.findByText('elsewhere')).toBeTruthy();
  });
});
