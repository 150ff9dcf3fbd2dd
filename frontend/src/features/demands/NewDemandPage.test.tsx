import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Schemas } from '../../api/client';
import { zhCN } from '../../i18n/zh-CN';
import { NewDemandPage } from './NewDemandPage';
import { demandFixture, json, orgUnitFixture, problem, renderDataRoute, stubApi, UNIT_COMMUNITY, UNIT_COMPOUND } from './testing';

// jsdom does not implement scrolling.
window.scrollTo = () => undefined;

// The page reads only `useAuth().user`; a fixed user stands in for a signed-in session.
const auth = vi.hoisted(() => ({ user: null as Schemas['User'] | null }));
vi.mock('../../auth/AuthProvider', () => ({
  AuthProvider: ({ children }: { children: ReactNode }) => children,
  useAuth: () => auth,
}));

function signIn(roles: Schemas['Role'][]) {
  auth.user = {
    id: '0190a000-0000-7000-8000-0000000000a1',
    username: 'resident',
    display_name: '张伟',
    party_member: false, disabled: false, password_change_required: false, allowed_actions: [],
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    version: 1,
    grants: roles.map((role, i) => ({ id: `g${i}`, role, unit_id: UNIT_COMMUNITY })),
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
  auth.user = null;
});

const community = orgUnitFixture({ id: UNIT_COMMUNITY, name: '兴华南街社区', kind: 'community', parent_id: null });
const compound = orgUnitFixture();
const units = () => json({ items: [community, compound], next_cursor: null });

const SIMILAR_A = '0190a000-0000-7000-8000-0000000000e1';
const SIMILAR_B = '0190a000-0000-7000-8000-0000000000e2';

// antd spaces out a two-character Chinese button label ("提 交").
const SUBMIT = new RegExp(zhCN.common.submit.split('').join('\\s*'));

// Inside a data router, as in the app: the page holds a move away from a written draft (useBlocker).
const open = () => renderDataRoute('/demands/new', '/demands/new', <NewDemandPage />);

/** Types into a field in one go (per-key typing re-renders antd's counters each time). */
async function fill(user: ReturnType<typeof userEvent.setup>, field: HTMLElement, text: string) {
  await user.click(field);
  await user.paste(text);
}

/** Picks an option of the antd Select labelled `label`. */
async function choose(user: ReturnType<typeof userEvent.setup>, label: string, option: string) {
  await user.click(screen.getByLabelText(label));
  const listbox = await screen.findByRole('listbox');
  await user.click(within(listbox.parentElement ?? document.body).getByTitle(option));
}

