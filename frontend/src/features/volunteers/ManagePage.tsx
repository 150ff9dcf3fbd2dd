// 志愿队管理: a team leader's screen. The team is the organisation of the leader's
// volunteer_leader grant (a choice when it leads several). Its figures (volunteers, hours,
// and the party members' share of both), 发布活动, and its activities, newest first: each
// with its places taken, 取消活动 (with a reason those signed up are told), and its roster,
// opened on demand, where the hours of each volunteer are recorded once (登记时长, starting
// from the activity's length). Every step is drawn only where `allowed_actions` offers it.
import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Form, Input, InputNumber, Select, Typography } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useOrganization } from '../../api/organizations';
import { lockedWhile } from '../../api/submission';
import { useAuth } from '../../auth/AuthProvider';
import { CursorListView } from '../../components/CursorListView';
import { formatDate } from '../../components/dates';
import { ErrorAlert, useErrorText } from '../../components/errors';
import { ExportButton } from '../../components/ExportButton';
import { Tag } from '../../components/labels';
import { LoadingSkeleton } from '../../components/LoadingSkeleton';
import { GuardedModal } from '../../components/useLeaveGuard';
import {
  useActivityList,
  useCancelActivity,
  useRecordHours,
  useSignups,
  useVolunteerStats,
  type Activity,
  type Signup,
} from './api';
import { CreateActivityForm } from './CreateActivityForm';
import { activityButtons, activityPhase, defaultHours, formatHours, formatSpan, hoursFit, lengthMinutes, share, type ActivityPhase } from './facts';
import { teamsOf, VolunteerFrame, type Team } from './frame';

function TeamOption({ id }: { id: string }) {
  const organization = useOrganization(id);
  return <>{organization.data?.name ?? '…'}</>;
}

export function VolunteerManagePage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const teams = teamsOf(user, 'volunteer_leader');
  const [chosen, setChosen] = useState<string | undefined>();
  const current = teams.find((team) => team.organizationId === chosen) ?? teams[0];

  return (
    <VolunteerFrame>
      <Flex vertical gap={16}>
        <div>
          <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 4 }}>
            {t('volunteerNav.manage')}
          </Typography.Title>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {t('volunteerManage.intro')}
          </Typography.Paragraph>
        </div>
        {teams.length > 1 && current && (
          <Select
            aria-label={t('volunteerActivity.team')}
            value={current.organizationId}
            onChange={setChosen}
            options={teams.map((team) => ({ value: team.organizationId, label: <TeamOption id={team.organizationId} /> }))}
            style={{ maxWidth: 360 }}
          />
        )}
        {current ? <LedTeam key={current.organizationId} team={current} /> : <Alert type="info" showIcon title={t('volunteerManage.noTeam')} />}
      </Flex>
    </VolunteerFrame>
  );
}

function LedTeam({ team }: { team: Team }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const organization = useOrganization(team.organizationId);
  const [creating, setCreating] = useState(false);
  const list = useActivityList({ organization_id: team.organizationId });

  return (
    <>
      <Flex justify="space-between" align="center" gap={8} wrap>
        <h2 className="section-title">{organization.data?.name ?? t('volunteerActivity.team')}</h2>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('volunteerManage.create')}
        </Button>
      </Flex>
      <TeamFigures team={team} />
      <div>
        <ExportButton list="volunteer-hours" query={{ organization_id: team.organizationId }} text={t('exports.hours')} />
      </div>
      <GuardedModal open={creating} title={t('volunteerManage.createTitle')} footer={null} onCancel={() => setCreating(false)} destroyOnHidden>
        <CreateActivityForm
          organizationId={team.organizationId}
          onCancel={() => setCreating(false)}
          onDone={(created) => {
            setCreating(false);
            void message.success(t('volunteerManage.created', { title: created.title }));
          }}
        />
      </GuardedModal>
      <section className="stack" aria-labelledby="volunteer-team-activities">
        <h2 id="volunteer-team-activities" className="section-title">
          {t('volunteerManage.activities')}
        </h2>
        <CursorListView
          list={list}
          label={t('volunteerManage.activitiesLabel')}
          retryText={t('volunteerManage.retry')}
          emptyText={t('volunteerManage.empty')}
          renderItem={(activity) => <LeaderActivityCard activity={activity} />}
        />
      </section>
    </>
  );
}

