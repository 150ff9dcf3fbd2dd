import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Schemas } from '../../api/client';
import { zhCN } from '../../i18n/zh-CN';
import { DemandPage } from './DemandPage';
import { demandFixture, json, orgUnitFixture, problem, renderRoute, stubApi, type Call } from './testing';

// antd dialogs in jsdom take a while on a busy machine.
vi.setConfig({ testTimeout: 30_000 });

afterEach(() => {
  vi.unstubAllGlobals();
});

const ID = demandFixture().id;
const OTHER = '0190a000-0000-7000-8000-0000000000d2';

const events: Schemas['DemandEvent'][] = [
  { id: 'e1', action: 'create', actor_role: 'resident', to_state: 'submitted', source: 'visit', at: '2026-03-01T02:00:00Z' },
  {
    id: 'e2',
    action: 'verify',
    actor_id: '0190a000-0000-7000-8000-0000000000e1',
    actor_name: '李娜',
    actor_role: 'community_worker',
    from_state: 'submitted',
    to_state: 'published',
    note: '已核实',
    at: '2026-03-02T02:00:00Z',
  },
  {
    id: 'e3',
    action: 'merge_in',
    from_state: 'published',
    to_state: 'published',
    merged_from_id: OTHER,
    cosigns_moved: 2,
    at: '2026-03-03T02:00:00Z',
  },
];

/** The API for one demand; `transition` and `cosign` answer the POSTs. */
function serve(demand: () => Schemas['Demand'], more: Record<string, (call: Call) => Response> = {}) {
  return stubApi({
    [`GET /api/v1/demands/${ID}`]: () => json(demand()),
    [`GET /api/v1/demands/${ID}/events`]: () => json(events),
    [`GET /api/v1/org-units/${demand().unit_id}`]: () => json(orgUnitFixture()),
    ...more,
  });
}

/** A button's name as antd renders it (a space between two Chinese characters). */
const named = (text: string) => new RegExp(text.split('').join('\\s?'));

const open = () => renderRoute(`/demands/${ID}`, '/demands/:id', <DemandPage />);
const actionBar = async () => screen.findByRole('region', { name: zhCN.demandPage.actionsLabel });

