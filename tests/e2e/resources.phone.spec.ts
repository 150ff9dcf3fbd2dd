// The resource and claim screens on a 375 px phone: nothing is wider than the screen, the
// figures wrap instead of pushing the card out, and the publish form and the effect of a
// confirmation fit.
import { expect, test } from '@playwright/test';

import { apiAs, fitsTheScreen, openMenu, shot, signIn } from './support';

test("a co-builder's resources, its publish and edit forms and its claims fit a phone", async ({ page, request }, testInfo) => {
  // A request of its own waiting in the builder's inbox, whatever other specs answered.
  const builder = await apiAs(request, 'builder');
  const street = await apiAs(request, 'street');
  const grant = (await builder.get('/api/v1/me')).grants.find((g: { role: string }) => g.role === 'co_builder');
  const title = `手机端测试用社区活动场地很长很长的名称${Date.now() % 100000}`;
  const venue = await builder.post('/api/v1/resources', {
    organization_id: grant.organization_id,
    unit_id: grant.unit_id,
    kind: 'venue',
    title,
    description: '',
    quantity: 3,
    measure: '处',
  });
  const projects = (await street.get('/api/v1/projects?limit=100')).items.filter((p: { state: string }) => p.state === 'published');
  const claim = await street.post('/api/v1/claims', { project_id: projects[0].id, resource_id: venue.id, quantity: 1, initiated_by: 'project' });

  await signIn(page, 'builder', { at: '/resources/mine' });
  // Earlier specs claim from the demo fund too: what remains depends on them, not the layout.
  await expect(page.getByRole('article', { name: '老旧小区微改造专项资金' })).toContainText(/剩余：¥[\d,]+/);
  await fitsTheScreen(page);
  await shot(page, testInfo, 'my-resources');

  await page.getByRole('button', { name: /发布资源/ }).first().click();
  await expect(page.getByRole('dialog').getByLabel('名称')).toBeVisible();
  await fitsTheScreen(page);
  await page.getByRole('dialog').getByRole('button', { name: /取\s*消/ }).click();

  // Its own offer edited on the phone: the form fits, the save is a thumb's height.
  await page.getByRole('button', { name: `修改“${title}”` }).click();
  const editing = page.getByRole('dialog', { name: '修改资源' });
  await expect(editing.getByLabel('数量')).toHaveValue('3');
  await fitsTheScreen(page);
  const save = editing.getByRole('button', { name: '保存修改' });
  // Polled: the dialog opens with a zoom, and mid-animation every box is scaled down.
  await expect.poll(async () => (await save.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(44);
  await shot(page, testInfo, 'edit-resource');
  await editing.getByRole('button', { name: /取\s*消/ }).click();

  await page.goto('/claims');
  await expect(page.getByRole('article', { name: `${title} → ${projects[0].title}` })).toContainText('确认后：资源剩余 3 处 → 2 处');
  await fitsTheScreen(page);
  await shot(page, testInfo, 'claims');

  await street.post(`/api/v1/claims/${claim.id}/transitions`, { action: 'cancel', version: claim.version });
});

test("a street committee's resource list fits a phone", async ({ page }, testInfo) => {
  await signIn(page, 'street', { at: '/resources' });
  await expect(page.getByRole('article', { name: 'LED声控楼道灯' })).toBeVisible();
  await fitsTheScreen(page);
  await shot(page, testInfo, 'resources');
});

test('a visitor reads the public resource list on a phone, filtered by kind', async ({ page }, testInfo) => {
  await page.goto('/board');
  await openMenu(page);
  await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '资源公示' }).click();
  await expect(page).toHaveURL(/\/public\/resources$/);
  await expect(page.getByRole('article', { name: '老旧小区微改造专项资金' })).toContainText('剩余：');
  await page.getByLabel('类型').selectOption({ label: '物资' });
  await expect(page).toHaveURL(/kind=materials/);
  await expect(page.getByRole('article', { name: 'LED声控楼道灯' })).toBeVisible();
  await expect(page.getByRole('article', { name: '老旧小区微改造专项资金' })).toHaveCount(0);
  await fitsTheScreen(page);
  await shot(page, testInfo, 'public-resources');
});
