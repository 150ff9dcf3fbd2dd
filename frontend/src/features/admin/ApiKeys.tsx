// API 密钥: the keys an integration organisation (12345 热线 and the like) files demands with
// through Open311. The district admin alone issues and revokes them, and only for an
// organisation of kind `integration` (the screen offers the drawer nowhere else). A key's
// secret is shown once, in a dialog that says so, with a copy button; the list shows each key's
// prefix, name, when it was issued, and 已吊销 once revoked. 吊销 asks first.
import { App, Alert, Button, Drawer, Flex, Form, Input, Modal, Popconfirm, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { Organization } from '../../api/organizations';
import { ErrorAlert, useErrorText } from '../../components/errors';
import { Tag } from '../../components/labels';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { issueApiKey, revokeApiKey, useApiKeys, useApiKeysChanged, type ApiKey, type IssuedApiKey } from './api';
import { FormButtons, FormModal, useFormSubmit, useNameRules } from './forms';
import { formatDateTime } from '../../components/dates';

/** Whether the API-keys drawer is offered for `organization`: the district admin's, integrations only. */
export const offersApiKeys = (organization: Pick<Organization, 'kind'>, districtAdmin: boolean) =>
  districtAdmin && organization.kind === 'integration';

export function ApiKeysDrawer({
  organization,
  onClose,
  size,
}: {
  organization: Organization;
  onClose: () => void;
  /** The drawer's width: the whole screen on a phone. */
  size?: number | string;
}) {
  const { t } = useTranslation();
  const keys = useApiKeys(organization.id);
  const [creating, setCreating] = useState(false);
  const [issued, setIssued] = useState<IssuedApiKey | null>(null);

  return (
    <Drawer open title={t('apiKeys.title', { name: organization.name })} onClose={onClose} size={size ?? 640} destroyOnHidden>
      <Flex vertical gap={12}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('apiKeys.intro')}
        </Typography.Paragraph>
        <div>
          <Button type="primary" onClick={() => setCreating(true)}>
            {t('apiKeys.create')}
          </Button>
        </div>
        <ErrorAlert error={keys.error} />
        <ResponsiveTable<ApiKey>
          rowKey="id"
          aria-label={t('apiKeys.list')}
          dataSource={keys.data ?? []}
          loading={keys.isLoading}
          pagination={false}
          size="small"
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('apiKeys.empty') }}
          columns={[
            { key: 'prefix', title: t('apiKeys.prefix'), render: (_, k) => <Typography.Text code>{k.prefix}…</Typography.Text> },
            { key: 'name', title: t('apiKeys.name'), dataIndex: 'name' },
            { key: 'created', title: t('apiKeys.createdAt'), render: (_, k) => <time dateTime={k.created_at}>{formatDateTime(k.created_at)}</time> },
            {
              key: 'state',
              title: t('apiKeys.state'),
              render: (_, k) =>
                k.revoked_at ? (
                  <Tag colour="red">
                    <span title={formatDateTime(k.revoked_at)}>{t('apiKeys.revoked')}</span>
                  </Tag>
                ) : (
                  <Tag colour="green">{t('apiKeys.active')}</Tag>
                ),
            },
            {
              key: 'actions',
              title: t('common.actions'),
              render: (_, k) => (k.revoked_at ? null : <RevokeButton organizationId={organization.id} apiKey={k} />),
            },
          ]}
        />
      </Flex>
      <FormModal open={creating} title={t('apiKeys.createTitle')} onClose={() => setCreating(false)}>
        <NewApiKeyForm
          organizationId={organization.id}
          onCancel={() => setCreating(false)}
          onIssued={(key) => {
            setCreating(false);
            setIssued(key);
          }}
        />
      </FormModal>
      {issued && <SecretModal issued={issued} onClose={() => setIssued(null)} />}
    </Drawer>
  );
}

export function NewApiKeyForm({
  organizationId,
  onCancel,
  onIssued,
}: {
  organizationId: string;
  onCancel: () => void;
  onIssued: (key: IssuedApiKey) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ name: string }>();
  const nameRules = useNameRules();
  const changed = useApiKeysChanged();
  const { submit, error, busy } = useFormSubmit(form, async (values: { name: string }, headers) => {
    const issued = await issueApiKey(organizationId, { name: values.name.trim() }, headers);
    void changed(organizationId);
    onIssued(issued);
  });
  return (
    <Form form={form} layout="vertical" onFinish={submit} initialValues={{ name: '' }}>
      <Form.Item name="name" label={t('apiKeys.name')} rules={nameRules}>
        <Input autoFocus maxLength={100} placeholder={t('apiKeys.namePlaceholder')} />
      </Form.Item>
      <ErrorAlert error={error} />
      <FormButtons busy={busy} onCancel={onCancel} submitLabel={t('apiKeys.issue')} />
    </Form>
  );
}

/** The secret, once: a warning that it will not be shown again, and a copy button. */
export function SecretModal({ issued, onClose }: { issued: IssuedApiKey; onClose: () => void }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<'copied' | 'failed' | null>(null);
  const secret = useRef<HTMLElement>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(issued.secret);
      setCopied('copied');
    } catch {
      // No clipboard (plain HTTP): select the secret to copy by hand.
      const selection = window.getSelection();
      if (secret.current && selection) selection.selectAllChildren(secret.current);
      setCopied('failed');
    }
  };
  return (
    <Modal
      open
      title={t('apiKeys.issuedTitle', { name: issued.name })}
      onCancel={onClose}
      mask={{ closable: false }}
      keyboard={false}
      footer={
        <Button type="primary" onClick={onClose}>
          {t('apiKeys.saved')}
        </Button>
      }
    >
      <Flex vertical gap={12}>
        <Alert type="warning" showIcon title={t('apiKeys.secretWarning')} />
        <div>
          <Typography.Text type="secondary">{t('apiKeys.secret')}</Typography.Text>
          <pre aria-label={t('apiKeys.secret')} className="api-key-secret" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', margin: '4px 0 0' }}>
            <code ref={secret}>{issued.secret}</code>
          </pre>
        </div>
        <Flex gap={8} align="center" wrap>
          <Button onClick={() => void copy()}>{t('apiKeys.copy')}</Button>
          <span role="status">{copied === 'copied' ? t('apiKeys.copied') : copied === 'failed' ? t('apiKeys.copyFailed') : ''}</span>
        </Flex>
      </Flex>
    </Modal>
  );
}

function RevokeButton({ organizationId, apiKey }: { organizationId: string; apiKey: ApiKey }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const changed = useApiKeysChanged();
  const [busy, setBusy] = useState(false);
  const revoke = async () => {
    setBusy(true);
    try {
      await revokeApiKey(organizationId, apiKey.id);
      void message.success(t('apiKeys.revokedDone', { name: apiKey.name }));
    } catch (e) {
      void message.error(errorText(e));
    } finally {
      setBusy(false);
      void changed(organizationId);
    }
  };
  return (
    <Popconfirm
      title={t('apiKeys.revokeConfirm', { name: apiKey.name })}
      description={t('apiKeys.revokeConfirmHint')}
      okText={t('apiKeys.revoke')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: true }}
      onConfirm={revoke}
    >
      <Button size="small" danger loading={busy} aria-label={t('apiKeys.revokeFor', { name: apiKey.name })}>
        {t('apiKeys.revoke')}
      </Button>
    </Popconfirm>
  );
}
