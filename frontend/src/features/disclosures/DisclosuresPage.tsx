// 定期公示 in the officials' app: the disclosures of the reader's street (a street committee),
// or of every street (the district, auditors), each with the server's check; and, for whoever
// may publish (`/me/permissions`' `disclosure_streets`: a street committee's own street, every
// street for the district admin), 发布公示: a period of Beijing days, the month before by default. A period
// the API would refuse is said before sending, in the API's own words; a refusal the server
// sends (a period already disclosed, 409 `period_disclosed`) is said on the form. On a phone
// the days are the phone's own date fields: its picker opens whole on any screen and in the
// reader's text size, where antd's calendar (a month's grid of thumb-sized days) spilled off a
// 375 px screen.
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Flex, Form, Input, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';

import { lockedWhile } from '../../api/submission';
import { useAllOrgUnits } from '../../api/orgUnits';
import { useAuth } from '../../auth/AuthProvider';
import { usePermissions } from '../../auth/usePermissions';
import { CursorListView } from '../../components/CursorListView';
import { ErrorAlert, useApplyFieldErrors } from '../../components/errors';
import { useMediaQuery } from '../../components/useMediaQuery';
import { DialogCancelButton, GuardedModal } from '../../components/useLeaveGuard';
import { useDisclosureList, usePublishDisclosure, type DisclosureDetail } from './api';
import { DisclosureRow } from './parts';
import { beijingToday, lastMonth, periodProblem } from './period';

export function DisclosuresPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const permissions = usePermissions();
  const publishable = useMemo(() => permissions.data?.disclosure_streets ?? [], [permissions.data]);
  const canPublish = publishable.length > 0;
  // A street committee reads its own street's; the district and auditors every street's.
  const ownStreets = useMemo(
    () => [...new Set((user?.grants ?? []).filter((g) => g.role === 'street_committee').map((g) => g.unit_id))],
    [user],
  );
  const streets = useAllOrgUnits({ kind: 'street' });
  const [params, setParams] = useSearchParams();
  const chosen = params.get('street') || undefined;
  const street = chosen ?? (ownStreets.length === 1 ? ownStreets[0] : undefined);
  const offered = (streets.data ?? []).filter((s) => ownStreets.length === 0 || ownStreets.includes(s.id));
  const list = useDisclosureList(street);
  const [publishing, setPublishing] = useState(false);

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="flex-start" gap={8} wrap>
        <div style={{ minWidth: 0, flex: 1 }}>
          <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 4 }}>
            {t('disclosure.heading')}
          </Typography.Title>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {canPublish ? t('disclosure.officialIntro') : t('disclosure.readerIntro')}
          </Typography.Paragraph>
        </div>
        {canPublish && (
          <Button type="primary" icon={<PlusOutlined />} className="touch-target" onClick={() => setPublishing(true)}>
            {t('disclosure.publish')}
          </Button>
        )}
      </Flex>
      {ownStreets.length !== 1 && (
        <Select
          aria-label={t('disclosure.street')}
          value={chosen ?? ''}
          loading={streets.isLoading}
          onChange={(value: string) => setParams(value ? { street: value } : {}, { replace: true })}
          options={[{ value: '', label: t('disclosure.allStreets') }, ...offered.map((s) => ({ value: s.id, label: s.name }))]}
          style={{ maxWidth: 320 }}
        />
      )}
      <Typography.Paragraph style={{ marginBottom: 0 }}>
        <Link to={street ? `/board/disclosures?street=${street}` : '/board/disclosures'}>{t('disclosure.onBoard')}</Link>
      </Typography.Paragraph>
      <CursorListView
        list={list}
        label={t('disclosure.list')}
        retryText={t('disclosure.retry')}
        emptyText={t('disclosure.empty')}
        renderItem={(d) => <DisclosureRow disclosure={d} />}
      />
      {publishing && (
        <PublishModal
          streets={(streets.data ?? []).filter((s) => publishable.includes(s.id))}
          defaultStreet={street ?? (publishable.length === 1 ? publishable[0] : undefined)}
          onClose={() => setPublishing(false)}
        />
      )}
    </Flex>
  );
}

