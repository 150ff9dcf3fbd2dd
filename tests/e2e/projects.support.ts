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
 * A project of 淮河路街道 answering a new demand of `resident`'s (兴华南街社区), taken to
 * `stage`. Fully funded by the government unless `gov` says otherwise; closed by
 * `approvals` passes of the 金祥花园 supervisors.
 */
export async function freshProject(
  request: APIRequestContext,
  title: string,
  { stage = 'published', budget = 1_000_000, gov = budget, approvals = 1 }: { stage?: Stage; budget?: number; gov?: number; approvals?: number } = {},
): Promise<{ id: string; demandId: string }> {
  const demandId = await publishedDemand(request, `${title}（居民需求）`);
  const street = await apiAs(request, 'street');
  const unit_id = (await street.get(`/api/v1/demands/${demandId}`)).unit_id;
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
