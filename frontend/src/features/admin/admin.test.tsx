// The administration screens against a stubbed API: requests shaped as openapi.yaml says,
// answers (including problem+json refusals) shaped as the server sends them.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App as AntApp } from 'antd';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { Schemas } from '../../api/client';
import type { Role } from '../../auth/roles';
import i18n from '../../i18n';
import { NewOrganizationForm, OrganizationsPage } from './OrganizationsPage';
import { UnitsPage } from './UnitsPage';
import { EditUserForm, GrantForm, NewUserForm, UsersPage } from './UsersPage';

// The signed-in user, as useAuth reports it.
const auth = vi.hoisted(() => ({ user: null as Schemas['User'] | null, reload: vi.fn(async () => undefined) }));
vi.mock('../../auth/AuthProvider', () => ({ useAuth: () => auth }));

const t = (key: string, options?: Record<string, unknown>) => i18n.t(key, options);
const NOW = '2024-05-01T08:00:00Z';

// As the API answers: `child_kind` is the domain's next level down.
const CHILD_OF: Record<Schemas['UnitKind'], Schemas['UnitKind'] | null> = {
  district: 'street',
  street: 'community',
  community: 'compound',
  compound: null,
};

function unit(id: string, name: string, kind: Schemas['UnitKind'], parent_id: string | null, extra: Partial<Schemas['OrgUnit']> = {}): Schemas['OrgUnit'] {
  return { id, name, kind, parent_id, child_kind: CHILD_OF[kind], created_at: NOW, updated_at: NOW, version: 1, ...extra };
}

function organization(id: string, name: string, kind: Schemas['OrganizationKind'], unit_id: string): Schemas['Organization'] {
  return { id, name, kind, unit_id, red_property: false, created_at: NOW, updated_at: NOW, version: 1 };
}

function user(id: string, username: string, grants: Schemas['UserGrant'][] = []): Schemas['User'] {
  const account = { id, username, display_name: username, phone: null, party_member: false, disabled: false, password_change_required: false, grants, created_at: NOW, updated_at: NOW, version: 1 };
  return { ...account, allowed_actions: allowedFor(id) };
}

/** What the API's `allowed_actions` says to the signed-in user about account `id` (domain::access::user_actions). */
function allowedFor(id: string): Schemas['UserAllowedAction'][] {
  const roles = new Set(auth.user?.grants.map((g) => g.role));
  const own = id === auth.user?.id;
  if (roles.has('district_admin')) return own ? ['edit', 'read_events'] : ['edit', 'disable', 'grant', 'reset_password', 'read_events'];
  if (roles.has('street_committee')) return own ? [] : ['edit', 'disable', 'grant'];
  if (roles.has('auditor')) return ['read_events'];
  return [];
}

const UNITS = [
  unit('d1', '二七区', 'district', null),
  unit('s1', '建中街街道', 'street', 'd1'),
  unit('c1', '民主路社区', 'community', 's1', { community_type: 'old' }),
  unit('p1', '1号院', 'compound', 'c1'),
];
const ORGANIZATIONS = [
  organization('o1', '区住建局', 'government_dept', 'd1'),
  organization('o2', '大商超市', 'merchant', 's1'),
  organization('o3', '民主路物业', 'property_service', 'c1'),
];

// As `/me/permissions` answers for each manager (SPEC §2); anyone else may give nothing.
const COMMITTEE_GIVES: Role[] = ['resident', 'community_worker', 'co_builder', 'supervisor', 'property_manager', 'volunteer_leader', 'volunteer'];
const ALL_ROLES: Role[] = [...COMMITTEE_GIVES, 'street_committee', 'district_admin', 'auditor'];

function permissionsOf(grants: Schemas['UserGrant'][]): Schemas['Permissions'] {
  const roles = grants.map((g) => g.role);
  const admin = roles.includes('district_admin');
  const grantable_roles = admin ? ALL_ROLES : roles.includes('street_committee') ? COMMITTEE_GIVES : [];
  const grant_units = grants.filter((g) => g.role === 'district_admin' || g.role === 'street_committee').map((g) => g.unit_id);
  return { grantable_roles, reset_passwords: admin, manage_ungranted_users: admin, grant_units, sets_temporary_passwords: !admin, desk_registration_units: [], disclosure_streets: [] };
}

interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

type Handler = (call: Call) => Response | undefined;

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function problem(status: number, code: string, extra: Record<string, unknown> = {}) {
  return new Response(JSON.stringify({ type: `urn:gongzhi:problem:${code}`, title: 'refused', status, detail: `refused: ${code}`, code, ...extra }), {
    status,
    headers: { 'content-type': 'application/problem+json' },
  });
}

