// One demand as its author or an official sees it: every field, the timeline, and the
// actions the API says this user may take now (`allowed_actions`), each sent with the
// version that was read. The screen never decides permissions itself.
import { ArrowLeftOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  Modal,
  Progress,
  Result,
  Select,
  Skeleton,
  Space,
  Timeline,
  Typography,
} from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';

import { ApiError, type Schemas } from '../../api/client';
import { useOrgUnit } from '../../api/orgUnits';
import { lockedWhile } from '../../api/submission';
import { CosignButton, offersCosign } from '../../components/CosignButton';
import { EventLines, EventSentence } from '../../components/timeline';
import { ErrorAlert, useApplyFieldErrors, useErrorText } from '../../components/errors';
import { DemandStateTag, OverdueTag, Tag } from '../../components/labels';
import { useDebounced } from '../../components/useDebounced';
import {
  useDemand,
  useDemandEvents,
  useMergeCandidates,
  useReloadDemand,
  useSimilarTo,
  useTransitionDemand,
  type Transition,
  type TransitionFields,
} from './api';
import { formatDateTime } from '../../components/dates';

type Demand = Schemas['Demand'];


/** Actions that change nothing but the state: a confirmation is enough. */
const CONFIRM_ONLY: readonly Transition[] = ['verify', 'withdraw'];

