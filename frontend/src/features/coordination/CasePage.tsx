// One coordination case (三方联动): the three parties as a checklist (who speaks for each,
// who has confirmed), its compound, due date and the street's resolution, the thread (each
// message under its author's name and the organisation it spoke for, the newest at the
// bottom next to the compose box), the timeline, and exactly the steps the API offers this
// reader (`allowed_actions`), each sent with the version read: 确认（以X身份） (a reader
// speaking for several parties chooses which), 上报街道 (a reason may be given), 街道办结
// (with a note). Refusals are said in the reader's language.
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Empty, Flex, Form, Input, Radio, Result, Skeleton, Space, Timeline, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';

import { ApiError } from '../../api/client';
import { lockedWhile } from '../../api/submission';
import { ErrorAlert, useApplyFieldErrors, useErrorText } from '../../components/errors';
import { OverdueTag } from '../../components/labels';
import {
  useCase,
  useCaseEvents,
  useCaseMessages,
  useCaseStep,
  usePostCaseMessage,
  type CaseAction,
  type CaseMessage,
  type CaseStepFields,
  type CaseTimelineEntry,
  type CoordinationCase,
  type Party,
} from './api';
import { CaseStateTag, PARTIES, PartyChecklist } from './parts';
import { formatDateTime } from '../../components/dates';
import { GuardedModal } from '../../components/useLeaveGuard';


/** The steps in the order their buttons stand. */
const STEPS: readonly CaseAction[] = ['confirm', 'escalate', 'resolve'];

function BackButton() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Button
      type="link"
      icon={<ArrowLeftOutlined />}
      onClick={() => (window.history.length > 1 ? navigate(-1) : navigate('/cases'))}
      style={{ paddingInline: 0, alignSelf: 'flex-start' }}
    >
      {t('common.back')}
    </Button>
  );
}

export function CasePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const query = useCase(id);
  const [step, setStep] = useState<CaseAction | null>(null);

  if (!query.data) {
    if (query.isLoading) {
      return (
        <Card>
          <Skeleton active aria-busy="true" aria-label={t('common.loading')} />
        </Card>
      );
    }
    return (
      <Flex vertical gap={12}>
        <BackButton />
        {query.error instanceof ApiError && query.error.status === 404 ? (
          <Result status="404" title="404" subTitle={t('errors.not_found')} />
        ) : (
          <ErrorAlert error={query.error} />
        )}
      </Flex>
    );
  }

  const c = query.data;
  const steps = STEPS.filter((a) => c.allowed_actions.includes(a));
  return (
    <Flex vertical gap={12} className="case-page">
      <BackButton />
      <Card>
        <Flex vertical gap={12}>
          <Flex wrap gap={8} align="center">
            <Typography.Title level={2} style={{ margin: 0, wordBreak: 'break-word' }}>
              {c.title}
            </Typography.Title>
            <Space size={4}>
              <CaseStateTag state={c.state} />
              {c.overdue && <OverdueTag />}
            </Space>
          </Flex>

          {steps.length > 0 && (
            <section aria-label={t('casePage.actionsLabel')}>
              <Flex gap={8} wrap className="touch-buttons">
                {steps.map((a) => (
                  <Button key={a} type={a === 'escalate' ? 'default' : 'primary'} onClick={() => setStep(a)}>
                    {stepLabel(t, c, a)}
                  </Button>
                ))}
              </Flex>
            </section>
          )}

          <PartyChecklist c={c} />
          <CaseFacts c={c} />
        </Flex>
      </Card>

      <CaseThread c={c} />
      <CaseTimeline c={c} />

      {step && <StepModal key={step} c={c} action={step} onClose={() => setStep(null)} />}
    </Flex>
  );
}

/** 确认（以社区身份）; 确认（选择身份） for a reader speaking for several parties. */
function stepLabel(t: TFunction, c: Pick<CoordinationCase, 'my_parties'>, action: CaseAction): string {
  if (action !== 'confirm') return t(`caseActions.${action}`);
  if (c.my_parties.length === 1) return t('casePage.confirmAs', { party: t(`caseParties.${c.my_parties[0]}`) });
  return c.my_parties.length > 1 ? t('casePage.confirmChoose') : t('caseActions.confirm');
}

