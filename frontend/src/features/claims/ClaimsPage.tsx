// 认领与申请: the claims between co-builders' resources and street projects. 待我处理 are the
// pending ones this reader's side must answer (`awaiting_me`); 全部 is everything it may see.
// Each says who started it, for which project and resource, how much, and what answering
// would do to the resource's remaining and the project's funding gap, before it is done.
// Buttons come from `allowed_actions` only; a refusal is said in the reader's language and
// the list is read again.
import { Alert, App, Button, Flex, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';

import { useAuth } from '../../auth/AuthProvider';
import { CursorListView } from '../../components/CursorListView';
import { formatDate } from '../../components/dates';
import { useErrorText } from '../../components/errors';
import { ExportButton } from '../../components/ExportButton';
import { Tag } from '../../components/labels';
import { formatQuantity } from '../../components/money';
import { useClaimList, useTransitionClaim, type Claim, type ClaimAction } from './api';
import { CLAIM_ACTIONS, claimButtons, claimEffectText, withheldText } from './effect';

const STATE_COLOURS: Record<Claim['state'], string> = {
  pending: 'gold',
  confirmed: 'blue',
  declined: 'red',
  cancelled: '',
  released: 'purple',
  fulfilled: 'green',
};

type View = 'awaiting' | 'all';

export function ClaimsPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const view: View = params.get('tab') === 'all' ? 'all' : 'awaiting';
  const ownOrganizations = new Set((user?.grants ?? []).flatMap((g) => (g.role === 'co_builder' && g.organization_id ? [g.organization_id] : [])));
  const query = view === 'awaiting' ? { awaiting_me: true } : {};
  const list = useClaimList(query);

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('claimsInbox.menu')}
        </Typography.Title>
        <ExportButton list="claims" query={query} />
      </Flex>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t('claimsInbox.intro')}
      </Typography.Paragraph>
      <Tabs
        aria-label={t('claimsInbox.views')}
        activeKey={view}
        onChange={(key) => setParams(key === 'all' ? { tab: key } : {}, { replace: true })}
        items={[
          { key: 'awaiting', label: t('claimsInbox.awaiting') },
          { key: 'all', label: t('claimsInbox.all') },
        ]}
        style={{ marginBottom: -12 }}
      />
      {view === 'awaiting' && !list.isLoading && !list.error && list.items.length === 0 ? (
        <p className="list-empty">{t('claimsInbox.emptyAwaiting')}</p>
      ) : (
        <CursorListView
          list={list}
          label={t('claimsInbox.label')}
          retryText={t('claimsInbox.retry')}
          renderItem={(claim) => <ClaimCard claim={claim} ours={ownOrganizations.has(claim.organization_id)} />}
        />
      )}
    </Flex>
  );
}

/** Who started it, from the reader's side: 我方认领 for a co-builder's own claim. */
function SideTag({ claim, ours }: { claim: Claim; ours: boolean }) {
  const { t } = useTranslation();
  const label = ours && claim.initiated_by === 'provider' ? t('claimsInbox.ourClaim') : t(`claimSides.${claim.initiated_by}`);
  return <Tag colour={claim.initiated_by === 'provider' ? 'cyan' : 'geekblue'}>{label}</Tag>;
}

export function ClaimCard({ claim, ours }: { claim: Claim; ours: boolean }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const errorText = useErrorText();
  const transition = useTransitionClaim();
  const [refusal, setRefusal] = useState<string | null>(null);
  const buttons = claimButtons(claim);
  const quantity = formatQuantity(claim.quantity, claim.resource_measure);

  // Steps this side could take but for a rule (a confirmation over the project's gap), each
  // said where its button would be.
  const withheld = claim.withheld_actions.filter((w) => CLAIM_ACTIONS.some((a) => a === w.action));

  const act = (action: ClaimAction) => {
    const actionLabel = t(`claimActions.${action}`);
    modal.confirm({
      title: t('claimsInbox.dialogTitle', { action: actionLabel, resource: claim.resource_title, project: claim.project_title }),
      content: claimEffectText(claim, action, t),
      okText: actionLabel,
      okButtonProps: { danger: action === 'decline' || action === 'release' || action === 'cancel' },
      cancelText: t('common.cancel'),
      onOk: async () => {
        const sent = transition.mutateAsync({ claim, action });
        if (!sent) return;
        setRefusal(null);
        try {
          await sent;
          void message.success(t('claimsInbox.done', { action: actionLabel, resource: claim.resource_title }));
        } catch (e) {
          const text = t('claimsInbox.refused', { action: actionLabel, reason: errorText(e) });
          setRefusal(text);
          void message.error(text);
        }
      },
    });
  };

  return (
    <article className="demand-card" aria-label={`${claim.resource_title} → ${claim.project_title}`}>
      <h2>
        <Link to={`/projects/${claim.project_id}`}>{claim.project_title}</Link>
      </h2>
      <div className="tags">
        <SideTag claim={claim} ours={ours} />
        <Tag colour={STATE_COLOURS[claim.state]}>{t(`claimStates.${claim.state}`)}</Tag>
        <Tag>{t(`resourceKinds.${claim.resource_kind}`)}</Tag>
      </div>
      <p className="resource-figures">
        <span>{t('common.labelled', { label: t('claim.resource'), value: claim.resource_title })}</span>
        <span className="resource-figure">{t('common.labelled', { label: t('claim.quantity'), value: quantity })}</span>
      </p>
      {claim.note && <p>{t('common.labelled', { label: t('claim.note'), value: claim.note })}</p>}
      <p className="meta">
        {!ours && (
          <span>
            {t('common.labelled', { label: t('resource.organization'), value: claim.organization_name })}
            {' · '}
          </span>
        )}
        {t('common.labelled', { label: t('claim.createdAt'), value: '' })}
        <time dateTime={claim.created_at}>{formatDate(claim.created_at)}</time>
      </p>
      {buttons.includes('confirm') && <p className="claim-effect">{claimEffectText(claim, 'confirm', t)}</p>}
      {refusal && <Alert type="error" showIcon role="alert" title={refusal} />}
      {withheld.map((w) => (
        <Alert key={w.action} type="warning" showIcon role="note" title={withheldText(claim, w, t)} />
      ))}
      {buttons.length > 0 && (
        <Flex gap={8} wrap>
          {buttons.map((action) => (
            <Button
              key={action}
              type={action === 'confirm' ? 'primary' : 'default'}
              danger={action === 'decline'}
              loading={transition.isPending && transition.variables?.action === action}
              disabled={transition.isPending}
              onClick={() => act(action)}
            >
              {t(`claimActions.${action}`)}
            </Button>
          ))}
        </Flex>
      )}
    </article>
  );
}