/** Answers the reads every screen makes; `handler` answers the rest (or overrides). */
function stubApi(handler: Handler = () => undefined) {
  const calls: Call[] = [];
  const fetchStub = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(String(input), init);
    const url = new URL(request.url, 'http://localhost');
    const text = await request.text();
    const call: Call = { method: request.method, path: url.pathname, query: url.searchParams, body: text ? JSON.parse(text) : undefined };
    calls.push(call);
    const answer = handler(call);
    if (answer) return answer;
    if (call.method === 'GET' && call.path === '/api/v1/me/permissions') {
      return json(permissionsOf(auth.user?.grants ?? []));
    }
    const one = call.path.match(/^\/api\/v1\/(org-units|organizations)\/([^/]+)$/);
    if (call.method === 'GET' && one) {
      const found = (one[1] === 'org-units' ? UNITS : ORGANIZATIONS).find((r) => r.id === one[2]);
      return found ? json(found) : problem(404, 'not_found');
    }
    if (call.method === 'GET' && call.path === '/api/v1/org-units') {
      const parent = call.query.get('parent_id');
      const kind = call.query.get('kind');
      const q = call.query.get('q') ?? '';
      const under = call.query.get('unit_id');
      const items = UNITS.filter(
        (u) => (!parent || u.parent_id === parent) && (!under || isUnder(u, under)) && (!kind || u.kind === kind) && u.name.includes(q),
      );
      return json({ items, next_cursor: null });
    }
    if (call.method === 'GET' && call.path === '/api/v1/organizations') {
      const kind = call.query.get('kind');
      const q = call.query.get('q') ?? '';
      return json({ items: ORGANIZATIONS.filter((o) => (!kind || o.kind === kind) && o.name.includes(q)), next_cursor: null });
    }
    return problem(404, 'not_found');
  });
  vi.stubGlobal('fetch', fetchStub);
  return calls;
}

function signInAs(roles: Role[], unit_id = 'd1') {
  auth.user = user('me', 'me', roles.map((role, i) => ({ id: `g${i}`, role, unit_id, organization_id: null })));
  auth.user.allowed_actions = allowedFor('me');
}

/** Whether `unit` is `root` or below it. */
function isUnder(unit: Schemas['OrgUnit'], root: string): boolean {
  for (let u: Schemas['OrgUnit'] | undefined = unit; u; u = UNITS.find((p) => p.id === u?.parent_id)) if (u.id === root) return true;
  return false;
}

function renderWith(element: ReactNode, path = '/') {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <AntApp>
      <QueryClientProvider client={client}>
        <MemoryRouter initialEntries={[path]}>{element}</MemoryRouter>
      </QueryClientProvider>
    </AntApp>,
  );
}

/** A button's accessible name: antd spaces out two-character Chinese labels (保 存). */
function named(text: string, { exact = true } = {}): RegExp {
  const pattern = [...text].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s*');
  return new RegExp(exact ? `^${pattern}$` : pattern);
}

/** Opens the select labelled `label` and picks the option titled `option`. */
async function choose(label: string, option: string) {
  const ui = userEvent.setup();
  await ui.click(screen.getByLabelText(label));
  const item = await waitFor(() => {
    const found = [...document.querySelectorAll<HTMLElement>('.ant-select-item-option')].find((o) => o.getAttribute('title') === option);
    if (!found) throw new Error(`no option ${option}`);
    return found;
  });
  await ui.click(item);
}

/** The titles of the options of the select labelled `label` (in `container`), once it has some. */
async function optionsOf(label: string, container: Pick<typeof screen, 'getByLabelText'> = screen): Promise<string[]> {
  await userEvent.setup().click(container.getByLabelText(label));
  return waitFor(() => {
    const titles = [...document.querySelectorAll<HTMLElement>('.ant-select-item-option')].map((o) => o.getAttribute('title') ?? '');
    if (!titles.length) throw new Error(`no options for ${label}`);
    return titles;
  });
}

/** The error messages shown under the form field labelled `label`. */
function fieldErrors(label: string): string[] {
  const item = screen.getByLabelText(label).closest('.ant-form-item');
  return [...(item?.querySelectorAll('.ant-form-item-explain-error') ?? [])].map((e) => e.textContent ?? '');
}

beforeEach(() => {
  auth.user = null;
});

afterEach(() => {
  vi.unstubAllGlobals();
});

// antd in jsdom is slow to render and animate.
vi.setConfig({ testTimeout: 30_000 });

