// 我的资源: a co-builder's own organisation's resources, with what is allocated and left;
// publishing a new one, and withdrawing what is left of one (only where the API offers it,
// after saying what happens).
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
import { PublishResourceForm } from './PublishResourceForm';
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
        <PublishResourceForm
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
        renderItem={(r) => <ResourceCard resource={r} showOrganization={false} extra={<WithdrawButton resource={r} />} />}
      />
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
    <div>
      <Button danger onClick={open} {...lockedWhile(withdraw.isPending)}>
        {t('resourceActions.withdraw')}
      </Button>
    </div>
  );
}
