// 发起协调: a community worker, a supervisor of a compound's residents' organisation or a
// manager of its property company opens a case for a compound. The compounds offered are
// those under the reader's own grants; the server decides whether the reader is a party of
// the one chosen (403 `not_a_party`) and that it is a compound (422 on `unit_id`), and either
// refusal is said on the form, on its field where it has one.
import { Button, DatePicker, Flex, Form, Input, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { lockedWhile } from '../../api/submission';
import { useAuth } from '../../auth/AuthProvider';
import { ErrorAlert, useApplyFieldErrors } from '../../components/errors';
import { UnitPicker } from '../../components/UnitPicker';
import { DialogCancelButton, GuardedModal } from '../../components/useLeaveGuard';
import { useOpenCase, type CoordinationCase } from './api';

/** The roles through which someone is one of a compound's three parties. */
const PARTY_ROLES = new Set(['community_worker', 'supervisor', 'property_manager']);

interface Values {
  unit_id?: string;
  title?: string;
  description?: string;
  due_at?: Dayjs | null;
}

export function NewCaseModal({ onClose, onOpened }: { onClose: () => void; onOpened: (c: CoordinationCase) => void }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const [form] = Form.useForm<Values>();
  const open = useOpenCase();
  const applyFieldErrors = useApplyFieldErrors();
  const [error, setError] = useState<unknown>(null);
  const within = [...new Set((user?.grants ?? []).filter((g) => PARTY_ROLES.has(g.role)).map((g) => g.unit_id))];

  const submit = (values: Values) => {
    if (!values.unit_id || !values.title) return;
    setError(null);
    open.mutate(
      {
        unit_id: values.unit_id,
        title: values.title.trim(),
        description: values.description?.trim() ?? '',
        // The end of the chosen day, so that "by the 5th" includes the 5th.
        due_at: values.due_at ? values.due_at.endOf('day').toISOString() : null,
      },
      {
        onSuccess: onOpened,
        onError: (e) => {
          if (!applyFieldErrors(form, e)) setError(e);
        },
      },
    );
  };

  return (
    <GuardedModal open title={t('caseNew.heading')} onCancel={onClose} footer={null} destroyOnHidden wrapClassName="touch-modal">
      <Typography.Paragraph type="secondary">{t('caseNew.intro')}</Typography.Paragraph>
      <Form form={form} layout="vertical" name="new_case" onFinish={submit} requiredMark>
        <Form.Item name="unit_id" label={t('coordinationCase.unit')} rules={[{ required: true, message: t('caseNew.unitRequired') }]}>
          <UnitPicker kinds={['compound']} within={within.length ? within : undefined} placeholder={t('caseNew.unitPlaceholder')} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('coordinationCase.title')}
          rules={[
            { required: true, whitespace: true, message: t('caseNew.titleRequired') },
            { min: 2, max: 100, message: t('caseNew.titleLength') },
          ]}
        >
          <Input maxLength={100} placeholder={t('caseNew.titlePlaceholder')} />
        </Form.Item>
        <Form.Item name="description" label={t('coordinationCase.description')}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={2000} placeholder={t('caseNew.descriptionPlaceholder')} />
        </Form.Item>
        <Form.Item
          name="due_at"
          label={t('caseNew.dueAt')}
          extra={t('caseNew.dueAtHelp')}
          rules={[
            {
              validator: (_, value: Dayjs | null | undefined) =>
                !value || value.endOf('day').isAfter(dayjs()) ? Promise.resolve() : Promise.reject(new Error(t('caseNew.dueAtPast'))),
            },
          ]}
        >
          <DatePicker style={{ width: '100%' }} inputReadOnly disabledDate={(day) => day.isBefore(dayjs(), 'day')} />
        </Form.Item>
        <ErrorAlert error={error} />
        <Flex gap={8} justify="flex-end" wrap className="touch-buttons" style={{ marginTop: 12 }}>
          <DialogCancelButton onClick={onClose} />
          <Button type="primary" htmlType="submit" {...lockedWhile(open.isPending)}>
            {t('caseNew.submit')}
          </Button>
        </Flex>
      </Form>
    </GuardedModal>
  );
}
