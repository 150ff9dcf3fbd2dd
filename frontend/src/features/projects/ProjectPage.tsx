// One project as any signed-in reader may see it: its state, plan and the demands it answers,
// the funding bar, the buttons the API allows this reader now (`allowed_actions`, each sent
// with the version read), progress, matching resources and claims for the one who runs it, a
// co-builder's claim, a resident's rating, its upkeep once handed over (管护: the property
// company's answer, 报修), and the timeline. Refusals name their rule.
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
  InputNumber,
  Result,
  Skeleton,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';

import { ApiError } from '../../api/client';
import { lockedWhile } from '../../api/submission';
import { EventLines, EventSentence } from '../../components/timeline';
import { ErrorAlert, useApplyFieldErrors } from '../../components/errors';
import { OrganizationName, OrganizationPicker } from '../../components/OrganizationPicker';
import { UnitName } from '../../components/UnitPicker';
import {
  useProject,
  useProjectEvents,
  useProjectClaims,
  useProjectProgress,
  usePostProgress,
  useReloadProject,
  useTransitionProject,
  type Project,
  type ProjectAllowedAction,
  type ProjectEvent,
  type ProjectTransition,
  type TransitionFields,
} from './api';
import { AnsweredDemands } from './AnsweredDemands';
import { EditProjectButton } from './EditProject';
import { ClaimButton, ProjectClaims, ProjectMatches } from './Matching';
import { formatYuan } from '../../components/money';
import { FundingBar, InspectionTally, ProgressBar, ProjectStateTag } from './parts';
import { ProjectRatings } from './ProjectOutcome';
import { RatingCard } from './Rating';
import { hasUpkeep, UpkeepSection } from './Upkeep';
import { lifecycleButtons, requestsResources, useProjectErrorText, withheldTexts } from './rules';
import { formatDateTime } from '../../components/dates';
import { GuardedModal } from '../../components/useLeaveGuard';


export function BackButton() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Button
      type="link"
      icon={<ArrowLeftOutlined />}
      onClick={() => (window.history.length > 1 ? navigate(-1) : navigate('/'))}
      style={{ paddingInline: 0, alignSelf: 'flex-start' }}
    >
      {t('common.back')}
    </Button>
  );
}

/** The page's frame while the project loads or when it cannot be read. */
export function ProjectLoading({ query }: { query: ReturnType<typeof useProject> }) {
  const { t } = useTranslation();
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

export function ProjectPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const project = useProject(id);
  const [action, setAction] = useState<ProjectTransition | null>(null);

  if (!project.data) return <ProjectLoading query={project} />;
  const p = project.data;
  const buttons = lifecycleButtons(p.allowed_actions);
  const withheld = withheldTexts(t, p);
  const requests = requestsResources(p);
  const shortOfMoney = p.withheld_actions.some((w) => w.code === 'funding_gap');

  return (
    <Flex vertical gap={12}>
      <BackButton />
      <Card>
        <Flex vertical gap={12}>
          <Flex wrap gap={8} align="center">
            <Typography.Title level={2} style={{ margin: 0, wordBreak: 'break-word' }}>
              {p.title}
            </Typography.Title>
            <Space size={4}>
              <ProjectStateTag state={p.state} />
              <Tag>{t(`projectCategories.${p.category}`)}</Tag>
            </Space>
          </Flex>

          {(buttons.length > 0 || ['inspect', 'claim', 'edit'].some((a) => p.allowed_actions.includes(a as ProjectAllowedAction))) && (
            <section aria-label={t('projectPage.actionsLabel')}>
              <Space wrap>
                {buttons.map((a) => (
                  <Button key={a} danger={a === 'cancel'} type={a === 'cancel' ? 'default' : 'primary'} ghost={a === 'hand_over'} onClick={() => setAction(a)}>
                    {t(`projectActions.${a}`)}
                  </Button>
                ))}
                {p.allowed_actions.includes('inspect') && (
                  <Button type="primary" onClick={() => navigate(`/projects/${p.id}/inspect`)}>
                    {t('projectPage.inspectLink')}
                  </Button>
                )}
                {p.allowed_actions.includes('claim') && <ClaimButton project={p} />}
                {p.allowed_actions.includes('edit') && <EditProjectButton project={p} />}
              </Space>
            </section>
          )}
          {withheld.map((text) => (
            <Alert key={text} type="warning" showIcon title={text} description={requests && shortOfMoney ? t('projectPage.requestFunds') : undefined} />
          ))}

          <section aria-label={t('projectFunding.label')}>
            <FundingBar project={p} />
          </section>
          <ProgressBar project={p} />
          <InspectionTally project={p} />

          <ProjectFacts project={p} />
        </Flex>
      </Card>

      {hasUpkeep(p) && <UpkeepSection project={p} />}
      {(p.allowed_actions.includes('rate') || p.rated_by_me) && <RatingCard project={p} />}
      {p.state === 'closed' && (
        <Card>
          <ProjectRatings project={p} />
        </Card>
      )}
      <ProgressCard project={p} />
      {requests && <ProjectMatches project={p} />}
      <ProjectClaims project={p} always={requests} />
      <ProjectTimeline project={p} />

      {action && <ActionModal key={action} project={p} action={action} onClose={() => setAction(null)} />}
    </Flex>
  );
}

