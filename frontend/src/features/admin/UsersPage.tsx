// Accounts and their role grants. District admins and street committees manage them (the
// API bounds each to its scope); auditors read them. Which roles a manager may give, and
// whether it may set passwords or keep accounts without a role, come from
// `/me/permissions`: the screens offer that and decide nothing themselves.
import { App, Button, Checkbox, Descriptions, Drawer, Flex, Form, Input, Popconfirm, Select, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

import { ApiError, type Schemas } from '../../api/client';
import type { OrganizationKind } from '../../api/organizations';
import type { UnitKind } from '../../api/orgUnits';
import { lockedWhile } from '../../api/submission';
import { useAuth } from '../../auth/AuthProvider';
import { managesUsers, rolesOf, type Role } from '../../auth/roles';
import { usePermissions } from '../../auth/usePermissions';
import { compactPhone, useDisplayNameRules, usePasswordRules, usePhoneRule, useUsernameRules } from '../../components/accountRules';
import { ErrorAlert } from '../../components/errors';
import { Tag, ROLES, useEnumOptions } from '../../components/labels';
import { OrganizationName, OrganizationPicker } from '../../components/OrganizationPicker';
import { PasswordChecklist } from '../../components/PasswordChecklist';
import { UnitName, UnitPicker } from '../../components/UnitPicker';
import { useMediaQuery } from '../../components/useMediaQuery';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { addGrant, createUser, revokeGrant, updateUser, useUser, useUserCreated, useUserReload, useUsers, useUserSaved } from './api';
import { FormButtons, FormModal, useFormSubmit } from './forms';

type User = Schemas['User'];
type Grant = Schemas['UserGrant'];
type NewUserRequest = Schemas['NewUserRequest'];
type UserPatch = Schemas['UserPatch'];
type NewGrantRequest = Schemas['NewGrantRequest'];

/**
 * What each role's scope is (SPEC §2): a unit of given kinds (none listed: any unit), or an
 * organisation of given kinds. The API checks it again; this only picks the scope control.
 * Who may give which role is not here: `/me/permissions` says.
 */
export const GRANT_SCOPES: Record<Role, { unit: readonly UnitKind[] } | { organization: readonly OrganizationKind[] }> = {
  resident: { unit: ['community'] },
  community_worker: { unit: ['community'] },
  street_committee: { unit: ['street'] },
  district_admin: { unit: ['district'] },
  auditor: { unit: [] },
  co_builder: { organization: ['government_dept', 'stationed_unit', 'social_org', 'merchant'] },
  supervisor: { organization: ['resident_autonomy'] },
  property_manager: { organization: ['property_service'] },
  volunteer_leader: { organization: ['volunteer_org'] },
  volunteer: { organization: ['volunteer_org'] },
};

function isRole(value: string | null): value is Role {
  return ROLES.some((r) => r === value);
}

export function UsersPage() {
  const { t } = useTranslation();
  const { user: me } = useAuth();
  const canEdit = managesUsers(rolesOf(me));
  const [params, setParams] = useSearchParams();
  const roleParam = params.get('role');
  const role = isRole(roleParam) ? roleParam : undefined;
  const unit = params.get('unit') ?? undefined;
  const q = params.get('q') ?? '';
  const open = params.get('user');
  const [creating, setCreating] = useState(false);
  // antd's sm breakpoint, read while rendering: the drawer opens at its size at once.
  const wide = useMediaQuery('(min-width: 576px)');
  const roleOptions = useEnumOptions('roles', ROLES);

  const list = useUsers({ role, unit_id: unit, q: q || undefined });

  const setParam = (name: string, value: string | undefined) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('nav.users')}
        </Typography.Title>
        {canEdit && (
          <Button type="primary" onClick={() => setCreating(true)}>
            {t('admin.addUser')}
          </Button>
        )}
      </Flex>
      <Flex wrap gap={8} role="search">
        <Input.Search
          aria-label={t('admin.searchUsers')}
          placeholder={t('admin.searchUsers')}
          defaultValue={q}
          allowClear
          onSearch={(value) => setParam('q', value.trim() || undefined)}
          style={{ width: 240 }}
        />
        <Select
          aria-label={t('admin.role')}
          placeholder={t('admin.role')}
          allowClear
          value={role}
          onChange={(value?: Role) => setParam('role', value)}
          options={roleOptions}
          style={{ width: 180 }}
        />
        <UnitPicker aria-label={t('admin.unit')} placeholder={t('admin.unit')} allowClear value={unit} onChange={(value) => setParam('unit', value)} />
      </Flex>
      <ErrorAlert error={list.error} />
      <ResponsiveTable<User>
        rowKey="id"
        dataSource={list.items}
        loading={list.isLoading}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={[
          {
            key: 'username',
            title: t('auth.username'),
            render: (_, u) => (
              <Space size={4}>
                <Button type="link" size="small" style={{ paddingInline: 0 }} onClick={() => setParam('user', u.id)}>
                  {u.username}
                </Button>
                {u.disabled && <DisabledTag />}
              </Space>
            ),
          },
          { key: 'display_name', title: t('auth.displayName'), dataIndex: 'display_name' },
          { key: 'phone', title: t('auth.phone'), render: (_, u) => u.phone || '—' },
          { key: 'party', title: t('admin.partyMember'), render: (_, u) => (u.party_member ? <Tag colour="red">{t('admin.partyMember')}</Tag> : t('common.no')) },
          {
            key: 'grants',
            title: t('admin.grants'),
            render: (_, u) =>
              u.grants.length ? (
                <Flex wrap gap={4}>
                  {u.grants.map((g) => (
                    <Tag key={g.id}>{t(`roles.${g.role}`)}</Tag>
                  ))}
                </Flex>
              ) : (
                <Typography.Text type="secondary">{t('admin.noGrantsShort')}</Typography.Text>
              ),
          },
          {
            key: 'actions',
            title: t('common.actions'),
            render: (_, u) => (
              <Button size="small" onClick={() => setParam('user', u.id)} aria-label={`${t('common.details')} ${u.username}`}>
                {t('common.details')}
              </Button>
            ),
          },
        ]}
      />
      {list.hasNextPage && (
        <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} block>
          {t('common.loadMore')}
        </Button>
      )}
      <FormModal open={creating} title={t('admin.addUser')} onClose={() => setCreating(false)}>
        <NewUserForm
          onDone={(created) => {
            setCreating(false);
            if (created) setParam('user', created.id);
          }}
        />
      </FormModal>
      <Drawer open={!!open} onClose={() => setParam('user', undefined)} title={t('admin.userDetails')} size={wide ? 560 : '100%'} destroyOnHidden>
        {open && <UserDetails id={open} canEdit={canEdit} />}
      </Drawer>
    </Space>
  );
}

