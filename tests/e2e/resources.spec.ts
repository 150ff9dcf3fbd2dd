// Resources and claims (资源清单, 认领): a co-builder publishes a resource, edits it and
// withdraws what is left of it; it confirms a street's request after seeing what that does; a confirmation
// the resource can no longer cover is refused, in Chinese. Every record here is made fresh
// through the API, and claims that would change a demo project's funding are released after,
// so the demo district stays as the other specs expect it.
import { expect, test, type APIRequestContext } from '@playwright/test';

import { apiAs, choose, confirmDialog, shot, signIn } from './support';

type Api = Awaited<ReturnType<typeof apiAs>>;

/** `¥12,000` / `¥12,000.50`, as the screens show fen. */
const yuan = (fen: number) =>
  `¥${Math.floor(fen / 100).toLocaleString('en-US')}${fen % 100 ? `.${String(fen % 100).padStart(2, '0')}` : ''}`;

const suffix = () => String(Date.now() % 100000);

/** The builder's organisation and its unit (from its grant). */
async function builderGrant(builder: Api): Promise<{ organization_id: string; unit_id: string }> {
  const grant = (await builder.get('/api/v1/me')).grants.find((g: { role: string }) => g.role === 'co_builder');
  return { organization_id: grant.organization_id, unit_id: grant.unit_id };
}

async function publish(builder: Api, body: Record<string, unknown>) {
  return builder.post('/api/v1/resources', { ...(await builderGrant(builder)), description: '', ...body });
}

/** The street's projects that still take resources (published or in progress). */
async function openProjects(street: Api): Promise<{ id: string; title: string; state: string; gap_fen: number }[]> {
  const { items } = await street.get('/api/v1/projects?limit=100');
  return items.filter((p: { state: string }) => p.state === 'published' || p.state === 'in_progress');
}

/** The street asks for `quantity` of a resource for its project (申请资源). */
async function requestFor(street: Api, project_id: string, resource_id: string, quantity: number) {
  return street.post('/api/v1/claims', { project_id, resource_id, quantity, initiated_by: 'project' });
}

/** Takes `action` on a claim through the API, at its current version. */
async function act(as: Api, id: string, action: string) {
  const { version } = await as.get(`/api/v1/claims/${id}`);
  return as.post(`/api/v1/claims/${id}/transitions`, { action, version });
}

async function apis(request: APIRequestContext) {
  return { builder: await apiAs(request, 'builder'), street: await apiAs(request, 'street') };
}

test('a co-builder publishes a resource, edits it, and withdraws what no project holds', async ({ page, request }, testInfo) => {
  const { builder, street } = await apis(request);
  const title = `社区活动折叠桌${suffix()}`;

  await signIn(page, 'builder');
  await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '我的资源' }).click();
  await expect(page).toHaveURL(/\/resources\/mine$/);
  await page.getByRole('button', { name: /发布资源/ }).first().click();
  const dialog = page.getByRole('dialog');
  // Nothing is sent before the form is right: the rules are said in Chinese.
  await dialog.getByRole('button', { name: /发布资源/ }).click();
  await expect(dialog.getByText('请选择资源类型')).toBeVisible();
  await choose(page, '类型', '物资', dialog);
  await dialog.getByLabel('名称').fill(title);
  await dialog.getByLabel('数量').fill('20');
  await dialog.getByLabel('计量单位').fill('张');
  await shot(page, testInfo, 'publish-form');
  await dialog.getByRole('button', { name: /发布资源/ }).click();
  await expect(dialog).toHaveCount(0);
  const card = page.getByRole('article', { name: title });
  await expect(card).toContainText('总量：20 张');
  await expect(card).toContainText('可认领');

  // A street's request for 5 of them is confirmed: those 5 are the project's.
  const resource = (await builder.get(`/api/v1/resources?organization_id=${(await builderGrant(builder)).organization_id}&q=${encodeURIComponent(title)}`)).items[0];
  const [project] = await openProjects(street);
  const claim = await requestFor(street, project.id, resource.id, 5);
  await act(builder, claim.id, 'confirm');

  await page.reload();
  await expect(card).toContainText('已分配：5 张');
  // Fewer tables than the project holds is refused on the form; 12 is taken.
  await card.getByRole('button', { name: `修改“${title}”` }).click();
  const editing = page.getByRole('dialog', { name: '修改资源' });
  await expect(editing.getByText('已分配给项目 5 张，数量不能少于此数')).toBeVisible();
  await editing.getByLabel('数量').fill('3');
  await editing.getByRole('button', { name: '保存修改' }).click();
  await expect(editing.getByText('不能少于已分配给项目的 5 张')).toBeVisible();
  await editing.getByLabel('数量').fill('12');
  await shot(page, testInfo, 'edit-form');
  await editing.getByRole('button', { name: '保存修改' }).click();
  await expect(editing).toHaveCount(0);
  await expect(card).toContainText('总量：12 张');
  await expect(card).toContainText('剩余：7 张');
  await card.getByRole('button', { name: /撤\s*回/ }).click();
  await expect(page.getByRole('dialog')).toContainText('撤回未分配的 7 张，已分配给项目的 5 张 保留。');
  await shot(page, testInfo, 'withdraw-confirm');
  await confirmDialog(page, /撤\s*回/);
  // It still says what it offered, what projects hold and what went back (not 总量 5).
  await expect(card).toContainText('总量：12 张');
  await expect(card).toContainText('已分配：5 张');
  await expect(card).toContainText('已撤回：7 张');
  await expect(card.getByRole('button', { name: /撤\s*回/ })).toHaveCount(0);
  await shot(page, testInfo, 'withdrawn');

  await act(street, claim.id, 'release');
});

