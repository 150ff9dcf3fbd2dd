// 志愿服务 on the demo district, on a desktop and on a 375 px phone: 陈静 (`volunteer`) signs
// up for 垃圾分类宣传 and sees the places left drop by one, then withdraws and sees them come
// back; her 我的服务 counts the 2.5 h recorded for 楼道杂物清理. 刘洋 (`leader`) opens that
// activity's roster and finds her 2.5 h recorded, the form locked.
import { expect, test, type Locator, type Page } from '@playwright/test';

import { confirmDialog, fitsTheScreen, mainMenu, shot, signIn } from './support';

const SIZES = [
  { name: 'desktop', viewport: { width: 1280, height: 720 } },
  { name: 'phone', viewport: { width: 375, height: 812 } },
] as const;

/** A thumb's width: at least 44 px each way. */
async function tappable(control: Locator) {
  const box = (await control.boundingBox())!;
  expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(44);
}

const fontSize = (locator: Locator) => locator.evaluate((element) => parseFloat(getComputedStyle(element).fontSize));

async function open(page: Page, menu: string) {
  await (await mainMenu(page)).getByRole('link', { name: menu, exact: true }).click();
}

for (const { name, viewport } of SIZES) {
  test.describe(name, () => {
    test.use({ viewport });
    const phone = viewport.width === 375;

    test(`a volunteer signs up for an activity and withdraws (${name})`, async ({ page }, testInfo) => {
      await signIn(page, 'volunteer');
      await open(page, '志愿服务');
      await expect(page).toHaveURL(/\/volunteering$/);

      const card = page.getByRole('article', { name: '垃圾分类宣传' });
      const places = card.locator('.activity-places');
      await expect(places).toHaveText(/^剩余名额 \d+\/8$/);
      const left = Number((await places.textContent())!.match(/(\d+)\/8/)![1]);
      expect(left).toBeGreaterThan(0);
      const join = card.getByRole('button', { name: /^报\s*名$/ });
      if (phone) {
        await tappable(join);
        expect(await fontSize(card.locator('.activity-description'))).toBeGreaterThanOrEqual(16);
        await fitsTheScreen(page);
      }
      // 我的服务: the hours recorded for the activity done.
      await expect(page.locator('.service-total dd')).toHaveText('2.5 小时');
      await expect(page.getByRole('list', { name: '服务记录' }).getByRole('listitem').filter({ hasText: '楼道杂物清理' })).toContainText('2.5 小时');

      await join.click();
      await expect(places).toHaveText(`剩余名额 ${left - 1}/8`);
      const withdraw = card.getByRole('button', { name: '取消报名' });
      await expect(withdraw).toBeVisible();
      if (phone) await tappable(withdraw);
      await shot(page, testInfo, `signed-up-${name}`);

      await withdraw.click();
      await confirmDialog(page, /^取消报名$/);
      await expect(places).toHaveText(`剩余名额 ${left}/8`);
      await expect(card.getByRole('button', { name: /^报\s*名$/ })).toBeVisible();
    });

    test(`a team leader sees an activity's roster with the hours recorded (${name})`, async ({ page }, testInfo) => {
      await signIn(page, 'leader');
      await open(page, '志愿队管理');
      await expect(page).toHaveURL(/\/volunteering\/manage$/);

      const card = page.getByRole('article', { name: '楼道杂物清理' });
      const toggle = card.getByRole('button', { name: /^报名名单/ });
      if (phone) await tappable(toggle);
      await toggle.click();
      const chen = card.getByRole('listitem', { name: '陈静' });
      const hours = chen.getByRole('spinbutton', { name: '陈静的服务时长（小时）' });
      await expect(hours).toHaveValue('2.5');
      await expect(hours).toBeDisabled();
      await expect(chen.getByRole('button', { name: '已登记' })).toBeDisabled();
      // The team's figures: its volunteers and the hours served.
      await expect(page.getByRole('region', { name: '本队数据' })).toContainText('小时');
      if (phone) await fitsTheScreen(page);
      await shot(page, testInfo, `roster-${name}`);
    });
  });
}