interface Values {
  unit_id?: string;
  /** Days as `YYYY-MM-DD`, as the API takes them. */
  period_start?: string | null;
  period_end?: string | null;
}

const DAY = 'YYYY-MM-DD';

/** A day as `YYYY-MM-DD`, before `today`: the phone's date field, or antd's picker from a tablet up. */
function DayField({ id, value, onChange, today }: { id?: string; value?: string | null; onChange?: (day: string | null) => void; today: string }) {
  const phone = useMediaQuery('(max-width: 575px)');
  const yesterday = dayjs(today).subtract(1, 'day').format(DAY);
  if (phone) return <Input id={id} type="date" max={yesterday} value={value ?? ''} onChange={(e) => onChange?.(e.target.value || null)} />;
  return (
    <DatePicker
      id={id}
      style={{ width: '100%' }}
      value={value ? dayjs(value) : null}
      onChange={(day: Dayjs | null) => onChange?.(day ? day.format(DAY) : null)}
      disabledDate={(day) => day.format(DAY) > yesterday}
    />
  );
}

function PublishModal({
  streets,
  defaultStreet,
  onClose,
}: {
  /** The streets the reader publishes for, with their names. */
  streets: { id: string; name: string }[];
  defaultStreet: string | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const publish = usePublishDisclosure();
  const applyFieldErrors = useApplyFieldErrors();
  const [error, setError] = useState<unknown>(null);
  const today = beijingToday();
  const initial = lastMonth(today);

  const submit = (values: Values) => {
    if (!values.unit_id || !values.period_start || !values.period_end) return;
    setError(null);
    publish.mutate(
      { unit_id: values.unit_id, period_start: values.period_start, period_end: values.period_end },
      {
        onSuccess: (d: DisclosureDetail) => {
          message.success(t('disclosure.publishedOne', { street: d.street_name, n: d.number }));
          onClose();
        },
        onError: (e) => {
          if (!applyFieldErrors(form, e)) setError(e);
        },
      },
    );
  };

  return (
    <GuardedModal open title={t('disclosure.publish')} onCancel={onClose} footer={null} destroyOnHidden wrapClassName="touch-modal">
      <Typography.Paragraph type="secondary">{t('disclosure.publishIntro')}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        name="publish_disclosure"
        onFinish={submit}
        requiredMark
        initialValues={{ unit_id: defaultStreet, period_start: initial.start, period_end: initial.end }}
      >
        <Form.Item
          name="unit_id"
          label={t('disclosure.street')}
          hidden={streets.length <= 1}
          rules={[{ required: true, message: t('disclosure.streetRequired') }]}
        >
          <Select options={streets.map((s) => ({ value: s.id, label: s.name }))} />
        </Form.Item>
        {streets.length === 1 && (
          <Typography.Paragraph>{t('common.labelled', { label: t('disclosure.street'), value: streets[0].name })}</Typography.Paragraph>
        )}
        <Form.Item name="period_start" label={t('disclosure.periodStart')} rules={[{ required: true, message: t('disclosure.startRequired') }]}>
          <DayField today={today} />
        </Form.Item>
        <Form.Item
          name="period_end"
          label={t('disclosure.periodEnd')}
          extra={t('disclosure.periodHelp')}
          dependencies={['period_start']}
          rules={[
            { required: true, message: t('disclosure.endRequired') },
            ({ getFieldValue }) => ({
              validator: (_, end: string | null | undefined) => {
                const start = getFieldValue('period_start') as string | null | undefined;
                if (!start || !end) return Promise.resolve();
                const problem = periodProblem({ start, end }, today);
                return problem ? Promise.reject(new Error(t(`errors.${problem}`))) : Promise.resolve();
              },
            }),
          ]}
        >
          <DayField today={today} />
        </Form.Item>
        <ErrorAlert error={error} />
        <Flex gap={8} justify="flex-end" wrap className="touch-buttons" style={{ marginTop: 12 }}>
          <DialogCancelButton onClick={onClose} />
          <Button type="primary" htmlType="submit" {...lockedWhile(publish.isPending)}>
            {t('disclosure.publishSubmit')}
          </Button>
        </Flex>
      </Form>
    </GuardedModal>
  );
}
