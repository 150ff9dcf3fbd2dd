// API 密钥 for an integration (Open311): the district admin adds an 接入平台 organisation for
// the district, opens its API keys on 组织单位, issues one and sees its secret once, with the
// warning that it will not be shown again. The hotline files a demand with it through Open311
// (form-encoded, as the GeoReport v2 clients send it): 201. Revoked in the same drawer after a
// confirmation, the same key files nothing (403, Open311's error array).
import { expect, test, type APIRequestContext } from '@playwright/test';

import { apiAs, shot, signIn, token } from './support';

/** Open311 `POST requests.json`, form-encoded, with `api_key`. */
function file311(request: APIRequestContext, apiKey: string, addressId: string) {
  return request.post('/open311/v2/requests.json', {
    form: {
      api_key: apiKey,
      service_code: 'repair',
      address_id: addressId,
      description: '12345 热线转来：3号楼楼道灯不亮，请尽快维修。',
    },
  });
}

test('the district admin issues an Open311 key, which files a demand until it is revoked', async ({ page, request }, testInfo) => {
  const admin = await apiAs(request, 'admin');
  const district = (await admin.get('/api/v1/org-units?kind=district')).items[0];
  const community = (await admin.get(`/api/v1/org-units?kind=community&q=${encodeURIComponent('兴华南街社区')}`)).items[0];
  const name = `12345 热线平台 ${Date.now() % 100000}`;
  await admin.post('/api/v1/organizations', { name, kind: 'integration', unit_id: district.id, red_property: false });

  await signIn(page, 'admin');
  await page.goto(`/admin/organizations?q=${encodeURIComponent(name)}`);
  await page.getByRole('button', { name: `API 密钥：${name}` }).click();
  const drawer = page.getByRole('dialog', { name: `${name}的 API 密钥` });
  await expect(drawer).toBeVisible();
  await expect(drawer.getByText('尚未签发 API 密钥')).toBeVisible();

  // 新建密钥: named, issued, shown once.
  await drawer.getByRole('button', { name: '新建密钥' }).click();
  const form = page.getByRole('dialog', { name: '新建 API 密钥' });
  await form.getByLabel('名称').fill('热线对接');
  await form.getByRole('button', { name: /^签\s*发$/ }).click();
  const issued = page.getByRole('dialog', { name: '密钥已签发：热线对接' });
  await expect(issued).toBeVisible();
  await expect(issued.getByText(/关闭本窗口后将无法再次查看/)).toBeVisible();
  const secret = (await issued.locator('pre code').textContent())?.trim() ?? '';
  expect(secret.length).toBeGreaterThan(16);
  await expect(issued.getByRole('button', { name: '复制密钥' })).toBeVisible();
  await shot(page, testInfo, 'secret-once');
  await issued.getByRole('button', { name: '我已保存，关闭' }).click();
  await expect(issued).toHaveCount(0);
  await expect(page.getByText(secret)).toHaveCount(0);

  // Listed by its prefix and name, active.
  const row = drawer.getByRole('row', { name: /热线对接/ });
  await expect(row).toContainText('有效');
  const prefix = (await row.locator('code').textContent())?.replace('…', '') ?? '';
  expect(secret.startsWith(prefix)).toBeTruthy();

  // The hotline files a demand with it.
  const filed = await file311(request, secret, community.id);
  expect(filed.status(), await filed.text()).toBe(201);
  const receipt = await filed.json();
  expect(receipt[0].service_request_id).toBeTruthy();

  // 吊销, after a confirmation.
  await row.getByRole('button', { name: '吊销 热线对接' }).click();
  const confirm = page.getByRole('tooltip').filter({ hasText: '吊销密钥“热线对接”？' });
  await expect(confirm).toBeVisible();
  await confirm.getByRole('button', { name: /^吊\s*销$/ }).click();
  await expect(row).toContainText('已吊销');
  await expect(row.getByRole('button', { name: '吊销 热线对接' })).toHaveCount(0);
  await shot(page, testInfo, 'revoked');

  // The same key now files nothing.
  const refused = await file311(request, secret, community.id);
  expect([401, 403]).toContain(refused.status());
  const errors = await refused.json();
  expect(Array.isArray(errors)).toBeTruthy();
  expect(errors[0].code).toBe(refused.status());
  expect(errors[0].description).toBeTruthy();
});

test('API keys are offered on integration organisations only', async ({ page }) => {
  await signIn(page, 'admin', { at: '/admin/organizations?kind=merchant' });
  await expect(page.getByRole('button', { name: /^编辑 / }).first()).toBeVisible();
  await expect(page.getByRole('button', { name: /^API 密钥/ })).toHaveCount(0);
});

test('a street committee manages organisations, not API keys', async ({ page, request }) => {
  const admin = await apiAs(request, 'admin');
  const integration = (await admin.get('/api/v1/organizations?kind=integration')).items[0];
  expect(integration, 'an integration organisation (the test above adds one)').toBeTruthy();
  const street = { authorization: `Bearer ${await token(request, 'street')}` };
  const refused = await request.get(`/api/v1/organizations/${integration.id}/api-keys`, { headers: street });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).code).toBe('forbidden_api_keys');

  await signIn(page, 'street', { at: '/admin/organizations' });
  await expect(page.getByRole('button', { name: /^编辑 / }).first()).toBeVisible();
  await expect(page.getByRole('button', { name: /^API 密钥/ })).toHaveCount(0);
});