/** 本队数据: volunteers and hours, and the party members' share of each. */
function TeamFigures({ team }: { team: Team }) {
  const { t } = useTranslation();
  const stats = useVolunteerStats(team.unitId, team.organizationId);
  const s = stats.data;
  const shareText = (part: string, percent: string | null) => (percent ? t('volunteerManage.shareOf', { part, percent }) : part);
  return (
    <section aria-label={t('volunteerManage.figures')}>
      <ErrorAlert error={stats.error} />
      {stats.isLoading ? (
        <LoadingSkeleton />
      ) : (
        s && (
          <dl className="team-figures">
            <div>
              <dt>{t('volunteerManage.volunteers')}</dt>
              <dd>{t('volunteerManage.peopleCount', { n: s.volunteers })}</dd>
            </div>
            <div>
              <dt>{t('volunteerManage.hours')}</dt>
              <dd>{t('volunteering.hours', { hours: formatHours(s.hours) })}</dd>
            </div>
            <div>
              <dt>{t('volunteerManage.partyVolunteers')}</dt>
              <dd>{shareText(t('volunteerManage.peopleCount', { n: s.party_member_volunteers }), share(s.party_member_volunteers, s.volunteers))}</dd>
            </div>
            <div>
              <dt>{t('volunteerManage.partyHours')}</dt>
              <dd>{shareText(t('volunteering.hours', { hours: formatHours(s.party_member_hours) }), share(s.party_member_hours, s.hours))}</dd>
            </div>
          </dl>
        )
      )}
    </section>
  );
}

const PHASE_COLOURS: Record<ActivityPhase, string> = { ahead: 'blue', started: 'gold', ended: 'green', cancelled: '' };

/** One of the team's activities: its places, 取消活动, and its roster on demand. */
export function LeaderActivityCard({ activity }: { activity: Activity }) {
  const { t } = useTranslation();
  const rosterId = useId();
  const [open, setOpen] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const phase = activityPhase(activity);
  const buttons = activityButtons(activity, ['cancel']);

  return (
    <article className="activity-card" aria-label={activity.title}>
      <div className="activity-card-head">
        <h3>{activity.title}</h3>
        <Tag colour={PHASE_COLOURS[phase]}>{t(`activityPhases.${phase}`)}</Tag>
      </div>
      <p className="activity-when">
        <time dateTime={activity.starts_at}>{formatSpan(activity)}</time>
      </p>
      {activity.description && <p className="activity-description">{activity.description}</p>}
      <p className="activity-places">{t('volunteerActivity.signedUp', { n: activity.signed_up, capacity: activity.capacity })}</p>
      {activity.cancel_reason && <p className="secondary">{t('volunteerActivity.cancelReason', { reason: activity.cancel_reason })}</p>}
      <Flex gap={8} wrap>
        <Button aria-expanded={open} aria-controls={rosterId} onClick={() => setOpen((o) => !o)}>
          {open ? t('volunteerManage.rosterHide') : t('volunteerManage.roster', { n: activity.signed_up })}
        </Button>
        {buttons.includes('cancel') && (
          <Button danger onClick={() => setCancelling(true)}>
            {t('activityActions.cancel')}
          </Button>
        )}
      </Flex>
      {open && <Roster id={rosterId} activity={activity} />}
      {cancelling && <CancelActivity activity={activity} onClose={() => setCancelling(false)} />}
    </article>
  );
}

