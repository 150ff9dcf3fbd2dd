// Resources meeting a project (精准对接、双向认领): the matches the street committee may request,
// each with the reasons of its score as the API words them; the project's claims; and a
// co-builder's claim with one of its organisation's available resources.
import { App, Button, Card, Empty, Flex, Form, Input, InputNumber, Modal, Select, Skeleton, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { Schemas } from '../../api/client';
import { useAuth } from '../../auth/AuthProvider';
import { ErrorAlert } from '../../components/errors';
import { useAvailableResources, useCreateClaim, useMatches, useProjectClaims, type Project } from './api';
import { fenToYuan, formatQuantity, yuanToFen } from '../../components/money';
import { inMatchOrder, suggestedQuantity, useProjectErrorText } from './rules';
import { Tag } from '../../components/labels';

type Resource = Schemas['Resource'];

const CLAIM_COLOURS: Record<Schemas['ClaimState'], string> = {
  pending: 'gold',
  confirmed: 'green',
  declined: 'red',
  cancelled: '',
  released: 'purple',
  fulfilled: 'cyan',
};

export function ProjectMatches({ project }: { project: Project }) {
  const { t } = useTranslation();
  const matches = useMatches(project.id, true);
  const [asking, setAsking] = useState<Resource | null>(null);
  return (
    <Card title={<h3 className="card-heading">{t('projectMatches.heading')}</h3>}>
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{t('projectMatches.intro')}</Typography.Text>
        <ErrorAlert error={matches.error} />
        {matches.isLoading ? (
          <Skeleton active />
        ) : (matches.data ?? []).length === 0 ? (
          <Empty description={t('projectMatches.empty')} />
        ) : (
          <ul className="plain-list match-list">
            {(matches.data ?? []).map((m) => (
              <li key={m.resource.id} className="match">
                <Flex justify="space-between" gap={8} wrap align="flex-start">
                  <Flex vertical gap={4} style={{ minWidth: 0, flex: '1 1 220px' }}>
                    <Typography.Text strong style={{ wordBreak: 'break-word' }}>
                      {m.resource.title}
                    </Typography.Text>
                    <Space size={[4, 4]} wrap>
                      <Tag>{t(`projectResourceKinds.${m.resource.kind}`)}</Tag>
                      <Typography.Text type="secondary">
                        {t('projectMatches.remaining', { amount: formatQuantity(m.resource.remaining, m.resource.measure) })}
                      </Typography.Text>
                    </Space>
                    <Typography.Text className="match-summary">{m.summary}</Typography.Text>
                    <ul className="match-reasons">
                      {m.reasons.map((r) => (
                        <li key={r.factor}>{r.detail}</li>
                      ))}
                    </ul>
                  </Flex>
                  {m.resource.allowed_actions.includes('request') && (
                    <Button type="primary" onClick={() => setAsking(m.resource)} aria-label={`${t('projectMatches.request')} ${m.resource.title}`}>
                      {t('projectMatches.request')}
                    </Button>
                  )}
                </Flex>
              </li>
            ))}
          </ul>
        )}
      </Flex>
      {asking && (
        <ClaimModal
          project={project}
          side="project"
          title={t('projectMatches.requestTitle', { title: asking.title })}
          resources={[asking]}
          done={t('projectMatches.requested')}
          onClose={() => setAsking(null)}
        />
      )}
    </Card>
  );
}

/** A co-builder's 认领: its organisation (from its grant) offers one of its available resources. */
export function ClaimButton({ project }: { project: Project }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const [open, setOpen] = useState(false);
  const organization = user?.grants.find((g) => g.role === 'co_builder' && g.organization_id)?.organization_id ?? undefined;
  const resources = useAvailableResources(open ? organization : undefined);
  const matches = useMatches(project.id, open);
  return (
    <>
      <Button type="primary" onClick={() => setOpen(true)}>
        {t('projectClaims.claim')}
      </Button>
      {open &&
        (resources.isLoading || matches.isLoading ? (
          <Modal open title={t('projectClaims.claimTitle', { title: project.title })} footer={null} onCancel={() => setOpen(false)}>
            <Skeleton active />
          </Modal>
        ) : (
          <ClaimModal
            project={project}
            side="provider"
            title={t('projectClaims.claimTitle', { title: project.title })}
            resources={inMatchOrder((resources.data?.items ?? []).filter((r) => r.remaining > 0), matches.data ?? [])}
            loadError={resources.error}
            done={t('projectClaims.claimed')}
            onClose={() => setOpen(false)}
          />
        ))}
    </>
  );
}

interface ClaimValues {
  resource_id: string;
  quantity: string | number;
  note?: string;
}

/** Asks for a quantity of one of `resources` (money in yuan) and sends the claim. */
function ClaimModal({
  project,
  side,
  title,
  resources,
  loadError,
  done,
  onClose,
}: {
  project: Project;
  side: Schemas['ClaimSide'];
  title: string;
  resources: Resource[];
  loadError?: unknown;
  done: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const create = useCreateClaim(project.id);
  const errorText = useProjectErrorText(project);
  const [form] = Form.useForm<ClaimValues>();
  const first = resources[0];
  const initial = (r: Resource | undefined) =>
    r ? (r.measure === 'fen' ? String(fenToYuan(suggestedQuantity(r, project))) : suggestedQuantity(r, project)) : undefined;
  const chosenId = Form.useWatch('resource_id', form) ?? first?.id;
  const chosen = resources.find((r) => r.id === chosenId);
  const money = chosen?.measure === 'fen';

  const toQuantity = (v: string | number | undefined): number | null => {
    if (v === undefined || v === null || v === '') return null;
    return money ? yuanToFen(String(v)) : Number.isInteger(Number(v)) ? Number(v) : null;
  };

  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values || !chosen) return;
    const quantity = toQuantity(values.quantity);
    if (quantity === null) return;
    create.mutate(
      { project_id: project.id, resource_id: chosen.id, quantity, initiated_by: side, note: values.note?.trim() || null },
      {
        onSuccess: () => {
          void message.success(done);
          onClose();
        },
      },
    );
  };

  const max = chosen ? chosen.remaining : 0;
  return (
    <Modal
      open
      title={title}
      okText={side === 'project' ? t('projectMatches.request') : t('projectClaims.claim')}
      okButtonProps={{ loading: create.isPending, disabled: create.isPending || resources.length === 0 }}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <ErrorAlert error={loadError} />
      {resources.length === 0 && !loadError ? (
        <Typography.Paragraph>{t('projectClaims.noResources')}</Typography.Paragraph>
      ) : (
        <Form form={form} layout="vertical" name={`claim_${side}`} requiredMark initialValues={{ resource_id: first?.id, quantity: initial(first) }} onFinish={() => void submit()}>
          {side === 'provider' && (
            <Form.Item name="resource_id" label={t('projectClaims.resource')} rules={[{ required: true, message: t('projectClaims.resourceRequired') }]}>
              <Select
                options={resources.map((r) => ({
                  value: r.id,
                  label: `${r.title} · ${t(`projectResourceKinds.${r.kind}`)} · ${t('projectMatches.remaining', { amount: formatQuantity(r.remaining, r.measure) })}`,
                }))}
                onChange={(id: string) => form.setFieldValue('quantity', initial(resources.find((r) => r.id === id)))}
              />
            </Form.Item>
          )}
          <Form.Item
            name="quantity"
            label={money ? t('projectMatches.quantityYuan') : `${t('projectMatches.quantity')}（${chosen?.measure ?? ''}）`}
            extra={chosen ? t('projectMatches.remaining', { amount: formatQuantity(chosen.remaining, chosen.measure) }) : undefined}
            rules={[
              { required: true, message: t('projectMatches.quantityRequired') },
              {
                validator: (_, v) => {
                  const q = toQuantity(v);
                  if (v === undefined || v === null || v === '') return Promise.resolve();
                  return q !== null && q >= 1 && q <= max
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('projectMatches.quantityRange', { max: formatQuantity(max, chosen?.measure ?? '') })));
                },
              },
            ]}
          >
            {money ? (
              <InputNumber<string> stringMode min="0.01" precision={2} prefix="¥" style={{ width: '100%' }} />
            ) : (
              <InputNumber min={1} max={max} precision={0} style={{ width: '100%' }} />
            )}
          </Form.Item>
          <Form.Item name="note" label={t('projectMatches.note')}>
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={500} />
          </Form.Item>
        </Form>
      )}
      {create.error && <div className="alert alert-error" role="alert">{errorText(create.error)}</div>}
    </Modal>
  );
}

