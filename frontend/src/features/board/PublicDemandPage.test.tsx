import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Schemas } from '../../api/client';
import { zhCN } from '../../i18n/zh-CN';
import { PublicDemandPage } from './PublicDemandPage';
import { served } from '../../components/servedProject';

// An anonymous visitor unless a test signs someone in.
const auth = vi.hoisted(() => ({ user: null as Schemas['User'] | null }));
vi.mock('../../auth/AuthProvider', () => ({
  AuthProvider: ({ children }: { children: ReactNode }) => children,
  useAuth: () => auth,
}));

afterEach(() => {
  vi.unstubAllGlobals();
  auth.user = null;
});

function signIn(role: Schemas['Role']) {
  auth.user = {
    id: 'u1',
    username: role,
    display_name: '张伟',
    party_member: false,
    disabled: false,
    password_change_required: false, allowed_actions: [],
    created_at: '',
    updated_at: '',
    version: 1,
    grants: [{ id: 'g1', role, unit_id: 'c1' }],
  };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const DEMAND: Schemas['PublicDemand'] = {
  id: 'p1',
  title: '门口积水',
  description: '一下雨就积水\n老人出门不便',
  category: 'repair',
  unit_id: 'c1',
  state: 'published',
  author_name: '张**',
  cosign_count: 5,
  reason: null,
  referred_to: null,
  merged_into_id: 'p0',
  created_at: '2026-03-01T02:00:00Z',
  updated_at: '2026-03-02T02:00:00Z',
};

/** Demands a project took up (accepted) or has answered (resolved); `a2`'s project is still a draft. */
const ANSWERED: Record<string, Schemas['PublicDemand']> = {
  a1: { ...DEMAND, id: 'a1', state: 'accepted', merged_into_id: null, project_id: 'j1' },
  r1: { ...DEMAND, id: 'r1', state: 'resolved', merged_into_id: null, project_id: 'j1' },
  a2: { ...DEMAND, id: 'a2', state: 'accepted', merged_into_id: null, project_id: 'j-draft' },
};

const PROJECT: Schemas['PublicProject'] = served({
  id: 'j1',
  title: '门口排水改造',
  description: '',
  category: 'micro_renovation',
  unit_id: 'c1',
  plan: '疏通并加装排水沟',
  budget_fen: 1_000_000,
  gov_funds_fen: 1_000_000,
  funded_fen: 0,
  beneficiaries: 0,
  state: 'in_progress',
  demand_ids: ['a1', 'r1'],
  progress_percent: 30,
  maintainer_org_id: null,
  completion_note: null,
  cancel_reason: null,
  created_at: '2026-03-03T02:00:00Z',
  updated_at: '2026-03-04T02:00:00Z',
});

/** The signed-in record of p1: what the reader may do to it. */
let signedIn: Pick<Schemas['Demand'], 'allowed_actions' | 'cosigned_by_me'> = { allowed_actions: [], cosigned_by_me: false };

function open(id: string) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      const url = new URL(request.url);
      if (url.pathname === '/api/v1/public/demands/p1') return json(DEMAND);
      const answered = ANSWERED[url.pathname.replace('/api/v1/public/demands/', '')];
      if (answered) return json(answered);
      if (url.pathname === '/api/v1/public/projects/j1') return json(PROJECT);
      if (url.pathname === '/api/v1/demands/p1') {
        return json({ ...DEMAND, author_name: '张伟', source: 'app', overdue: false, version: 1, ...signedIn });
      }
      if (url.pathname === '/api/v1/org-units/c1') {
        return json({ id: 'c1', name: '兴华南街社区', kind: 'community', parent_id: 's1', created_at: '', updated_at: '', version: 1 });
      }
      return json({ type: 'about:blank', title: 'Not Found', status: 404, detail: 'no such demand', code: 'not_found' }, 404);
    }),
  );
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[`/board/${id}`]}>
        <Routes>
          <Route path="/board/:id" element={<PublicDemandPage />} />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

