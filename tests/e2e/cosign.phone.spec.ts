// A resident on a phone (375 px) is offered exactly what the API allows: co-sign where it may,
// 已附议 where it has, similar demands while typing so it never files a twin, only its own
// demands under 我的需求, and a timeline that names roles, not people.
import { expect, test, type APIRequestContext } from '@playwright/test';

import { apiAs, shot, signIn } from './support';

/** A neighbour's demand, published by the worker (the timeline then holds a named verify). */
async function published(request: APIRequestContext, title: string, description: string, category = 'greening') {
  const neighbour = await apiAs(request, 'neighbour');
  const worker = await apiAs(request, 'worker');
  const unit_id = (await neighbour.get('/api/v1/me')).grants[0].unit_id;
  const filed = await neighbour.post('/api/v1/demands', { title, description, category, unit_id });
  await worker.post(`/api/v1/demands/${filed.id}/transitions`, { action: 'verify', version: filed.version });
  return filed.id as string;
}

const NOT_FOR_ROLE = '该页面不适用于您的角色，已为您打开首页。';

test('co-sign is offered where allowed, settled once done, and admin pages are out of reach', async ({ page, request }, testInfo) => {
  const id = await published(request, '东侧绿地杂草丛生无人修剪', '杂草比人还高，蚊虫很多。');

  await signIn(page, 'resident', { at: `/board/${id}` });
  await page.getByRole('button', { name: /^附 ?议$/ }).click();
  await expect(page.getByText(/附议成功/)).toBeVisible();
  await page.reload();
  const done = page.getByRole('button', { name: /已附议/ });
  await expect(done).toBeDisabled();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await shot(page, testInfo, 'public-cosigned');

  // The same on the signed-in record.
  await page.goto(`/demands/${id}`);
  await expect(page.getByRole('button', { name: /已附议/ })).toBeDisabled();

  await page.goto('/admin/users');
  await expect(page).toHaveURL(/\/my\/demands$/);
  await expect(page.getByText(NOT_FOR_ROLE)).toBeVisible();
  await shot(page, testInfo, 'admin-refused');
});

test('a visitor is asked to sign in to co-sign', async ({ page, request }) => {
  const id = await published(request, '西门口路灯坏了一个月', '晚上出入很黑。', 'repair');
  await page.goto(`/board/${id}`);
  await expect(page.getByRole('heading', { name: '西门口路灯坏了一个月' })).toBeVisible();
  await expect(page.getByRole('link', { name: '登录后附议' })).toBeVisible();
  await expect(page.getByRole('button', { name: /附 ?议/ })).toHaveCount(0);
});

test('similar demands show while the title is typed, and one tap co-signs instead of filing', async ({ page, request }, testInfo) => {
  await published(request, '三号楼电梯经常停运', '电梯停运，老人上下楼困难。', 'repair');

  await signIn(page, 'resident', { at: '/demands/new' });
  await page.getByLabel('标题').fill('三号楼电梯又停运了');
  const similar = page.getByRole('region', { name: /已有 \d+ 条相似需求/ });
  const card = similar.locator('.demand-card').filter({ hasText: '三号楼电梯经常停运' });
  await expect(card).toBeVisible();
  await shot(page, testInfo, 'draft-similar');
  await card.getByRole('button', { name: /^附 ?议$/ }).click();
  // Co-signed, the draft is done: the form no longer invites filing the twin, and leads to it.
  await expect(page.getByText('已附议「三号楼电梯经常停运」')).toBeVisible();
  await expect(page.getByRole('button', { name: /提 ?交/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: '查看这条需求' })).toBeVisible();
  await shot(page, testInfo, 'draft-cosigned');

  // Nothing was filed: 我的需求 does not hold the draft, 已附议 holds the co-signed one.
  await page.goto('/my/demands');
  await expect(page.getByRole('tab', { name: '我提交的' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('.demand-card').first()).toBeVisible();
  await expect(page.getByRole('link', { name: '三号楼电梯又停运了' })).toHaveCount(0);
  await page.getByRole('tab', { name: '已附议' }).click();
  await expect(page.getByRole('link', { name: '三号楼电梯经常停运' })).toBeVisible();
});

test('我的需求 holds only what the resident filed or co-signed', async ({ page, request }, testInfo) => {
  await published(request, '北门车棚顶棚漏雨', '下雨天电动车全被淋湿。', 'repair');
  const resident = await apiAs(request, 'resident');
  const unit_id = (await resident.get('/api/v1/me')).grants[0].unit_id;
  await resident.post('/api/v1/demands', { title: '健身器材螺丝松动', description: '单杠晃得厉害。', category: 'safety', unit_id });

  await signIn(page, 'resident', { at: '/my/demands' });
  await expect(page.getByRole('link', { name: '健身器材螺丝松动' })).toBeVisible();
  // A neighbour's published demand is on the board, not in 我的需求.
  await expect(page.getByRole('link', { name: '北门车棚顶棚漏雨' })).toHaveCount(0);
  await shot(page, testInfo, 'my-filed');
  await page.getByRole('tab', { name: '已附议' }).click();
  await expect(page).toHaveURL(/tab=cosigned/);
  await expect(page.getByRole('link', { name: '健身器材螺丝松动' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: '北门车棚顶棚漏雨' })).toHaveCount(0);
  await shot(page, testInfo, 'my-cosigned');
});

test('a resident reads the timeline by role, without officials’ names', async ({ page, request }) => {
  const id = await published(request, '小区南门台阶破损', '台阶缺角，容易绊倒。', 'repair');
  await signIn(page, 'resident', { at: `/demands/${id}` });
  await expect(page.getByText('社区工作者 受理公示')).toBeVisible();
  await expect(page.getByText('居民 提交')).toBeVisible();
  await expect(page.getByText('兴华南街社区工作者')).toHaveCount(0);
});
