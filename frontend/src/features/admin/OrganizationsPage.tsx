// The five parties and the co-builders: every organisation attached to a unit, filtered by
// kind, unit (with everything below it) and name. District admins and street committees
// manage them (the API bounds a street committee to its street). A new organisation starts
// from the filters' unit and kind, and `new=1` in the address opens its form at once (三类组织覆盖
// links here for each kind a compound lacks). The district admin also issues and revokes an
// integration organisation's API keys (Open311) from its row (ApiKeys.tsx).
import { App, Button, Flex, Form, Input, Select, Space, Switch, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

import type { Schemas } from '../../api/client';
import { fetchOrganization, type Organization, type OrganizationKind } from '../../api/organizations';
import { useAuth } from '../../auth/AuthProvider';
import { managesUnits, managesUsers, rolesOf } from '../../auth/roles';
import { ErrorAlert } from '../../components/errors';
import { Tag, ORGANIZATION_KINDS, useEnumOptions } from '../../components/labels';
import { UnitName, UnitPicker } from '../../components/UnitPicker';
import { useMediaQuery } from '../../components/useMediaQuery';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { ApiKeysDrawer, offersApiKeys } from './ApiKeys';
import { createOrganization, updateOrganization, useOrganizationList, useOrganizationSaved, useOrganizationsReload } from './api';
import { FormButtons, FormModal, useFormSubmit, useNameRules } from './forms';

type NewOrganizationRequest = Schemas['NewOrganizationRequest'];
type OrganizationPatch = Schemas['OrganizationPatch'];

/** Who may add and edit organisations: the roles with ManageOrganizations in SPEC §2. */
const managesOrganizations = managesUsers;

function isKind(value: string | null): value is OrganizationKind {
  return ORGANIZATION_KINDS.some((k) => k === value);
}

export function OrganizationsPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const canEdit = managesOrganizations(rolesOf(user));
  // API keys: the district admin's alone (the API: forbidden_api_keys for the rest).
  const districtAdmin = managesUnits(rolesOf(user));
  const [keysOf, setKeysOf] = useState<Organization | null>(null);
  const wide = useMediaQuery('(min-width: 576px)');
  const [params, setParams] = useSearchParams();
  const kindParam = params.get('kind');
  const kind = isKind(kindParam) ? kindParam : undefined;
  const unit = params.get('unit') ?? undefined;
  const q = params.get('q') ?? '';
  const [dialog, setDialog] = useState<Organization | 'new' | null>(canEdit && params.get('new') === '1' ? 'new' : null);
  const kindOptions = useEnumOptions('organizationKinds', ORGANIZATION_KINDS);

  const list = useOrganizationList({ kind, unit_id: unit, q: q || undefined });

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

  // Closed, the form is not opened again by the address (on the way back, or a reload).
  const closeNew = () => {
    setDialog(null);
    if (params.has('new')) setParam('new', undefined);
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('nav.organizations')}
        </Typography.Title>
        {canEdit && (
          <Button type="primary" onClick={() => setDialog('new')}>
            {t('admin.addOrganization')}
          </Button>
        )}
      </Flex>
      <Flex wrap gap={8} role="search">
        <Input.Search
          aria-label={t('admin.searchByName')}
          placeholder={t('admin.searchByName')}
          defaultValue={q}
          allowClear
          onSearch={(value) => setParam('q', value.trim() || undefined)}
          style={{ width: 240 }}
        />
        <Select
          aria-label={t('admin.kind')}
          placeholder={t('admin.kind')}
          allowClear
          value={kind}
          onChange={(value?: OrganizationKind) => setParam('kind', value)}
          options={kindOptions}
          style={{ width: 200 }}
        />
        <UnitPicker aria-label={t('admin.unit')} placeholder={t('admin.unit')} allowClear value={unit} onChange={(value) => setParam('unit', value)} />
      </Flex>
      <ErrorAlert error={list.error} />
      <ResponsiveTable<Organization>
        rowKey="id"
        dataSource={list.items}
        loading={list.isLoading}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={[
          { key: 'name', title: t('admin.name'), dataIndex: 'name' },
          { key: 'kind', title: t('admin.kind'), render: (_, o) => <Tag>{t(`organizationKinds.${o.kind}`)}</Tag> },
          { key: 'unit', title: t('admin.unit'), render: (_, o) => <UnitName id={o.unit_id} /> },
          {
            key: 'red',
            title: t('admin.redProperty'),
            render: (_, o) => (o.kind === 'property_service' ? o.red_property ? <Tag colour="red">{t('admin.redProperty')}</Tag> : t('common.no') : '—'),
          },
          ...(canEdit
            ? [
                {
                  key: 'actions',
                  title: t('common.actions'),
                  render: (_: unknown, o: Organization) => (
                    <Flex gap={8} wrap>
                      <Button size="small" onClick={() => setDialog(o)} aria-label={`${t('common.edit')} ${o.name}`}>
                        {t('common.edit')}
                      </Button>
                      {offersApiKeys(o, districtAdmin) && (
                        <Button size="small" onClick={() => setKeysOf(o)} aria-label={t('apiKeys.openFor', { name: o.name })}>
                          {t('apiKeys.open')}
                        </Button>
                      )}
                    </Flex>
                  ),
                },
              ]
            : []),
        ]}
      />
      {list.hasNextPage && (
        <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} block>
          {t('common.loadMore')}
        </Button>
      )}
      {keysOf && <ApiKeysDrawer organization={keysOf} onClose={() => setKeysOf(null)} size={wide ? 640 : '100%'} />}
      <FormModal open={dialog === 'new'} title={t('admin.addOrganization')} onClose={closeNew}>
        <NewOrganizationForm defaultUnit={unit} defaultKind={kind} onDone={closeNew} />
      </FormModal>
      <FormModal open={typeof dialog === 'object' && dialog !== null} title={t('admin.editOrganization')} onClose={() => setDialog(null)}>
        {typeof dialog === 'object' && dialog !== null && <EditOrganizationForm organization={dialog} onDone={() => setDialog(null)} />}
      </FormModal>
    </Space>
  );
}

