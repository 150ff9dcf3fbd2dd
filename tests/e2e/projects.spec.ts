// The street committee's projects on a desktop: a project drafted from two demands ticked
// in the queue, published, refused a start while money is short (the gap said in yuan),
// matched with a co-builder's funds, started once they are confirmed, and completed; a
// co-builder claims a project with its own resource.
import { expect, test } from '@playwright/test';

import { freshProject, named, publishedDemand } from './projects.support';
import { apiAs, choose, shot, signIn } from './support';

test('a street committee drafts a project from two queue demands, is told why it cannot start, requests funds and runs it', async ({
  page,
  request,
}, testInfo) => {
  const first = '北门道闸经常失灵';
  const second = '北门岗亭无人值守';
  await publishedDemand(request, first);
  await publishedDemand(request, second, 'neighbour');

  await signIn(page, 'street', { at: '/queue?view=all&state=published' });
  await page.getByLabel(`选择“${first}”纳入项目`).check();
  await page.getByLabel(`选择“${second}”纳入项目`).check();
  await page.getByRole('button', { name: named('生成民生实事项目（2 条需求）') }).click();
  await expect(page).toHaveURL(/\/projects\/new\?demand_ids=/);
  await expect(page.getByRole('link', { name: first })).toBeVisible();
  await expect(page.getByRole('link', { name: second })).toBeVisible();

  // The form checks before sending: required fields, and no more government money than the budget.
  await page.getByRole('button', { name: named('生成项目（拟定）') }).click();
  await expect(page.getByText('请输入项目名称')).toBeVisible();
  await page.getByLabel('项目名称').fill('北门出入口管理改造');
  await choose(page, '项目类别', '微治理');
  await page.getByLabel('实施方案').fill('更换道闸，岗亭安排物业和志愿者轮值。');
  await page.getByLabel('预算').fill('50000');
  await page.getByLabel('政府资金').fill('60000');
  await page.getByRole('button', { name: named('生成项目（拟定）') }).click();
  await expect(page.getByText('政府资金不能超过预算')).toBeVisible();
  await page.getByLabel('政府资金').fill('20000');
  await page.getByRole('button', { name: named('生成项目（拟定）') }).click();

  await expect(page).toHaveURL(/\/projects\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: '北门出入口管理改造' })).toBeVisible();
  await expect(page.getByText('拟定', { exact: true }).first()).toBeVisible();
  await expect(page.getByRole('img', { name: /预算 ¥50,000：政府资金 ¥20,000，社会资金 ¥0，缺口 ¥30,000/ })).toBeVisible();
  await expect(page.getByRole('link', { name: first })).toBeVisible();

  // The draft may still be corrected, with the same checks; the page shows the change.
  await page.getByRole('button', { name: named('修改草案') }).click();
  const edit = page.locator('.ant-modal:visible');
  await expect(edit.getByLabel('预算')).toHaveValue('50000.00');
  await edit.getByLabel('实施方案').fill('更换道闸，岗亭安排物业和志愿者轮值，夜间加装照明。');
  await edit.getByRole('button', { name: named('保存修改') }).click();
  await expect(page.getByText('已保存“北门出入口管理改造”')).toBeVisible();
  await expect(page.getByText('更换道闸，岗亭安排物业和志愿者轮值，夜间加装照明。')).toBeVisible();

  // Published, it may not start: the button is not offered and the reason is said.
  await page.getByRole('button', { name: named('公示') }).click();
  await page.locator('.ant-modal:visible').getByRole('button', { name: named('公示') }).click();
  await expect(page.getByText('公示中', { exact: true }).first()).toBeVisible();
  await expect(page.getByText(/资金缺口 ¥30,000，尚不能开工/)).toBeVisible();
  await expect(page.getByRole('button', { name: named('开工') })).toHaveCount(0);
  await shot(page, testInfo, 'project-start-refused');

  // The matches explain themselves; requesting the district's money offers exactly the gap.
  const match = page.locator('.match').filter({ hasText: '老旧小区微改造专项资金' });
  await expect(match.getByText(/资金缺口 ¥30,000/)).toBeVisible();
  await match.getByRole('button', { name: /^申 ?请 / }).click();
  const dialog = page.locator('.ant-modal:visible');
  await expect(dialog.getByLabel('申请金额（元）')).toHaveValue('30000.00');
  await dialog.getByRole('button', { name: named('申请') }).click();
  await expect(page.getByText('已向共建单位发出申请，等待对方确认')).toBeVisible();
  const claims = page.locator('.claim-row').filter({ hasText: '老旧小区微改造专项资金' });
  await expect(claims.getByText('待确认')).toBeVisible();
  await expect(claims.getByText('¥30,000')).toBeVisible();

  // The co-builder confirms; the gap is gone and the work may start.
  const builder = await apiAs(request, 'builder');
  const id = page.url().split('/').pop()!;
  const pending = (await builder.get(`/api/v1/claims?project_id=${id}&state=pending`)).items[0];
  await builder.post(`/api/v1/claims/${pending.id}/transitions`, { action: 'confirm', version: pending.version });
  await page.reload();
  await expect(page.getByRole('img', { name: /资金已落实/ })).toBeVisible();
  await page.getByRole('button', { name: named('开工') }).click();
  await page.locator('.ant-modal:visible').getByRole('button', { name: named('开工') }).click();
  await expect(page.getByText('实施中', { exact: true }).first()).toBeVisible();

  // Progress, then completion with its note (required).
  await page.getByLabel('进展说明').fill('道闸已到货，开始安装');
  await page.getByLabel('完成百分比').fill('60');
  await page.getByRole('button', { name: named('发布进度') }).click();
  await expect(page.getByText('道闸已到货，开始安装').first()).toBeVisible();
  await page.getByRole('button', { name: named('完工') }).click();
  const complete = page.locator('.ant-modal:visible');
  await complete.getByRole('button', { name: named('完工') }).click();
  await expect(complete.getByText('请填写完工说明')).toBeVisible();
  await complete.getByLabel('完工说明').fill('道闸更换完毕，岗亭排班表已张贴');
  await complete.getByRole('button', { name: named('完工') }).click();
  await expect(page.getByText('待验收', { exact: true }).first()).toBeVisible();
  await expect(page.getByText('道闸更换完毕，岗亭排班表已张贴').first()).toBeVisible();
  // The timeline names each step in Chinese.
  const timeline = page.locator('.ant-card').filter({ hasText: '项目记录' });
  for (const step of ['拟定项目', '公示', '开工', '更新进度', '完工']) await expect(timeline.getByText(new RegExp(step)).first()).toBeVisible();
  await shot(page, testInfo, 'project-completed');
});

