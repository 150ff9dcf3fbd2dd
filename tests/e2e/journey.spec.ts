// One demand carried the whole way through the screens, by the five roles of 一领四单: a
// resident files it on a phone, the community worker verifies it, the street committee
// answers it with a project and publishes it, a co-builder claims the missing money, the
// committee confirms and runs the work, two supervisors of 金祥花园 pass the inspection, the
// resident rates the closed project on its phone, and the committee hands it over. Nothing
// here is set up through the API: every step is a click on the screen of the one who takes it.
import { expect, test, type Browser, type Page } from '@playwright/test';

import { named } from './projects.support';
import { choose, confirmDialog, fitsTheScreen, shot, signIn } from './support';

const DEMAND = '金祥花园东门雨棚破损漏雨';
const PROJECT = '金祥花园东门雨棚翻新';

/** A phone of 375 px, as the resident holds it. */
async function phone(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
  return context.newPage();
}

/** A desktop browser of its own for one official, signed in. */
async function desk(browser: Browser, username: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await signIn(page, username);
  return page;
}

test('one demand goes from a resident’s phone to a closed, rated, handed-over project', async ({ browser }, testInfo) => {
  test.setTimeout(240_000);

  // 1. The resident files the demand on its phone.
  const resident = await phone(browser);
  await signIn(resident, 'resident');
  await resident.goto('/demands/new');
  await resident.getByLabel('标题').fill(DEMAND);
  await resident.getByLabel('描述').fill('东门雨棚的顶板裂开，下雨天进出都会被淋湿，地面也很滑。');
  await choose(resident, '类别', '维修维护');
  await resident.getByRole('button', { name: /提 ?交/ }).click();
  await expect(resident.getByText('待受理').first()).toBeVisible();
  await fitsTheScreen(resident);
  await shot(resident, testInfo, '1-resident-filed');

  // 2. The community worker finds it in the queue and verifies it: it goes on the public list.
  const worker = await desk(browser, 'worker');
  await worker.goto('/queue');
  await worker.getByPlaceholder('搜索标题或描述').fill(DEMAND);
  await worker.getByPlaceholder('搜索标题或描述').press('Enter');
  await worker.getByRole('link', { name: DEMAND }).first().click();
  await worker.getByRole('button', { name: /受理公示/ }).click();
  await confirmDialog(worker, /确 ?认|确 ?定|受理公示/);
  await expect(worker.getByText('已公示').first()).toBeVisible();
  await shot(worker, testInfo, '2-worker-verified');

  // 3. The street committee ticks it in its queue and answers it with a project, part-funded
  //    by the government, then publishes it. It may not start: ¥8,000 is missing.
  const street = await desk(browser, 'street');
  await street.goto('/queue?view=all&state=published');
  await street.getByPlaceholder('搜索标题或描述').fill(DEMAND);
  await street.getByPlaceholder('搜索标题或描述').press('Enter');
  await street.getByLabel(`选择“${DEMAND}”纳入项目`).check();
  await street.getByRole('button', { name: named('生成民生实事项目（1 条需求）') }).click();
  await street.getByLabel('项目名称').fill(PROJECT);
  await choose(street, '项目类别', '微改造');
  await street.getByLabel('实施方案').fill('拆除破损顶板，更换阳光板雨棚，加装排水槽。');
  await street.getByLabel('预算').fill('12000');
  await street.getByLabel('政府资金').fill('4000');
  await street.getByRole('button', { name: named('生成项目（拟定）') }).click();
  await expect(street.getByRole('heading', { name: PROJECT })).toBeVisible();
  const projectUrl = street.url();
  await street.getByRole('button', { name: named('公示') }).click();
  await street.locator('.ant-modal:visible').getByRole('button', { name: named('公示') }).click();
  await expect(street.getByText('公示中', { exact: true }).first()).toBeVisible();
  await expect(street.getByText(/资金缺口 ¥8,000，尚不能开工/)).toBeVisible();
  await shot(street, testInfo, '3-street-published');

  // 4. The co-builder finds the project on the public board, opens it and claims the gap from
  //    its district money.
  const builder = await desk(browser, 'builder');
  await builder.goto('/board/projects');
  await builder.getByRole('link', { name: PROJECT }).click();
  await builder.getByRole('link', { name: '查看项目详情（认领、验收、评价）' }).click();
  await expect(builder).toHaveURL(projectUrl);
  await builder.getByRole('button', { name: named('认领') }).click();
  const claim = builder.locator('.ant-modal:visible');
  await choose(builder, '我方资源', '老旧小区微改造专项资金', claim);
  await claim.getByLabel(/申请金额|申请数量/).fill('8000');
  await claim.getByRole('button', { name: named('认领') }).click();
  await expect(builder.getByText('已提交认领，等待街道确认')).toBeVisible();
  await shot(builder, testInfo, '4-builder-claimed');

  // 5. The committee confirms the claim in its inbox, seeing first what that does; the gap
  //    is gone, the work starts, progresses and is completed with its note.
  await street.goto('/claims');
  const card = street.getByRole('article', { name: `老旧小区微改造专项资金 → ${PROJECT}` });
  await expect(card.locator('.claim-effect')).toBeVisible();
  await card.getByRole('button', { name: /确\s*认/ }).click();
  await confirmDialog(street, /确\s*认/);
  await expect(card).toHaveCount(0);
  await street.goto(projectUrl);
  await expect(street.getByRole('img', { name: /资金已落实/ })).toBeVisible();
  await street.getByRole('button', { name: named('开工') }).click();
  await street.locator('.ant-modal:visible').getByRole('button', { name: named('开工') }).click();
  await expect(street.getByText('实施中', { exact: true }).first()).toBeVisible();
  await street.getByLabel('进展说明').fill('旧顶板已拆除，新雨棚材料进场');
  await street.getByLabel('完成百分比').fill('50');
  await street.getByRole('button', { name: named('发布进度') }).click();
  await expect(street.getByText('旧顶板已拆除，新雨棚材料进场').first()).toBeVisible();
  await street.getByRole('button', { name: named('完工') }).click();
  const complete = street.locator('.ant-modal:visible');
  await complete.getByLabel('完工说明').fill('新雨棚和排水槽已安装，现场已清理');
  await complete.getByRole('button', { name: named('完工') }).click();
  await expect(street.getByText('待验收', { exact: true }).first()).toBeVisible();
  await shot(street, testInfo, '5-street-completed');

  // 6. Two supervisors of the residents' own organisation pass it from their lists: closed.
  for (const [who, votes] of [['supervisor', '第1轮验收：通过 0 票'], ['supervisor2', '第1轮验收：通过 1 票']] as const) {
    const supervisor = await desk(browser, who);
    await supervisor.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '待验收项目' }).click();
    await supervisor.getByRole('link', { name: PROJECT }).click();
    await expect(supervisor.getByText('新雨棚和排水槽已安装，现场已清理')).toBeVisible();
    await expect(supervisor.getByText(new RegExp(votes))).toBeVisible();
    // The first vote stands listed (通过) next to the choice: pick the choice.
    await supervisor.locator('.ant-radio-button-wrapper', { hasText: /^通过$/ }).click();
    await supervisor.getByLabel('验收意见').fill('雨棚牢固，雨天不再漏水');
    await supervisor.getByRole('button', { name: named('提交验收意见') }).click();
    await expect(supervisor).toHaveURL(/\/projects\/[0-9a-f-]{36}$/);
    await shot(supervisor, testInfo, `6-${who}-passed`);
  }

  // 7. The resident finds its demand resolved, follows it to the closed project and rates it.
  await resident.goto('/my/demands');
  await resident.getByRole('link', { name: DEMAND }).click();
  await expect(resident.getByText('已办结').first()).toBeVisible();
  const answering = resident.locator('.answering-project');
  await expect(answering.getByText('已结单')).toBeVisible();
  await answering.getByRole('link', { name: PROJECT }).click();
  const rating = resident.locator('.ant-card').filter({ hasText: '满意度评价' });
  await rating.getByRole('radio', { name: /5 星/ }).click();
  await rating.getByLabel('评价（选填）').fill('雨天进出终于不淋雨了');
  await rating.getByRole('button', { name: named('提交评价') }).click();
  await expect(resident.getByText('您已评价过该项目')).toBeVisible();
  await fitsTheScreen(resident);
  await shot(resident, testInfo, '7-resident-rated');

  // 8. The committee hands the closed project over to the property company for upkeep.
  await street.goto(projectUrl);
  await street.getByRole('button', { name: named('移交维护') }).click();
  const handOver = street.locator('.ant-modal:visible');
  await choose(street, '接管维护单位', '亚新红色物业服务中心', handOver, '物业');
  await handOver.getByRole('button', { name: named('移交维护') }).click();
  await expect(street.getByText('已完成：移交维护')).toBeVisible();
  const timeline = street.locator('.ant-card').filter({ hasText: '项目记录' });
  for (const step of ['拟定项目', '公示', '开工', '更新进度', '完工', '验收', '验收结单', '评价', '移交维护']) {
    await expect(timeline.getByText(new RegExp(step)).first()).toBeVisible();
  }
  await shot(street, testInfo, '8-street-handed-over');
});