/** The project's claims: who started each, for how much, and where it stands. */
export function ProjectClaims({ project, always }: { project: Project; always: boolean }) {
  const { t } = useTranslation();
  const claims = useProjectClaims(project.id);
  const items = claims.data?.items ?? [];
  if (!always && items.length === 0) return null;
  return (
    <Card title={<h3 className="card-heading">{t('projectClaims.heading')}</h3>}>
      {claims.isLoading ? (
        <Skeleton active />
      ) : claims.error ? (
        <ErrorAlert error={claims.error} />
      ) : items.length === 0 ? (
        <Empty description={t('projectClaims.empty')} />
      ) : (
        <ul className="plain-list">
          {items.map((c) => (
            <li key={c.id} className="claim-row">
              <Space size={[6, 4]} wrap>
                <Typography.Text strong>{c.resource_title}</Typography.Text>
                <Tag>{t(`projectResourceKinds.${c.resource_kind}`)}</Tag>
                <Typography.Text>{formatQuantity(c.quantity, c.resource_measure)}</Typography.Text>
                <Tag colour={CLAIM_COLOURS[c.state]}>{t(`projectClaimStates.${c.state}`)}</Tag>
                <Typography.Text type="secondary">
                  {c.initiated_by === 'project' ? t('projectClaims.byProject') : t('projectClaims.byProvider')}
                </Typography.Text>
              </Space>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