/**
 * The demands a project answers, by the titles every reader may read (the public record),
 * linked to their full record where the API says the reader may open it
 * (`readable_demand_ids`) and to their public page otherwise.
 */
export function DemandLinks({ project: p }: { project: Pick<Project, 'demand_ids' | 'readable_demand_ids'> }) {
  return <AnsweredDemands ids={p.demand_ids} linkTo={(id) => (p.readable_demand_ids.includes(id) ? `/demands/${id}` : `/board/${id}`)} />;
}

export function ProjectFacts({ project: p, short = false }: { project: Project; short?: boolean }) {
  const { t } = useTranslation();
  const filled = 'filled' as const;
  return (
    <Descriptions
      bordered
      size="small"
      column={{ xs: 1, sm: 1, md: 2 }}
      items={[
        { key: 'unit', label: t('project.unit'), children: <UnitName id={p.unit_id} /> },
        { key: 'budget', label: t('project.budget'), children: formatYuan(p.budget_fen) },
        ...(short
          ? []
          : [
              { key: 'gov', label: t('project.govFunds'), children: formatYuan(p.gov_funds_fen) },
              { key: 'social', label: t('project.socialFunds'), children: formatYuan(p.funded_fen) },
              // A cancelled project's money is released: it lacks nothing any more.
              ...(p.money_standing === 'released' ? [] : [{ key: 'gap', label: t('project.gap'), children: formatYuan(p.gap_fen) }]),
              { key: 'beneficiaries', label: t('project.beneficiaries'), children: p.beneficiaries },
            ]),
        { key: 'approvals', label: t('project.requiredApprovals'), children: p.required_approvals },
        ...(p.rework_round > 0 ? [{ key: 'rework', label: t('project.reworkRound'), children: p.rework_round }] : []),
        { key: 'demands', label: t('project.demands'), children: <DemandLinks project={p} />, span: filled },
        { key: 'plan', label: t('project.plan'), children: <div className="prose">{p.plan}</div>, span: filled },
        ...(p.description && !short ? [{ key: 'description', label: t('project.description'), children: <div className="prose">{p.description}</div>, span: filled }] : []),
        ...(p.completion_note ? [{ key: 'note', label: t('project.completionNote'), children: <div className="prose">{p.completion_note}</div>, span: filled }] : []),
        ...(p.cancel_reason ? [{ key: 'reason', label: t('project.cancelReason'), children: <div className="prose">{p.cancel_reason}</div>, span: filled }] : []),
      ]}
    />
  );
}