describe('grant form', () => {
  it('offers a community picker for a community worker and an organisation picker for a co-builder', async () => {
    signInAs(['district_admin']);
    const calls = stubApi((call) => (call.method === 'POST' ? json(user('u1', 'li', [{ id: 'g9', role: 'co_builder', unit_id: 's1', organization_id: 'o2' }]), 201) : undefined));
    renderWith(<GrantForm user={user('u1', 'li')} />);

    expect(screen.queryByLabelText(t('admin.unit'))).toBeNull();
    expect(screen.queryByLabelText(t('admin.organization'))).toBeNull();

    await choose(t('admin.role'), t('roles.community_worker'));
    expect(await screen.findByLabelText(t('admin.unit'))).toBeTruthy();
    expect(screen.queryByLabelText(t('admin.organization'))).toBeNull();
    await waitFor(() => expect(calls.some((c) => c.path === '/api/v1/org-units' && c.query.get('kind') === 'community')).toBe(true));

    await choose(t('admin.role'), t('roles.co_builder'));
    expect(await screen.findByLabelText(t('admin.organization'))).toBeTruthy();
    expect(screen.queryByLabelText(t('admin.unit'))).toBeNull();
    // A co-builder's organisation is a department, stationed unit, social org or merchant.
    await waitFor(() => {
      const kinds = calls.filter((c) => c.path === '/api/v1/organizations').map((c) => c.query.get('kind'));
      expect(kinds.sort()).toEqual(['government_dept', 'merchant', 'social_org', 'stationed_unit']);
    });

    await choose(t('admin.organization'), '大商超市');
    await userEvent.setup().click(screen.getByRole('button', { name: named(t('admin.addGrant')) }));
    await waitFor(() => expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ role: 'co_builder', organization_id: 'o2' }));
    expect(calls.find((c) => c.method === 'POST')?.path).toBe('/api/v1/users/u1/grants');
  });

  it('says what each role may do beside its name', async () => {
    signInAs(['district_admin']);
    stubApi();
    renderWith(<GrantForm user={user('u1', 'li')} />);

    await optionsOf(t('admin.role'));
    const auditor = [...document.querySelectorAll<HTMLElement>('.ant-select-item-option')].find((o) => o.getAttribute('title') === t('roles.auditor'));
    expect(auditor?.textContent).toBe(`${t('roles.auditor')} — ${t('roleHints.auditor')}`);
  });

  it('offers only units inside the manager’s grant_units', async () => {
    const other = unit('c2', '大学路社区', 'community', 'd1', { community_type: 'new' });
    UNITS.push(other);
    try {
      signInAs(['street_committee'], 's1');
      const calls = stubApi();
      renderWith(<GrantForm user={user('u1', 'li')} />);

      await choose(t('admin.role'), t('roles.community_worker'));
      const offered = await optionsOf(t('admin.unit'));
      expect(offered).toContain('民主路社区');
      expect(offered).not.toContain('大学路社区');
      const searches = calls.filter((c) => c.path === '/api/v1/org-units' && c.query.get('kind') === 'community');
      expect(searches.length).toBeGreaterThan(0);
      expect(searches.every((c) => c.query.get('unit_id') === 's1')).toBe(true);
    } finally {
      UNITS.pop();
    }
  });

  it('offers a street committee only the roles it may give', async () => {
    signInAs(['street_committee']);
    stubApi();
    renderWith(<GrantForm user={user('u1', 'li')} />);

    expect(await optionsOf(t('admin.role'))).toEqual(COMMITTEE_GIVES.map((r) => t(`roles.${r}`)));
  });

  it('says why the API refused a grant', async () => {
    signInAs(['street_committee']);
    stubApi((call) => (call.method === 'POST' ? problem(403, 'forbidden_role') : undefined));
    renderWith(<GrantForm user={user('u1', 'li')} />);

    await choose(t('admin.role'), t('roles.community_worker'));
    await choose(t('admin.unit'), '民主路社区');
    await userEvent.setup().click(screen.getByRole('button', { name: named(t('admin.addGrant')) }));
    expect((await screen.findByRole('alert')).textContent).toContain(t('errors.forbidden_role'));
  });
});

