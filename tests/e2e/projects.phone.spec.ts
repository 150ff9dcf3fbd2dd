// Projects on a 375 px phone: a resident follows the project answering its demand and rates
// it once it is closed; a supervisor inspects a completed project. Nothing is wider than
// the screen.
import { expect, test, type Page } from '@playwright/test';

import { freshProject, named } from './projects.support';
import { fitsTheScreen, shot, signIn } from './support';

test("a resident sees its demand's project and rates the closed one", async ({ page, request }, testInfo) => {
  const { id, demandId } = await freshProject(request, '兴华南街单元门维修', { stage: 'closed' });
  await signIn(page, 'resident', { at: `/demands/${demandId}` });
  const answering = page.locator('.answering-project');
  await expect(answering.getByRole('link', { name: '兴华南街单元门维修' })).toBeVisible();
  await expect(answering.getByText('已结单')).toBeVisible();
  await expect(answering.getByRole('progressbar')).toBeVisible();
  await fitsTheScreen(page);

  await answering.getByRole('link', { name: '兴华南街单元门维修' }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${id}$`));
  const rating = page.locator('.ant-card').filter({ hasText: '满意度评价' });
  await rating.getByRole('button', { name: named('提交评价') }).click();
  await expect(rating.getByText('请选择 1–5 星')).toBeVisible();
  await rating.getByRole('radio', { name: /4 星/ }).click();
  await rating.getByLabel('评价（选填）').fill('修得很快，门很结实');
  await fitsTheScreen(page);
  await shot(page, testInfo, 'project-rating-phone');
  await rating.getByRole('button', { name: named('提交评价') }).click();
  await expect(page.getByText('您已评价过该项目')).toBeVisible();
  await expect(page.getByText('评分 4 星')).toBeVisible();
  // A resident runs nothing: no lifecycle button.
  await expect(page.getByRole('button', { name: /公 ?示|开 ?工|撤 ?销|移交维护/ })).toHaveCount(0);
  await fitsTheScreen(page);
});

test('a supervisor inspects a completed project from its list', async ({ page, request }, testInfo) => {
  const { id } = await freshProject(request, '兴华南街消防通道划线', { stage: 'completed', approvals: 2 });
  await signIn(page, 'supervisor');
  // Its workbench counts the project; the card opens the list.
  await page.getByRole('main').getByRole('link', { name: /待验收项目/ }).click();
  await page.getByRole('link', { name: '兴华南街消防通道划线' }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${id}/inspect$`));
  await expect(page.getByText('已按方案完工，现场已清理')).toBeVisible();
  await expect(page.getByText('分三步实施：采购、安装、验收。')).toBeVisible();
  await expect(page.getByText(/^第1轮验收：通过 0 票、不通过 0 票；需 2 票通过；可投票 \d+ 人、已投 0 人$/)).toBeVisible();

  // A fail needs a comment.
  await page.getByText('不通过', { exact: true }).click();
  await page.getByRole('button', { name: named('提交验收意见') }).click();
  await expect(page.getByText('不通过时请写明需要返工的内容')).toBeVisible();
  await page.getByText('通过', { exact: true }).click();
  await page.getByLabel('验收意见').fill('划线清晰，通道畅通');
  await fitsTheScreen(page);
  await shot(page, testInfo, 'inspection-phone');
  await page.getByRole('button', { name: named('提交验收意见') }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${id}$`));
  await expect(page.getByRole('button', { name: named('去验收') })).toHaveCount(0);
  await page.goto(`/projects/${id}/inspect`);
  await expect(page.getByText('我的投票')).toBeVisible();
  await expect(page.getByText(/^第1轮验收：通过 1 票、不通过 0 票；需 2 票通过；可投票 \d+ 人、已投 1 人$/)).toBeVisible();
  await fitsTheScreen(page);
});

/**
 * A project's card on the public list, which shows 20 at a time, newest first: earlier specs'
 * fresh projects may push the demo's onto a later page, so pages are loaded until it is there.
 */
async function publicProjectCard(page: Page, title: string) {
  const cards = page.locator('.project-public');
  const card = cards.filter({ hasText: title });
  const more = page.getByRole('button', { name: '加载更多' });
  await expect(cards.first()).toBeVisible();
  while ((await card.count()) === 0 && (await more.isVisible())) {
    const shown = await cards.count();
    await more.click();
    await expect(cards).not.toHaveCount(shown);
  }
  return card;
}

test('a visitor reads the published projects next to the demands, with their funding and progress', async ({ page }) => {
  await page.goto('/board');
  await page.getByRole('navigation', { name: '公示内容' }).getByRole('link', { name: '民生实事' }).click();
  await expect(page).toHaveURL(/\/board\/projects$/);
  const parking = await publicProjectCard(page, '亚新小区停车位重新规划');
  await expect(parking.getByRole('img', { name: /缺口 ¥30,000/ })).toBeVisible();
  const charging = await publicProjectCard(page, '兴华南街电动车集中充电棚');
  await expect(charging.getByRole('progressbar')).toHaveAttribute('value', '40');
  // Drafts are not public.
  await expect(page.getByText('亚新小区垃圾分类投放点改造')).toHaveCount(0);
  await fitsTheScreen(page);

  // The title opens the project's public page: its progress, its plan, the demand it answers.
  await charging.getByRole('link', { name: '兴华南街电动车集中充电棚' }).click();
  await expect(page).toHaveURL(/\/board\/projects\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1, name: '兴华南街电动车集中充电棚' })).toBeVisible();
  await expect(page.getByText('实施中', { exact: true })).toBeVisible();
  await expect(page.getByRole('progressbar', { name: /进度：40%/ })).toHaveAttribute('value', '40');
  await expect(page.getByRole('region', { name: '实施进度' }).getByText('充电棚基础施工完成')).toBeVisible();
  const plan = page.getByRole('region', { name: '实施方案' });
  await expect(plan.getByText('在小区东侧空地建设带智能充电桩的充电棚。')).toBeVisible();
  await expect(page.getByRole('region', { name: '回应的需求' }).getByRole('link').first()).toHaveAttribute('href', /^\/board\/[0-9a-f-]{36}$/);
  // A visitor is not offered the signed-in project page.
  await expect(page.getByRole('link', { name: '查看项目详情（认领、验收、评价）' })).toHaveCount(0);
  await expect(page.locator('a[href^="/projects/"]')).toHaveCount(0);
  await fitsTheScreen(page);
});
