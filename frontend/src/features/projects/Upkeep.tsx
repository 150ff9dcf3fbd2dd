// 管护 (红色物业): a handed-over project's upkeep on its page. Who maintains it, where the
// hand-over stands (and, when the company declined, why: the street sees which), the
// company's answer (接管 / 拒绝接管, a decline says why), 我要报修 for residents and
// community workers of its area once it is taken over, and the faults reported on it. Every
// button comes from the project's `upkeep_actions`.
import { App, Button, Card, Descriptions, Flex, Form, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { ApiError, type Schemas } from '../../api/client';
import { useUnit } from '../../api/orgUnits';
import { lockedWhile } from '../../api/submission';
import { useApplyFieldErrors, useErrorText } from '../../components/errors';
import { FaultStateTag, HandoverStateTag } from '../../components/labels';
import { OrganizationName } from '../../components/OrganizationPicker';
import { UnitPicker } from '../../components/UnitPicker';
import { useAnswerHandover, useProjectFaults, useReportFault, type Project } from './api';
import { formatDate, formatDateTime } from '../../components/dates';
import { DialogCancelButton, GuardedModal } from '../../components/useLeaveGuard';

type Answer = Schemas['HandoverAnswer'];


/** Whether the project has any upkeep to show: handed over, or a step open to the reader. */
export const hasUpkeep = (p: Pick<Project, 'maintainer_org_id' | 'handover_state' | 'upkeep_actions'>) =>
  !!p.maintainer_org_id || !!p.handover_state || p.upkeep_actions.length > 0;

export function UpkeepSection({ project: p }: { project: Project }) {
  const { t } = useTranslation();
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [reporting, setReporting] = useState(false);
  const actions = p.upkeep_actions;
  const filled = 'filled' as const;

  return (
    <Card title={<h3 className="card-heading">{t('upkeep.heading')}</h3>} className="upkeep-card">
      <Flex vertical gap={12}>
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, sm: 1, md: 2 }}
          items={[
            { key: 'maintainer', label: t('upkeep.maintainer'), children: <OrganizationName id={p.maintainer_org_id} /> },
            ...(p.handover_state ? [{ key: 'state', label: t('upkeep.state'), children: <HandoverStateTag state={p.handover_state} /> }] : []),
            ...(p.handed_over_at
              ? [{ key: 'at', label: t('upkeep.handedOverAt'), children: <time dateTime={p.handed_over_at}>{formatDateTime(p.handed_over_at)}</time> }]
              : []),
            ...(p.handover_state === 'declined' && p.handover_note
              ? [{ key: 'note', label: t('upkeep.declineNote'), children: <div className="prose">{p.handover_note}</div>, span: filled }]
              : []),
          ]}
        />
        {actions.length > 0 && (
          <Flex gap={8} wrap className="touch-buttons" role="group" aria-label={t('upkeep.heading')}>
            {actions.includes('accept_hand_over') && (
              <Button type="primary" onClick={() => setAnswer('accept')}>
                {t('upkeepActions.accept_hand_over')}
              </Button>
            )}
            {actions.includes('decline_hand_over') && (
              <Button danger onClick={() => setAnswer('decline')}>
                {t('upkeepActions.decline_hand_over')}
              </Button>
            )}
            {actions.includes('report_fault') && (
              <Button type="primary" onClick={() => setReporting(true)}>
                {t('upkeepActions.report_fault')}
              </Button>
            )}
          </Flex>
        )}
        {p.handover_state === 'accepted' && <ProjectFaults project={p} />}
      </Flex>
      {answer && <HandoverModal key={answer} project={p} answer={answer} onClose={() => setAnswer(null)} />}
      {reporting && <ReportFaultModal project={p} onClose={() => setReporting(false)} />}
    </Card>
  );
}