describe('new user form', () => {
  it('puts a taken username on the username field', async () => {
    signInAs(['district_admin']);
    const calls = stubApi((call) => (call.method === 'POST' ? problem(409, 'username_taken') : undefined));
    renderWith(<NewUserForm onDone={() => undefined} />);
    await screen.findByLabelText(t('auth.username'));
    const ui = userEvent.setup();

    await ui.type(screen.getByLabelText(t('auth.username')), 'wang.wei');
    await ui.type(screen.getByLabelText(t('auth.password')), 'long-enough-pass');
    await ui.type(screen.getByLabelText(t('auth.displayName')), '王伟');
    await ui.click(screen.getByRole('button', { name: named(t('common.save')) }));

    await waitFor(() => expect(fieldErrors(t('auth.username'))).toEqual([t('errors.username_taken')]));
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      username: 'wang.wei',
      password: 'long-enough-pass',
      display_name: '王伟',
      party_member: false,
    });
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says what to fill in when saved empty, and checks the phone before sending', async () => {
    signInAs(['street_committee']);
    const calls = stubApi();
    renderWith(<NewUserForm onDone={() => undefined} />);
    await screen.findByLabelText(t('auth.username'));
    const ui = userEvent.setup();

    await ui.click(screen.getByRole('button', { name: named(t('common.save')) }));
    await waitFor(() => expect(fieldErrors(t('auth.username'))).toEqual([t('required.username')]));
    expect(fieldErrors(t('auth.password'))).toEqual([t('required.password')]);
    expect(fieldErrors(t('auth.displayName'))).toEqual([t('required.displayName')]);
    expect(fieldErrors(t('admin.role'))).toEqual([t('required.role')]);

    await ui.type(screen.getByLabelText(t('auth.phone')), '12345');
    await waitFor(() => expect(fieldErrors(t('auth.phone'))).toEqual([t('errors.phone_format')]));
    await ui.clear(screen.getByLabelText(t('auth.phone')));
    await ui.type(screen.getByLabelText(t('auth.phone')), '0371-12345678');
    await waitFor(() => expect(fieldErrors(t('auth.phone'))).toEqual([]));
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
  });

  it('lets a district admin leave the role out', async () => {
    signInAs(['district_admin']);
    stubApi();
    renderWith(<NewUserForm onDone={() => undefined} />);
    await screen.findByLabelText(t('auth.username'));

    expect(await screen.findByText(t('admin.roleOptionalHint'))).toBeTruthy();
    expect(await optionsOf(t('admin.role'))).toEqual(ALL_ROLES.map((r) => t(`roles.${r}`)));
  });

  it('asks a street committee for the first role and its scope, and sends them with the account', async () => {
    signInAs(['street_committee']);
    const calls = stubApi((call) => (call.method === 'POST' ? json(user('u9', 'zhou.lei', [{ id: 'g9', role: 'resident', unit_id: 'c1', organization_id: null }]), 201) : undefined));
    const done = vi.fn();
    renderWith(<NewUserForm onDone={done} />);
    await screen.findByLabelText(t('auth.username'));
    const ui = userEvent.setup();

    await ui.type(screen.getByLabelText(t('auth.username')), 'zhou.lei');
    await ui.type(screen.getByLabelText(t('auth.password')), 'long-enough-pass');
    await ui.type(screen.getByLabelText(t('auth.displayName')), '周磊');
    await ui.click(screen.getByRole('button', { name: named(t('common.save')) }));
    await waitFor(() => expect(fieldErrors(t('admin.role'))).toEqual([t('required.role')]));
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
    expect(screen.queryByText(t('admin.roleOptionalHint'))).toBeNull();

    await choose(t('admin.role'), t('roles.resident'));
    await choose(t('admin.unit'), '民主路社区');
    await ui.click(screen.getByRole('button', { name: named(t('common.save')) }));

    await waitFor(() => expect(done).toHaveBeenCalled());
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      username: 'zhou.lei',
      password: 'long-enough-pass',
      display_name: '周磊',
      party_member: false,
      grant: { role: 'resident', unit_id: 'c1' },
    });
  });

  it('says beside the password that a street committee’s is temporary, and the district admin’s is not', async () => {
    signInAs(['street_committee']);
    stubApi();
    const { unmount } = renderWith(<NewUserForm onDone={() => undefined} />);
    await screen.findByLabelText(t('auth.username'));
    expect(await screen.findByText(t('admin.temporaryPasswordHint'))).toBeTruthy();
    unmount();

    signInAs(['district_admin']);
    renderWith(<NewUserForm onDone={() => undefined} />);
    await screen.findByLabelText(t('auth.username'));
    await screen.findByLabelText(t('auth.password'));
    expect(screen.queryByText(t('admin.temporaryPasswordHint'))).toBeNull();
  });

  it('puts a missing role on the role field', async () => {
    signInAs(['district_admin']);
    stubApi((call) =>
      call.method === 'POST'
        ? problem(422, 'grant_required', { errors: { grant: ['give the new account its role'] }, error_codes: { grant: ['grant_required'] } })
        : undefined,
    );
    renderWith(<NewUserForm onDone={() => undefined} />);
    await screen.findByLabelText(t('auth.username'));
    const ui = userEvent.setup();

    await ui.type(screen.getByLabelText(t('auth.username')), 'wang.wei');
    await ui.type(screen.getByLabelText(t('auth.password')), 'long-enough-pass');
    await ui.type(screen.getByLabelText(t('auth.displayName')), '王伟');
    await ui.click(screen.getByRole('button', { name: named(t('common.save')) }));

    await waitFor(() => expect(fieldErrors(t('admin.role'))).toEqual([t('errors.grant_required')]));
  });

  it('puts password policy refusals on the password field, translated', async () => {
    signInAs(['district_admin']);
    stubApi((call) =>
      call.method === 'POST'
        ? problem(422, 'invalid_body', {
            errors: { password: ['password is too common'] },
            error_codes: { password: ['password_common'] },
          })
        : undefined,
    );
    renderWith(<NewUserForm onDone={() => undefined} />);
    await screen.findByLabelText(t('auth.username'));
    const ui = userEvent.setup();

    await ui.type(screen.getByLabelText(t('auth.username')), 'wang.wei');
    await ui.type(screen.getByLabelText(t('auth.password')), '1234567890');
    await ui.type(screen.getByLabelText(t('auth.displayName')), '王伟');
    await ui.click(screen.getByRole('button', { name: named(t('common.save')) }));

    await waitFor(() => expect(fieldErrors(t('auth.password'))).toEqual([t('errors.password_common')]));
    expect(fieldErrors(t('auth.username'))).toEqual([]);
  });
});