/** Who signed up, each with the form for their hours (or the hours recorded). */
function Roster({ id, activity }: { id: string; activity: Activity }) {
  const { t } = useTranslation();
  const roster = useSignups(activity.id);
  const recordable = activity.allowed_actions.includes('record');
  return (
    <section id={id} className="roster" aria-label={t('volunteerManage.rosterLabel', { title: activity.title })}>
      <ErrorAlert error={roster.error} />
      {roster.isLoading ? (
        <LoadingSkeleton />
      ) : roster.data && roster.data.length === 0 ? (
        <p className="list-empty">{t('volunteerManage.rosterEmpty')}</p>
      ) : (
        roster.data && (
          <>
            {!recordable && activityPhase(activity) === 'ahead' && <p className="secondary">{t('volunteerManage.recordHint')}</p>}
            <ul className="roster-list">
              {roster.data.map((signup) => (
                <li key={signup.user_id} aria-label={signup.display_name}>
                  <div className="roster-who">
                    <span className="roster-name">{signup.display_name}</span>
                    {signup.party_member && <Tag colour="red">{t('volunteerManage.partyMember')}</Tag>}
                    <span className="secondary">{t('volunteerManage.signedUpAt', { at: formatDate(signup.signed_up_at) })}</span>
                  </div>
                  {recordable ? (
                    <RecordHours activity={activity} signup={signup} />
                  ) : (
                    signup.hours != null && (
                      <span className="roster-hours">{t('volunteerManage.recordedHours', { hours: formatHours(signup.hours) })}</span>
                    )
                  )}
                </li>
              ))}
            </ul>
          </>
        )
      )}
    </section>
  );
}

/** 登记时长 for one volunteer: the activity's length to start from; locked once recorded. */
function RecordHours({ activity, signup }: { activity: Activity; signup: Signup }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const record = useRecordHours();
  const [hours, setHours] = useState<number | null>(() => defaultHours(activity));
  const [error, setError] = useState<string | null>(null);
  const recorded = signup.hours != null;
  const most = formatHours(lengthMinutes(activity) / 60);

  const submit = () => {
    if (!hoursFit(activity, hours)) {
      setError(t('volunteerManage.hoursInvalid', { most }));
      return;
    }
    setError(null);
    record.mutate(
      { activityId: activity.id, userId: signup.user_id, hours },
      {
        onSuccess: () => void message.success(t('volunteerManage.recordedDone', { name: signup.display_name, hours: formatHours(hours) })),
        onError: (e) => setError(errorText(e)),
      },
    );
  };

  return (
    <div className="record-hours">
      <Flex gap={8} wrap align="center">
        <InputNumber<number>
          aria-label={t('volunteerManage.hoursFor', { name: signup.display_name })}
          value={recorded ? signup.hours : hours}
          onChange={(value) => setHours(value)}
          min={0}
          step={0.5}
          inputMode="decimal"
          suffix={t('volunteerManage.hoursUnit')}
          disabled={recorded || record.isPending}
          style={{ width: 150 }}
        />
        <Button type="primary" loading={record.isPending} disabled={recorded || record.isPending} onClick={submit}>
          {recorded ? t('volunteerManage.recorded') : t('activityActions.record')}
        </Button>
      </Flex>
      {error && (
        <p role="alert" className="text-danger">
          {error}
        </p>
      )}
    </div>
  );
}

/** 取消活动: a reason is required; those signed up are told it. */
function CancelActivity({ activity, onClose }: { activity: Activity; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const cancel = useCancelActivity();
  const [error, setError] = useState<unknown>(null);

  const submit = ({ reason }: { reason: string }) => {
    setError(null);
    cancel.mutate(
      { activity, reason: reason.trim() },
      {
        onSuccess: () => {
          onClose();
          void message.success(t('volunteerManage.cancelled', { title: activity.title }));
        },
        onError: setError,
      },
    );
  };

  return (
    <GuardedModal
      open
      title={t('volunteerManage.cancelTitle', { title: activity.title })}
      okText={t('activityActions.cancel')}
      okButtonProps={{ danger: true, ...lockedWhile(cancel.isPending) }}
      cancelText={t('common.back')}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <p>{t('volunteerManage.cancelHint')}</p>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="reason"
          label={t('volunteerManage.reason')}
          rules={[
            { required: true, whitespace: true, message: t('volunteerManage.reasonRequired') },
            { max: 500, message: t('errors.reason_length') },
          ]}
        >
          <Input.TextArea rows={3} maxLength={500} placeholder={t('volunteerManage.reasonPlaceholder')} />
        </Form.Item>
      </Form>
      <ErrorAlert error={error} />
    </GuardedModal>
  );
}
