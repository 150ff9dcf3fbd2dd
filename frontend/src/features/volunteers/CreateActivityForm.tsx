// 发布活动: a leader's new activity for its team: a name, what it is, when it starts and ends
// (after it starts, within 7 days) and how many may sign up (1 to 1000), each checked here
// with the API's rules, in the reader's language, before anything is sent. Times are the
// phone's own date and time pickers (`datetime-local`), in the reader's time zone.
import { Button, Flex, Form, Input, InputNumber } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { lockedWhile } from '../../api/submission';
import { ErrorAlert, useApplyFieldErrors } from '../../components/errors';
import { DialogCancelButton } from '../../components/useLeaveGuard';
import { useCreateActivity, type Activity } from './api';

/** As `<input type="datetime-local">` writes a time. */
const LOCAL = 'YYYY-MM-DDTHH:mm';
/** The longest an activity may last (the API's rule). */
const MAX_DAYS = 7;

interface Values {
  title: string;
  description?: string;
  starts_at: string;
  ends_at: string;
  capacity: number;
}

export function CreateActivityForm({
  organizationId,
  onDone,
  onCancel,
}: {
  organizationId: string;
  onDone: (created: Activity) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const create = useCreateActivity();
  const applyFieldErrors = useApplyFieldErrors();
  const [error, setError] = useState<unknown>(null);
  // Tomorrow morning, two hours: a common activity, changed in a tap or two.
  const [initial] = useState(() => {
    const starts = dayjs().add(1, 'day').hour(9).minute(0);
    return { starts_at: starts.format(LOCAL), ends_at: starts.add(2, 'hour').format(LOCAL), capacity: 10 };
  });

  const submit = (values: Values) => {
    setError(null);
    const description = values.description?.trim();
    create.mutate(
      {
        organization_id: organizationId,
        title: values.title.trim(),
        description: description || null,
        starts_at: dayjs(values.starts_at).toISOString(),
        ends_at: dayjs(values.ends_at).toISOString(),
        capacity: values.capacity,
      },
      {
        onSuccess: onDone,
        onError: (e) => {
          if (!applyFieldErrors(form, e)) setError(e);
        },
      },
    );
  };

  return (
    <Form form={form} layout="vertical" onFinish={submit} initialValues={initial}>
      <Form.Item
        name="title"
        label={t('volunteerActivity.title')}
        rules={[
          { required: true, whitespace: true, message: t('volunteerManage.titleRequired') },
          { min: 2, max: 100, message: t('volunteerManage.titleLength') },
        ]}
      >
        <Input maxLength={100} placeholder={t('volunteerManage.titlePlaceholder')} />
      </Form.Item>
      <Form.Item name="description" label={t('volunteerActivity.description')} rules={[{ max: 2000, message: t('volunteerManage.descriptionLength') }]}>
        <Input.TextArea rows={3} maxLength={2000} placeholder={t('volunteerManage.descriptionPlaceholder')} />
      </Form.Item>
      <Flex gap={8} wrap>
        <Form.Item
          name="starts_at"
          label={t('volunteerActivity.startsAt')}
          style={{ flex: '1 1 200px' }}
          rules={[{ required: true, message: t('volunteerManage.startsRequired') }]}
        >
          <Input type="datetime-local" />
        </Form.Item>
        <Form.Item
          name="ends_at"
          label={t('volunteerActivity.endsAt')}
          style={{ flex: '1 1 200px' }}
          dependencies={['starts_at']}
          rules={[
            { required: true, message: t('volunteerManage.endsRequired') },
            ({ getFieldValue }) => ({
              validator: (_, value: string | undefined) => {
                const starts = dayjs(getFieldValue('starts_at') as string | undefined);
                const ends = dayjs(value);
                if (!value || !starts.isValid() || !ends.isValid()) return Promise.resolve();
                if (!ends.isAfter(starts)) return Promise.reject(new Error(t('errors.ends_before_start')));
                if (ends.diff(starts, 'minute') > MAX_DAYS * 24 * 60) return Promise.reject(new Error(t('errors.too_long')));
                return Promise.resolve();
              },
            }),
          ]}
        >
          <Input type="datetime-local" />
        </Form.Item>
      </Flex>
      <Form.Item
        name="capacity"
        label={t('volunteerActivity.capacity')}
        rules={[
          { required: true, message: t('volunteerManage.capacityRequired') },
          {
            validator: (_, value: number | null | undefined) =>
              value === null || value === undefined || (Number.isInteger(value) && value >= 1 && value <= 1000)
                ? Promise.resolve()
                : Promise.reject(new Error(t('errors.capacity_range'))),
          },
        ]}
      >
        <InputNumber<number> min={1} max={1000} precision={0} inputMode="numeric" suffix={t('volunteerManage.peopleUnit')} style={{ width: '100%' }} />
      </Form.Item>
      <ErrorAlert error={error} />
      <Flex gap={8} justify="flex-end" style={{ marginTop: 12 }}>
        <DialogCancelButton onClick={onCancel} />
        <Button type="primary" htmlType="submit" {...lockedWhile(create.isPending)}>
          {t('volunteerManage.create')}
        </Button>
      </Flex>
    </Form>
  );
}
