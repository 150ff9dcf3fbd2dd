// The org-unit tree (district ⊃ street ⊃ community ⊃ compound), loaded a level at a time.
// Everyone who reaches this screen may read it; only a district admin changes it.
import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Empty, Form, Input, InputNumber, Row, Select, Space, Spin, Tree, Typography, type TreeDataNode, type TreeProps } from 'antd';
import { useCallback, useEffect, useState, type Key } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';

import type { Schemas } from '../../api/client';
import { childrenQuery, unitQuery, type OrgUnit } from '../../api/orgUnits';
import { useAuth } from '../../auth/AuthProvider';
import { managesUnits, rolesOf } from '../../auth/roles';
import { ErrorAlert } from '../../components/errors';
import { COMMUNITY_TYPES, unitLevelLabel, useEnumOptions } from '../../components/labels';
import { UnitLabel, UnitName } from '../../components/UnitPicker';
import { createOrgUnit, updateOrgUnit, useOrgUnitReload, useOrgUnitSaved } from './api';
import { FormButtons, FormModal, useFormSubmit, useNameRules } from './forms';
import { formatDateTime } from '../../components/dates';

type NewOrgUnitRequest = Schemas['NewOrgUnitRequest'];
type OrgUnitPatch = Schemas['OrgUnitPatch'];

export function UnitsPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const canEdit = managesUnits(rolesOf(user));
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const selected = params.get('unit');
  const [expanded, setExpanded] = useState<Key[]>([]);
  const [loaded, setLoaded] = useState<string[]>([]);
  const [loadError, setLoadError] = useState<unknown>(null);

  const roots = useQuery(childrenQuery(null));
  const levels = useQueries({ queries: loaded.map((id) => childrenQuery(id)) });
  const childrenOf = new Map(loaded.map((id, i) => [id, levels[i]?.data]));
  const levelError = levels.find((l) => l.error)?.error;

  const node = (unit: OrgUnit): TreeDataNode => ({
    key: unit.id,
    title: <UnitLabel unit={unit} />,
    // The API says which kind a child must be (domain's rule); none means a leaf.
    isLeaf: !unit.child_kind,
    children: childrenOf.get(unit.id)?.map(node),
  });
  const treeData = (roots.data ?? []).map(node);

  /** Fetches a unit's children. A failed level collapses again, so opening it retries. */
  const load = useCallback(
    async (id: string) => {
      try {
        await queryClient.fetchQuery(childrenQuery(id));
        setLoadError(null);
        setLoaded((l) => (l.includes(id) ? l : [...l, id]));
        return true;
      } catch (e) {
        setLoadError(e);
        setExpanded((keys) => keys.filter((k) => k !== id));
        return false;
      }
    },
    [queryClient],
  );
  const loadData: TreeProps['loadData'] = async ({ key }) => {
    await load(String(key));
  };

  /** Opens a unit in the tree (after a child was added to it, or a district at first). */
  const open = useCallback(
    async (id: string) => {
      if (await load(id)) setExpanded((keys) => (keys.includes(id) ? keys : [...keys, id]));
    },
    [load],
  );

  // The districts open by themselves, so the screen starts with the streets in view.
  const [opened, setOpened] = useState(false);
  useEffect(() => {
    if (opened || !roots.data) return;
    setOpened(true);
    roots.data.forEach((u) => void open(u.id));
  }, [opened, roots.data, open]);

  const select = (id: string | null) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (id) next.set('unit', id);
        else next.delete('unit');
        return next;
      },
      { replace: true },
    );

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('nav.units')}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={10}>
          <Card title={t('admin.tree')} size="small">
            <ErrorAlert error={roots.error ?? loadError ?? levelError} />
            {roots.isLoading ? (
              <Spin aria-label={t('common.loading')} />
            ) : treeData.length === 0 && !roots.error ? (
              <Empty description={t('common.noData')} />
            ) : (
              <Tree
                aria-label={t('admin.tree')}
                treeData={treeData}
                loadData={loadData}
                loadedKeys={loaded}
                expandedKeys={expanded}
                onExpand={(keys) => setExpanded(keys)}
                selectedKeys={selected ? [selected] : []}
                onSelect={(keys) => select(keys.length ? String(keys[0]) : null)}
                blockNode
              />
            )}
          </Card>
        </Col>
        <Col xs={24} md={14}>
          {selected ? (
            <UnitDetails id={selected} canEdit={canEdit} onChildAdded={(id) => void open(id)} />
          ) : (
            <Card size="small">
              <Empty description={t('admin.selectUnit')} />
            </Card>
          )}
        </Col>
      </Row>
    </Space>
  );
}

