// 管护 on a project's page: the property company's answer to a hand-over (a decline must say
// why, and the street then reads it), 我要报修 once it is taken over, and the project's faults;
// every button from the project's `upkeep_actions`.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Schemas } from '../../api/client';
import { json, renderRoute, stubApi } from '../../components/testing';
import { zhCN } from '../../i18n/zh-CN';
import { ProjectPage } from './ProjectPage';
import { served } from '../../components/servedProject';

vi.mock('../../auth/AuthProvider', () => ({
  AuthProvider: ({ children }: { children: ReactNode }) => children,
  useAuth: () => ({ user: null }),
}));

afterEach(() => vi.unstubAllGlobals());

const ID = '0190a000-0000-7000-8000-0000000000b7';
const COMMUNITY = '0190a000-0000-7000-8000-0000000000u1';
const COMPOUND = '0190a000-0000-7000-8000-0000000000u2';
const COMPANY = '0190a000-0000-7000-8000-0000000000o2';

function projectFixture(over: Partial<Schemas['Project']> = {}): Schemas['Project'] {
  return served({
    id: ID,
    title: '兴华南街楼道照明改造',
    description: '',
    category: 'micro_renovation',
    unit_id: COMMUNITY,
    plan: '更换声控灯',
    budget_fen: 5_000_000,
    gov_funds_fen: 5_000_000,
    funded_fen: 0,
    gap_fen: 0,
    required_approvals: 2,
    beneficiaries: 300,
    state: 'closed',
    demand_ids: [],
    readable_demand_ids: [],
    rework_round: 0,
    progress_percent: 100,
    created_at: '2026-03-01T02:00:00Z',
    updated_at: '2026-03-01T02:00:00Z',
    version: 7,
    allowed_actions: [],
    withheld_actions: [],
    rated_by_me: false,
    maintainer_org_id: COMPANY,
    handed_over_at: '2026-04-01T02:00:00Z',
    handover_state: 'pending',
    upkeep_actions: [],
    ...over,
  });
}

const unit = (id: string, name: string, kind: Schemas['UnitKind']) => ({ id, name, kind, parent_id: null, created_at: '', updated_at: '', version: 1 });

function serve(project: () => Schemas['Project'], routes: Parameters<typeof stubApi>[0] = {}) {
  return stubApi({
    [`GET /api/v1/projects/${ID}`]: () => json(project()),
    [`GET /api/v1/projects/${ID}/events`]: () => json([]),
    [`GET /api/v1/projects/${ID}/progress`]: () => json([]),
    'GET /api/v1/claims': () => json({ items: [], next_cursor: null }),
    'GET /api/v1/faults': () => json({ items: [], next_cursor: null }),
    [`GET /api/v1/org-units/${COMMUNITY}`]: () => json(unit(COMMUNITY, '兴华南街社区', 'community')),
    [`GET /api/v1/org-units/${COMPOUND}`]: () => json(unit(COMPOUND, '亚新小区', 'compound')),
    [`GET /api/v1/organizations/${COMPANY}`]: () =>
      json({ id: COMPANY, name: '亚新红色物业服务中心', kind: 'property_service', unit_id: COMPOUND, red_property: true, created_at: '', updated_at: '', version: 1 }),
    ...routes,
  });
}

const open = () => renderRoute(`/projects/${ID}`, '/projects/:id', <ProjectPage />);
const upkeep = async () => (await screen.findByRole('heading', { name: zhCN.upkeep.heading })).closest('.ant-card') as HTMLElement;
/** A button's accessible name: antd spaces out two-character Chinese labels (接 管). */
const named = (text: string) => new RegExp(`^${[...text].join('\\s*')}$`);

