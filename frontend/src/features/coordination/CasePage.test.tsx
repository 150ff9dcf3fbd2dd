// A coordination case's page draws its buttons from `allowed_actions` only, asks a reader who
// speaks for several parties which one confirms (and sends it), shows the three parties as a
// checklist, the thread under each author's organisation, and says refusals in Chinese.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Schemas } from '../../api/client';
import { json, problem, renderRoute, stubApi } from '../../components/testing';
import { zhCN } from '../../i18n/zh-CN';
import { CasePage } from './CasePage';

vi.mock('../../auth/AuthProvider', () => ({
  AuthProvider: ({ children }: { children: ReactNode }) => children,
  useAuth: () => ({ user: null }),
}));

afterEach(() => vi.unstubAllGlobals());

const ID = '0190a000-0000-7000-8000-0000000000c5';
const COMPOUND = '0190a000-0000-7000-8000-0000000000u2';
const COMMUNITY = '0190a000-0000-7000-8000-0000000000u1';

function caseFixture(over: Partial<Schemas['CoordinationCase']> = {}): Schemas['CoordinationCase'] {
  return {
    id: ID,
    unit_id: COMPOUND,
    unit_name: '亚新小区',
    title: '电动车楼道充电',
    description: '多户在楼道内给电动车充电，存在消防隐患。',
    state: 'open',
    parties: [
      { party: 'community', confirmed: false, organization_id: null, organization_name: null },
      { party: 'resident_autonomy', confirmed: false, organization_id: 'o1', organization_name: '亚新小区居民自治小组' },
      { party: 'property_service', confirmed: false, organization_id: 'o2', organization_name: '亚新红色物业服务中心' },
    ],
    due_at: '2026-12-20T15:59:59Z',
    overdue: false,
    resolution: null,
    created_at: '2026-12-06T02:00:00Z',
    updated_at: '2026-12-06T02:00:00Z',
    version: 3,
    my_parties: ['community'],
    allowed_actions: ['confirm', 'escalate', 'post'],
    ...over,
  };
}

const MESSAGES: Schemas['CaseMessage'][] = [
  { id: 'm1', author_name: '亚新物业经理', party: 'property_service', organization_name: '亚新红色物业服务中心', body: '已张贴告示，建议建充电棚。', created_at: '2026-12-06T03:00:00Z' },
  { id: 'm2', author_name: '孙丽', party: 'resident_autonomy', organization_name: '亚新小区居民自治小组', body: '自治小组同意选址东侧空地。', created_at: '2026-12-06T04:00:00Z' },
  { id: 'm3', author_name: '淮河路街道党工委', party: null, organization_name: null, body: '街道支持，下周现场查看。', created_at: '2026-12-06T05:00:00Z' },
];

const EVENTS: Schemas['CaseTimelineEntry'][] = [
  { id: 'e1', action: 'open', actor_name: '亚新物业经理', party: null, from_state: null, to_state: 'open', note: null, at: '2026-12-06T02:00:00Z' },
  { id: 'e2', action: 'escalate', actor_name: null, party: null, from_state: 'open', to_state: 'escalated', note: null, at: '2026-12-21T00:00:00Z' },
];

/** Serves the case as `c` says now (a step's answer is what the next read returns too). */
function serve(c: Schemas['CoordinationCase'] | (() => Schemas['CoordinationCase']), routes: Parameters<typeof stubApi>[0] = {}) {
  return stubApi({
    [`GET /api/v1/coordination-cases/${ID}`]: () => json(typeof c === 'function' ? c() : c),
    [`GET /api/v1/coordination-cases/${ID}/messages`]: () => json(MESSAGES),
    [`GET /api/v1/coordination-cases/${ID}/events`]: () => json(EVENTS),
    [`GET /api/v1/org-units/${COMPOUND}`]: () => json({ id: COMPOUND, name: '亚新小区', kind: 'compound', parent_id: COMMUNITY, created_at: '', updated_at: '', version: 1 }),
    [`GET /api/v1/org-units/${COMMUNITY}`]: () => json({ id: COMMUNITY, name: '兴华南街社区', kind: 'community', parent_id: null, created_at: '', updated_at: '', version: 1 }),
    ...routes,
  });
}