function UnitDetails({ id, canEdit, onChildAdded }: { id: string; canEdit: boolean; onChildAdded: (parentId: string) => void }) {
  const { t } = useTranslation();
  const unit = useQuery(unitQuery(id));
  const [dialog, setDialog] = useState<'edit' | 'child' | null>(null);

  if (unit.error) return <ErrorAlert error={unit.error} />;
  if (!unit.data) return <Spin aria-label={t('common.loading')} />;
  const u = unit.data;
  const childKind = u.child_kind ?? null;

  return (
    <Card
      size="small"
      title={<UnitLabel unit={u} />}
      extra={
        canEdit && (
          <Space wrap>
            <Button onClick={() => setDialog('edit')}>{t('common.edit')}</Button>
            {childKind && (
              <Button type="primary" onClick={() => setDialog('child')}>
                {t('admin.addChildKind', { kind: t(`unitKinds.${childKind}`) })}
              </Button>
            )}
          </Space>
        )
      }
    >
      <Descriptions
        column={1}
        size="small"
        items={[
          { key: 'name', label: t('admin.name'), children: u.name },
          { key: 'kind', label: t('admin.kind'), children: unitLevelLabel(t, u) },
          ...(u.kind === 'community'
            ? [{ key: 'type', label: t('admin.communityType'), children: u.community_type ? t(`communityTypes.${u.community_type}`) : '—' }]
            : []),
          // 公示日: the day of the month by which the district's streets disclose the month before.
          ...(u.kind === 'district'
            ? [
                {
                  key: 'disclosureDay',
                  label: t('admin.disclosureDay'),
                  children: u.disclosure_day ? t('admin.disclosureDayValue', { day: u.disclosure_day }) : t('admin.disclosureDayUnset'),
                },
              ]
            : []),
          { key: 'parent', label: t('admin.parent'), children: <UnitName id={u.parent_id} /> },
          { key: 'updated', label: t('admin.updatedAt'), children: <time dateTime={u.updated_at}>{formatDateTime(u.updated_at)}</time> },
        ]}
      />
      <Space wrap style={{ marginTop: 12 }}>
        <Link to={`/admin/organizations?unit=${u.id}`}>{t('admin.organizationsHere')}</Link>
        <Link to={`/admin/users?unit=${u.id}`}>{t('admin.usersHere')}</Link>
      </Space>
      <FormModal open={dialog === 'edit'} title={t('admin.editUnit')} onClose={() => setDialog(null)}>
        <EditUnitForm unit={u} onDone={() => setDialog(null)} />
      </FormModal>
      {childKind && (
        <FormModal
          open={dialog === 'child'}
          title={t('admin.addChildKind', { kind: t(`unitKinds.${childKind}`) })}
          onClose={() => setDialog(null)}
        >
          <AddChildForm
            parent={u}
            kind={childKind}
            onDone={() => {
              setDialog(null);
              onChildAdded(u.id);
            }}
          />
        </FormModal>
      )}
    </Card>
  );
}

type ChildValues = Pick<NewOrgUnitRequest, 'name' | 'community_type'>;