type NewValues = Pick<NewOrganizationRequest, 'name' | 'kind' | 'unit_id' | 'red_property'>;

export function NewOrganizationForm({ defaultUnit, defaultKind, onDone }: { defaultUnit?: string; defaultKind?: OrganizationKind; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const organizationSaved = useOrganizationSaved();
  const [form] = Form.useForm<NewValues>();
  const nameRules = useNameRules();
  const kind = Form.useWatch('kind', form);
  const kindOptions = useEnumOptions('organizationKinds', ORGANIZATION_KINDS);
  const { submit, error, busy } = useFormSubmit(form, async (values: NewValues, headers) => {
    const body: NewOrganizationRequest = {
      name: values.name.trim(),
      kind: values.kind,
      unit_id: values.unit_id,
      red_property: values.kind === 'property_service' && !!values.red_property,
    };
    const created = await createOrganization(body, headers);
    await organizationSaved(created);
    message.success(t('admin.organizationCreated', { name: created.name }));
    onDone();
  });

  return (
    <Form form={form} layout="vertical" onFinish={submit} initialValues={{ name: '', kind: defaultKind, unit_id: defaultUnit, red_property: false }}>
      <Form.Item name="name" label={t('admin.name')} rules={nameRules}>
        <Input autoFocus maxLength={100} />
      </Form.Item>
      <Form.Item name="kind" label={t('admin.kind')} rules={[{ required: true, message: t('required.kind') }]}>
        <Select options={kindOptions} />
      </Form.Item>
      <Form.Item name="unit_id" label={t('admin.unit')} rules={[{ required: true, message: t('required.unit') }]}>
        <UnitPicker />
      </Form.Item>
      {kind === 'property_service' && (
        <Form.Item name="red_property" label={t('admin.redProperty')} valuePropName="checked" extra={t('admin.redPropertyHint')}>
          <Switch />
        </Form.Item>
      )}
      <ErrorAlert error={error} />
      <FormButtons busy={busy} onCancel={onDone} />
    </Form>
  );
}

type EditValues = { name: string; red_property?: boolean };

export function EditOrganizationForm({ organization, onDone }: { organization: Organization; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const organizationSaved = useOrganizationSaved();
  const reloadOrganizations = useOrganizationsReload();
  const [form] = Form.useForm<EditValues>();
  const nameRules = useNameRules();
  const [version, setVersion] = useState(organization.version);
  const { submit, error, busy } = useFormSubmit(
    form,
    async (values: EditValues) => {
      const body: OrganizationPatch = { version, name: values.name.trim() };
      if (organization.kind === 'property_service') body.red_property = !!values.red_property;
      await organizationSaved(await updateOrganization(organization.id, body));
      message.success(t('admin.saved'));
      onDone();
    },
    {
      // Someone saved first: read the record again, so a second save knowingly replaces it.
      onStale: () =>
        void fetchOrganization(organization.id).then(
          (fresh) => {
            setVersion(fresh.version);
            reloadOrganizations();
          },
          () => undefined,
        ),
    },
  );

  return (
    <Form form={form} layout="vertical" onFinish={submit} initialValues={{ name: organization.name, red_property: organization.red_property }}>
      <Typography.Paragraph type="secondary">
        {t(`organizationKinds.${organization.kind}`)} · <UnitName id={organization.unit_id} />
      </Typography.Paragraph>
      <Form.Item name="name" label={t('admin.name')} rules={nameRules}>
        <Input autoFocus maxLength={100} />
      </Form.Item>
      {organization.kind === 'property_service' && (
        <Form.Item name="red_property" label={t('admin.redProperty')} valuePropName="checked" extra={t('admin.redPropertyHint')}>
          <Switch />
        </Form.Item>
      )}
      <ErrorAlert error={error} />
      <FormButtons busy={busy} onCancel={onDone} />
    </Form>
  );
}