/** Progress updates, oldest first, and the form when the reader may post one. */
export function ProgressCard({ project: p, withForm = true }: { project: Project; withForm?: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const progress = useProjectProgress(p.id);
  const post = usePostProgress(p.id);
  const [form] = Form.useForm<{ note: string; percent: number }>();
  const errorText = useProjectErrorText(p);
  const may = withForm && p.allowed_actions.includes('post_progress');
  if (!may && p.state === 'draft') return null;
  const items = progress.data ?? [];
  return (
    <Card title={<h3 className="card-heading">{t('projectProgress.heading')}</h3>}>
      <Flex vertical gap={12}>
        {progress.isLoading ? (
          <Skeleton active />
        ) : items.length === 0 ? (
          <Typography.Text type="secondary">{t('projectProgress.empty')}</Typography.Text>
        ) : (
          <Timeline
            items={items.map((u) => ({
              key: u.id,
              content: (
                <Flex vertical gap={2}>
                  <Typography.Text strong>{u.percent}%</Typography.Text>
                  <Typography.Text className="prose">{u.note}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 'var(--fs-12)' }}>
                    <time dateTime={u.created_at}>{formatDateTime(u.created_at)}</time>
                  </Typography.Text>
                </Flex>
              ),
            }))}
          />
        )}
        {may && (
          <Form
            form={form}
            name="project_progress"
            layout="vertical"
            initialValues={{ percent: p.progress_percent }}
            onFinish={(values) =>
              post.mutate(
                { note: values.note.trim(), percent: values.percent },
                {
                  onSuccess: () => {
                    void message.success(t('projectProgress.posted'));
                    form.resetFields(['note']);
                  },
                },
              )
            }
          >
            <Form.Item name="note" label={t('projectProgress.note')} rules={[{ required: true, whitespace: true, message: t('projectProgress.noteRequired') }]}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={1000} />
            </Form.Item>
            <Form.Item
              name="percent"
              label={t('projectProgress.percent')}
              rules={[{ required: true, type: 'integer', min: 0, max: 100, message: t('projectProgress.percentRequired') }]}
            >
              <InputNumber min={0} max={100} precision={0} suffix="%" style={{ width: 140 }} />
            </Form.Item>
            {post.error && <div className="alert alert-error" role="alert" style={{ marginBottom: 12 }}>{errorText(post.error)}</div>}
            <Button type="primary" htmlType="submit" {...lockedWhile(post.isPending)}>
              {t('projectProgress.post')}
            </Button>
          </Form>
        )}
      </Flex>
    </Card>
  );
}