test("the workbench lists its street's projects by state with their funding and progress", async ({ page }) => {
  await signIn(page, 'street', { at: '/projects' });
  await page.locator('.state-tabs').getByText('实施中').click();
  const card = page.locator('.project-card').filter({ hasText: '兴华南街电动车集中充电棚' });
  await expect(card.getByRole('img', { name: /资金已落实/ })).toBeVisible();
  await expect(card.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '40');
  await page.locator('.state-tabs').getByText('公示中').click();
  await expect(page.locator('.project-card').filter({ hasText: '亚新小区停车位重新规划' }).getByText(/缺口 ¥30,000/)).toBeVisible();
});

test('a co-builder claims a published project with one of its resources', async ({ page, request }) => {
  const { id } = await freshProject(request, '兴华南街楼栋标识更新', { stage: 'published', budget: 800_000, gov: 300_000 });
  await signIn(page, 'builder', { at: `/projects/${id}` });
  // It runs nothing here: no lifecycle button, only its claim.
  await expect(page.getByRole('button', { name: named('公示') })).toHaveCount(0);
  await expect(page.getByRole('button', { name: named('撤销') })).toHaveCount(0);
  await page.getByRole('button', { name: named('认领') }).click();
  const dialog = page.locator('.ant-modal:visible');
  await choose(page, '我方资源', 'LED声控楼道灯', dialog);
  await dialog.getByLabel(/申请数量/).fill('10');
  await dialog.getByRole('button', { name: named('认领') }).click();
  await expect(page.getByText('已提交认领，等待街道确认')).toBeVisible();
  await expect(page.locator('.claim-row').filter({ hasText: 'LED声控楼道灯' }).getByText('共建单位认领')).toBeVisible();
});

test('cancelling needs a reason; a closed project is handed over to a property company', async ({ page, request }) => {
  const { id } = await freshProject(request, '兴华南街晾衣架安装', { stage: 'draft' });
  await signIn(page, 'street', { at: `/projects/${id}` });
  await page.getByRole('button', { name: named('撤销') }).click();
  const dialog = page.locator('.ant-modal:visible');
  await dialog.getByRole('button', { name: named('撤销') }).click();
  await expect(dialog.getByText('请填写撤销原因')).toBeVisible();
  await dialog.getByLabel('撤销原因').fill('与物业年度计划重复');
  await dialog.getByRole('button', { name: named('撤销') }).click();
  await expect(page.getByText('已撤销', { exact: true }).first()).toBeVisible();
  await expect(page.getByText('与物业年度计划重复').first()).toBeVisible();
  await expect(page.getByRole('button', { name: named('公示') })).toHaveCount(0);

  const closed = await freshProject(request, '兴华南街健身器材维修', { stage: 'closed' });
  await page.goto(`/projects/${closed.id}`);
  await page.getByRole('button', { name: named('移交维护') }).click();
  const handOver = page.locator('.ant-modal:visible');
  await handOver.getByRole('button', { name: named('移交维护') }).click();
  await expect(handOver.getByText('请选择接管维护的物业服务企业')).toBeVisible();
  await choose(page, '接管维护单位', '亚新红色物业服务中心', handOver, '物业');
  await handOver.getByRole('button', { name: named('移交维护') }).click();
  await expect(page.getByText('已完成：移交维护')).toBeVisible();
  await expect(page.locator('.ant-descriptions').getByText('亚新红色物业服务中心')).toBeVisible();
});