describe('DemandPage', () => {
  it('shows the fields, the timeline and exactly the allowed actions', async () => {
    serve(() => demandFixture({ allowed_actions: ['verify', 'reject', 'merge'] }));
    open();

    const bar = await actionBar();
    const names = within(bar)
      .getAllByRole('button')
      .map((b) => b.textContent?.replace(/\s/g, ''));
    expect(names).toEqual([zhCN.demandActions.verify, zhCN.demandActions.reject, zhCN.demandActions.merge].map((n) => n.replace(/\s/g, '')));
    // Not published: nothing to co-sign.
    expect(within(bar).queryByRole('button', { name: named(zhCN.demandActions.cosign) })).toBeNull();

    expect(screen.getByRole('heading', { name: '3号楼楼道灯不亮' })).toBeTruthy();
    expect(await screen.findByText('金祥花园')).toBeTruthy();
    expect(screen.getByText(zhCN.demandCategories.repair)).toBeTruthy();
    expect(await screen.findByText(`${zhCN.demandStates.submitted} → ${zhCN.demandStates.published}`)).toBeTruthy();
    expect(screen.getByText('已核实')).toBeTruthy();
    // Who did what: a name where the API gives one, the role always, the system when no one acted.
    expect(screen.getByText(`${zhCN.roles.resident} ${zhCN.demandActions.create}`)).toBeTruthy();
    expect(screen.getByText(`${zhCN.roles.community_worker} 李娜 ${zhCN.demandActions.verify}`)).toBeTruthy();
    expect(screen.getByText(`系统自动${zhCN.demandActions.merge_in}`)).toBeTruthy();
    // What the steps hold, typed by the API, said in words with links.
    expect(screen.getByText(`${zhCN.demand.source}：${zhCN.demandSources.visit}`)).toBeTruthy();
    expect(screen.getByText(/并入一条重复需求，转入 2 个附议/)).toBeTruthy();
    expect(screen.getByRole('link', { name: zhCN.demandPage.openMergedFrom }).getAttribute('href')).toBe(`/demands/${OTHER}`);
  });

  it('gives the number to call the author back on as a link to dial, only where the API gives it', async () => {
    serve(() => demandFixture({ author_name: '孙桂兰', author_phone: '0371-12345678' }));
    open();
    const dial = await screen.findByRole('link', { name: '0371-12345678' });
    expect(dial.getAttribute('href')).toBe('tel:0371-12345678');
    cleanup();

    serve(() => demandFixture({ author_name: '孙桂兰' }));
    open();
    expect(await screen.findByText('孙桂兰')).toBeTruthy();
    expect(screen.queryByText(zhCN.demand.authorPhone)).toBeNull();
  });

  it('says who rejected it and why, by role alone where the API names no one', async () => {
    serve(() => demandFixture({ state: 'rejected', reason: '楼顶属公共部位' }), {
      [`GET /api/v1/demands/${ID}/events`]: () =>
        json([
          { id: 'e1', action: 'reject', actor_role: 'community_worker', from_state: 'submitted', to_state: 'rejected', note: '楼顶属公共部位', at: '2026-03-02T02:00:00Z' },
        ] satisfies Schemas['DemandEvent'][]),
    });
    open();

    expect(await screen.findByText(`${zhCN.roles.community_worker} ${zhCN.demandActions.reject}`)).toBeTruthy();
    expect(screen.getByText(zhCN.timeline.reason.replace('{{reason}}', '楼顶属公共部位'))).toBeTruthy();
  });

  it('offers co-signing only as a button of its own when the API allows only that', async () => {
    serve(() => demandFixture({ state: 'published', allowed_actions: ['cosign'] }));
    open();

    const bar = await actionBar();
    const buttons = within(bar).getAllByRole('button');
    expect(buttons).toHaveLength(1);
    expect(buttons[0].textContent).toContain(zhCN.demandActions.cosign);
    expect((buttons[0] as HTMLButtonElement).disabled).toBe(false);
  });

  it('offers the street committee a project answering the demand only when the API allows accept', async () => {
    serve(() => demandFixture({ state: 'published', allowed_actions: ['reject', 'merge', 'refer', 'accept'] }));
    open();
    const bar = await actionBar();
    // accept is no lifecycle button of its own: it is the project's creation.
    expect(within(bar).queryByRole('button', { name: named(zhCN.demandActions.accept) })).toBeNull();
    await userEvent.click(within(bar).getByRole('button', { name: named(zhCN.projectFromQueue.create) }));
    expect(await screen.findByText('elsewhere')).toBeTruthy();
  });

  it('says 已附议 without a button to press when the reader has co-signed', async () => {
    serve(() => demandFixture({ state: 'published', allowed_actions: [], cosigned_by_me: true }));
    open();

    const button = within(await actionBar()).getByRole('button');
    expect(button.textContent).toContain(zhCN.demand.cosigned);
    expect((button as HTMLButtonElement).disabled).toBe(true);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('draws no action bar on a published demand the reader may not co-sign', async () => {
    serve(() => demandFixture({ state: 'published', allowed_actions: [] }));
    open();

    expect(await screen.findByRole('heading', { name: '3号楼楼道灯不亮' })).toBeTruthy();
    expect(screen.queryByRole('region', { name: zhCN.demandPage.actionsLabel })).toBeNull();
    expect(screen.queryByRole('button', { name: named(zhCN.demandActions.cosign) })).toBeNull();
  });

  it('puts a 422 on the reason field of the reject dialog', async () => {
    const calls = serve(() => demandFixture({ allowed_actions: ['reject'] }), {
      [`POST /api/v1/demands/${ID}/transitions`]: () =>
        problem(422, 'invalid_field', 'reason: at most 500 characters', {
          errors: { reason: ['at most 500 characters'] },
          error_codes: { reason: ['reason_length'] },
        }),
    });
    const user = userEvent.setup({ delay: null });
    open();

    await user.click(within(await actionBar()).getByRole('button', { name: named(zhCN.demandActions.reject) }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByLabelText(zhCN.demand.reason));
    await user.paste('重复提交');
    await user.click(within(dialog).getByRole('button', { name: named(zhCN.demandActions.reject) }));

    expect(await within(dialog).findByText(zhCN.errors.reason_length)).toBeTruthy();
    expect(within(dialog).getByLabelText(zhCN.demand.reason).getAttribute('aria-invalid')).toBe('true');
    const post = calls.find((c) => c.method === 'POST');
    expect(post?.body).toEqual({ action: 'reject', version: 3, reason: '重复提交' });
    // The message is on the field, not repeated as a general alert.
    expect(within(dialog).queryByText(zhCN.errors.invalid_field)).toBeNull();
  });

  it('asks for a reason before sending a rejection', async () => {
    const calls = serve(() => demandFixture({ allowed_actions: ['reject'] }));
    const user = userEvent.setup({ delay: null });
    open();

    await user.click(within(await actionBar()).getByRole('button', { name: named(zhCN.demandActions.reject) }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: named(zhCN.demandActions.reject) }));

    expect(await within(dialog).findByText(zhCN.errors.reason_required)).toBeTruthy();
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
  });

  it('says a stale version needs a reload, reloads, and then sends the new version', async () => {
    let version = 3;
    let refuse = true;
    const calls = serve(() => demandFixture({ version, allowed_actions: ['verify'] }), {
      [`POST /api/v1/demands/${ID}/transitions`]: () => {
        if (refuse) {
          refuse = false;
          version = 4;
          return problem(409, 'stale_version', 'the demand changed since you read it');
        }
        return json(demandFixture({ version: 5, state: 'published', allowed_actions: [] }));
      },
    });
    const user = userEvent.setup({ delay: null });
    open();

    await user.click(within(await actionBar()).getByRole('button', { name: named(zhCN.demandActions.verify) }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: named(zhCN.demandActions.verify) }));
    expect(await within(dialog).findByText(zhCN.demandPage.stale)).toBeTruthy();

    await user.click(within(dialog).getByRole('button', { name: named(zhCN.demandPage.reload) }));
    await waitFor(() => expect(within(dialog).queryByText(zhCN.demandPage.stale)).toBeNull());
    await user.click(within(dialog).getByRole('button', { name: named(zhCN.demandActions.verify) }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const posts = calls.filter((c) => c.method === 'POST').map((c) => c.body);
    expect(posts).toEqual([
      { action: 'verify', version: 3 },
      { action: 'verify', version: 4 },
    ]);
  });

  it('offers a reload when the demand has moved on to a state that no longer takes the action', async () => {
    serve(() => demandFixture({ allowed_actions: ['withdraw'] }), {
      [`POST /api/v1/demands/${ID}/transitions`]: () => problem(409, 'wrong_state', 'cannot withdraw a demand that is accepted'),
    });
    const user = userEvent.setup({ delay: null });
    open();

    await user.click(within(await actionBar()).getByRole('button', { name: named(zhCN.demandActions.withdraw) }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: named(zhCN.demandActions.withdraw) }));
    expect(await within(dialog).findByText(new RegExp(zhCN.errors.wrong_state))).toBeTruthy();
    expect(within(dialog).getByRole('button', { name: named(zhCN.demandPage.reload) })).toBeTruthy();
  });

  it('shows no action bar to a reader who may do nothing', async () => {
    serve(() => demandFixture({ state: 'referred', allowed_actions: [], referred_to: '12345热线', reason: '市政道路' }));
    open();

    expect(await screen.findByText('12345热线')).toBeTruthy();
    expect(screen.queryByRole('region', { name: zhCN.demandPage.actionsLabel })).toBeNull();
    expect(screen.queryByRole('button', { name: named(zhCN.demandActions.cosign) })).toBeNull();
  });

  it('says why the API refused a co-sign', async () => {
    serve(() => demandFixture({ state: 'published', allowed_actions: ['cosign'] }), {
      [`POST /api/v1/demands/${ID}/cosign`]: () => problem(403, 'not_street_resident', 'only residents of its street'),
    });
    const user = userEvent.setup({ delay: null });
    open();

    await user.click(within(await actionBar()).getByRole('button', { name: named(zhCN.demandActions.cosign) }));
    expect(await screen.findByText(zhCN.errors.not_street_resident)).toBeTruthy();
  });

  it('merges into a live demand found by search, never into itself', async () => {
    const other = demandFixture({ id: OTHER, title: '3号楼楼道灯坏了', state: 'published' });
    const calls = serve(() => demandFixture({ allowed_actions: ['merge'] }), {
      'GET /api/v1/demands': (call) =>
        json({
          // Only the typed search finds the target, so picking it proves the search ran.
          items: call.query.get('state') === 'published' && call.query.get('q') === '楼道灯' ? [other] : [demandFixture()],
          next_cursor: null,
        }),
      [`POST /api/v1/demands/${ID}/transitions`]: () => json(demandFixture({ state: 'merged', merged_into_id: OTHER })),
    });
    const user = userEvent.setup({ delay: null });
    open();

    await user.click(within(await actionBar()).getByRole('button', { name: named(zhCN.demandActions.merge) }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByLabelText(zhCN.demand.target));
    await user.paste('楼道灯');
    const option = await screen.findByText(/^3号楼楼道灯坏了 ·/);
    // This demand itself (found by the `submitted` search) is not offered.
    expect(screen.queryByText(/^3号楼楼道灯不亮 ·/)).toBeNull();
    await user.click(option);
    await user.click(within(dialog).getByRole('button', { name: named(zhCN.demandActions.merge) }));

    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true), { timeout: 10_000 });
    const searches = calls.filter((c) => c.path === '/api/v1/demands');
    expect(searches.some((c) => c.query.get('q') === '楼道灯' && c.query.get('state') === 'published')).toBe(true);
    expect(searches.some((c) => c.query.get('q') === '楼道灯' && c.query.get('state') === 'submitted')).toBe(true);
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ action: 'merge', version: 3, target_id: OTHER });
  });

  it('lists the most similar merge targets first, each once, then the rest of the queue', async () => {
    const similar = demandFixture({ id: OTHER, title: '3号楼楼道灯坏了', state: 'published' });
    const unrelated = demandFixture({ id: '0190a000-0000-7000-8000-0000000000d3', title: '小区门口积水', state: 'published' });
    const calls = serve(() => demandFixture({ allowed_actions: ['merge'] }), {
      'GET /api/v1/demands/similar': () => json([demandFixture(), similar]),
      'GET /api/v1/demands': (call) => json({ items: call.query.get('state') === 'published' ? [unrelated, similar] : [], next_cursor: null }),
    });
    const user = userEvent.setup({ delay: null });
    open();

    await user.click(within(await actionBar()).getByRole('button', { name: named(zhCN.demandActions.merge) }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByLabelText(zhCN.demand.target));
    await screen.findByText(/^小区门口积水 ·/);
    const shown = [...document.querySelectorAll('.ant-select-item')].map((o) => o.textContent?.split(' ·')[0]);
    expect(shown).toEqual([zhCN.demandMergeTargets.similar, '3号楼楼道灯坏了', zhCN.demandMergeTargets.others, '小区门口积水']);

    const asked = calls.find((c) => c.path === '/api/v1/demands/similar');
    expect(asked?.query.get('unit_id')).toBe(demandFixture().unit_id);
    expect(asked?.query.get('category')).toBe('repair');
    expect(asked?.query.get('title')).toBe('3号楼楼道灯不亮');
  });
});
