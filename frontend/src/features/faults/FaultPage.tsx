// One fault (报修): what was reported where, on which maintained project, by when the
// property company must deal with it, and its answer to the resident. The company's steps are
// exactly those the API offers (`allowed_actions`): 答复 (what to tell the resident, required)
// and 关闭报修 (a note may be added), each at the version read. A fault not dealt with in time
// has become a coordination case: it links there.
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Flex, Form, Input, Result, Skeleton, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';

import { ApiError } from '../../api/client';
import { lockedWhile } from '../../api/submission';
import { ErrorAlert, useApplyFieldErrors, useErrorText } from '../../components/errors';
import { FaultStateTag, Tag } from '../../components/labels';
import { useFault, useFaultStep, type Fault } from './api';
import { formatDateTime } from '../../components/dates';
import { GuardedModal } from '../../components/useLeaveGuard';


function BackButton() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Button
      type="link"
      icon={<ArrowLeftOutlined />}
      onClick={() => (window.history.length > 1 ? navigate(-1) : navigate('/faults'))}
      style={{ paddingInline: 0, alignSelf: 'flex-start' }}
    >
      {t('common.back')}
    </Button>
  );
}

export function FaultPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const query = useFault(id);
  const [closing, setClosing] = useState(false);

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

  const f = query.data;
  const filled = 'filled' as const;
  const pending = f.state === 'open' || f.state === 'answered';
  return (
    <Flex vertical gap={12} className="fault-page">
      <BackButton />
      <Card>
        <Flex vertical gap={12}>
          <Flex wrap gap={8} align="center">
            <Typography.Title level={2} style={{ margin: 0, wordBreak: 'break-word' }}>
              {f.title}
            </Typography.Title>
            <Space size={4}>
              <FaultStateTag state={f.state} />
              {f.mine && <Tag colour="geekblue">{t('faultList.mine')}</Tag>}
            </Space>
          </Flex>

          {f.state === 'escalated' && (
            <Alert
              type="warning"
              showIcon
              title={t('faultPage.escalated')}
              description={f.case_id && <Link to={`/cases/${f.case_id}`}>{t('faultPage.openCase')}</Link>}
            />
          )}

          {f.allowed_actions.includes('close') && (
            <section aria-label={t('faultPage.actionsLabel')}>
              <Flex gap={8} wrap className="touch-buttons">
                <Button onClick={() => setClosing(true)}>{t('faultActions.close')}</Button>
              </Flex>
            </section>
          )}

          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, sm: 1, md: 2 }}
            items={[
              { key: 'project', label: t('fault.project'), children: <Link to={`/projects/${f.project_id}`}>{f.project_title}</Link> },
              { key: 'unit', label: t('fault.unit'), children: f.unit_name },
              { key: 'maintainer', label: t('fault.maintainer'), children: f.maintainer_name },
              { key: 'created', label: t('fault.createdAt'), children: <time dateTime={f.created_at}>{formatDateTime(f.created_at)}</time> },
              ...(pending ? [{ key: 'due', label: t('fault.dueAt'), children: <time dateTime={f.due_at}>{formatDateTime(f.due_at)}</time> }] : []),
              ...(f.case_id
                ? [{ key: 'case', label: t('fault.case'), children: <Link to={`/cases/${f.case_id}`}>{t('faultPage.openCase')}</Link> }]
                : []),
              { key: 'description', label: t('fault.description'), children: <div className="prose">{f.description || '—'}</div>, span: filled },
            ]}
          />
        </Flex>
      </Card>

      <Card title={<h3 className="card-heading">{t('fault.reply')}</h3>}>
        <Flex vertical gap={12}>
          {f.reply ? (
            <Typography.Paragraph className="prose" style={{ margin: 0 }}>
              {f.reply}
            </Typography.Paragraph>
          ) : (
            <Typography.Text type="secondary">{t('faultPage.noReply')}</Typography.Text>
          )}
          {f.allowed_actions.includes('answer') && <AnswerForm fault={f} />}
        </Flex>
      </Card>

      {closing && <CloseModal fault={f} onClose={() => setClosing(false)} />}
    </Flex>
  );
}

/** 答复: what the property company tells the resident (required). */
function AnswerForm({ fault }: { fault: Fault }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const applyFieldErrors = useApplyFieldErrors();
  const answer = useFaultStep(fault, 'answer');
  const [form] = Form.useForm<{ note: string }>();
  const [onFields, setOnFields] = useState(false);
  const error = answer.error;
  const stale = error instanceof ApiError && error.code === 'stale_version';

  return (
    <Form
      form={form}
      name="fault_answer"
      layout="vertical"
      onFinish={(values) => {
        setOnFields(false);
        answer.mutate(values.note.trim(), {
          onSuccess: () => {
            void message.success(t('faultPage.answered'));
            form.resetFields();
          },
          onError: (e) => setOnFields(applyFieldErrors(form, e)),
        });
      }}
    >
      <Form.Item name="note" label={t('faultPage.answerLabel')} rules={[{ required: true, whitespace: true, message: t('faultPage.answerRequired') }]}>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={500} showCount placeholder={t('faultPage.answerPlaceholder')} />
      </Form.Item>
      {stale ? (
        <Alert type="warning" showIcon role="alert" title={t('faultPage.stale')} style={{ marginBottom: 12 }} />
      ) : (
        error &&
        !onFields && (
          <div className="alert alert-error" role="alert" style={{ marginBottom: 12 }}>
            {errorText(error)}
          </div>
        )
      )}
      <Flex className="touch-buttons">
        <Button type="primary" htmlType="submit" {...lockedWhile(answer.isPending)}>
          {t('faultActions.answer')}
        </Button>
      </Flex>
    </Form>
  );
}

/** 关闭报修: the problem is dealt with; a note may say how. */
function CloseModal({ fault, onClose }: { fault: Fault; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const close = useFaultStep(fault, 'close');
  const [form] = Form.useForm<{ note?: string }>();

  const stillAllowed = fault.allowed_actions.includes('close');
  useEffect(() => {
    if (!stillAllowed) onClose();
  }, [stillAllowed, onClose]);

  const submit = () => {
    const note = (form.getFieldValue('note') as string | undefined)?.trim() ?? '';
    close.mutate(note, {
      onSuccess: () => {
        void message.success(t('faultPage.closed'));
        onClose();
      },
    });
  };
  const error = close.error;
  const stale = error instanceof ApiError && error.code === 'stale_version';

  return (
    <GuardedModal
      open
      title={t('faultPage.closeTitle', { title: fault.title })}
      okText={t('faultActions.close')}
      okButtonProps={lockedWhile(close.isPending)}
      cancelText={t('common.cancel')}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
      wrapClassName="touch-modal"
    >
      <Flex vertical gap={12}>
        <Typography.Paragraph style={{ margin: 0 }}>{t('faultPage.closeHint')}</Typography.Paragraph>
        <Form form={form} layout="vertical" name="fault_close" onFinish={submit}>
          <Form.Item name="note" label={t('faultPage.closeNote')}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={500} showCount />
          </Form.Item>
        </Form>
        {stale ? (
          <Alert type="warning" showIcon role="alert" title={t('faultPage.stale')} />
        ) : (
          error && (
            <div className="alert alert-error" role="alert">
              {errorText(error)}
            </div>
          )
        )}
      </Flex>
    </GuardedModal>
  );
}