// The first role's fields sit beside the account's: the API names their errors `unit_id`
// and `organization_id` as for a grant, and `grant` when the role is missing (so `role`
// is in the initial values: a refusal goes only to a field the form has).
type NewUserValues = Pick<NewUserRequest, 'username' | 'password' | 'display_name' | 'phone' | 'party_member'> & GrantValues;

/** An account with its first role (the district alone may leave the role out). Drawn once
 * `/me/permissions` has answered: the roles offered, whether the role may be left out and
 * whether the password is temporary all come from it, and a form that grew under the
 * pointer as they arrived would take a tap meant for one field as one for another. */
export function NewUserForm({ onDone }: { onDone: (created?: User) => void }) {
  const permissions = usePermissions();
  if (!permissions.data) {
    return (
      <>
        <ErrorAlert error={permissions.error} />
        {!permissions.error && <Spin />}
      </>
    );
  }
  return <NewUserFields onDone={onDone} permissions={permissions.data} />;
}

function NewUserFields({ onDone, permissions }: { onDone: (created?: User) => void; permissions: Schemas['Permissions'] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  // SPEC §2: the password a street committee sets is temporary; `/me/permissions` says
  // whether this user's are, and the answer to the creation says which it was.
  const userCreated = useUserCreated();
  const temporary = permissions.sets_temporary_passwords;
  const [form] = Form.useForm<NewUserValues>();
  const usernameRules = useUsernameRules();
  const passwordRules = usePasswordRules((f) => f.getFieldValue('username') ?? '');
  const displayNameRules = useDisplayNameRules();
  const phoneRule = usePhoneRule();
  const [username, password] = [Form.useWatch('username', form), Form.useWatch('password', form)];
  const { submit, error, busy } = useFormSubmit(
    form,
    async (values: NewUserValues, headers) => {
      const body: NewUserRequest = {
        username: values.username.trim(),
        password: values.password,
        display_name: values.display_name.trim(),
        phone: compactPhone(values.phone ?? '') || undefined,
        party_member: !!values.party_member,
      };
      if (values.role) body.grant = grantRequest(values.role, values);
      const created = await createUser(body, headers);
      await userCreated(created);
      message.success(
        created.password_change_required
          ? t('admin.userCreatedTemporary', { name: created.display_name })
          : t('admin.userCreated', { name: created.display_name }),
      );
      onDone(created);
    },
    { names: { grant: 'role' } },
  );

  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={submit}
      initialValues={{ username: '', password: '', display_name: '', phone: '', party_member: false, role: undefined }}
      autoComplete="off"
    >
      <Form.Item name="username" label={t('auth.username')} rules={usernameRules}>
        <Input autoFocus autoComplete="off" maxLength={32} />
      </Form.Item>
      <Form.Item
        name="password"
        label={t('auth.password')}
        extra={
          <>
            {temporary && <div>{t('admin.temporaryPasswordHint')}</div>}
            <PasswordChecklist password={password} name={username} />
          </>
        }
        dependencies={['username']}
        rules={passwordRules}
      >
        <Input.Password autoComplete="new-password" maxLength={128} />
      </Form.Item>
      <Form.Item name="display_name" label={t('auth.displayName')} rules={displayNameRules}>
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item name="phone" label={t('auth.phone')} rules={[phoneRule]}>
        <Input inputMode="tel" autoComplete="off" />
      </Form.Item>
      <Form.Item name="party_member" valuePropName="checked">
        <Checkbox>{t('admin.partyMember')}</Checkbox>
      </Form.Item>
      <GrantFields optional={permissions.manage_ungranted_users} />
      <ErrorAlert error={error} />
      <FormButtons busy={busy} onCancel={() => onDone()} />
    </Form>
  );
}

