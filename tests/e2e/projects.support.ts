// Fresh projects for the project scenarios, made through the API as the demo's people would
// make them, so that no scenario consumes the demo's own projects.
import type { APIRequestContext } from '@playwright/test';

import { apiAs, fileDemand } from './support';

type Stage = 'draft' | 'published' | 'in_progress' | 'completed' | 'closed';
const ORDER: Stage[] = ['draft', 'published', 'in_progress', 'completed', 'closed'];

/** A demand of `resident`'s, verified by the community worker (so published). */
export async function publishedDemand(request: APIRequestContext, title: string, by = 'resident'): Promise<string> {
  const id = await fileDemand(request, by, title, '居民反映，希望尽快解决');
  const worker = await apiAs(request, 'worker');
  const { version } = await worker.get(`/api/v1/demands/${id}`);
  await worker.post(`/api/v1/demands/${id}/transitions`, { action: 'verify', version });
  return id;
}

/**
 * A demand the street committee records on a visit in 淮河东路社区 (outside the community
 * worker's queue, whose resolved list the queue scenario expects empty), verified, and
 * co-signed by `resident` (so that it may rate the project answering it).
 */
export async function visitedDemand(request: APIRequestContext, title: string): Promise<string> {
  const street = await apiAs(request, 'street');
  const units = (await street.get('/api/v1/org-units?limit=100')).items as { id: string; name: string }[];
  const unit_id = units.find((u) => u.name === '淮河东路社区')!.id;
  const demand = await street.post('/api/v1/demands', { title, description: '走访时居民反映', category: 'repair', unit_id, source: 'visit', author_name: '李大爷' });
  await street.post(`/api/v1/demands/${demand.id}/transitions`, { action: 'verify', version: demand.version });
  await (await apiAs(request, 'resident')).post(`/api/v1/demands/${demand.id}/cosign`, {});
  return demand.id;
}

/**
 * A project of 淮河路街道 serving 兴华南街社区 (where the 金祥花园 supervisors inspect),
 * answering a new demand (see `visitedDemand`), taken to `stage`. Fully funded by the
 * government unless `gov` says otherwise; closed by `approvals` passes.
 */
export async function freshProject(
  request: APIRequestContext,
  title: string,
  { stage = 'published', budget = 1_000_000, gov = budget, approvals = 1 }: { stage?: Stage; budget?: number; gov?: number; approvals?: number } = {},
): Promise<{ id: string; demandId: string }> {
  const demandId = await visitedDemand(request, `${title}（居民需求）`);
  const street = await apiAs(request, 'street');
  const unit_id = (await (await apiAs(request, 'resident')).get('/api/v1/me')).grants[0].unit_id;
  let p = await street.post('/api/v1/projects', {
    demand_ids: [demandId],
    title,
    category: 'micro_renovation',
    unit_id,
    description: '',
    plan: '分三步实施：采购、安装、验收。',
    budget_fen: budget,
    gov_funds_fen: gov,
    required_approvals: approvals,
    beneficiaries: 120,
  });
  const step = async (action: string, extra = {}) => {
    p = await street.post(`/api/v1/projects/${p.id}/transitions`, { action, version: p.version, ...extra });
  };
  const reach = ORDER.indexOf(stage);
  if (reach >= 1) await step('publish');
  if (reach >= 2) await step('start');
  if (reach >= 3) await step('complete', { note: '已按方案完工，现场已清理' });
  if (reach >= 4) {
    for (const who of ['supervisor', 'supervisor2'].slice(0, approvals)) {
      await (await apiAs(request, who)).post(`/api/v1/projects/${p.id}/inspections`, { verdict: 'pass', comment: '现场查看合格' });
    }
  }
  return { id: p.id, demandId };
}

/** A button's name as antd draws it: two Chinese characters get a space between them (公 示). */
export const named = (text: string) => new RegExp(`^${[...text].join(' ?')}$`);