// antd renders slowly in jsdom; a whole filing with typing takes a few seconds.
describe('NewDemandPage', { timeout: 30_000 }, () => {
  it('files the demand, offers the similar ones, and says what each co-sign did', async () => {
    signIn(['resident']);
    const calls = stubApi({
      'GET /api/v1/org-units': units,
      'POST /api/v1/demands': () =>
        json(
          {
            ...demandFixture({ title: '楼道灯坏了', unit_id: UNIT_COMMUNITY }),
            similar: [
              demandFixture({ id: SIMILAR_A, title: '3号楼楼道灯不亮', state: 'published', cosign_count: 2, allowed_actions: ['cosign'] }),
              demandFixture({ id: SIMILAR_B, title: '楼道声控灯失灵', state: 'published', cosign_count: 7, allowed_actions: ['cosign'] }),
            ],
          },
          201,
        ),
      [`POST /api/v1/demands/${SIMILAR_A}/cosign`]: () =>
        json(demandFixture({ id: SIMILAR_A, state: 'published', cosign_count: 3 })),
      [`POST /api/v1/demands/${SIMILAR_B}/cosign`]: () => problem(409, 'already_cosigned', 'you have already co-signed'),
    });
    const user = userEvent.setup({ delay: null });
    open();

    // The resident's only community is chosen already; residents are not asked for a source.
    expect(await screen.findByTitle(zhCN.newDemand.communityWide.replace('{{name}}', '兴华南街社区'))).toBeTruthy();
    expect(screen.queryByLabelText(zhCN.demand.source)).toBeNull();
    expect(screen.queryByLabelText(zhCN.newDemand.authorName)).toBeNull();

    await fill(user, screen.getByLabelText(zhCN.demand.title), '楼道灯坏了');
    await choose(user, zhCN.demand.category, zhCN.demandCategories.repair);
    await fill(user, screen.getByLabelText(zhCN.demand.description), '晚上看不见');
    await user.click(screen.getByRole('button', { name: SUBMIT }));

    expect(await screen.findByText(zhCN.demand.submitted)).toBeTruthy();
    const post = calls.find((c) => c.method === 'POST' && c.path === '/api/v1/demands');
    expect(post?.body).toEqual({ title: '楼道灯坏了', description: '晚上看不见', category: 'repair', unit_id: UNIT_COMMUNITY });

    // (Label queries: role queries over antd's whole page are slow in jsdom.)
    const similar = screen.getByLabelText(zhCN.demand.similar);
    expect(similar.tagName).toBe('SECTION');
    const first = within(similar).getByLabelText('3号楼楼道灯不亮');
    const second = within(similar).getByLabelText('楼道声控灯失灵');

    await user.click(within(first).getByRole('button', { name: new RegExp(zhCN.demandActions.cosign) }));
    expect(await within(first).findByText(zhCN.demandCosign.done.replace('{{n}}', '3'))).toBeTruthy();

    await user.click(within(second).getByRole('button', { name: new RegExp(zhCN.demandActions.cosign) }));
    expect((await within(second).findByRole('alert')).textContent).toBe(zhCN.errors.already_cosigned);
    expect(calls.filter((c) => c.path.endsWith('/cosign')).map((c) => c.path)).toEqual([
      `/api/v1/demands/${SIMILAR_A}/cosign`,
      `/api/v1/demands/${SIMILAR_B}/cosign`,
    ]);
  });

  it('says what to fill in when submitted empty, and sends nothing', async () => {
    signIn(['resident']);
    const calls = stubApi({ 'GET /api/v1/org-units': units });
    const user = userEvent.setup({ delay: null });
    open();

    await screen.findByTitle(zhCN.newDemand.communityWide.replace('{{name}}', '兴华南街社区'));
    await user.click(screen.getByRole('button', { name: SUBMIT }));
    expect(await screen.findByText(zhCN.required.title)).toBeTruthy();
    expect(screen.getAllByText(zhCN.newDemand.categoryRequired).some((e) => e.closest('.ant-form-item-explain-error'))).toBe(true);
    expect(screen.queryByText(zhCN.errors.title_length)).toBeNull();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
  });

  it('shows live demands like the draft while it is typed, to co-sign instead of filing', async () => {
    signIn(['resident']);
    const calls = stubApi({
      'GET /api/v1/org-units': units,
      'GET /api/v1/demands/similar': (call) =>
        json(
          call.query.get('title') === '楼道灯坏了'
            ? [
                demandFixture({ id: SIMILAR_A, title: '3号楼楼道灯不亮', state: 'published', allowed_actions: ['cosign'] }),
                demandFixture({ id: SIMILAR_B, title: '楼道声控灯失灵', state: 'published', cosigned_by_me: true }),
              ]
            : [],
        ),
      [`POST /api/v1/demands/${SIMILAR_A}/cosign`]: () =>
        json(demandFixture({ id: SIMILAR_A, state: 'published', cosign_count: 3, cosigned_by_me: true })),
    });
    const user = userEvent.setup({ delay: null });
    open();

    await screen.findByTitle(zhCN.newDemand.communityWide.replace('{{name}}', '兴华南街社区'));
    await fill(user, screen.getByLabelText(zhCN.demand.title), '楼道灯坏了');
    const heading = zhCN.demandDraftSimilar.heading.replace('{{n}}', '2');
    const section = await screen.findByLabelText(heading, {}, { timeout: 5_000 });
    expect(within(section).getByText(zhCN.demandDraftSimilar.cosignHint)).toBeTruthy();
    // Asked once the typing paused, for the chosen community, with what was typed.
    const asked = calls.filter((c) => c.path === '/api/v1/demands/similar');
    expect(asked.map((c) => [c.query.get('unit_id'), c.query.get('title')])).toEqual([[UNIT_COMMUNITY, '楼道灯坏了']]);

    const done = within(within(section).getByLabelText('楼道声控灯失灵')).getByRole('button');
    expect(done.textContent).toContain(zhCN.demand.cosigned);
    expect((done as HTMLButtonElement).disabled).toBe(true);
    await user.click(within(within(section).getByLabelText('3号楼楼道灯不亮')).getByRole('button', { name: new RegExp(zhCN.demandActions.cosign) }));
    // Co-signed, the draft is done: no form inviting a duplicate, the way to the demand co-signed.
    expect(await screen.findByText(zhCN.demandDraftSimilar.cosignedTitle.replace('{{title}}', '3号楼楼道灯不亮'))).toBeTruthy();
    expect(screen.queryByRole('button', { name: SUBMIT })).toBeNull();
    expect(screen.getByRole('button', { name: zhCN.demandDraftSimilar.viewCosigned })).toBeTruthy();
    // Nothing was filed.
    expect(calls.some((c) => c.method === 'POST' && c.path === '/api/v1/demands')).toBe(false);

    // A different matter after all: back to the draft as it was.
    await user.click(screen.getByRole('button', { name: zhCN.demandDraftSimilar.differentMatter }));
    expect(((await screen.findByLabelText(zhCN.demand.title)) as HTMLInputElement).value).toBe('楼道灯坏了');
    // A cleared title leaves no stale matches behind.
    await user.clear(screen.getByLabelText(zhCN.demand.title));
    await waitFor(() => expect(screen.queryByLabelText(heading)).toBeNull());
  });

  it('shows staff recording a demand the similar ones without a co-sign the API does not offer', async () => {
    signIn(['community_worker']);
    const calls = stubApi({
      'GET /api/v1/org-units': units,
      'GET /api/v1/demands/similar': () => json([demandFixture({ id: SIMILAR_A, title: '小区门口积水严重', state: 'published' })]),
    });
    const user = userEvent.setup({ delay: null });
    open();

    await screen.findByTitle(zhCN.newDemand.communityWide.replace('{{name}}', '兴华南街社区'));
    await choose(user, zhCN.demand.category, zhCN.demandCategories.sanitation);
    await fill(user, screen.getByLabelText(zhCN.demand.title), '小区门口积水');
    const section = await screen.findByLabelText(zhCN.demandDraftSimilar.heading.replace('{{n}}', '1'), {}, { timeout: 5_000 });
    expect(within(section).getByText(zhCN.demandDraftSimilar.checkHint)).toBeTruthy();
    expect(within(section).queryByRole('button')).toBeNull();
    expect(calls.find((c) => c.path === '/api/v1/demands/similar')?.query.get('category')).toBe('sanitation');
  });

  it('puts a 422 on its field and any other refusal above the button', async () => {
    signIn(['resident']);
    let answer = () =>
      problem(422, 'title_length', 'title must be 2 to 100 characters', {
        errors: { title: ['title must be 2 to 100 characters'] },
        error_codes: { title: ['title_length'] },
      });
    stubApi({ 'GET /api/v1/org-units': units, 'POST /api/v1/demands': () => answer() });
    const user = userEvent.setup({ delay: null });
    open();

    await screen.findByTitle(zhCN.newDemand.communityWide.replace('{{name}}', '兴华南街社区'));
    await fill(user, screen.getByLabelText(zhCN.demand.title), '灯坏');
    await choose(user, zhCN.demand.category, zhCN.demandCategories.repair);
    await user.click(screen.getByRole('button', { name: SUBMIT }));

    const title = screen.getByLabelText(zhCN.demand.title);
    await waitFor(() => expect(title.getAttribute('aria-invalid')).toBe('true'));
    expect(await screen.findByText(zhCN.errors.title_length)).toBeTruthy();
    // Said on the field, not again in an alert box.
    expect(document.querySelector('.ant-alert')).toBeNull();

    answer = () => problem(403, 'out_of_scope', 'you may file demands only in your own community');
    await user.click(screen.getByRole('button', { name: SUBMIT }));
    expect((await screen.findByRole('alert')).textContent).toContain(zhCN.errors.out_of_scope);
  });

  it('asks a community worker for the source, the resident’s name and number, and sends them', async () => {
    signIn(['community_worker']);
    const calls = stubApi({
      'GET /api/v1/org-units': units,
      'POST /api/v1/demands': () => json({ ...demandFixture({ source: 'phone', author_name: '王芳' }), similar: [] }, 201),
    });
    const user = userEvent.setup({ delay: null });
    open();

    await screen.findByTitle(zhCN.newDemand.communityWide.replace('{{name}}', '兴华南街社区'));
    await user.click(screen.getByText(zhCN.demandSources.phone));
    await fill(user, screen.getByLabelText(zhCN.newDemand.authorName), '王芳');
    await fill(user, screen.getByLabelText(zhCN.newDemand.authorPhone), '0371-1234');
    expect(await screen.findByText(zhCN.errors.phone_format)).toBeTruthy();
    await user.clear(screen.getByLabelText(zhCN.newDemand.authorPhone));
    await fill(user, screen.getByLabelText(zhCN.newDemand.authorPhone), '0371-12345678');
    await fill(user, screen.getByLabelText(zhCN.demand.title), '小区门口积水');
    await choose(user, zhCN.demand.category, zhCN.demandCategories.sanitation);
    await choose(user, zhCN.demand.unit, '金祥花园');
    await user.click(screen.getByRole('button', { name: SUBMIT }));

    expect(await screen.findByText(zhCN.demand.submitted)).toBeTruthy();
    expect(screen.queryByLabelText(zhCN.demand.similar)).toBeNull();
    const post = calls.find((c) => c.method === 'POST' && c.path === '/api/v1/demands');
    expect(post?.body).toEqual({
      title: '小区门口积水',
      description: '',
      category: 'sanitation',
      unit_id: UNIT_COMPOUND,
      source: 'phone',
      author_name: '王芳',
      author_phone: '0371-12345678',
    });
    // The units offered are those under the worker's grant.
    expect(calls.find((c) => c.path === '/api/v1/org-units')?.query.get('unit_id')).toBe(UNIT_COMMUNITY);
  });

  it('asks before leaving a written draft, by a link or the back button, and keeps it on 继续填写', async () => {
    signIn(['resident']);
    stubApi({ 'GET /api/v1/org-units': units, 'GET /api/v1/demands/similar': () => json([]) });
    const user = userEvent.setup({ delay: null });
    const { router } = open();

    await screen.findByTitle(zhCN.newDemand.communityWide.replace('{{name}}', '兴华南街社区'));
    await fill(user, screen.getByLabelText(zhCN.demand.description), '三楼的灯一直不亮');
    // Closing or reloading the tab gets the browser's own question.
    await waitFor(() => {
      const unload = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(unload);
      expect(unload.defaultPrevented).toBe(true);
    });

    void router.navigate('/board');
    expect(await screen.findByText(zhCN.leaveGuard.title)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: zhCN.leaveGuard.stay }));
    await waitFor(() => expect(router.state.blockers.size === 0 || [...router.state.blockers.values()].every((b) => b.state === 'unblocked')).toBe(true));
    expect(router.state.location.pathname).toBe('/demands/new');
    expect((screen.getByLabelText(zhCN.demand.description) as HTMLTextAreaElement).value).toBe('三楼的灯一直不亮');

    void router.navigate('/board');
    await user.click(await screen.findByRole('button', { name: new RegExp(zhCN.leaveGuard.leave.split('').join('\\s*')) }));
    expect(await screen.findByText('elsewhere')).toBeTruthy();
  });

  it('lets an untouched form go without asking', async () => {
    signIn(['resident']);
    stubApi({ 'GET /api/v1/org-units': units });
    const { router } = open();
    await screen.findByTitle(zhCN.newDemand.communityWide.replace('{{name}}', '兴华南街社区'));
    const unload = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(unload);
    expect(unload.defaultPrevented).toBe(false);
    void router.navigate('/board');
    expect(await screen.findByText('elsewhere')).toBeTruthy();
    expect(screen.queryByText(zhCN.leaveGuard.title)).toBeNull();
  });

  it('leads from a co-signed twin to it, without asking about the draft it replaced', async () => {
    signIn(['resident']);
    stubApi({
      'GET /api/v1/org-units': units,
      'GET /api/v1/demands/similar': () => json([demandFixture({ id: SIMILAR_A, title: '3号楼楼道灯不亮', state: 'published', allowed_actions: ['cosign'] })]),
      [`POST /api/v1/demands/${SIMILAR_A}/cosign`]: () => json(demandFixture({ id: SIMILAR_A, state: 'published', cosign_count: 3, cosigned_by_me: true })),
    });
    const user = userEvent.setup({ delay: null });
    const { router } = open();
    await screen.findByTitle(zhCN.newDemand.communityWide.replace('{{name}}', '兴华南街社区'));
    await fill(user, screen.getByLabelText(zhCN.demand.title), '楼道灯坏了');
    const section = await screen.findByLabelText(zhCN.demandDraftSimilar.heading.replace('{{n}}', '1'), {}, { timeout: 5_000 });
    await user.click(within(section).getByRole('button', { name: new RegExp(zhCN.demandActions.cosign) }));
    await user.click(await screen.findByRole('button', { name: zhCN.demandDraftSimilar.viewCosigned }));
    expect(await screen.findByText('elsewhere')).toBeTruthy();
    expect(router.state.location.pathname).toBe(`/demands/${SIMILAR_A}`);
    expect(screen.queryByText(zhCN.leaveGuard.title)).toBeNull();
  });
});