describe('users page', () => {
  it('shows a user’s grants with their scopes by name and revokes one after confirming', async () => {
    signInAs(['district_admin']);
    const li = user('u1', 'li', [
      { id: 'g1', role: 'community_worker', unit_id: 'c1', organization_id: null },
      { id: 'g2', role: 'property_manager', unit_id: 'c1', organization_id: 'o3' },
    ]);
    const calls = stubApi((call) => {
      if (call.path === '/api/v1/users') return json({ items: [li], next_cursor: null });
      if (call.path === '/api/v1/users/u1' && call.method === 'GET') return json(li);
      if (call.method === 'DELETE') return json({ ...li, grants: li.grants.slice(1), version: 2 });
      return undefined;
    });
    renderWith(<UsersPage />, '/admin/users?user=u1');

    const drawer = await screen.findByRole('dialog');
    await within(drawer).findByText('民主路物业');
    expect(within(drawer).getAllByText('民主路社区').length).toBeGreaterThan(0);
    const ui = userEvent.setup();
    await ui.click(await within(drawer).findByRole('button', { name: `${t('admin.revoke')} ${t('roles.community_worker')}` }));
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);
    const confirm = await screen.findByRole('tooltip');
    await ui.click(within(confirm).getByRole('button', { name: named(t('admin.revoke')) }));
    await waitFor(() => expect(calls.find((c) => c.method === 'DELETE')?.path).toBe('/api/v1/users/u1/grants/g1'));
    await waitFor(() => expect(within(drawer).queryByText(t('roles.community_worker'))).toBeNull());
  });

  it('offers a street committee its roles to give and take, and no password field', async () => {
    signInAs(['street_committee']);
    const li = user('u1', 'li', [{ id: 'g1', role: 'resident', unit_id: 'c1', organization_id: null }]);
    stubApi((call) => {
      if (call.path === '/api/v1/users') return json({ items: [li], next_cursor: null });
      if (call.path === '/api/v1/users/u1') return json(li);
      return undefined;
    });
    renderWith(<UsersPage />, '/admin/users?user=u1');

    const drawer = await screen.findByRole('dialog');
    // Once the permissions are read: the committee may take the resident grant, and give its roles.
    expect(await within(drawer).findByRole('button', { name: `${t('admin.revoke')} ${t('roles.resident')}` })).toBeTruthy();
    expect(await optionsOf(t('admin.role'), within(drawer))).toEqual(COMMITTEE_GIVES.map((r) => t(`roles.${r}`)));
    await userEvent.setup().click(within(drawer).getByRole('button', { name: named(t('admin.editUser')) }));
    const edit = (await screen.findByLabelText(t('auth.displayName'))).closest<HTMLElement>('.ant-modal');
    if (!edit) throw new Error('no edit form');
    expect(within(edit).queryByLabelText(t('admin.newPassword'))).toBeNull();
  });

  it('disables an account after confirming, and says so in the details and the list', async () => {
    signInAs(['street_committee']);
    let li = user('u1', 'li', [{ id: 'g1', role: 'resident', unit_id: 'c1', organization_id: null }]);
    const calls = stubApi((call) => {
      if (call.method === 'PATCH') li = { ...li, disabled: true, version: 2 };
      if (call.path === '/api/v1/users') return json({ items: [li], next_cursor: null });
      if (call.path === '/api/v1/users/u1') return json(li);
      return undefined;
    });
    renderWith(<UsersPage />, '/admin/users?user=u1');
    const ui = userEvent.setup();

    const drawer = await screen.findByRole('dialog');
    await ui.click(await within(drawer).findByRole('button', { name: named(t('admin.disableUser')) }));
    expect(screen.queryByText(t('admin.accountDisabled'))).toBeNull();
    expect(calls.some((c) => c.method === 'PATCH')).toBe(false);
    const confirm = await screen.findByRole('tooltip');
    await ui.click(within(confirm).getByRole('button', { name: named(t('admin.disable')) }));
    await waitFor(() => expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ version: 1, disabled: true }));
    expect(calls.find((c) => c.method === 'PATCH')?.path).toBe('/api/v1/users/u1');
    expect(await within(drawer).findByRole('button', { name: named(t('admin.enableUser')) })).toBeTruthy();
    await waitFor(() => expect(screen.getAllByText(t('admin.accountDisabled'))).toHaveLength(2));
  });

  it('offers no grant, revoke, disabling or password reset on the manager’s own account', async () => {
    signInAs(['district_admin']);
    const me = auth.user as Schemas['User'];
    stubApi((call) => {
      if (call.path === '/api/v1/users') return json({ items: [me], next_cursor: null });
      if (call.path === '/api/v1/users/me') return json(me);
      return undefined;
    });
    renderWith(<UsersPage />, '/admin/users?user=me');

    const drawer = await screen.findByRole('dialog');
    expect(await within(drawer).findByText(t('admin.ownGrants'))).toBeTruthy();
    expect(within(drawer).queryByRole('button', { name: named(t('admin.revoke'), { exact: false }) })).toBeNull();
    expect(within(drawer).queryByRole('button', { name: named(t('admin.addGrant')) })).toBeNull();
    expect(within(drawer).queryByRole('button', { name: named(t('admin.disableUser')) })).toBeNull();
    await userEvent.setup().click(within(drawer).getByRole('button', { name: named(t('admin.editUser')) }));
    await screen.findByLabelText(t('auth.displayName'));
    expect(screen.queryByLabelText(t('admin.newPassword'))).toBeNull();
  });

  it('offers no changes to an auditor', async () => {
    signInAs(['auditor']);
    const li = user('u1', 'li', [{ id: 'g1', role: 'resident', unit_id: 'c1', organization_id: null }]);
    stubApi((call) => {
      if (call.path === '/api/v1/users') return json({ items: [li], next_cursor: null });
      if (call.path === '/api/v1/users/u1') return json(li);
      return undefined;
    });
    renderWith(<UsersPage />, '/admin/users?user=u1');

    const drawer = await screen.findByRole('dialog');
    await within(drawer).findByText(t('roles.resident'));
    expect(screen.queryByRole('button', { name: named(t('admin.addUser')) })).toBeNull();
    expect(within(drawer).queryByRole('button', { name: named(t('admin.editUser')) })).toBeNull();
    expect(within(drawer).queryByRole('button', { name: named(t('admin.revoke'), { exact: false }) })).toBeNull();
  });
});