describe('the upkeep section', { timeout: 30_000 }, () => {
  it('lets the property company take the project over or decline it, a decline only with a reason', async () => {
    let current = projectFixture({ upkeep_actions: ['accept_hand_over', 'decline_hand_over'] });
    const calls = serve(() => current, {
      [`POST /api/v1/projects/${ID}/handover`]: (call) => {
        const body = call.body as Schemas['HandoverAnswerBody'];
        current = projectFixture({ version: 8, handover_state: 'declined', handover_note: body.note, upkeep_actions: [] });
        return json(current);
      },
    });
    const user = userEvent.setup({ delay: null });
    open();
    const card = await upkeep();
    await waitFor(() => expect(card.textContent).toContain('亚新红色物业服务中心'));
    expect(within(card).getByText(zhCN.handoverStates.pending)).toBeTruthy();
    expect(within(card).getAllByRole('button').map((b) => b.textContent?.replace(/\s/g, ''))).toEqual(['接管', '拒绝接管']);

    await user.click(within(card).getByRole('button', { name: zhCN.upkeepActions.decline_hand_over }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: zhCN.upkeepActions.decline_hand_over }));
    expect(await within(dialog).findByText(zhCN.upkeep.declineReasonRequired)).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    await user.type(within(dialog).getByLabelText(zhCN.upkeep.declineNote), '灯具质保未移交，无法接管');
    await user.click(within(dialog).getByRole('button', { name: zhCN.upkeepActions.decline_hand_over }));
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ answer: 'decline', note: '灯具质保未移交，无法接管', version: 7 }),
    );
    expect(calls.find((c) => c.method === 'POST')?.headers.get('Idempotency-Key')).toBeTruthy();
    // The street (and everyone) now reads which, and why.
    await waitFor(() => expect(within(card).getByText(zhCN.handoverStates.declined)).toBeTruthy());
    expect(within(card).getByText('灯具质保未移交，无法接管')).toBeTruthy();
    expect(within(card).queryAllByRole('button')).toEqual([]);
  });

  it('sends an acceptance with no reason needed', async () => {
    const calls = serve(() => projectFixture({ upkeep_actions: ['accept_hand_over', 'decline_hand_over'] }), {
      [`POST /api/v1/projects/${ID}/handover`]: () => json(projectFixture({ version: 8, handover_state: 'accepted' })),
    });
    const user = userEvent.setup({ delay: null });
    open();
    await user.click(within(await upkeep()).getByRole('button', { name: named(zhCN.upkeepActions.accept_hand_over) }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: named(zhCN.upkeepActions.accept_hand_over) }));
    await waitFor(() => expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ answer: 'accept', note: null, version: 7 }));
  });

  it('shows no upkeep step the API does not offer, and the project’s faults once it is taken over', async () => {
    const fault = { id: 'f1', title: '3号楼二层声控灯不亮', state: 'answered', unit_name: '亚新小区', created_at: '2026-04-02T02:00:00Z' };
    const calls = serve(() => projectFixture({ handover_state: 'accepted' }), {
      'GET /api/v1/faults': () => json({ items: [fault], next_cursor: null }),
    });
    open();
    const card = await upkeep();
    expect(within(card).queryAllByRole('button')).toEqual([]);
    const link = await within(card).findByRole('link', { name: '3号楼二层声控灯不亮' });
    expect(link.getAttribute('href')).toBe('/faults/f1');
    expect(within(card).getByText(zhCN.faultStates.answered)).toBeTruthy();
    expect(calls.find((c) => c.path === '/api/v1/faults')?.query.get('project_id')).toBe(ID);
  });

  it('lets a resident report a fault from a phone-sized form, asking which compound of a community-wide project', async () => {
    const calls = serve(() => projectFixture({ handover_state: 'accepted', upkeep_actions: ['report_fault'] }), {
      'GET /api/v1/org-units': () => json({ items: [unit(COMPOUND, '亚新小区', 'compound')], next_cursor: null }),
      'POST /api/v1/faults': (call) => json({ ...(call.body as object), id: 'f2', title: '5号楼灯具闪烁' }, 201),
    });
    const user = userEvent.setup({ delay: null });
    open();
    await user.click(within(await upkeep()).getByRole('button', { name: zhCN.upkeepActions.report_fault }));
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText(zhCN.fault.title), '5号楼灯具闪烁');
    await user.type(within(dialog).getByLabelText(zhCN.fault.description), '一单元四楼的灯一直闪。');
    await user.click(within(dialog).getByRole('button', { name: zhCN.faultNew.submit }));
    // The project serves a community: which compound is asked.
    expect(await within(dialog).findByText(zhCN.faultNew.unitRequired)).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    await user.click(within(dialog).getByLabelText(zhCN.fault.unit));
    const option = await waitFor(() => {
      const found = [...document.querySelectorAll<HTMLElement>('.ant-select-item-option')].find((o) => o.getAttribute('title') === '亚新小区');
      if (!found) throw new Error('no option');
      return found;
    });
    await user.click(option);
    const search = calls.find((c) => c.path === '/api/v1/org-units');
    expect(search?.query.get('kind')).toBe('compound');
    expect(search?.query.get('unit_id')).toBe(COMMUNITY);
    await user.click(within(dialog).getByRole('button', { name: zhCN.faultNew.submit }));
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
        project_id: ID,
        unit_id: COMPOUND,
        title: '5号楼灯具闪烁',
        description: '一单元四楼的灯一直闪。',
      }),
    );
    expect(await screen.findByText('报修已提交：5号楼灯具闪烁')).toBeTruthy();
  });
});