/** The faults reported on the project that the reader may see, each opening its own page. */
function ProjectFaults({ project }: { project: Project }) {
  const { t } = useTranslation();
  const faults = useProjectFaults(project.id, true);
  const errorText = useErrorText();
  const items = faults.data?.items ?? [];
  return (
    <section aria-labelledby="project-faults-heading">
      <h4 id="project-faults-heading" className="card-heading" style={{ marginBottom: 8 }}>
        {t('upkeep.faults')}
      </h4>
      {faults.error ? (
        <Typography.Text type="danger">{errorText(faults.error)}</Typography.Text>
      ) : faults.isLoading ? null : items.length === 0 ? (
        <Typography.Text type="secondary">{t('upkeep.faultsEmpty')}</Typography.Text>
      ) : (
        <ul className="plain-list">
          {items.map((f) => (
            <li key={f.id} className="project-fault">
              <Link to={`/faults/${f.id}`}>{f.title}</Link>
              <FaultStateTag state={f.state} />
              <Typography.Text type="secondary" style={{ fontSize: 'var(--fs-13)' }}>
                {f.unit_name} · <time dateTime={f.created_at}>{formatDate(f.created_at)}</time>
              </Typography.Text>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** 接管 (a note may come with it) or 拒绝接管 (the reason is required: the street reads it). */
function HandoverModal({ project, answer, onClose }: { project: Project; answer: Answer; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const applyFieldErrors = useApplyFieldErrors();
  const send = useAnswerHandover(project);
  const [form] = Form.useForm<{ note?: string }>();
  const [onFields, setOnFields] = useState(false);
  const action = answer === 'accept' ? 'accept_hand_over' : 'decline_hand_over';

  const stillAllowed = project.upkeep_actions.includes(action);
  useEffect(() => {
    if (!stillAllowed) onClose();
  }, [stillAllowed, onClose]);

  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setOnFields(false);
    send.mutate(
      { answer, note: values.note?.trim() || null },
      {
        onSuccess: () => {
          void message.success(t(answer === 'accept' ? 'upkeep.accepted' : 'upkeep.declined'));
          onClose();
        },
        onError: (e) => setOnFields(applyFieldErrors(form, e)),
      },
    );
  };
  const error = send.error;
  const stale = error instanceof ApiError && error.code === 'stale_version';

  return (
    <GuardedModal
      open
      title={t(answer === 'accept' ? 'upkeep.acceptTitle' : 'upkeep.declineTitle', { title: project.title })}
      okText={t(`upkeepActions.${action}`)}
      okButtonProps={{ danger: answer === 'decline', ...lockedWhile(send.isPending) }}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
      wrapClassName="touch-modal"
    >
      <Flex vertical gap={12}>
        {answer === 'accept' && <Typography.Paragraph style={{ margin: 0 }}>{t('upkeep.acceptHint')}</Typography.Paragraph>}
        <Form form={form} layout="vertical" name={`handover_${answer}`} requiredMark onFinish={() => void submit()}>
          {answer === 'decline' ? (
            <Form.Item name="note" label={t('upkeep.declineNote')} rules={[{ required: true, whitespace: true, message: t('upkeep.declineReasonRequired') }]}>
              <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={500} showCount placeholder={t('upkeep.declineReasonPlaceholder')} autoFocus />
            </Form.Item>
          ) : (
            <Form.Item name="note" label={t('upkeep.note')}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={500} showCount />
            </Form.Item>
          )}
        </Form>
        {error && !onFields && (
          <div className="alert alert-error" role="alert">
            {stale ? t('errors.stale_version') : errorText(error)}
          </div>
        )}
      </Flex>
    </GuardedModal>
  );
}

interface FaultValues {
  title?: string;
  description?: string;
  unit_id?: string;
}

/**
 * 我要报修, made for a phone: what is wrong and where. A project serving a whole community
 * (or street) asks which of its compounds; one serving a compound is reported there.
 */
function ReportFaultModal({ project, onClose }: { project: Project; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const applyFieldErrors = useApplyFieldErrors();
  const errorText = useErrorText();
  const report = useReportFault();
  const unit = useUnit(project.unit_id);
  const [form] = Form.useForm<FaultValues>();
  const [onFields, setOnFields] = useState(false);
  const picksCompound = !!unit.data && unit.data.kind !== 'compound';

  const submit = (values: FaultValues) => {
    const title = values.title?.trim() ?? '';
    setOnFields(false);
    report.mutate(
      {
        project_id: project.id,
        unit_id: picksCompound ? values.unit_id : null,
        title,
        description: values.description?.trim() ?? '',
      },
      {
        onSuccess: (fault) => {
          void message.success(t('faultNew.done', { title: fault.title }));
          onClose();
        },
        onError: (e) => setOnFields(applyFieldErrors(form, e)),
      },
    );
  };

  return (
    <GuardedModal open title={t('faultNew.heading', { project: project.title })} onCancel={onClose} footer={null} destroyOnHidden wrapClassName="touch-modal">
      <Typography.Paragraph type="secondary">{t('faultNew.hint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" name="report_fault" onFinish={submit} requiredMark>
        <Form.Item
          name="title"
          label={t('fault.title')}
          rules={[
            { required: true, whitespace: true, message: t('faultNew.titleRequired') },
            { min: 2, max: 100, message: t('faultNew.titleLength') },
          ]}
        >
          <Input maxLength={100} placeholder={t('faultNew.titlePlaceholder')} />
        </Form.Item>
        <Form.Item name="description" label={t('fault.description')}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={2000} placeholder={t('faultNew.descriptionPlaceholder')} />
        </Form.Item>
        {picksCompound && (
          <Form.Item name="unit_id" label={t('fault.unit')} rules={[{ required: true, message: t('faultNew.unitRequired') }]}>
            <UnitPicker kinds={['compound']} within={[project.unit_id]} placeholder={t('faultNew.unitPlaceholder')} style={{ width: '100%' }} />
          </Form.Item>
        )}
        {report.error && !onFields && (
          <div className="alert alert-error" role="alert" style={{ marginBottom: 12 }}>
            {errorText(report.error)}
          </div>
        )}
        <Flex vertical gap={8} className="touch-buttons">
          <Button type="primary" htmlType="submit" block size="large" {...lockedWhile(report.isPending)}>
            {t('faultNew.submit')}
          </Button>
          <DialogCancelButton block onClick={onClose} />
        </Flex>
      </Form>
    </GuardedModal>
  );
}