function CaseFacts({ c }: { c: CoordinationCase }) {
  const { t } = useTranslation();
  const filled = 'filled' as const;
  return (
    <Descriptions
      bordered
      size="small"
      column={{ xs: 1, sm: 1, md: 2 }}
      items={[
        { key: 'unit', label: t('coordinationCase.unit'), children: c.unit_name },
        {
          key: 'due',
          label: t('coordinationCase.dueAt'),
          children: c.due_at ? (
            <Space size={4} wrap>
              <time dateTime={c.due_at}>{formatDateTime(c.due_at)}</time>
              {c.overdue && <OverdueTag />}
            </Space>
          ) : (
            '—'
          ),
        },
        { key: 'created', label: t('coordinationCase.createdAt'), children: <time dateTime={c.created_at}>{formatDateTime(c.created_at)}</time> },
        { key: 'updated', label: t('coordinationCase.updatedAt'), children: <time dateTime={c.updated_at}>{formatDateTime(c.updated_at)}</time> },
        { key: 'description', label: t('coordinationCase.description'), children: <div className="prose">{c.description || '—'}</div>, span: filled },
        ...(c.resolution
          ? [{ key: 'resolution', label: t('coordinationCase.resolution'), children: <div className="prose">{c.resolution}</div>, span: filled }]
          : []),
      ]}
    />
  );
}

/** Who a message spoke for: its organisation, else its party, else the street. */
function spokeFor(t: TFunction, m: CaseMessage): string {
  if (m.organization_name) return m.organization_name;
  return m.party ? t(`caseParties.${m.party}`) : t('casePage.street');
}

/** The thread, oldest first so the newest stands next to the compose box. */
function CaseThread({ c }: { c: CoordinationCase }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const messages = useCaseMessages(c.id);
  const post = usePostCaseMessage(c.id);
  const errorText = useErrorText();
  const [form] = Form.useForm<{ body: string }>();
  const may = c.allowed_actions.includes('post');
  const items = messages.data ?? [];

  return (
    <Card title={<h3 className="card-heading">{t('casePage.thread')}</h3>}>
      <Flex vertical gap={12}>
        {messages.isLoading ? (
          <Skeleton active />
        ) : messages.error ? (
          <ErrorAlert error={messages.error} />
        ) : items.length === 0 ? (
          <Typography.Text type="secondary">{t('casePage.threadEmpty')}</Typography.Text>
        ) : (
          <ol className="case-thread" aria-label={t('casePage.thread')}>
            {items.map((m) => (
              <li key={m.id}>
                <p className="case-message-by">
                  <strong>{m.author_name}</strong>
                  <span className="case-message-org">{spokeFor(t, m)}</span>
                  <time dateTime={m.created_at}>{formatDateTime(m.created_at)}</time>
                </p>
                <p className="prose case-message-body">{m.body}</p>
              </li>
            ))}
          </ol>
        )}
        {may ? (
          <Form
            form={form}
            name="case_message"
            layout="vertical"
            onFinish={(values) =>
              post.mutate(
                { body: values.body.trim() },
                {
                  onSuccess: () => {
                    void message.success(t('casePage.sent'));
                    form.resetFields();
                    post.reset();
                  },
                },
              )
            }
          >
            <Form.Item name="body" label={t('casePage.compose')} rules={[{ required: true, whitespace: true, message: t('casePage.composeRequired') }]}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={1000} placeholder={t('casePage.composePlaceholder')} />
            </Form.Item>
            {post.error && (
              <div className="alert alert-error" role="alert" style={{ marginBottom: 12 }}>
                {errorText(post.error)}
              </div>
            )}
            <Flex className="touch-buttons">
              <Button type="primary" htmlType="submit" {...lockedWhile(post.isPending)}>
                {t('casePage.send')}
              </Button>
            </Flex>
          </Form>
        ) : (
          c.state === 'resolved' && items.length > 0 && <Typography.Text type="secondary">{t('casePage.threadClosed')}</Typography.Text>
        )}
      </Flex>
    </Card>
  );
}

/** What an entry says: who did what (and for which party), or what the system did by itself. */
function entrySentence(t: TFunction, e: CaseTimelineEntry): string {
  const action = t(`caseActions.${e.action}`, { defaultValue: e.action });
  if (!e.actor_name) {
    if (e.action === 'escalate') return t('caseTimeline.autoEscalate');
    if (e.action === 'resolve') return t('caseTimeline.autoResolve');
    return t('timeline.bySystem', { action });
  }
  return e.party
    ? t('caseTimeline.byParty', { name: e.actor_name, party: t(`caseParties.${e.party}`), action })
    : t('caseTimeline.byName', { name: e.actor_name, action });
}

