// 我的资源: a co-builder's own organisation's resources, with what is allocated and left;
// publishing a new one, editing one, and withdrawing what is left of one (each only where the
// API offers it; withdrawing after saying what happens).
import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useOrganization } from '../../api/organizations';
import { lockedWhile } from '../../api/submission';
import { useAuth } from '../../auth/AuthProvider';
import { CursorListView } from '../../components/CursorListView';
import { useErrorText } from '../../components/errors';
import { ExportButton } from '../../components/ExportButton';
import { GuardedModal } from '../../components/useLeaveGuard';
import { useResourceList, useWithdrawResource, type Resource } from './api';
import { ResourceForm } from './ResourceForm';
import { ResourceCard } from './ResourceCard';
import { withdrawEffectText } from './withdraw';

interface Organisation {
  organizationId: string;
  unitId: string;
}

function OrganizationOption({ id }: { id: string }) {
  const organization = useOrganization(id);
  return <>{organization.data?.name ?? '…'}</>;
}

export function MyResourcesPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const organisations: Organisation[] = (user?.grants ?? []).flatMap((g) =>
    g.role === 'co_builder' && g.organization_id ? [{ organizationId: g.organization_id, unitId: g.unit_id }] : [],
  );
  const [chosen, setChosen] = useState<string | undefined>();
  const current = organisations.find((o) => o.organizationId === chosen) ?? organisations[0];

  return (
    <Flex vertical gap={12}>
      <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 0 }}>
        {t('myResources.menu')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t('myResources.intro')}
      </Typography.Paragraph>
      {organisations.length > 1 && current && (
        <Select
          aria-label={t('resource.organization')}
          value={current.organizationId}
          onChange={setChosen}
          options={organisations.map((o) => ({ value: o.organizationId, label: <OrganizationOption id={o.organizationId} /> }))}
          style={{ maxWidth: 360 }}
        />
      )}
      {current ? <OwnResources key={current.organizationId} organisation={current} /> : <Alert type="info" title={t('myResources.noOrganization')} />}
    </Flex>
  );
}

function OwnResources({ organisation }: { organisation: Organisation }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [publishing, setPublishing] = useState(false);
  const query = { organization_id: organisation.organizationId };
  const list = useResourceList(query);

  return (
    <>
      <Flex gap={8} wrap>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setPublishing(true)}>
          {t('resourcePublish.open')}
        </Button>
        <ExportButton list="resources" query={query} />
      </Flex>
      <GuardedModal open={publishing} title={t('resourcePublish.heading')} footer={null} onCancel={() => setPublishing(false)} destroyOnHidden>
        <ResourceForm
          organizationId={organisation.organizationId}
          unitId={organisation.unitId}
          onCancel={() => setPublishing(false)}
          onDone={(created) => {
            setPublishing(false);
            void message.success(t('resourcePublish.done', { title: created.title }));
          }}
        />
      </GuardedModal>
      <CursorListView
        list={list}
        label={t('myResources.menu')}
        retryText={t('myResources.retry')}
        renderItem={(r) => (
          <ResourceCard
            resource={r}
            showOrganization={false}
            extra={
              <Flex gap={8} wrap>
                <EditButton resource={r} organisation={organisation} />
                <WithdrawButton resource={r} />
              </Flex>
            }
          />
        )}
      />
    </>
  );
}

/** 修改: only when the API offers it, in the publish form with what cannot change locked. */
function EditButton({ resource, organisation }: { resource: Resource; organisation: Organisation }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  if (!resource.allowed_actions.includes('edit')) return null;
  return (
    <>
      <Button onClick={() => setOpen(true)} aria-label={t('resourceEdit.openFor', { title: resource.title })}>
        {t('resourceActions.edit')}
      </Button>
      <GuardedModal open={open} title={t('resourceEdit.heading')} footer={null} onCancel={() => setOpen(false)} destroyOnHidden>
        <ResourceForm
          organizationId={organisation.organizationId}
          unitId={organisation.unitId}
          editing={resource}
          onCancel={() => setOpen(false)}
          onDone={(saved) => {
            setOpen(false);
            void message.success(t('resourceEdit.done', { title: saved.title }));
          }}
        />
      </GuardedModal>
    </>
  );
}

/** 撤回: only when the API offers it, after saying what is taken back and what stays. */
function WithdrawButton({ resource }: { resource: Resource }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const errorText = useErrorText();
  const withdraw = useWithdrawResource();
  if (!resource.allowed_actions.includes('withdraw')) return null;
  const open = () =>
    modal.confirm({
      title: t('resourceWithdraw.confirmTitle', { title: resource.title }),
      content: withdrawEffectText(resource, t),
      okText: t('resourceActions.withdraw'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        const sent = withdraw.mutateAsync(resource);
        if (!sent) return;
        try {
          await sent;
          void message.success(t('resourceWithdraw.done', { title: resource.title }));
        } catch (e) {
          void message.error(errorText(e));
        }
      },
    });
  return (
    <Button danger onClick={open} {...lockedWhile(withdraw.isPending)}>
      {t('resourceActions.withdraw')}
    </Button>
  );
}