function UserDetails({ id, canEdit }: { id: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const { user: me } = useAuth();
  const user = useUser(id);
  const [editing, setEditing] = useState(false);

  if (user.error) return <ErrorAlert error={user.error} />;
  if (!user.data) return <Spin aria-label={t('common.loading')} />;
  const u = user.data;
  // What may be done to this account is the API's word (`allowed_actions`): nobody grants,
  // revokes, disables or resets its own, nor a peer's or a superior's.
  const may = (action: Schemas['UserAllowedAction']) => u.allowed_actions.includes(action);
  const own = u.id === me?.id;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Descriptions
        column={1}
        size="small"
        items={[
          { key: 'username', label: t('auth.username'), children: u.username },
          { key: 'display_name', label: t('auth.displayName'), children: u.display_name },
          { key: 'phone', label: t('auth.phone'), children: u.phone || '—' },
          { key: 'party', label: t('admin.partyMember'), children: u.party_member ? t('common.yes') : t('common.no') },
          { key: 'status', label: t('admin.accountStatus'), children: u.disabled ? <DisabledTag /> : t('admin.accountActive') },
        ]}
      />
      {may('edit') && <UserActions user={u} toggles={may('disable') || may('enable')} onEdit={() => setEditing(true)} />}
      <GrantList user={u} canEdit={may('grant')} />
      {canEdit && own && <Typography.Text type="secondary">{t('admin.ownGrants')}</Typography.Text>}
      {may('grant') && (
        <>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('admin.newGrant')}
          </Typography.Title>
          <GrantForm user={u} />
        </>
      )}
      <FormModal open={editing} title={t('admin.editUser')} onClose={() => setEditing(false)}>
        <EditUserForm user={u} onDone={() => setEditing(false)} />
      </FormModal>
    </Space>
  );
}

function DisabledTag() {
  const { t } = useTranslation();
  return <Tag>{t('admin.accountDisabled')}</Tag>;
}

/** Edit, and (`toggles`) disable or enable the account: a disabled one cannot sign in; its logins end. */
function UserActions({ user, toggles, onEdit }: { user: User; toggles: boolean; onEdit: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const saved = useUserSaved();
  const { reload } = useUserReload();
  const [error, setError] = useState<unknown>(null);
  const disable = !user.disabled;

  const toggle = async () => {
    setError(null);
    try {
      const body: UserPatch = { version: user.version, disabled: disable };
      const updated = await updateUser(user.id, body);
      await saved(updated);
      message.success(t(updated.disabled ? 'admin.userDisabled' : 'admin.userEnabled', { name: updated.display_name }));
    } catch (e) {
      setError(e);
      if (e instanceof ApiError && e.code === 'stale_version') reload(user.id);
    }
  };

  const action = t(disable ? 'admin.disableUser' : 'admin.enableUser');
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Flex wrap gap={8}>
        <Button onClick={onEdit}>{t('admin.editUser')}</Button>
        {toggles && (
          <Popconfirm
            title={t(disable ? 'admin.disableConfirm' : 'admin.enableConfirm', { name: user.display_name })}
            description={t(disable ? 'admin.disableConfirmHint' : 'admin.enableConfirmHint')}
            okText={t(disable ? 'admin.disable' : 'admin.enable')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: disable }}
            onConfirm={toggle}
          >
            <Button danger={disable}>{action}</Button>
          </Popconfirm>
        )}
      </Flex>
      <ErrorAlert error={error} />
    </Space>
  );
}