export function DemandPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();

  const demand = useDemand(id);
  const events = useDemandEvents(id);
  const unit = useOrgUnit(demand.data?.unit_id);
  const [action, setAction] = useState<Transition | null>(null);
  const transitions = (demand.data?.allowed_actions ?? []).filter((a): a is Transition => a !== 'cosign' && a !== 'accept');
  const accepts = demand.data?.allowed_actions.includes('accept') ?? false;

  const back = (
    <Button
      type="link"
      icon={<ArrowLeftOutlined />}
      onClick={() => (window.history.length > 1 ? navigate(-1) : navigate('/'))}
      style={{ paddingInline: 0, alignSelf: 'flex-start' }}
    >
      {t('common.back')}
    </Button>
  );

  if (demand.isLoading) {
    return (
      <Card>
        <Skeleton active aria-busy="true" aria-label={t('common.loading')} />
      </Card>
    );
  }
  if (!demand.data) {
    return (
      <Flex vertical gap={12}>
        {back}
        {demand.error instanceof ApiError && demand.error.status === 404 ? (
          <Result status="404" title="404" subTitle={t('errors.not_found')} />
        ) : (
          <ErrorAlert error={demand.error} />
        )}
      </Flex>
    );
  }

  const d = demand.data;
  return (
    <Flex vertical gap={12}>
      {back}
      <Card>
        <Flex vertical gap={12}>
          <Flex wrap gap={8} align="center">
            <Typography.Title level={2} style={{ margin: 0, wordBreak: 'break-word' }}>
              {d.title}
            </Typography.Title>
            <Space size={4}>
              <DemandStateTag state={d.state} />
              {d.overdue && <OverdueTag />}
            </Space>
          </Flex>

          {(transitions.length > 0 || accepts || offersCosign(d)) && (
            <section aria-label={t('demandPage.actionsLabel')}>
              <Space wrap>
                {transitions.map((a) => (
                  <Button
                    key={a}
                    danger={a === 'reject' || a === 'withdraw'}
                    type={a === 'verify' ? 'primary' : 'default'}
                    onClick={() => setAction(a)}
                  >
                    {t(`demandActions.${a}`)}
                  </Button>
                ))}
                {accepts && (
                  <Button type="primary" onClick={() => navigate(`/projects/new?demand_ids=${d.id}`)}>
                    {t('projectFromQueue.create')}
                  </Button>
                )}
                <CosignButton key={d.id} demand={d} />
              </Space>
            </section>
          )}

          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, sm: 1, md: 2 }}
            items={[
              { key: 'category', label: t('demand.category'), children: t(`demandCategories.${d.category}`) },
              { key: 'unit', label: t('demand.unit'), children: unit.data?.name ?? '—' },
              { key: 'author', label: t('demand.author'), children: d.author_name },
              // Only those who call the author back are given the number (the API leaves it out for everyone else).
              ...(d.author_phone
                ? [{ key: 'phone', label: t('demand.authorPhone'), children: <a href={`tel:${d.author_phone}`}>{d.author_phone}</a> }]
                : []),
              { key: 'source', label: t('demand.source'), children: t(`demandSources.${d.source}`) },
              { key: 'cosigns', label: t('demand.cosigns'), children: d.cosign_count },
              {
                key: 'created',
                label: t('demand.createdAt'),
                children: <time dateTime={d.created_at}>{formatDateTime(d.created_at)}</time>,
              },
              {
                key: 'updated',
                label: t('demandPage.updatedAt'),
                children: <time dateTime={d.updated_at}>{formatDateTime(d.updated_at)}</time>,
              },
              ...(d.due_at
                ? [
                    {
                      key: 'due',
                      label: t('demand.dueAt'),
                      children: (
                        <Space size={4} wrap>
                          <time dateTime={d.due_at}>{formatDateTime(d.due_at)}</time>
                          {d.overdue && <OverdueTag />}
                        </Space>
                      ),
                    },
                  ]
                : []),
              ...(d.reason ? [{ key: 'reason', label: t('demand.reason'), children: d.reason, span: 'filled' as const }] : []),
              ...(d.referred_to
                ? [{ key: 'referred', label: t('demand.referredTo'), children: d.referred_to, span: 'filled' as const }]
                : []),
              ...(d.merged_into_id
                ? [
                    {
                      key: 'merged',
                      label: t('demandPage.mergedInto'),
                      children: <Link to={`/demands/${d.merged_into_id}`}>{t('demandPage.openMerged')}</Link>,
                      span: 'filled' as const,
                    },
                  ]
                : []),
              ...(d.project
                ? [{ key: 'project', label: t('demandPage.project'), children: <AnsweringProject project={d.project} />, span: 'filled' as const }]
                : []),
              ...(d.case_id
                ? [
                    {
                      key: 'case',
                      label: t('demandPage.case'),
                      children: <Link to={`/cases/${d.case_id}`}>{t('demandPage.openCase')}</Link>,
                      span: 'filled' as const,
                    },
                  ]
                : []),
              {
                key: 'description',
                label: t('demand.description'),
                children: <div style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{d.description || '—'}</div>,
                span: 'filled' as const,
              },
            ]}
          />
        </Flex>
      </Card>

      <Card title={<h3 style={{ margin: 0, fontSize: 'inherit' }}>{t('demand.timeline')}</h3>}>
        {events.isLoading ? (
          <Skeleton active />
        ) : events.error ? (
          <ErrorAlert error={events.error} />
        ) : (events.data ?? []).length === 0 ? (
          <Empty description={t('demandPage.timelineEmpty')} />
        ) : (
          <Timeline
            items={(events.data ?? []).map((e) => ({
              key: e.id,
              content: <EventEntry event={e} />,
            }))}
          />
        )}
      </Card>

      {action && <ActionModal key={action} demand={d} action={action} onClose={() => setAction(null)} />}
    </Flex>
  );
}

/** The project answering the demand: what it is called, where it stands, how far it is. */
function AnsweringProject({ project }: { project: Schemas['DemandProject'] }) {
  const { t } = useTranslation();
  const progress = project.shown_progress_percent ?? null;
  return (
    <Flex vertical gap={4} className="answering-project">
      <Link to={`/projects/${project.id}`} style={{ wordBreak: 'break-word' }}>
        {project.title}
      </Link>
      <Space size={8} wrap>
        <Tag colour="geekblue">{t(`projectStates.${project.state}`)}</Tag>
      </Space>
      {progress !== null && <Progress percent={progress} size="small" aria-label={t('project.progress')} style={{ margin: 0 }} />}
    </Flex>
  );
}

