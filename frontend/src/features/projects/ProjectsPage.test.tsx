// The street's 民生实事 opens on 全部 (every state), and a state chosen narrows the list.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Schemas } from '../../api/client';
import { json, renderRoute, stubApi } from '../../components/testing';
import { zhCN } from '../../i18n/zh-CN';
import { ProjectsPage } from './ProjectsPage';
import { served } from '../../components/servedProject';

afterEach(() => vi.unstubAllGlobals());

function projectFixture(n: number, over: Partial<Schemas['Project']> = {}): Schemas['Project'] {
  return served({
    id: `0190a000-0000-7000-8000-00000000000${n}`,
    title: `项目${n}`,
    description: '',
    category: 'micro_renovation',
    unit_id: 'u1',
    plan: '',
    budget_fen: 100_000,
    gov_funds_fen: 100_000,
    funded_fen: 0,
    gap_fen: 0,
    required_approvals: 2,
    beneficiaries: 10,
    state: 'draft',
    demand_ids: [],
    readable_demand_ids: [],
    rework_round: 0,
    progress_percent: 0,
    created_at: '2026-03-01T02:00:00Z',
    updated_at: '2026-03-01T02:00:00Z',
    version: 1,
    allowed_actions: [],
    withheld_actions: [],
    upkeep_actions: [],
    rated_by_me: false,
    ...over,
  });
}

function serve() {
  const all = [projectFixture(1, { state: 'draft' }), projectFixture(2, { state: 'closed', progress_percent: 40 })];
  return stubApi({
    'GET /api/v1/projects': ({ query }) => json({ items: all.filter((p) => !query.get('state') || p.state === query.get('state')), next_cursor: null }),
    'GET /api/v1/projects/counts': () =>
      json({
        by_state: (['draft', 'published', 'in_progress', 'completed', 'closed', 'cancelled'] as const).map((state) => ({
          state,
          count: all.filter((p) => p.state === state).length,
        })),
        total: all.length,
      } satisfies Schemas['ProjectCounts']),
    'GET /api/v1/org-units/u1': () => json({ id: 'u1', name: '淮河路街道', kind: 'street', parent_id: null, created_at: '', updated_at: '', version: 1 }),
  });
}

const listCalls = (calls: ReturnType<typeof stubApi>) => calls.filter((c) => c.path === '/api/v1/projects');

describe('ProjectsPage', { timeout: 30_000 }, () => {
  it('opens on 全部: every state, asked without a state', async () => {
    const calls = serve();
    renderRoute('/projects', '/projects', <ProjectsPage />);
    expect(await screen.findByRole('link', { name: '项目1' })).toBeTruthy();
    expect(screen.getByRole('link', { name: '项目2' })).toBeTruthy();
    const tabs = screen.getByRole('radiogroup', { name: zhCN.projectWorkbench.tabsLabel });
    expect((within(tabs).getByRole('radio', { name: new RegExp(`^${zhCN.common.all}`) }) as HTMLInputElement).checked).toBe(true);
    // Each tab says how many it holds, as the API counts them.
    expect(await within(tabs).findByText(`${zhCN.common.all} 2`)).toBeTruthy();
    expect(within(tabs).getByText(`${zhCN.projectStates.draft} 1`)).toBeTruthy();
    expect(within(tabs).getByText(`${zhCN.projectStates.published} 0`)).toBeTruthy();
    expect(listCalls(calls).every((c) => !c.query.has('state'))).toBe(true);
    // A closed project is drawn at 100%, whatever was posted last.
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
  });

  it('narrows to the state chosen, and back to 全部', async () => {
    const calls = serve();
    renderRoute('/projects', '/projects', <ProjectsPage />);
    await screen.findByRole('link', { name: '项目1' });
    const tabs = screen.getByRole('radiogroup', { name: zhCN.projectWorkbench.tabsLabel });
    await userEvent.click(within(tabs).getByText(new RegExp(`^${zhCN.projectStates.closed}`)));
    await waitFor(() => expect(screen.queryByRole('link', { name: '项目1' })).toBeNull());
    expect(listCalls(calls).at(-1)?.query.get('state')).toBe('closed');
    await userEvent.click(within(tabs).getByText(new RegExp(`^${zhCN.common.all}`)));
    expect(await screen.findByRole('link', { name: '项目1' })).toBeTruthy();
    expect(listCalls(calls).at(-1)?.query.has('state')).toBe(false);
  });

  it('opens on the state the address names', async () => {
    serve();
    renderRoute('/projects?state=draft', '/projects', <ProjectsPage />);
    expect(await screen.findByRole('link', { name: '项目1' })).toBeTruthy();
    expect(screen.queryByRole('link', { name: '项目2' })).toBeNull();
  });
});