const open = () => renderRoute(`/cases/${ID}`, '/cases/:id', <CasePage />);
const actionBar = () => screen.findByRole('region', { name: zhCN.casePage.actionsLabel });
const buttonsIn = (element: HTMLElement) => within(element).getAllByRole('button').map((b) => b.textContent?.replace(/\s/g, ''));

describe('CasePage', { timeout: 30_000 }, () => {
  it('offers a party exactly its allowed steps, with the checklist, the thread and the timeline', async () => {
    serve(caseFixture());
    open();
    await screen.findByRole('heading', { name: '电动车楼道充电' });
    expect(buttonsIn(await actionBar())).toEqual(['确认（以社区身份）', '上报街道']);
    expect(screen.queryByRole('button', { name: /街道办结/ })).toBeNull();

    // The three parties, who speaks for each, none confirmed yet, the reader's own marked.
    const checklist = screen.getByRole('region', { name: /三方确认/ });
    await waitFor(() =>
      expect(within(checklist).getAllByRole('listitem').map((s) => s.textContent)).toEqual([
        '社区您兴华南街社区待确认',
        '业委会/自治组织亚新小区居民自治小组待确认',
        '物业亚新红色物业服务中心待确认',
      ]),
    );

    // The thread, oldest first: each message under its author and the organisation it spoke for.
    const thread = await screen.findByRole('list', { name: zhCN.casePage.thread });
    const messages = within(thread).getAllByRole('listitem');
    expect(messages.map((m) => m.querySelector('.case-message-by strong')?.textContent)).toEqual(['亚新物业经理', '孙丽', '淮河路街道党工委']);
    expect(messages.map((m) => m.querySelector('.case-message-org')?.textContent)).toEqual(['亚新红色物业服务中心', '亚新小区居民自治小组', zhCN.casePage.street]);
    expect(messages.at(-1)?.textContent).toContain('街道支持，下周现场查看。');
    // `post` is allowed: the compose box.
    expect(screen.getByLabelText(zhCN.casePage.compose)).toBeTruthy();

    // The timeline says what the system did by itself.
    expect(await screen.findByText(zhCN.caseTimeline.autoEscalate)).toBeTruthy();
    expect(screen.getByText('办理中 → 已上报街道')).toBeTruthy();
  });

  it('confirms for the reader’s only party without naming it, at the version read', async () => {
    let current = caseFixture();
    const calls = serve(() => current, {
      [`POST /api/v1/coordination-cases/${ID}/transitions`]: () => {
        current = caseFixture({ version: 4, allowed_actions: ['escalate', 'post'], parties: current.parties.map((p) => ({ ...p, confirmed: p.party === 'community' })) });
        return json(current);
      },
    });
    const user = userEvent.setup({ delay: null });
    open();
    await user.click(within(await actionBar()).getByRole('button', { name: '确认（以社区身份）' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).queryByRole('radio')).toBeNull();
    await user.click(within(dialog).getByRole('button', { name: /^确\s*认$/ }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    const post = calls.find((c) => c.method === 'POST');
    expect(post?.body).toEqual({ action: 'confirm', version: 3 });
    expect(post?.headers.get('Idempotency-Key')).toBeTruthy();
    // The answer is the case now: the checklist shows the community confirmed, and its button is gone.
    const checklist = screen.getByRole('region', { name: /三方确认/ });
    await waitFor(() => expect(within(checklist).getAllByRole('listitem')[0].textContent).toContain('已确认'));
    expect(buttonsIn(await actionBar())).toEqual(['上报街道']);
  });

  it('asks a reader speaking for several parties which one confirms, and sends the one chosen', async () => {
    const c = caseFixture({
      my_parties: ['community', 'property_service'],
      parties: caseFixture().parties.map((p) => ({ ...p, confirmed: p.party === 'community' })),
    });
    const calls = serve(c, { [`POST /api/v1/coordination-cases/${ID}/transitions`]: () => json({ ...c, version: 4 }) });
    const user = userEvent.setup({ delay: null });
    open();
    await user.click(within(await actionBar()).getByRole('button', { name: '确认（选择身份）' }));
    const dialog = await screen.findByRole('dialog');
    const community = within(dialog).getByRole('radio', { name: '社区（已确认）' }) as HTMLInputElement;
    const property = within(dialog).getByRole('radio', { name: '物业' }) as HTMLInputElement;
    // A party that has confirmed cannot confirm again; the one left is chosen for the reader.
    expect(community.disabled).toBe(true);
    expect(property.checked).toBe(true);
    await user.click(property);
    await user.click(within(dialog).getByRole('button', { name: /^确\s*认$/ }));
    await waitFor(() => expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ action: 'confirm', version: 3, party: 'property_service' }));
  });

  it('gives the street only its resolve, with a required note, and no thread box once it is closed to the reader', async () => {
    const escalated = caseFixture({ state: 'escalated', my_parties: [], allowed_actions: ['resolve'] });
    let current = escalated;
    const calls = serve(() => current, {
      [`POST /api/v1/coordination-cases/${ID}/transitions`]: () => {
        current = { ...escalated, state: 'resolved', resolution: '街道协调建充电棚', allowed_actions: [], version: 4 };
        return json(current);
      },
    });
    const user = userEvent.setup({ delay: null });
    open();
    expect(buttonsIn(await actionBar())).toEqual(['街道办结']);
    expect(screen.queryByLabelText(zhCN.casePage.compose)).toBeNull();

    await user.click(within(await actionBar()).getByRole('button', { name: '街道办结' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: '街道办结' }));
    expect(await within(dialog).findByText(zhCN.casePage.noteRequired)).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    await user.type(within(dialog).getByLabelText(zhCN.casePage.note), '街道协调建充电棚');
    await user.click(within(dialog).getByRole('button', { name: '街道办结' }));
    await waitFor(() => expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ action: 'resolve', version: 3, note: '街道协调建充电棚' }));
    expect(await screen.findByText('街道协调建充电棚')).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole('region', { name: zhCN.casePage.actionsLabel })).toBeNull());
  });

  it('shows a reader who may do nothing no step and no compose box', async () => {
    serve(caseFixture({ my_parties: [], allowed_actions: [] }));
    open();
    await screen.findByRole('heading', { name: '电动车楼道充电' });
    await screen.findByRole('list', { name: zhCN.casePage.thread });
    expect(screen.queryByRole('region', { name: zhCN.casePage.actionsLabel })).toBeNull();
    expect(screen.queryByLabelText(zhCN.casePage.compose)).toBeNull();
  });

  it('says a refused step in Chinese, by its problem code', async () => {
    serve(caseFixture(), {
      [`POST /api/v1/coordination-cases/${ID}/transitions`]: () => problem(403, 'not_that_party', 'you do not speak for the community party'),
    });
    const user = userEvent.setup({ delay: null });
    open();
    await user.click(within(await actionBar()).getByRole('button', { name: '上报街道' }));
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText(zhCN.casePage.reason), '物业不同意出资');
    await user.click(within(dialog).getByRole('button', { name: '上报街道' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe(zhCN.errors.not_that_party);
  });

  it('posts to the thread and reads it again', async () => {
    let posted = false;
    const calls = serve(caseFixture(), {
      [`GET /api/v1/coordination-cases/${ID}/messages`]: () =>
        json(posted ? [...MESSAGES, { id: 'm4', author_name: '兴华南街社区工作者', party: 'community', organization_name: '兴华南街社区', body: '社区下周组织三方现场会。', created_at: '2026-12-06T06:00:00Z' }] : MESSAGES),
      [`POST /api/v1/coordination-cases/${ID}/messages`]: () => {
        posted = true;
        return json({ id: 'm4' }, 201);
      },
    });
    const user = userEvent.setup({ delay: null });
    open();
    await user.type(await screen.findByLabelText(zhCN.casePage.compose), '社区下周组织三方现场会。');
    await user.click(screen.getByRole('button', { name: /^发\s*送$/ }));
    await waitFor(() => expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ body: '社区下周组织三方现场会。' }));
    const thread = screen.getByRole('list', { name: zhCN.casePage.thread });
    await waitFor(() => expect(within(thread).getAllByRole('listitem').at(-1)?.textContent).toContain('社区下周组织三方现场会。'));
  });
});