/** Who did what, with the state it moved to and what the note records, said in words. */
export function ProjectTimeline({ project }: { project: Project }) {
  const { t } = useTranslation();
  const events = useProjectEvents(project.id);
  const state = (s: string) => t(`projectStates.${s}`, { defaultValue: s });
  return (
    <Card title={<h3 className="card-heading">{t('projectPage.timeline')}</h3>}>
      {events.isLoading ? (
        <Skeleton active />
      ) : events.error ? (
        <ErrorAlert error={events.error} />
      ) : (events.data ?? []).length === 0 ? (
        <Empty description={t('projectPage.timelineEmpty')} />
      ) : (
        <Timeline
          items={(events.data ?? []).map((e) => ({
            key: e.id,
            content: (
              <Flex vertical gap={2}>
                <Typography.Text strong>
                  <EventSentence role={e.actor_role} name={e.actor_name} action={t(`projectActions.${e.action}`, { defaultValue: e.action })} />
                </Typography.Text>
                {e.to_state && e.to_state !== e.from_state && (
                  <Typography.Text>{e.from_state ? `${state(e.from_state)} → ${state(e.to_state)}` : state(e.to_state)}</Typography.Text>
                )}
                <EventDetail event={e} />
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

/** What an event holds beyond its states, as the API types it, in words. */
function EventDetail({ event }: { event: ProjectEvent }) {
  const { t } = useTranslation();
  const lines: ReactNode[] = [];
  if (event.percent != null) lines.push(t('common.labelled', { label: t('project.progress'), value: `${event.percent}%` }));
  if (event.verdict) lines.push(t(`projectInspection.${event.verdict}`));
  if (event.score != null) lines.push(t('projectTimeline.rated', { n: event.score }));
  if (event.maintainer_org_id) {
    lines.push(
      <>
        {t('common.labelled', { label: t('project.maintainer'), value: '' })}
        <OrganizationName id={event.maintainer_org_id} />
      </>,
    );
  }
  if (event.note) lines.push(event.note);
  return <EventLines lines={lines} />;
}

/**
 * What cancelling does besides stopping the project (SPEC §4.2): its demands are published
 * again for another project to take, its confirmed claims are released to their resources and
 * its pending ones cancelled; with the counts when the page has read the claims (all of them).
 */
function CancelEffects({ project }: { project: Project }) {
  const { t } = useTranslation();
  const claims = useProjectClaims(project.id);
  const all = claims.data && !claims.data.next_cursor ? claims.data.items : null;
  const count = (state: string) => (all ?? []).filter((c) => c.state === state).length;
  const lines = [
    t('projectPage.cancelEffects.demands', { n: project.demand_ids.length }),
    ...(all
      ? [
          ...(count('confirmed') > 0 ? [t('projectPage.cancelEffects.confirmedClaims', { n: count('confirmed') })] : []),
          ...(count('pending') > 0 ? [t('projectPage.cancelEffects.pendingClaims', { n: count('pending') })] : []),
        ]
      : [t('projectPage.cancelEffects.claims')]),
  ];
  return (
    <Alert
      type="warning"
      showIcon
      title={t('projectPage.cancelEffects.heading')}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          {lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      }
    />
  );
}

/** The dialog for one lifecycle step: its field (if any), its refusal, and the send. */
function ActionModal({ project, action, onClose }: { project: Project; action: ProjectTransition; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const reload = useReloadProject();
  const applyFieldErrors = useApplyFieldErrors();
  const errorText = useProjectErrorText(project);
  const [form] = Form.useForm<TransitionFields>();
  const [onFields, setOnFields] = useState(false);
  const transition = useTransitionProject(project, action);

  const stillAllowed = project.allowed_actions.includes(action);
  useEffect(() => {
    if (!stillAllowed) onClose();
  }, [stillAllowed, onClose]);

  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setOnFields(false);
    transition.mutate(values, {
      onSuccess: () => {
        void message.success(t('projectPage.done', { action: t(`projectActions.${action}`) }));
        onClose();
      },
      onError: (error) => setOnFields(applyFieldErrors(form, error)),
    });
  };
  const error = transition.error;
  const stale = error instanceof ApiError && error.code === 'stale_version';
  const label = t(`projectActions.${action}`);

  return (
    <GuardedModal
      open
      title={t('projectPage.modalTitle', { action: label, title: project.title })}
      okText={label}
      okButtonProps={{ danger: action === 'cancel', ...lockedWhile(transition.isPending) }}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Flex vertical gap={12}>
        {(action === 'publish' || action === 'start') && (
          <Typography.Paragraph style={{ margin: 0 }}>{t(`projectPage.confirm.${action}`)}</Typography.Paragraph>
        )}
        <Form form={form} layout="vertical" name={`project_${action}`} requiredMark onFinish={() => void submit()}>
          {action === 'complete' && (
            <Form.Item name="note" label={t('project.completionNote')} rules={[{ required: true, whitespace: true, message: t('projectPage.noteRequired') }]}>
              <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={2000} showCount placeholder={t('projectPage.notePlaceholder')} autoFocus />
            </Form.Item>
          )}
          {action === 'cancel' && <CancelEffects project={project} />}
          {action === 'cancel' && (
            <Form.Item name="reason" label={t('project.cancelReason')} rules={[{ required: true, whitespace: true, message: t('projectPage.reasonRequired') }]}>
              <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={500} showCount placeholder={t('projectPage.reasonPlaceholder')} autoFocus />
            </Form.Item>
          )}
          {action === 'hand_over' && (
            <Form.Item name="maintainer_org_id" label={t('project.maintainer')} rules={[{ required: true, message: t('projectPage.maintainerRequired') }]}>
              <OrganizationPicker kinds={['property_service']} near={project.unit_id} />
            </Form.Item>
          )}
        </Form>
        {stale ? (
          <Alert
            type="warning"
            showIcon
            role="alert"
            title={t('projectPage.stale')}
            action={
              <Button size="small" onClick={() => void reload(project.id).then(() => transition.reset())}>
                {t('projectPage.reload')}
              </Button>
            }
          />
        ) : (
          error && !onFields && <div className="alert alert-error" role="alert">{errorText(error)}</div>
        )}
      </Flex>
    </GuardedModal>
  );
}