function EventEntry({ event }: { event: Schemas['DemandEvent'] }) {
  const { t } = useTranslation();
  const state = (s: string) => t(`demandStates.${s}`, { defaultValue: s });
  return (
    <Flex vertical gap={2}>
      <Typography.Text strong>
        <EventSentence role={event.actor_role} name={event.actor_name} action={t(`demandActions.${event.action}`, { defaultValue: event.action })} />
      </Typography.Text>
      {event.to_state && event.to_state !== event.from_state && (
        <Typography.Text>
          {event.from_state ? `${state(event.from_state)} → ${state(event.to_state)}` : state(event.to_state)}
        </Typography.Text>
      )}
      <EventDetail event={event} />
      <Typography.Text type="secondary" style={{ fontSize: 'var(--fs-12)' }}>
        <time dateTime={event.at}>{formatDateTime(event.at)}</time>
      </Typography.Text>
    </Flex>
  );
}

/** What an event holds beyond its states, as the API types it, in words and links. */
function EventDetail({ event: e }: { event: Schemas['DemandEvent'] }) {
  const { t } = useTranslation();
  const lines: ReactNode[] = [];
  if (e.source) lines.push(t('common.labelled', { label: t('demand.source'), value: t(`demandSources.${e.source}`) }));
  if (e.referred_to) lines.push(t('common.labelled', { label: t('demand.referredTo'), value: e.referred_to }));
  if (e.merged_into_id) lines.push(<Link to={`/demands/${e.merged_into_id}`}>{t('demandPage.openMerged')}</Link>);
  if (e.merged_from_id) {
    lines.push(
      <>
        {t('demandPage.mergedIn', { n: e.cosigns_moved ?? 0 })}{' '}
        <Link to={`/demands/${e.merged_from_id}`} className="in-text">
          {t('demandPage.openMergedFrom')}
        </Link>
      </>,
    );
  }
  if (e.project_id) lines.push(<Link to={`/projects/${e.project_id}`}>{t('demandPage.openProject')}</Link>);
  if (e.case_id) lines.push(<Link to={`/cases/${e.case_id}`}>{t('demandPage.openCase')}</Link>);
  if (e.note) lines.push(e.action === 'reject' || e.action === 'refer' ? t('timeline.reason', { reason: e.note }) : e.note);
  return <EventLines lines={lines} />;
}

