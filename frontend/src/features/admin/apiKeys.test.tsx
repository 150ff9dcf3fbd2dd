// API 密钥 on 组织单位 against a stubbed API: offered to the district admin on integration
// organisations only; the keys listed with 已吊销; a new key's secret shown once with its
// warning and a copy button; 吊销 after a confirmation; a refusal said in the reader's words.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App as AntApp } from 'antd';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { Schemas } from '../../api/client';
import type { Role } from '../../auth/roles';
import { json, problem, stubApi, type Call } from '../../components/testing';
import { OrganizationsPage } from './OrganizationsPage';

const auth = vi.hoisted(() => ({ user: null as Schemas['User'] | null, reload: vi.fn(async () => undefined) }));
vi.mock('../../auth/AuthProvider', () => ({ useAuth: () => auth }));

// antd's drawer, dialogs and typing are slow in jsdom on a shared CI core.
vi.setConfig({ testTimeout: 30_000 });

const NOW = '2026-05-01T08:00:00Z';

function organization(id: string, name: string, kind: Schemas['OrganizationKind']): Schemas['Organization'] {
  return { id, name, kind, unit_id: 'd1', red_property: false, created_at: NOW, updated_at: NOW, version: 1 };
}

const HOTLINE = organization('o1', '12345 热线', 'integration');
const BUREAU = organization('o2', '区住建局', 'government_dept');

function apiKey(id: string, name: string, revoked_at: string | null = null): Schemas['ApiKey'] {
  return { id, organization_id: HOTLINE.id, name, prefix: `gz_${id}`, created_at: NOW, revoked_at };
}

function signInAs(role: Role) {
  auth.user = {
    id: 'me',
    username: 'me',
    display_name: 'me',
    phone: null,
    party_member: false,
    disabled: false,
    password_change_required: false,
    grants: [{ id: 'g1', role, unit_id: 'd1', organization_id: null }],
    created_at: NOW,
    updated_at: NOW,
    version: 1,
    allowed_actions: [],
  } as Schemas['User'];
}

/** The organisations list and the unit names every row shows; `routes` answer the rest. */
function stub(routes: Record<string, (call: Call) => Response | Promise<Response>> = {}) {
  return stubApi({
    'GET /api/v1/organizations': () => json({ items: [HOTLINE, BUREAU], next_cursor: null }),
    'GET /api/v1/org-units/d1': () => json({ id: 'd1', name: '二七区', kind: 'district', parent_id: null, child_kind: 'street', created_at: NOW, updated_at: NOW, version: 1 }),
    'GET /api/v1/org-units': () => json({ items: [], next_cursor: null }),
    ...routes,
  });
}

function show() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <AntApp>
      <QueryClientProvider client={client}>
        <MemoryRouter initialEntries={['/admin/organizations']}>
          <OrganizationsPage />
        </MemoryRouter>
      </QueryClientProvider>
    </AntApp>,
  );
}

/** A button's accessible name: antd spaces out two-character Chinese labels (吊 销). */
const named = (text: string) => new RegExp(`^${[...text].join('\\s*')}$`);

/** The drawer or dialog titled `title` (antd names it by aria-labelledby, but every id is `test-id` here). */
async function dialogTitled(title: string): Promise<HTMLElement> {
  const dialog = (await screen.findByText(title)).closest<HTMLElement>('[role="dialog"]');
  if (!dialog) throw new Error(`no dialog titled ${title}`);
  return dialog;
}

async function openKeys() {
  await userEvent.setup().click(await screen.findByRole('button', { name: 'API 密钥：12345 热线' }));
  return dialogTitled('12345 热线的 API 密钥');
}