describe('PublicDemandPage', { timeout: 30_000 }, () => {
  it('shows the demand, where it is, where it was merged, and asks a visitor to sign in to co-sign', async () => {
    open('p1');
    expect(await screen.findByRole('heading', { name: '门口积水' })).toBeTruthy();
    expect(screen.getByText(zhCN.demandStates.published)).toBeTruthy();
    expect(await screen.findByText('兴华南街社区')).toBeTruthy();
    expect(screen.getByText('张**')).toBeTruthy();
    expect(screen.getByRole('link', { name: zhCN.demandBoard.viewMerged }).getAttribute('href')).toBe('/board/p0');
    expect(screen.getByRole('link', { name: zhCN.demandBoard.loginToCosign }).getAttribute('href')).toBe('/login?next=%2Fboard%2Fp1');
    expect(screen.queryByRole('button', { name: zhCN.demand.cosign })).toBeNull();
  });

  it('offers a signed-in resident the co-sign the API allows, and 已附议 once done', async () => {
    signIn('resident');
    signedIn = { allowed_actions: ['cosign'], cosigned_by_me: false };
    const first = open('p1');
    const button = await screen.findByRole('button', { name: zhCN.demand.cosign });
    expect((button as HTMLButtonElement).disabled).toBe(false);
    expect(screen.queryByRole('link', { name: zhCN.demandBoard.loginToCosign })).toBeNull();
    first.unmount();

    signedIn = { allowed_actions: [], cosigned_by_me: true };
    open('p1');
    const done = await screen.findByRole('button', { name: zhCN.demand.cosigned });
    expect((done as HTMLButtonElement).disabled).toBe(true);
  });

  it('offers a signed-in official neither a co-sign nor a sign-in', async () => {
    signIn('community_worker');
    signedIn = { allowed_actions: ['verify', 'reject'], cosigned_by_me: false };
    open('p1');
    expect(await screen.findByRole('heading', { name: '门口积水' })).toBeTruthy();
    await waitFor(() => expect(vi.mocked(fetch).mock.calls.some(([r]) => new URL((r as Request).url).pathname === '/api/v1/demands/p1')).toBe(true));
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.queryByRole('link', { name: zhCN.demandBoard.loginToCosign })).toBeNull();
  });

  it('links an accepted or resolved demand to the public page of the project that answered it', async () => {
    for (const id of ['a1', 'r1']) {
      const page = open(id);
      const link = await screen.findByRole('link', { name: zhCN.demandBoard.seeProject });
      expect(link.getAttribute('href')).toBe('/board/projects/j1');
      expect(screen.getByText(zhCN.demandBoard.inProject)).toBeTruthy();
      // The project by its title and state once read.
      expect(await screen.findByText('门口排水改造')).toBeTruthy();
      expect(screen.getByText(zhCN.projectStates.in_progress)).toBeTruthy();
      page.unmount();
    }
  });

  it('offers no link to a project the public may not read yet, and none to a demand no project answered', async () => {
    const draft = open('a2');
    expect(await screen.findByText(zhCN.demandBoard.projectNotPublic)).toBeTruthy();
    expect(screen.getByText(zhCN.demandBoard.inProject)).toBeTruthy();
    expect(screen.queryByRole('link', { name: zhCN.demandBoard.seeProject })).toBeNull();
    draft.unmount();

    open('p1');
    expect(await screen.findByRole('heading', { name: '门口积水' })).toBeTruthy();
    expect(screen.queryByRole('link', { name: zhCN.demandBoard.seeProject })).toBeNull();
    expect(screen.queryByText(zhCN.demandBoard.inProject)).toBeNull();
  });

  it('says 404 for a demand that is not public, with the way back', async () => {
    open('nope');
    expect(await screen.findByText(zhCN.errors.not_found)).toBeTruthy();
    expect(screen.getByRole('link', { name: zhCN.demandBoard.backToBoard }).getAttribute('href')).toBe('/board');
  });
});