/** The dialog for one action: its fields (if any), its errors, and the send. */
function ActionModal({ demand, action, onClose }: { demand: Demand; action: Transition; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const reloadDemand = useReloadDemand();
  const applyFieldErrors = useApplyFieldErrors();
  const errorText = useErrorText();
  const [form] = Form.useForm<TransitionFields>();
  const [reloading, setReloading] = useState(false);
  // A 422 whose every message found its field says nothing more above the buttons.
  const [onFields, setOnFields] = useState(false);

  const transition = useTransitionDemand(demand, action);
  const send = (fields: TransitionFields) => {
    setOnFields(false);
    transition.mutate(fields, {
      onSuccess: () => {
        void message.success(t('demandPage.done', { action: t(`demandActions.${action}`) }));
        onClose();
      },
      onError: (error) => {
        const shown = applyFieldErrors(form, error);
        const fields = Object.keys(form.getFieldsValue(true));
        const problems = error instanceof ApiError ? Object.keys(error.problem.errors ?? {}) : [];
        setOnFields(shown && problems.every((f) => fields.includes(f)));
      },
    });
  };

  // After a reload the action may no longer be open to this user: the dialog goes away.
  const stillAllowed = demand.allowed_actions.includes(action);
  useEffect(() => {
    if (!stillAllowed) onClose();
  }, [stillAllowed, onClose]);

  const error = transition.error;
  // A 409 means the record moved on since it was read (a stale version, or a state that no
  // longer takes this action): say so and offer to reload it.
  const conflict = error instanceof ApiError && error.status === 409;

  const reload = async () => {
    setReloading(true);
    try {
      await reloadDemand(demand.id);
      transition.reset();
    } finally {
      setReloading(false);
    }
  };

  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (values) send(values);
  };

  return (
    <Modal
      open
      title={t('demandPage.modalTitle', { action: t(`demandActions.${action}`), title: demand.title })}
      okText={t(`demandActions.${action}`)}
      okButtonProps={{ danger: action === 'reject' || action === 'withdraw', ...lockedWhile(transition.isPending) }}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Flex vertical gap={12}>
        {CONFIRM_ONLY.includes(action) && (
          <Typography.Paragraph style={{ margin: 0 }}>{t(`demandPage.confirm.${action}`)}</Typography.Paragraph>
        )}
        <Form form={form} layout="vertical" name={`demand_${action}`} requiredMark onFinish={() => void submit()}>
          {(action === 'reject' || action === 'refer') && (
            <Form.Item
              name="reason"
              label={t('demand.reason')}
              extra={t('demandPage.reasonHelp')}
              rules={[{ required: true, whitespace: true, message: t('errors.reason_required') }, { max: 500, message: t('errors.reason_length') }]}
            >
              <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={500} showCount autoFocus />
            </Form.Item>
          )}
          {action === 'refer' && (
            <Form.Item
              name="referred_to"
              label={t('demand.referredTo')}
              rules={[{ required: true, whitespace: true, message: t('errors.referred_to_required') }, { max: 100, message: t('errors.referred_to_length') }]}
            >
              <Input placeholder={t('demandPage.referredToPlaceholder')} maxLength={100} />
            </Form.Item>
          )}
          {action === 'merge' && (
            <Form.Item name="target_id" label={t('demand.target')} rules={[{ required: true, message: t('errors.target_required') }]}>
              <MergeTargetSelect demand={demand} />
            </Form.Item>
          )}
        </Form>
        {conflict ? (
          <Alert
            type="warning"
            showIcon
            role="alert"
            title={error.code === 'stale_version' ? t('demandPage.stale') : `${errorText(error)} ${t('demandPage.reloadHint')}`}
            action={
              <Button size="small" onClick={() => void reload()} loading={reloading}>
                {t('demandPage.reload')}
              </Button>
            }
          />
        ) : (
          !onFields && <ErrorAlert error={error} />
        )}
      </Flex>
    </Modal>
  );
}

/**
 * Finds the demand to merge into among the live ones, not itself: the most similar first
 * (what filing it would have offered: same community and category, like text), then the
 * rest of the reader's queue, both narrowed by what is typed.
 */
function MergeTargetSelect({
  demand,
  id,
  value,
  onChange,
}: {
  demand: Demand;
  id?: string;
  value?: string;
  onChange?: (value: string | undefined) => void;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim());
  const similar = useSimilarTo(demand);
  const candidates = useMergeCandidates(demand.id, q);
  const option = (c: Demand) => ({
    value: c.id,
    label: `${c.title} · ${t(`demandStates.${c.state}`)} · ${t('demand.cosigns')} ${c.cosign_count}`,
  });
  const matches = (c: Demand) => !q || c.title.includes(q) || c.description.includes(q);
  const first = (similar.data ?? []).filter((c) => c.id !== demand.id && matches(c));
  const firstIds = new Set(first.map((c) => c.id));
  const rest = (candidates.data ?? []).filter((c) => c.id !== demand.id && !firstIds.has(c.id));
  const options = [
    ...(first.length ? [{ label: t('demandMergeTargets.similar'), title: t('demandMergeTargets.similar'), options: first.map(option) }] : []),
    ...(rest.length ? [{ label: t('demandMergeTargets.others'), title: t('demandMergeTargets.others'), options: rest.map(option) }] : []),
  ];
  const fetching = candidates.isFetching || similar.isFetching;

  return (
    <Select
      id={id}
      value={value}
      onChange={onChange}
      allowClear
      placeholder={t('demandPage.targetPlaceholder')}
      showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search, autoClearSearchValue: false }}
      options={options}
      loading={fetching}
      notFoundContent={fetching ? t('common.loading') : t('demandPage.noCandidates')}
    />
  );
}
