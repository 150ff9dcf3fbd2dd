// 发布资源: the kind decides the quantity's input (yuan for funds; a number and its measure
// otherwise); where it is offered is the organisation's unit or one below it. Every field is
// checked here with the API's rules, in Chinese, before anything is sent.
import { Button, DatePicker, Flex, Form, Input, InputNumber, Select, type FormRule } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { lockedWhile } from '../../api/submission';
import { ErrorAlert, useApplyFieldErrors } from '../../components/errors';
import { useEnumOptions } from '../../components/labels';
import { positiveYuanToFen } from '../../components/money';
import { UnitPicker } from '../../components/UnitPicker';
import { DialogCancelButton } from '../../components/useLeaveGuard';
import { RESOURCE_KINDS, usePublishResource, type Resource } from './api';
import { publishBody, type PublishValues } from './publish';

export function PublishResourceForm({
  organizationId,
  unitId,
  onDone,
  onCancel,
}: {
  organizationId: string;
  /** The organisation's unit: the default, and the top of what may be chosen. */
  unitId: string;
  onDone: (created: Resource) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<PublishValues>();
  const kind = Form.useWatch('kind', form);
  const kindOptions = useEnumOptions('resourceKinds', RESOURCE_KINDS);
  const publish = usePublishResource();
  const applyFieldErrors = useApplyFieldErrors();
  const [error, setError] = useState<unknown>(null);

  const required = (key: 'title' | 'measure'): FormRule => ({
    required: true,
    whitespace: true,
    message: t(`resourcePublish.required.${key}`),
  });

  const submit = (values: PublishValues) => {
    const body = publishBody(organizationId, values);
    if (!body) return;
    setError(null);
    publish.mutate(body, {
      onSuccess: onDone,
      onError: (e) => {
        if (!applyFieldErrors(form, e, { quantity: values.kind === 'funds' ? 'amount' : 'quantity' })) setError(e);
      },
    });
  };

  return (
    <Form form={form} layout="vertical" onFinish={submit} initialValues={{ unit_id: unitId }}>
      <Form.Item name="kind" label={t('resource.kind')} rules={[{ required: true, message: t('resourcePublish.required.kind') }]}>
        <Select options={kindOptions} />
      </Form.Item>
      <Form.Item
        name="title"
        label={t('resource.title')}
        rules={[required('title'), { min: 2, max: 100, message: t('resourcePublish.invalid.title') }]}
      >
        <Input maxLength={100} placeholder={t('resourcePublish.titlePlaceholder')} />
      </Form.Item>
      {kind === 'funds' ? (
        <Form.Item
          name="amount"
          label={t('resourcePublish.amount')}
          rules={[
            { required: true, message: t('resourcePublish.required.amount') },
            {
              validator: (_, value: number | null | undefined) =>
                value === null || value === undefined || positiveYuanToFen(value)
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('resourcePublish.invalid.amount'))),
            },
          ]}
        >
          <InputNumber<number> prefix="¥" min={0} step={1000} style={{ width: '100%' }} placeholder={t('resourcePublish.amountPlaceholder')} />
        </Form.Item>
      ) : (
        <Flex gap={8} wrap>
          <Form.Item
            name="quantity"
            label={t('resourcePublish.quantity')}
            style={{ flex: '1 1 140px' }}
            rules={[
              { required: true, message: t('resourcePublish.required.quantity') },
              {
                validator: (_, value: number | null | undefined) =>
                  value === null || value === undefined || (Number.isSafeInteger(value) && value >= 1)
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('resourcePublish.invalid.quantity'))),
              },
            ]}
          >
            <InputNumber<number> min={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="measure"
            label={t('resourcePublish.measure')}
            style={{ flex: '1 1 140px' }}
            rules={[required('measure'), { max: 20, message: t('resourcePublish.invalid.measure') }]}
          >
            <Input maxLength={20} placeholder={t('resourcePublish.measurePlaceholder')} />
          </Form.Item>
        </Flex>
      )}
      <Form.Item name="description" label={t('resource.description')} rules={[{ max: 2000, message: t('resourcePublish.invalid.description') }]}>
        <Input.TextArea rows={3} maxLength={2000} placeholder={t('resourcePublish.descriptionPlaceholder')} />
      </Form.Item>
      <Form.Item
        name="available_until"
        label={t('resource.availableUntil')}
        extra={t('resourcePublish.availableUntilHelp')}
        rules={[
          {
            validator: (_, value: dayjs.Dayjs | null | undefined) =>
              !value || value.isAfter(dayjs(), 'day')
                ? Promise.resolve()
                : Promise.reject(new Error(t('resourcePublish.invalid.availableUntil'))),
          },
        ]}
      >
        <DatePicker style={{ width: '100%' }} disabledDate={(day) => !day.isAfter(dayjs(), 'day')} />
      </Form.Item>
      <Form.Item
        name="unit_id"
        label={t('resource.unit')}
        extra={t('resourcePublish.unitHelp')}
        rules={[{ required: true, message: t('resourcePublish.required.unit') }]}
      >
        <UnitPicker within={[unitId]} style={{ width: '100%' }} />
      </Form.Item>
      <ErrorAlert error={error} />
      <Flex gap={8} justify="flex-end" style={{ marginTop: 12 }}>
        <DialogCancelButton onClick={onCancel} />
        <Button type="primary" htmlType="submit" {...lockedWhile(publish.isPending)}>
          {t('resourcePublish.open')}
        </Button>
      </Flex>
    </Form>
  );
}