function GrantScope({ grant }: { grant: Grant }) {
  if (grant.organization_id) {
    return (
      <>
        <OrganizationName id={grant.organization_id} />
        <Typography.Text type="secondary">
          {' · '}
          <UnitName id={grant.unit_id} />
        </Typography.Text>
      </>
    );
  }
  return <UnitName id={grant.unit_id} />;
}

function GrantList({ user, canEdit }: { user: User; canEdit: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const saved = useUserSaved();
  const permissions = usePermissions();
  // `canEdit`: the account's roles are the reader's to give and take (`grant`); of those,
  // it takes exactly the ones it may give.
  const takes = (role: Role) => !!permissions.data?.grantable_roles.includes(role);
  const [error, setError] = useState<unknown>(null);

  const revoke = async (grant: Grant) => {
    setError(null);
    try {
      const updated = await revokeGrant(user.id, grant.id);
      await saved(updated);
      message.success(t('admin.grantRevoked'));
    } catch (e) {
      setError(e);
    }
  };

  return (
    <div>
      <Typography.Title level={5}>{t('admin.grants')}</Typography.Title>
      <ErrorAlert error={error} />
      <ResponsiveTable<Grant>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={user.grants}
        locale={{ emptyText: t('admin.noGrants') }}
        columns={[
          { key: 'role', title: t('admin.role'), render: (_, g) => <Tag>{t(`roles.${g.role}`)}</Tag> },
          { key: 'scope', title: t('admin.scope'), render: (_, g) => <GrantScope grant={g} /> },
          ...(canEdit
            ? [
                {
                  key: 'revoke',
                  title: t('common.actions'),
                  render: (_: unknown, g: Grant) =>
                    takes(g.role) && (
                      <Popconfirm
                        title={t('admin.revokeConfirm', { role: t(`roles.${g.role}`) })}
                        okText={t('admin.revoke')}
                        cancelText={t('common.cancel')}
                        okButtonProps={{ danger: true }}
                        onConfirm={() => revoke(g)}
                      >
                        <Button size="small" danger aria-label={`${t('admin.revoke')} ${t(`roles.${g.role}`)}`}>
                          {t('admin.revoke')}
                        </Button>
                      </Popconfirm>
                    ),
                },
              ]
            : []),
        ]}
      />
    </div>
  );
}

type GrantValues = { role?: Role; unit_id?: string; organization_id?: string };

/** The grant to send: the role with its unit, or with its organisation, as the role's scope is. */
function grantRequest(role: Role, { unit_id, organization_id }: GrantValues): NewGrantRequest {
  return 'organization' in GRANT_SCOPES[role] ? { role, organization_id } : { role, unit_id };
}

/**
 * A grant's fields inside a form (fields `role`, `unit_id`, `organization_id`): the roles the
 * reader may give, then the scope control that follows from the role, a unit picker or an
 * organisation picker. `optional`: the role may be left out (an account's first role, for
 * those who may keep accounts without one).
 */
function GrantFields({ optional = false }: { optional?: boolean }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance<GrantValues>();
  const role = Form.useWatch('role', form);
  const permissions = usePermissions();
  const roleOptions = useEnumOptions('roles', permissions.data?.grantable_roles ?? []);
  const scope = role ? GRANT_SCOPES[role] : undefined;
  // A new role has a new scope: the old one may not fit it.
  const clearScope = () => form.setFieldsValue({ unit_id: undefined, organization_id: undefined });

  const unitHint = (kinds: readonly UnitKind[]) =>
    kinds.length ? t('admin.scopeUnitKinds', { kinds: kinds.map((k) => t(`unitKinds.${k}`)).join(' / ') }) : t('admin.scopeAnyUnit');
  const organizationHint = (kinds: readonly OrganizationKind[]) =>
    t('admin.scopeOrganizationKinds', { kinds: kinds.map((k) => t(`organizationKinds.${k}`)).join(' / ') });

  return (
    <>
      <ErrorAlert error={permissions.error} />
      <Form.Item
        name="role"
        label={t('admin.role')}
        extra={optional ? t('admin.roleOptionalHint') : undefined}
        rules={[{ required: !optional, message: t('required.role') }]}
      >
        <Select
          options={roleOptions}
          loading={permissions.isLoading}
          allowClear={optional}
          onChange={clearScope}
          // What each role may do, beside its name: the picked role shows its name alone.
          optionRender={(option) => (
            <span style={{ whiteSpace: 'normal' }}>
              {option.label}
              <Typography.Text type="secondary"> — {t(`roleHints.${option.value}`)}</Typography.Text>
            </span>
          )}
        />
      </Form.Item>
      {scope && 'unit' in scope && (
        <Form.Item name="unit_id" label={t('admin.unit')} extra={unitHint(scope.unit)} rules={[{ required: true, message: t('errors.grant_scope_missing') }]}>
          <UnitPicker key={role} kinds={scope.unit} within={permissions.data?.grant_units ?? []} />
        </Form.Item>
      )}
      {scope && 'organization' in scope && (
        <Form.Item
          name="organization_id"
          label={t('admin.organization')}
          extra={organizationHint(scope.organization)}
          rules={[{ required: true, message: t('errors.grant_scope_missing') }]}
        >
          <OrganizationPicker key={role} kinds={scope.organization} />
        </Form.Item>
      )}
    </>
  );
}

/** A further role for an existing account. */
export function GrantForm({ user }: { user: User }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const saved = useUserSaved();
  const [form] = Form.useForm<GrantValues>();
  const { submit, error, busy } = useFormSubmit(form, async (values: GrantValues, headers) => {
    if (!values.role) return;
    const body = grantRequest(values.role, values);
    const updated = await addGrant(user.id, body, headers);
    await saved(updated);
    message.success(t('admin.grantAdded'));
    form.resetFields();
  });

  return (
    <Form form={form} layout="vertical" onFinish={submit}>
      <GrantFields />
      <ErrorAlert error={error} />
      <Flex justify="end">
        <Button type="primary" htmlType="submit" {...lockedWhile(busy)}>
          {t('admin.addGrant')}
        </Button>
      </Flex>
    </Form>
  );
}

type EditUserValues = { display_name: string; phone?: string | null; party_member: boolean; password?: string };

/** An account's fields; where `allowed_actions` says so (a district admin, another person's
 * account), also a new password (a temporary one). */
export function EditUserForm({ user, onDone }: { user: User; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const saved = useUserSaved();
  const { reload, version: versionOf } = useUserReload();
  const [form] = Form.useForm<EditUserValues>();
  const phoneRule = usePhoneRule();
  const displayNameRules = useDisplayNameRules();
  const passwordRules = usePasswordRules(() => user.username, { optional: true });
  const password = Form.useWatch('password', form);
  const { submit, error, busy } = useFormSubmit(
    form,
    async (values: EditUserValues) => {
      // The version read last: after a 409 the record is reloaded and a second save may go.
      const body: UserPatch = {
        version: versionOf(user),
        display_name: values.display_name.trim(),
        phone: compactPhone(values.phone ?? '') || null,
        party_member: !!values.party_member,
      };
      if (values.password) body.password = values.password;
      const updated = await updateUser(user.id, body);
      await saved(updated);
      message.success(t('admin.saved'));
      onDone();
    },
    { onStale: () => reload(user.id) },
  );

  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={submit}
      autoComplete="off"
      initialValues={{ display_name: user.display_name, phone: user.phone ?? '', party_member: user.party_member, password: '' }}
    >
      <Typography.Paragraph type="secondary">
        {t('common.labelled', { label: t('auth.username'), value: user.username })}
      </Typography.Paragraph>
      <Form.Item name="display_name" label={t('auth.displayName')} rules={displayNameRules}>
        <Input autoFocus maxLength={50} />
      </Form.Item>
      <Form.Item name="phone" label={t('auth.phone')} rules={[phoneRule]}>
        <Input inputMode="tel" autoComplete="off" />
      </Form.Item>
      <Form.Item name="party_member" valuePropName="checked">
        <Checkbox>{t('admin.partyMember')}</Checkbox>
      </Form.Item>
      {user.allowed_actions.includes('reset_password') && (
        <Form.Item
          name="password"
          label={t('admin.newPassword')}
          extra={
            <>
              <div>{t('admin.newPasswordHint')}</div>
              <PasswordChecklist password={password} name={user.username} />
            </>
          }
          rules={passwordRules}
        >
          <Input.Password autoComplete="new-password" maxLength={128} />
        </Form.Item>
      )}
      <ErrorAlert error={error} />
      <FormButtons busy={busy} onCancel={onDone} />
    </Form>
  );
}
