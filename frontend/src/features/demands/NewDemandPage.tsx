// 群众下单: a resident files a demand from a phone; a community worker records one on a
// resident's behalf (visit / phone). While the title is typed, live demands like it in the
// chosen community are shown, with a one-tap co-sign where the API offers it, so the same
// need is supported rather than filed twice; filing still answers with the similar ones.
// Co-signing one of them from the draft ends the draft: the screen says it is done and leads
// to that demand (or back to the draft, for a different matter). A draft with something
// written in it warns before it is left (useLeaveGuard).
import { Alert, Button, Card, Flex, Form, Input, Radio, Result, Select, Space, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';

import { ApiError, type Schemas } from '../../api/client';
import { lockedWhile } from '../../api/submission';
import { useFilingUnits } from '../../api/orgUnits';
import { useAuth } from '../../auth/AuthProvider';
import { rolesOf } from '../../auth/roles';
import { usePhoneRule } from '../../components/accountRules';
import { CosignButton, offersCosign } from '../../components/CosignButton';
import { DemandCard } from '../../components/DemandCard';
import { ErrorAlert, useApplyFieldErrors } from '../../components/errors';
import { CATEGORIES, DemandStateTag, useEnumOptions } from '../../components/labels';
import { useDebounced } from '../../components/useDebounced';
import { appendSpoken, VoiceInput } from '../../components/VoiceInput';
import { useLeaveGuard } from '../../components/useLeaveGuard';
import { useFileDemand, useSimilarDemands } from './api';
import { draftDescription } from './similar';

type Source = Schemas['DemandSource'];

interface Values {
  title: string;
  description: string;
  category?: Schemas['DemandCategory'];
  unit_id?: string;
  source?: Source;
  author_name?: string;
  author_phone?: string;
}

const FIELDS = ['title', 'description', 'category', 'unit_id', 'source', 'author_name', 'author_phone'] as const;

/** The pause in typing after which the draft is compared with what is already filed. */
const DRAFT_PAUSE_MS = 400;

/** Live demands like the draft so far, once a unit is chosen and the title says something. */
function useSimilarToDraft(form: ReturnType<typeof Form.useForm<Values>>[0]) {
  const title = useDebounced((Form.useWatch('title', form) ?? '').trim(), DRAFT_PAUSE_MS);
  const description = useDebounced((Form.useWatch('description', form) ?? '').trim(), DRAFT_PAUSE_MS);
  const unit_id = Form.useWatch('unit_id', form);
  const category = Form.useWatch('category', form);
  const enabled = !!unit_id && [...title].length >= 2;
  const similar = useSimilarDemands(
    { unit_id: unit_id as string, title, description: draftDescription(description), category },
    enabled,
  );
  // A cleared title (or a new draft) shows none, not the last draft's.
  return enabled ? (similar.data ?? []) : [];
}

function SimilarToDraft({ demands, onCosigned }: { demands: Schemas['Demand'][]; onCosigned: (demand: Schemas['Demand']) => void }) {
  const { t } = useTranslation();
  if (demands.length === 0) return null;
  return (
    <section aria-labelledby="draft-similar-heading" style={{ marginBottom: 16 }}>
      <Typography.Title id="draft-similar-heading" level={5} style={{ marginTop: 0 }}>
        {t('demandDraftSimilar.heading', { n: demands.length })}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {demands.some(offersCosign) ? t('demandDraftSimilar.cosignHint') : t('demandDraftSimilar.checkHint')}
      </Typography.Paragraph>
      <Flex vertical gap={8}>
        {demands.map((d) => (
          <DemandCard key={d.id} demand={d} to={`/demands/${d.id}`} extra={<CosignButton demand={d} onCosigned={onCosigned} />} />
        ))}
      </Flex>
    </section>
  );
}

export function NewDemandPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const roles = rolesOf(user);
  const isWorker = roles.has('community_worker');
  const phoneRule = usePhoneRule();
  const isResident = roles.has('resident');
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const applyFieldErrors = useApplyFieldErrors();
  const [error, setError] = useState<unknown>(null);
  // What was filed lives in this screen's history entry, not in its state: coming back from
  // a demand opened here shows it again instead of an empty form.
  const location = useLocation();
  // So does the twin co-signed from the draft instead of filing it.
  const screenState = location.state as { created?: Schemas['CreatedDemand']; cosigned?: Schemas['Demand'] } | null;
  const created = screenState?.created ?? null;
  const cosigned = screenState?.cosigned ?? null;
  const setCreated = (demand: Schemas['CreatedDemand'] | null) =>
    navigate(location.pathname, { replace: true, state: demand ? { created: demand } : null });
  const setCosigned = (demand: Schemas['Demand'] | null) =>
    navigate(location.pathname, { replace: true, state: demand ? { cosigned: demand } : null });

  const grantUnitIds = useMemo(
    () => [
      ...new Set(
        (user?.grants ?? [])
          .filter((g) => g.role === 'resident' || g.role === 'community_worker')
          .map((g) => g.unit_id),
      ),
    ],
    [user],
  );
  const units = useFilingUnits(grantUnitIds);
  const similar = useSimilarToDraft(form);
  const written = [Form.useWatch('title', form), Form.useWatch('description', form), Form.useWatch('author_name', form)].some(
    (value) => !!value?.trim(),
  );
  const leaveGuard = useLeaveGuard(written && !created && !cosigned);

  // Grouped by community: the community itself (its common areas), then its compounds.
  const unitOptions = useMemo(() => {
    const all = units.data ?? [];
    return all
      .filter((u) => u.kind === 'community')
      .map((c) => ({
        label: c.name,
        title: c.name,
        options: [
          { value: c.id, label: t('newDemand.communityWide', { name: c.name }) },
          ...all
            .filter((u) => u.kind === 'compound' && u.parent_id === c.id)
            .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
            .map((u) => ({ value: u.id, label: u.name })),
        ],
      }));
  }, [units.data, t]);

  // With one community there is nothing to choose at first: start there.
  useEffect(() => {
    if (unitOptions.length === 1 && !form.getFieldValue('unit_id')) {
      form.setFieldValue('unit_id', unitOptions[0].options[0].value);
    }
  }, [unitOptions, form]);

  const categoryOptions = useEnumOptions('demandCategories', CATEGORIES);
  const sourceValues: Source[] = isResident ? ['visit', 'phone', 'app'] : ['visit', 'phone'];
  const sourceOptions = useEnumOptions('demandSources', sourceValues);
  const source = Form.useWatch('source', form);

  const file = useFileDemand();

  const submit = (values: Values) => {
    setError(null);
    const staff = isWorker && values.source !== 'app';
    const body: Schemas['NewDemandRequest'] = {
      title: values.title.trim(),
      description: (values.description ?? '').trim(),
      category: values.category as Schemas['DemandCategory'],
      unit_id: values.unit_id as string,
      ...(isWorker ? { source: values.source } : {}),
      ...(staff && values.author_name?.trim() ? { author_name: values.author_name.trim() } : {}),
      ...(staff && values.author_phone?.trim() ? { author_phone: values.author_phone.trim() } : {}),
    };
    file.mutate(body, {
      onSuccess: (demand) => {
        setCreated(demand);
        window.scrollTo?.({ top: 0 });
      },
      onError: (e) => {
        // Field errors go on the fields; anything not shown on a field is said above the button.
        const applied = applyFieldErrors(form, e);
        const offForm =
          e instanceof ApiError &&
          Object.keys(e.problem.errors ?? {}).some((f) => !(FIELDS as readonly string[]).includes(f));
        if (!applied || offForm) setError(e);
      },
    });
  };

  const again = () => {
    setCreated(null);
    setError(null);
    file.reset();
    form.resetFields(['title', 'description', 'category', 'author_name', 'author_phone']);
  };

  if (cosigned) {
    return (
      <Card style={{ maxWidth: 640, margin: '0 auto' }}>
        <Result
          status="success"
          title={t('demandDraftSimilar.cosignedTitle', { title: cosigned.title })}
          subTitle={t('demandDraftSimilar.cosignedBody')}
          extra={[
            <Button key="view" type="primary" onClick={() => navigate(`/demands/${cosigned.id}`)}>
              {t('demandDraftSimilar.viewCosigned')}
            </Button>,
            ...(isResident
              ? [
                  <Button key="mine" onClick={() => navigate('/my/demands?tab=cosigned')}>
                    {t('demandDraftSimilar.myCosigned')}
                  </Button>,
                ]
              : []),
            <Button key="different" type="link" onClick={() => setCosigned(null)}>
              {t('demandDraftSimilar.differentMatter')}
            </Button>,
          ]}
        />
      </Card>
    );
  }

  if (created) {
    return (
      <Flex vertical gap={12} style={{ maxWidth: 640, margin: '0 auto' }}>
        <Card>
          <Result
            status="success"
            title={t('demand.submitted')}
            subTitle={
              <Space wrap>
                <span>{created.title}</span>
                <DemandStateTag state={created.state} />
              </Space>
            }
            extra={[
              <Button key="view" type="primary" onClick={() => navigate(`/demands/${created.id}`, { replace: true })}>
                {t('newDemand.view')}
              </Button>,
              <Button key="again" onClick={again}>
                {t('newDemand.another')}
              </Button>,
            ]}
          />
        </Card>
        {created.similar.length > 0 && (
          <section aria-labelledby="similar-heading">
            <Typography.Title id="similar-heading" level={4}>
              {t('demand.similar')}
            </Typography.Title>
            <Flex vertical gap={8}>
              {created.similar.map((s) => (
                <DemandCard
                  key={s.id}
                  demand={s}
                  to={`/demands/${s.id}`}
                  extra={<CosignButton demand={s} />}
                />
              ))}
            </Flex>
          </section>
        )}
      </Flex>
    );
  }

  const noScope = !!user && grantUnitIds.length === 0;

  return (
    <Card style={{ maxWidth: 640, margin: '0 auto' }} styles={{ body: { padding: 16 } }}>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('nav.newDemand')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('newDemand.intro')}</Typography.Paragraph>
      {noScope && <Alert type="warning" showIcon role="alert" title={t('newDemand.noScope')} style={{ marginBottom: 12 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        requiredMark={false}
        initialValues={{ title: '', description: '', source: isWorker ? 'visit' : undefined, author_name: '', author_phone: '' }}
        disabled={noScope}
      >
        {isWorker && (
          <>
            <Form.Item name="source" label={t('demand.source')} rules={[{ required: true, message: t('newDemand.sourceRequired') }]}>
              <Radio.Group optionType="button" buttonStyle="solid" options={sourceOptions} />
            </Form.Item>
            {source !== 'app' && (
              <Form.Item
                name="author_name"
                label={t('newDemand.authorName')}
                extra={t('newDemand.authorNameHelp')}
                rules={[{ max: 50, message: t('errors.display_name_length') }]}
              >
                <Input maxLength={50} autoComplete="off" />
              </Form.Item>
            )}
            {source !== 'app' && (
              <Form.Item name="author_phone" label={t('newDemand.authorPhone')} extra={t('newDemand.authorPhoneHelp')} rules={[phoneRule]}>
                <Input inputMode="tel" autoComplete="off" maxLength={24} />
              </Form.Item>
            )}
          </>
        )}
        <Form.Item
          name="title"
          label={t('demand.title')}
          rules={[
            { required: true, whitespace: true, message: t('required.title') },
            { min: 2, max: 100, message: t('errors.title_length') },
          ]}
        >
          <Input showCount maxLength={100} placeholder={t('newDemand.titlePlaceholder')} />
        </Form.Item>
        <SimilarToDraft demands={similar} onCosigned={setCosigned} />
        <Form.Item name="category" label={t('demand.category')} rules={[{ required: true, message: t('newDemand.categoryRequired') }]}>
          <Select options={categoryOptions} placeholder={t('newDemand.categoryRequired')} />
        </Form.Item>
        <Form.Item name="unit_id" label={t('demand.unit')} rules={[{ required: true, message: t('newDemand.unitRequired') }]}>
          <Select
            options={unitOptions}
            loading={units.isLoading}
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('newDemand.unitRequired')}
          />
        </Form.Item>
        <Form.Item
          name="description"
          label={t('demand.description')}
          rules={[{ max: 2000, message: t('errors.description_length') }]}
        >
          <Input.TextArea showCount maxLength={2000} autoSize={{ minRows: 4, maxRows: 12 }} placeholder={t('newDemand.descriptionPlaceholder')} />
        </Form.Item>
        <VoiceInput onText={(text) => form.setFieldValue('description', appendSpoken(form.getFieldValue('description'), text))} />
        <Flex vertical gap={12}>
          <ErrorAlert error={error || units.error} />
          <Button type="primary" htmlType="submit" block size="large" {...lockedWhile(file.isPending)}>
            {t('common.submit')}
          </Button>
        </Flex>
      </Form>
      {leaveGuard}
    </Card>
  );
}