function CaseTimeline({ c }: { c: CoordinationCase }) {
  const { t } = useTranslation();
  const events = useCaseEvents(c.id);
  const state = (s: string) => t(`caseStates.${s}`, { defaultValue: s });
  return (
    <Card title={<h3 className="card-heading">{t('casePage.timeline')}</h3>}>
      {events.isLoading ? (
        <Skeleton active />
      ) : events.error ? (
        <ErrorAlert error={events.error} />
      ) : (events.data ?? []).length === 0 ? (
        <Empty description={t('casePage.timelineEmpty')} />
      ) : (
        <Timeline
          items={(events.data ?? []).map((e) => ({
            key: e.id,
            content: (
              <Flex vertical gap={2}>
                <Typography.Text strong>{entrySentence(t, e)}</Typography.Text>
                {e.to_state && e.to_state !== e.from_state && (
                  <Typography.Text>{e.from_state ? `${state(e.from_state)} → ${state(e.to_state)}` : state(e.to_state)}</Typography.Text>
                )}
                {e.note && (
                  <Typography.Text className="prose">
                    {t(e.action === 'resolve' ? 'caseTimeline.note' : 'caseTimeline.reason', { text: e.note })}
                  </Typography.Text>
                )}
                <Typography.Text type="secondary" style={{ fontSize: 'var(--fs-12)' }}>
                  <time dateTime={e.at}>{formatDateTime(e.at)}</time>
                </Typography.Text>
              </Flex>
            ),
          }))}
        />
      )}
    </Card>
  );
}

interface StepValues {
  party?: Party;
  reason?: string;
  note?: string;
}

/**
 * The dialog for one step: which party the reader acts for (only when it speaks for several;
 * a party that has confirmed cannot confirm again), the reason or the note, the refusal, and
 * the send.
 */
function StepModal({ c, action, onClose }: { c: CoordinationCase; action: CaseAction; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const applyFieldErrors = useApplyFieldErrors();
  const step = useCaseStep(c, action);
  const [form] = Form.useForm<StepValues>();
  const [onFields, setOnFields] = useState(false);
  const confirmed = new Set(c.parties.filter((p) => p.confirmed).map((p) => p.party));
  const mine = PARTIES.filter((p) => c.my_parties.includes(p));
  const choosesParty = action !== 'resolve' && mine.length > 1;
  const firstOpen = action === 'confirm' ? mine.find((p) => !confirmed.has(p)) : mine[0];

  // Someone else moved the case on: the step is no longer offered, the dialog goes.
  const stillAllowed = c.allowed_actions.includes(action);
  useEffect(() => {
    if (!stillAllowed) onClose();
  }, [stillAllowed, onClose]);

  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const fields: CaseStepFields = {};
    if (choosesParty) fields.party = values.party;
    if (action === 'escalate' && values.reason?.trim()) fields.reason = values.reason.trim();
    if (action === 'resolve') fields.note = values.note?.trim();
    setOnFields(false);
    step.mutate(fields, {
      onSuccess: () => {
        void message.success(t('casePage.done', { action: t(`caseActions.${action}`) }));
        onClose();
      },
      onError: (error) => setOnFields(applyFieldErrors(form, error)),
    });
  };

  const error = step.error;
  const stale = error instanceof ApiError && error.code === 'stale_version';
  const label = stepLabel(t, c, action);
  const title = t(`casePage.${action}Title`, { title: c.title });

  return (
    <GuardedModal
      open
      title={title}
      okText={action === 'confirm' ? t('caseActions.confirm') : label}
      okButtonProps={lockedWhile(step.isPending)}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
      wrapClassName="touch-modal"
    >
      <Flex vertical gap={12}>
        {action !== 'resolve' && (
          <Typography.Paragraph style={{ margin: 0 }}>{t(action === 'confirm' ? 'casePage.confirmHint' : 'casePage.escalateHint')}</Typography.Paragraph>
        )}
        <Form form={form} layout="vertical" name={`case_${action}`} initialValues={{ party: firstOpen }} requiredMark onFinish={() => void submit()}>
          {choosesParty && (
            <Form.Item name="party" label={t('casePage.party')} rules={[{ required: true, message: t('casePage.partyRequired') }]}>
              <Radio.Group className="party-choice">
                {mine.map((p) => {
                  const done = action === 'confirm' && confirmed.has(p);
                  return (
                    <Radio key={p} value={p} disabled={done}>
                      {done ? t('casePage.alreadyConfirmed', { party: t(`caseParties.${p}`) }) : t(`caseParties.${p}`)}
                    </Radio>
                  );
                })}
              </Radio.Group>
            </Form.Item>
          )}
          {action === 'escalate' && (
            <Form.Item name="reason" label={t('casePage.reason')}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={500} showCount placeholder={t('casePage.reasonPlaceholder')} />
            </Form.Item>
          )}
          {action === 'resolve' && (
            <Form.Item name="note" label={t('casePage.note')} rules={[{ required: true, whitespace: true, message: t('casePage.noteRequired') }]}>
              <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={500} showCount placeholder={t('casePage.notePlaceholder')} autoFocus />
            </Form.Item>
          )}
        </Form>
        {stale ? (
          <Alert type="warning" showIcon role="alert" title={t('casePage.stale')} />
        ) : (
          error && !onFields && (
            <div className="alert alert-error" role="alert">
              {errorText(error)}
            </div>
          )
        )}
      </Flex>
    </GuardedModal>
  );
}