beforeEach(() => {
  auth.user = null;
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('API keys on the organisations screen', () => {
  it('are offered to the district admin on integration organisations only', async () => {
    signInAs('district_admin');
    stub();
    show();
    expect(await screen.findByRole('button', { name: 'API 密钥：12345 热线' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'API 密钥：区住建局' })).toBeNull();
  });

  it('are not offered to a street committee, who may edit organisations', async () => {
    signInAs('street_committee');
    stub();
    show();
    expect(await screen.findByRole('button', { name: '编辑 12345 热线' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /API 密钥/ })).toBeNull();
  });

  it('lists the keys, issues one and shows its secret once, with a warning and a copy button', async () => {
    signInAs('district_admin');
    let keys = [apiKey('k1', '旧热线对接', '2026-05-02T08:00:00Z')];
    const calls = stub({
      'GET /api/v1/organizations/o1/api-keys': () => json(keys),
      'POST /api/v1/organizations/o1/api-keys': (call) => {
        const issued = apiKey('k2', (call.body as { name: string }).name);
        keys = [issued, ...keys];
        return json({ ...issued, secret: 'gz_k2_the-whole-secret' }, 201);
      },
    });
    show();
    const drawer = await openKeys();

    // A phone's width here (the test's matchMedia matches nothing): the keys are cards.
    const list = await within(drawer).findByRole('list', { name: 'API 密钥列表' });
    expect(await within(list).findByText('旧热线对接')).toBeTruthy();
    expect(within(list).getByText('已吊销')).toBeTruthy();
    // A revoked key has nothing left to revoke.
    expect(within(drawer).queryByRole('button', { name: /吊\s*销/ })).toBeNull();

    const ui = userEvent.setup();
    await ui.click(within(drawer).getByRole('button', { name: '新建密钥' }));
    const form = await dialogTitled('新建 API 密钥');
    await ui.type(within(form).getByLabelText('名称'), '  12345 热线平台 ');
    await ui.click(within(form).getByRole('button', { name: named('签发') }));

    const secret = await dialogTitled('密钥已签发：12345 热线平台');
    const post = calls.find((c) => c.method === 'POST');
    expect(post?.body).toEqual({ name: '12345 热线平台' });
    expect(post?.headers.get('Idempotency-Key')).toBeTruthy();
    expect(within(secret).getByText('gz_k2_the-whole-secret')).toBeTruthy();
    expect(within(secret).getByText(/关闭本窗口后将无法再次查看/)).toBeTruthy();

    await ui.click(within(secret).getByRole('button', { name: '复制密钥' }));
    // user-event stands in for the clipboard.
    expect(await navigator.clipboard.readText()).toBe('gz_k2_the-whole-secret');
    expect(await within(secret).findByText('已复制到剪贴板')).toBeTruthy();

    await ui.click(within(secret).getByRole('button', { name: '我已保存，关闭' }));
    await waitFor(() => expect(screen.queryByText('gz_k2_the-whole-secret')).toBeNull());
    // The list shows the new key by its prefix, never its secret.
    expect(await within(list).findByText('12345 热线平台')).toBeTruthy();
    expect(within(list).getByText('gz_k2…')).toBeTruthy();
  });

  it('revokes a key after a confirmation', async () => {
    signInAs('district_admin');
    let keys = [apiKey('k1', '热线对接')];
    const calls = stub({
      'GET /api/v1/organizations/o1/api-keys': () => json(keys),
      'POST /api/v1/organizations/o1/api-keys/k1/revoke': () => {
        keys = [apiKey('k1', '热线对接', NOW)];
        return json(keys[0]);
      },
    });
    show();
    const drawer = await openKeys();
    const ui = userEvent.setup();
    await ui.click(await within(drawer).findByRole('button', { name: '吊销 热线对接' }));

    // Nothing is sent before the confirmation.
    const confirm = await screen.findByRole('tooltip');
    expect(within(confirm).getByText('吊销密钥“热线对接”？')).toBeTruthy();
    expect(calls.some((c) => c.path.endsWith('/revoke'))).toBe(false);
    await ui.click(within(confirm).getByRole('button', { name: named('吊销') }));

    await waitFor(() => expect(calls.filter((c) => c.path === '/api/v1/organizations/o1/api-keys/k1/revoke')).toHaveLength(1));
    expect(await within(drawer).findByText('已吊销')).toBeTruthy();
    expect(within(drawer).queryByRole('button', { name: '吊销 热线对接' })).toBeNull();
  });

  it('says a refusal in the reader’s language', async () => {
    signInAs('district_admin');
    stub({
      'GET /api/v1/organizations/o1/api-keys': () => json([]),
      'POST /api/v1/organizations/o1/api-keys': () => problem(422, 'api_key_organization_kind', 'API keys are for integration organisations'),
    });
    show();
    const drawer = await openKeys();
    expect(await within(drawer).findByText('尚未签发 API 密钥')).toBeTruthy();
    const ui = userEvent.setup();
    await ui.click(within(drawer).getByRole('button', { name: '新建密钥' }));
    const form = await dialogTitled('新建 API 密钥');
    await ui.type(within(form).getByLabelText('名称'), '热线');
    await ui.click(within(form).getByRole('button', { name: named('签发') }));
    expect(await within(form).findByText('API 密钥只签发给接入平台类组织')).toBeTruthy();
  });
});
