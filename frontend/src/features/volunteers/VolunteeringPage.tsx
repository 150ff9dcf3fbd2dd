// 志愿服务: a volunteer's screen, phone first. 近期活动 are the team's activities not yet
// ended, soonest first, each with its time, what it is, the places left (剩余名额 5/8) and one
// big button: 报名 or 取消报名, only as the API offers them (`allowed_actions`); where neither
// is offered, why in words (已满, 报名已截止, 活动已取消). 我的服务 is the volunteer's total
// hours and every activity signed up for, with the hours recorded. A refusal is said in the
// reader's language on its card, and everything is read again.
import { Alert, App, Button, Flex, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';

import { useOrganization } from '../../api/organizations';
import { lockedWhile } from '../../api/submission';
import { useAuth } from '../../auth/AuthProvider';
import { CursorListView } from '../../components/CursorListView';
import { formatDate } from '../../components/dates';
import { ErrorAlert, useErrorText } from '../../components/errors';
import { Tag } from '../../components/labels';
import { LoadingSkeleton } from '../../components/LoadingSkeleton';
import { useActivityList, useMyVolunteering, useSignUp, useWithdraw, type Activity } from './api';
import { activityButtons, activityPhase, formatHours, formatSpan, placesLeft, signupNote, soonestFirst } from './facts';
import { teamsOf, VolunteerFrame, type Team } from './frame';

export function VolunteeringPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const teams = teamsOf(user, 'volunteer');
  // A leader who does not serve as a volunteer has its own screen.
  if (teams.length === 0 && teamsOf(user, 'volunteer_leader').length > 0) return <Navigate to="/volunteering/manage" replace />;

  return (
    <VolunteerFrame>
      <Flex vertical gap={16}>
        <div>
          <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 4 }}>
            {t('volunteerNav.menu')}
          </Typography.Title>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {t('volunteering.intro')}
          </Typography.Paragraph>
        </div>
        <section className="stack" aria-labelledby="volunteering-upcoming">
          <h2 id="volunteering-upcoming" className="section-title">
            {t('volunteering.upcoming')}
          </h2>
          {teams.length === 0 ? (
            <Alert type="info" showIcon title={t('volunteering.noTeam')} />
          ) : (
            teams.map((team) => <TeamUpcoming key={team.organizationId} team={team} named={teams.length > 1} />)
          )}
        </section>
        <MyService userId={user?.id ?? ''} />
      </Flex>
    </VolunteerFrame>
  );
}

function TeamName({ id }: { id: string }) {
  const organization = useOrganization(id);
  return <h3 className="section-subtitle">{organization.data?.name ?? '…'}</h3>;
}

/** One team's activities not yet ended, soonest first. */
function TeamUpcoming({ team, named }: { team: Team; named: boolean }) {
  const { t } = useTranslation();
  const list = useActivityList({ organization_id: team.organizationId, upcoming: true });
  const sorted = { ...list, items: [...list.items].sort(soonestFirst) };
  return (
    <>
      {named && <TeamName id={team.organizationId} />}
      <CursorListView
        list={sorted}
        label={t('volunteering.upcomingLabel')}
        retryText={t('volunteering.retry')}
        emptyText={t('volunteering.upcomingEmpty')}
        renderItem={(activity) => <SignupCard activity={activity} />}
      />
    </>
  );
}