test('a co-builder sees what confirming a request does before it confirms', async ({ page, request }, testInfo) => {
  const { builder, street } = await apis(request);
  const title = `社区微改造配套资金${suffix()}`;
  const fund = await publish(builder, { kind: 'funds', title, quantity: 1_000_000, measure: 'fen' });
  // A published project still raising its funds: money is asked for up to its gap, and the
  // effect says the gap first.
  const projects = await openProjects(street);
  const project = projects.find((p) => p.state === 'published' && p.gap_fen > 0)!;
  const amount = Math.min(800_000, project.gap_fen);
  const claim = await requestFor(street, project.id, fund.id, amount);
  const gap: number = claim.project_gap_fen;
  const effect = `确认后：项目资金缺口 ${yuan(gap)} → ${yuan(gap - amount)}；资源剩余 ¥10,000 → ${yuan(1_000_000 - amount)}`;

  await signIn(page, 'builder');
  await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '认领与申请' }).click();
  await expect(page.getByRole('tab', { name: '待我处理' })).toHaveAttribute('aria-selected', 'true');
  const card = page.getByRole('article', { name: `${title} → ${project.title}` });
  await expect(card).toContainText('街道申请');
  await expect(card).toContainText(`数量：${yuan(amount)}`);
  await expect(card).toContainText(effect);
  await expect(card.getByRole('link', { name: project.title })).toHaveAttribute('href', `/projects/${project.id}`);
  await card.getByRole('button', { name: /确\s*认/ }).click();
  await expect(page.getByRole('dialog')).toContainText(effect);
  await shot(page, testInfo, 'confirm-effect');
  await confirmDialog(page, /确\s*认/);
  await expect(card).toHaveCount(0);

  await page.getByRole('tab', { name: '全部' }).click();
  await expect(card.first()).toContainText('已确认');
  await expect(card.first().getByRole('button', { name: /标记已交付/ })).toBeVisible();
  await shot(page, testInfo, 'confirmed');

  await act(street, claim.id, 'release');
});

test('a confirmation the resource can no longer cover is refused, said in Chinese', async ({ page, request }, testInfo) => {
  const { builder, street } = await apis(request);
  const title = `楼道感应灯${suffix()}`;
  const lamps = await publish(builder, { kind: 'materials', title, quantity: 10, measure: '盏' });
  const projects = await openProjects(street);
  expect(projects.length).toBeGreaterThan(1);
  const first = await requestFor(street, projects[0].id, lamps.id, 8);
  const second = await requestFor(street, projects[1].id, lamps.id, 8);

  await signIn(page, 'builder', { at: '/claims' });
  const card = page.getByRole('article', { name: `${title} → ${projects[1].title}` });
  await expect(card).toContainText('资源剩余 10 盏 → 2 盏');
  // Meanwhile the other request takes 8 of the 10.
  await act(builder, first.id, 'confirm');

  await card.getByRole('button', { name: /确\s*认/ }).click();
  await confirmDialog(page, /确\s*认/);
  await expect(card.getByRole('alert')).toContainText('资源余量不足：确认数量超过剩余量，未作任何分配');
  // The list is read again: with 2 left, the API no longer offers to confirm 8, and says why
  // where the button was; declining stays.
  await expect(card.getByRole('button', { name: /确\s*认/ })).toHaveCount(0);
  await expect(card.getByRole('note')).toContainText('暂不能确认：资源仅剩 2 盏，不足本次 8 盏');
  await expect(card.getByRole('button', { name: /拒\s*绝/ })).toBeVisible();
  await shot(page, testInfo, 'over-allocation');
  expect((await builder.get(`/api/v1/resources/${lamps.id}`)).allocated).toBe(8);

  await act(street, second.id, 'cancel');
  await act(street, first.id, 'release');
});

test('the menu offers each role its resource screens, and the guard holds the rest back', async ({ page }) => {
  const menu = page.getByRole('navigation', { name: '主菜单' });
  await signIn(page, 'street');
  await expect(menu.getByRole('link', { name: '资源清单' })).toBeVisible();
  await expect(menu.getByRole('link', { name: '认领与申请' })).toBeVisible();
  await expect(menu.getByRole('link', { name: '我的资源' })).toHaveCount(0);
  await page.goto('/resources/mine');
  await expect(page.getByText('该页面不适用于您的角色，已为您打开首页。')).toBeVisible();

  await page.getByRole('button', { name: /退出/ }).click();
  await signIn(page, 'auditor');
  await expect(menu.getByRole('link', { name: '资源清单' })).toBeVisible();
  await expect(menu.getByRole('link', { name: '认领与申请' })).toHaveCount(0);
  await page.goto('/claims');
  await expect(page.getByText('该页面不适用于您的角色，已为您打开首页。')).toBeVisible();
  await expect(page).not.toHaveURL(/\/claims/);
});