describe('edit user form', () => {
  it('lets a district admin set a new password', async () => {
    signInAs(['district_admin']);
    const li = user('u1', 'li');
    const calls = stubApi((call) => (call.method === 'PATCH' ? json({ ...li, version: 2 }) : undefined));
    const done = vi.fn();
    renderWith(<EditUserForm user={li} onDone={done} />);
    const ui = userEvent.setup();

    await ui.type(await screen.findByLabelText(t('admin.newPassword')), 'a-new-long-pass');
    await ui.click(screen.getByRole('button', { name: named(t('common.save')) }));
    await waitFor(() => expect(done).toHaveBeenCalled());
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({
      version: 1,
      display_name: 'li',
      phone: null,
      party_member: false,
      password: 'a-new-long-pass',
    });
  });
});

describe('units page', () => {
  it('loads children lazily and lets a district admin add a street, with the refusal translated', async () => {
    signInAs(['district_admin']);
    const calls = stubApi((call) => (call.method === 'POST' ? problem(403, 'forbidden_org_units') : undefined));
    renderWith(<UnitsPage />, '/admin/units?unit=d1');

    // The district opens by itself; each level below loads when it is opened.
    await screen.findByText('建中街街道');
    expect(calls.some((c) => c.path === '/api/v1/org-units' && c.query.get('parent_id') === 'd1')).toBe(true);
    expect(calls.some((c) => c.query.get('parent_id') === 's1')).toBe(false);
    const ui = userEvent.setup();
    const switcher = screen.getByText('建中街街道').closest('.ant-tree-treenode')?.querySelector<HTMLElement>('.ant-tree-switcher');
    if (!switcher) throw new Error('no tree switcher');
    await ui.click(switcher);
    await screen.findByText('民主路社区');
    expect(calls.some((c) => c.path === '/api/v1/org-units' && c.query.get('parent_id') === 's1')).toBe(true);

    const add = t('admin.addChildKind', { kind: t('unitKinds.street') });
    await ui.click(screen.getByRole('button', { name: named(add) }));
    const dialog = await screen.findByRole('dialog');
    await ui.type(within(dialog).getByLabelText(t('admin.name')), '淮河路街道');
    await ui.click(within(dialog).getByRole('button', { name: named(t('common.save')) }));

    expect((await within(dialog).findByRole('alert')).textContent).toContain(t('errors.forbidden_org_units'));
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ parent_id: 'd1', kind: 'street', name: '淮河路街道' });
  });

  it('sets a district’s deadlines, and after a stale version says so and saves with the new one', async () => {
    signInAs(['district_admin']);
    let patches = 0;
    const calls = stubApi((call) => {
      if (call.method === 'PATCH') {
        patches += 1;
        return patches === 1 ? problem(409, 'stale_version') : json({ ...UNITS[0], version: 3 });
      }
      if (call.method === 'GET' && call.path === '/api/v1/org-units/d1') return json({ ...UNITS[0], version: patches ? 2 : 1 });
      return undefined;
    });
    renderWith(<UnitsPage />, '/admin/units?unit=d1');
    const ui = userEvent.setup();

    await ui.click(await screen.findByRole('button', { name: named(t('common.edit')) }));
    const dialog = await screen.findByRole('dialog');
    await ui.type(within(dialog).getByLabelText(t('admin.verifyDays')), '5');
    await ui.click(within(dialog).getByRole('button', { name: named(t('common.save')) }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain(t('errors.stale_version'));
    await waitFor(() => expect(calls.filter((c) => c.method === 'GET' && c.path === '/api/v1/org-units/d1').length).toBeGreaterThan(1));

    await ui.click(within(dialog).getByRole('button', { name: named(t('common.save')) }));
    await waitFor(() => expect(patches).toBe(2));
    const sent = calls.filter((c) => c.method === 'PATCH').map((c) => c.body);
    expect(sent).toEqual([
      { version: 1, name: '二七区', verify_days: 5 },
      { version: 2, name: '二七区', verify_days: 5 },
    ]);
    expect(calls.find((c) => c.method === 'PATCH')?.path).toBe('/api/v1/org-units/d1');
  });

  it('shows a district’s 公示日 and sets it, from 1 to 28', async () => {
    signInAs(['district_admin']);
    const calls = stubApi((call) => (call.method === 'PATCH' ? json({ ...UNITS[0], version: 2, disclosure_day: 5 }) : undefined));
    renderWith(<UnitsPage />, '/admin/units?unit=d1');
    const ui = userEvent.setup();

    expect(await screen.findByText(t('admin.disclosureDayUnset'))).toBeTruthy();
    await ui.click(await screen.findByRole('button', { name: named(t('common.edit')) }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText(t('admin.disclosureDayHelp'))).toBeTruthy();
    const day = within(dialog).getByLabelText(t('admin.disclosureDay'));
    expect(day.getAttribute('aria-valuemax')).toBe('28');
    await ui.type(day, '5');
    await ui.click(within(dialog).getByRole('button', { name: named(t('common.save')) }));
    await waitFor(() => expect(calls.filter((c) => c.method === 'PATCH')).toHaveLength(1));
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ version: 1, name: '二七区', disclosure_day: 5 });
  });

  it('clears a district’s 公示日 when the field is emptied', async () => {
    signInAs(['district_admin']);
    const set = { ...UNITS[0], disclosure_day: 5 };
    const calls = stubApi((call) => {
      if (call.method === 'PATCH') return json({ ...set, version: 2, disclosure_day: null });
      if (call.method === 'GET' && call.path === '/api/v1/org-units/d1') return json(set);
      return undefined;
    });
    renderWith(<UnitsPage />, '/admin/units?unit=d1');
    const ui = userEvent.setup();

    await ui.click(await screen.findByRole('button', { name: named(t('common.edit')) }));
    const dialog = await screen.findByRole('dialog');
    const day = within(dialog).getByLabelText(t('admin.disclosureDay'));
    await waitFor(() => expect((day as HTMLInputElement).value).toBe('5'));
    await ui.clear(day);
    await ui.click(within(dialog).getByRole('button', { name: named(t('common.save')) }));
    await waitFor(() => expect(calls.filter((c) => c.method === 'PATCH')).toHaveLength(1));
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ version: 1, name: '二七区', disclosure_day: null });
  });

  it('hides edit controls from anyone but a district admin', async () => {
    signInAs(['street_committee']);
    stubApi();
    renderWith(<UnitsPage />, '/admin/units?unit=c1');

    await screen.findAllByText(t('communityTypes.old'));
    expect(screen.getAllByText('民主路社区').length).toBeGreaterThan(0);
    expect(screen.queryByRole('button', { name: named(t('common.edit')) })).toBeNull();
    expect(screen.queryByRole('button', { name: named(t('admin.addChildKind', { kind: t('unitKinds.compound') })) })).toBeNull();
  });
});