export function AddChildForm({ parent, kind, onDone }: { parent: OrgUnit; kind: Schemas['UnitKind']; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const unitSaved = useOrgUnitSaved();
  const [form] = Form.useForm<ChildValues>();
  const nameRules = useNameRules();
  const communityTypes = useEnumOptions('communityTypes', COMMUNITY_TYPES);
  const { submit, error, busy } = useFormSubmit(form, async (values: ChildValues, headers) => {
    const body: NewOrgUnitRequest = {
      parent_id: parent.id,
      kind,
      name: values.name.trim(),
      ...(kind === 'community' ? { community_type: values.community_type } : {}),
    };
    const created = await createOrgUnit(body, headers);
    await unitSaved(created);
    message.success(t('admin.unitCreated', { name: created.name }));
    onDone();
  });

  return (
    <Form form={form} layout="vertical" onFinish={submit} initialValues={{ name: '' }}>
      <Typography.Paragraph type="secondary">
        {t('common.labelled', { label: t('admin.parent'), value: parent.name })}
      </Typography.Paragraph>
      <Form.Item name="name" label={t('admin.name')} rules={nameRules}>
        <Input autoFocus maxLength={100} />
      </Form.Item>
      {kind === 'community' && (
        <Form.Item name="community_type" label={t('admin.communityType')} rules={[{ required: true, message: t('required.communityType') }]}>
          <Select options={communityTypes} />
        </Form.Item>
      )}
      <ErrorAlert error={error} />
      <FormButtons busy={busy} onCancel={onDone} />
    </Form>
  );
}

type EditValues = {
  name: string;
  community_type?: Schemas['CommunityType'] | null;
  verify_days?: number | null;
  answer_days?: number | null;
  disclosure_day?: number | null;
};

export function EditUnitForm({ unit, onDone }: { unit: OrgUnit; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const unitSaved = useOrgUnitSaved();
  const { reload, version: versionOf } = useOrgUnitReload();
  const [form] = Form.useForm<EditValues>();
  const nameRules = useNameRules();
  const communityTypes = useEnumOptions('communityTypes', COMMUNITY_TYPES);
  const { submit, error, busy } = useFormSubmit(
    form,
    async (values: EditValues) => {
      // The version read last: after a 409 the record is reloaded and a second save may go.
      const body: OrgUnitPatch = { version: versionOf(unit), name: values.name.trim() };
      if (unit.kind === 'community' && values.community_type) body.community_type = values.community_type;
      if (unit.kind === 'district') {
        if (values.verify_days) body.verify_days = values.verify_days;
        if (values.answer_days) body.answer_days = values.answer_days;
        // An emptied day is cleared: the streets then publish only by hand.
        if (values.disclosure_day) body.disclosure_day = values.disclosure_day;
        else if (unit.disclosure_day) body.disclosure_day = null;
      }
      await unitSaved(await updateOrgUnit(unit.id, body));
      message.success(t('admin.saved'));
      onDone();
    },
    { onStale: () => reload(unit.id) },
  );
  const days = [{ type: 'integer' as const, min: 1, max: 365, message: t('errors.deadline_days') }];

  return (
    <Form form={form} layout="vertical" onFinish={submit} initialValues={{
        name: unit.name,
        community_type: unit.community_type,
        verify_days: unit.verify_days,
        answer_days: unit.answer_days,
        disclosure_day: unit.disclosure_day,
      }}>
      <Form.Item name="name" label={t('admin.name')} rules={nameRules}>
        <Input autoFocus maxLength={100} />
      </Form.Item>
      {unit.kind === 'community' && (
        <Form.Item name="community_type" label={t('admin.communityType')} rules={[{ required: true, message: t('required.communityType') }]}>
          <Select options={communityTypes} />
        </Form.Item>
      )}
      {unit.kind === 'district' && (
        <>
          <Typography.Paragraph type="secondary">{t('admin.deadlinesHint')}</Typography.Paragraph>
          <Form.Item name="verify_days" label={t('admin.verifyDays')} rules={days}>
            <InputNumber min={1} max={365} precision={0} placeholder="3" style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="answer_days" label={t('admin.answerDays')} rules={days}>
            <InputNumber min={1} max={365} precision={0} placeholder="15" style={{ width: 160 }} />
          </Form.Item>
          <Form.Item
            name="disclosure_day"
            label={t('admin.disclosureDay')}
            extra={t('admin.disclosureDayHelp')}
            rules={[{ type: 'integer', min: 1, max: 28, message: t('errors.disclosure_day') }]}
          >
            <InputNumber min={1} max={28} precision={0} style={{ width: 160 }} />
          </Form.Item>
        </>
      )}
      <ErrorAlert error={error} />
      <FormButtons busy={busy} onCancel={onDone} />
    </Form>
  );
}
