// 发布资源 and 修改资源: the kind decides the quantity's input (yuan for funds; a number and its
// measure otherwise); where it is offered is the organisation's unit or one below it. Every
// field is checked here with the API's rules, in Chinese, before anything is sent. Editing
// keeps the kind, the measure and the unit (claims were made against them) and never takes
// the quantity below what projects hold.
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
import { formatQuantity } from '../../components/money';
import { RESOURCE_KINDS, useEditResource, usePublishResource, type Resource } from './api';
import { editBody, editValues, publishBody, type PublishValues } from './publish';

export function ResourceForm({
  organizationId,
  unitId,
  editing,
  onDone,
  onCancel,
}: {
  organizationId: string;
  /** The organisation's unit: the default, and the top of what may be chosen. */
  unitId: string;
  /** The resource being edited; a new one is published without it. */
  editing?: Resource;
  onDone: (saved: Resource) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<PublishValues>();
  const kind = Form.useWatch('kind', form);
  const kindOptions = useEnumOptions('resourceKinds', RESOURCE_KINDS);
  const publish = usePublishResource();
  const edit = useEditResource();
  const saving = editing ? edit : publish;
  // Below what projects hold the server refuses (409 quantity_below_allocated): said here first.
  const least = editing?.allocated || 1;
  const held = editing && editing.allocated > 0 ? { allocated: formatQuantity(editing.allocated, editing.measure) } : null;
  const belowHeld = held && t('resourceEdit.belowAllocated', held);
  const wasUntil = editing ? editValues(editing).available_until : null;
  const applyFieldErrors = useApplyFieldErrors();
  const [error, setError] = useState<unknown>(null);

  const required = (key: 'title' | 'measure'): FormRule => ({
    required: true,
    whitespace: true,
    message: t(`resourcePublish.required.${key}`),
  });

  const onError = (values: PublishValues) => (e: unknown) => {
    if (!applyFieldErrors(form, e, { quantity: values.kind === 'funds' ? 'amount' : 'quantity' })) setError(e);
  };
  const submit = (values: PublishValues) => {
    setError(null);
    if (editing) {
      const body = editBody(editing, values);
      // Nothing changed: nothing to send.
      if (!body) return onDone(editing);
      edit.mutate({ id: editing.id, body }, { onSuccess: onDone, onError: onError(values) });
      return;
    }
    const body = publishBody(organizationId, values);
    if (body) publish.mutate(body, { onSuccess: onDone, onError: onError(values) });
  };
  const wholeNumber = (value: number | null | undefined) =>
    value === null || value === undefined || (Number.isSafeInteger(value) && value >= 1);

  return (
    <Form form={form} layout="vertical" onFinish={submit} initialValues={editing ? editValues(editing) : { unit_id: unitId }}>
      <Form.Item
        name="kind"
        label={t('resource.kind')}
        extra={editing ? t('resourceEdit.fixed') : undefined}
        rules={[{ required: true, message: t('resourcePublish.required.kind') }]}
      >
        <Select options={kindOptions} disabled={!!editing} />
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
              validator: (_, value: number | null | undefined) => {
                if (value === null || value === undefined) return Promise.resolve();
                const fen = positiveYuanToFen(value);
                if (!fen) return Promise.reject(new Error(t('resourcePublish.invalid.amount')));
                return belowHeld && fen < least ? Promise.reject(new Error(belowHeld)) : Promise.resolve();
              },
            },
          ]}
          extra={held && t('resourceEdit.held', held)}
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
                validator: (_, value: number | null | undefined) => {
                  if (!wholeNumber(value)) return Promise.reject(new Error(t('resourcePublish.invalid.quantity')));
                  return belowHeld && value && value < least ? Promise.reject(new Error(belowHeld)) : Promise.resolve();
                },
              },
            ]}
            extra={held && t('resourceEdit.held', held)}
          >
            <InputNumber<number> min={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="measure"
            label={t('resourcePublish.measure')}
            style={{ flex: '1 1 140px' }}
            rules={[required('measure'), { max: 20, message: t('resourcePublish.invalid.measure') }]}
          >
            <Input maxLength={20} placeholder={t('resourcePublish.measurePlaceholder')} disabled={!!editing} />
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
            // An expired offer's date may stay as it is while something else is edited.
            validator: (_, value: dayjs.Dayjs | null | undefined) =>
              !value || value.isAfter(dayjs(), 'day') || (wasUntil && value.isSame(wasUntil, 'day'))
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
        extra={editing ? undefined : t('resourcePublish.unitHelp')}
        rules={[{ required: true, message: t('resourcePublish.required.unit') }]}
      >
        <UnitPicker within={[unitId]} style={{ width: '100%' }} disabled={!!editing} />
      </Form.Item>
      <ErrorAlert error={error} />
      <Flex gap={8} justify="flex-end" style={{ marginTop: 12 }}>
        <DialogCancelButton onClick={onCancel} />
        <Button type="primary" htmlType="submit" {...lockedWhile(saving.isPending)}>
          {editing ? t('resourceEdit.save') : t('resourcePublish.open')}
        </Button>
      </Flex>
    </Form>
  );
}