describe('new organisation form', () => {
  it('offers red property only for a property service', async () => {
    signInAs(['district_admin']);
    const calls = stubApi((call) => (call.method === 'POST' ? json(organization('o9', '绿城物业', 'property_service', 'c1'), 201) : undefined));
    renderWith(<NewOrganizationForm onDone={() => undefined} />);
    const ui = userEvent.setup();

    await ui.type(screen.getByLabelText(t('admin.name')), '绿城物业');
    await choose(t('admin.kind'), t('organizationKinds.merchant'));
    expect(screen.queryByLabelText(t('admin.redProperty'))).toBeNull();
    await choose(t('admin.kind'), t('organizationKinds.property_service'));
    await ui.click(await screen.findByLabelText(t('admin.redProperty')));
    await choose(t('admin.unit'), '民主路社区');
    await ui.click(screen.getByRole('button', { name: named(t('common.save')) }));

    await waitFor(() =>
      expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ name: '绿城物业', kind: 'property_service', unit_id: 'c1', red_property: true }),
    );
  });

  it('puts a name already used at the unit on the name field', async () => {
    signInAs(['district_admin']);
    stubApi((call) => (call.method === 'POST' ? problem(409, 'name_taken') : undefined));
    renderWith(<NewOrganizationForm onDone={() => undefined} />);
    const ui = userEvent.setup();

    await ui.type(screen.getByLabelText(t('admin.name')), '绿城物业');
    await choose(t('admin.kind'), t('organizationKinds.merchant'));
    await choose(t('admin.unit'), '民主路社区');
    await ui.click(screen.getByRole('button', { name: named(t('common.save')) }));

    await waitFor(() => expect(fieldErrors(t('admin.name'))).toEqual([t('errors.name_taken')]));
  });

  it('asks for the kind and the unit when they are left empty, rather than calling the unit unknown', async () => {
    signInAs(['district_admin']);
    const calls = stubApi();
    renderWith(<NewOrganizationForm onDone={() => undefined} />);

    await userEvent.setup().click(screen.getByRole('button', { name: named(t('common.save')) }));
    await waitFor(() => expect(fieldErrors(t('admin.unit'))).toEqual([t('required.unit')]));
    expect(fieldErrors(t('admin.name'))).toEqual([t('required.name')]);
    expect(fieldErrors(t('admin.kind'))).toEqual([t('required.kind')]);
    expect(screen.queryByText(t('errors.unknown_unit'))).toBeNull();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
  });

  it('opens filled in with the compound and the kind from the address (三类组织覆盖 links here), and creates it', async () => {
    signInAs(['street_committee'], 's1');
    const calls = stubApi((call) => (call.method === 'POST' ? json(organization('o9', '1号院党支部', 'party_org', 'p1'), 201) : undefined));
    renderWith(<OrganizationsPage />, '/admin/organizations?unit=p1&kind=party_org&new=1');

    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText(t('admin.addOrganization'))).toBeTruthy();
    await userEvent.setup().type(within(dialog).getByLabelText(t('admin.name')), '1号院党支部');
    await userEvent.setup().click(within(dialog).getByRole('button', { name: named(t('common.save')) }));
    await waitFor(() => expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ name: '1号院党支部', kind: 'party_org', unit_id: 'p1', red_property: false }));
  });

  it('is not opened from the address for a reader who cannot create organisations', async () => {
    signInAs(['auditor']);
    stubApi();
    renderWith(<OrganizationsPage />, '/admin/organizations?unit=p1&kind=party_org&new=1');
    expect(await screen.findByRole('heading', { name: t('nav.organizations') })).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