/** One activity with its 报名 or 取消报名 button, or the reason there is none. */
export function SignupCard({ activity }: { activity: Activity }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const signUp = useSignUp();
  const withdraw = useWithdraw();
  const [refusal, setRefusal] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const buttons = activityButtons(activity, ['sign_up', 'withdraw']);
  const note = signupNote(activity);
  const left = placesLeft(activity);
  const busy = signUp.isPending || withdraw.isPending;

  const join = () => {
    setRefusal(null);
    signUp.mutate(activity, {
      onSuccess: () => void message.success(t('volunteering.signedUpDone', { title: activity.title })),
      onError: (e) => setRefusal(errorText(e)),
    });
  };
  const leave = () => {
    setRefusal(null);
    withdraw.mutate(activity, {
      onSuccess: () => {
        setConfirming(false);
        void message.success(t('volunteering.withdrawn', { title: activity.title }));
      },
      onError: (e) => {
        setConfirming(false);
        setRefusal(errorText(e));
      },
    });
  };

  return (
    <article className="activity-card" aria-label={activity.title}>
      <div className="activity-card-head">
        <h3>{activity.title}</h3>
        {activity.signed_by_me && activity.state === 'open' && <Tag colour="green">{t('volunteering.signedUpTag')}</Tag>}
      </div>
      <p className="activity-when">
        <time dateTime={activity.starts_at}>{formatSpan(activity)}</time>
      </p>
      {activity.description && <p className="activity-description">{activity.description}</p>}
      <p className={left === 0 ? 'activity-places activity-places-none' : 'activity-places'}>
        {t('volunteerActivity.placesLeft', { left, capacity: activity.capacity })}
      </p>
      {activity.cancel_reason && <p className="secondary">{t('volunteerActivity.cancelReason', { reason: activity.cancel_reason })}</p>}
      {refusal && <Alert type="error" showIcon role="alert" title={refusal} />}
      {buttons.map((action) =>
        action === 'sign_up' ? (
          <Button key={action} type="primary" size="large" block loading={signUp.isPending} disabled={busy} onClick={join}>
            {t('activityActions.sign_up')}
          </Button>
        ) : (
          <Button key={action} size="large" block danger disabled={busy} onClick={() => setConfirming(true)}>
            {t('activityActions.withdraw')}
          </Button>
        ),
      )}
      {note && <p className={`activity-note activity-note-${note}`}>{t(`volunteering.notes.${note}`)}</p>}
      <Modal
        open={confirming}
        title={t('volunteering.withdrawTitle', { title: activity.title })}
        okText={t('activityActions.withdraw')}
        okButtonProps={{ danger: true, ...lockedWhile(withdraw.isPending) }}
        cancelText={t('volunteering.withdrawKeep')}
        onOk={leave}
        onCancel={() => setConfirming(false)}
      >
        <p>{t('volunteering.withdrawHint')}</p>
      </Modal>
    </article>
  );
}

/** 我的服务: the volunteer's total hours and each activity signed up for. */
function MyService({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const mine = useMyVolunteering(userId);
  const data = mine.data;
  return (
    <section className="stack" aria-labelledby="volunteering-mine">
      <h2 id="volunteering-mine" className="section-title">
        {t('volunteering.mine')}
      </h2>
      <ErrorAlert error={mine.error} />
      {mine.isLoading ? (
        <LoadingSkeleton />
      ) : (
        data && (
          <>
            <dl className="service-total">
              <dt>{t('volunteering.total')}</dt>
              <dd>{t('volunteering.hours', { hours: formatHours(data.total_hours) })}</dd>
            </dl>
            {data.activities.length === 0 ? (
              <p className="list-empty">{t('volunteering.historyEmpty')}</p>
            ) : (
              <ul className="service-history" aria-label={t('volunteering.history')}>
                {data.activities.map(({ activity, hours }) => (
                  <li key={activity.id}>
                    <span className="service-title">{activity.title}</span>
                    <time className="secondary" dateTime={activity.starts_at}>
                      {formatDate(activity.starts_at)}
                    </time>
                    <span className="service-hours">{serviceState(activity, hours ?? null, t)}</span>
                  </li>
                ))}
              </ul>
            )}
          </>
        )
      )}
    </section>
  );
}

/** "2.5 小时" once recorded; before, where the activity stands. */
function serviceState(activity: Activity, hours: number | null, t: ReturnType<typeof useTranslation>['t']): string {
  if (hours !== null) return t('volunteering.hours', { hours: formatHours(hours) });
  const phase = activityPhase(activity);
  if (phase === 'cancelled') return t('volunteering.notes.cancelled');
  if (phase === 'ahead') return t('volunteering.signedUpTag');
  return t('volunteering.pending');
}
