// 审计概览: who did what, for the district admin and auditors (auth/roles.ts readsAudit), read
// only. First every account's history in the reader's reach, newest first, a page at a time:
// when (the reader's local time), whose account, what was done (a role granted or revoked
// named by its label) and by whom (本人 for the holder's own step). Then the projects that
// have been voted on, completed (awaiting inspection) and closed, each opened on demand to
// its votes: the verdict, the round, the comment, the voter and its organisation, when.
// Phone first: one column of cards, text of 14 px at least, every tap target 44 px high.
import { Button, Flex, Typography } from 'antd';
import { useId, useState, type CSSProperties, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { ErrorAlert } from '../../components/errors';
import { ExportButton } from '../../components/ExportButton';
import { LoadingSkeleton } from '../../components/LoadingSkeleton';
import type { useCursorList } from '../../components/useCursorList';
import {
  useAccountEvents,
  useProjectVotes,
  useVotedProjects,
  VOTED_STATES,
  type AccountEvent,
  type AuditedProject,
  type ProjectInspection,
  type VotedState,
} from './api';
import { accountActionText, actorText, voterText } from './wording';
import { formatDateTime } from '../../components/dates';

/** A target a thumb can hit. */
const TAP: CSSProperties = { minHeight: 44 };
const SECTION_TITLE: CSSProperties = { fontSize: 'var(--fs-20)', margin: 0 };
const GROUP_TITLE: CSSProperties = { fontSize: 'var(--fs-16)', margin: 0 };

/** A time in the reader's own zone, to the minute. */
function When({ at }: { at: string }) {
  return <time dateTime={at}>{formatDateTime(at)}</time>;
}

export function AuditPage() {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={24} className="audit">
      <div>
        <Typography.Title level={2} style={{ marginTop: 0, marginBottom: 4 }}>
          {t('audit.heading')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('audit.intro')}
        </Typography.Paragraph>
      </div>
      <AccountHistory />
      <InspectionVotes />
      <ServiceHours />
    </Flex>
  );
}

type Paged = Pick<ReturnType<typeof useCursorList<unknown>>, 'error' | 'isFetching' | 'refetch' | 'hasNextPage' | 'isFetchingNextPage' | 'fetchNextPage'>;

/** A paged list's error with a retry, its items, and 加载更多 for the next page. */
function PagedList({ list, children }: { list: Paged; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <ErrorAlert error={list.error} />
      {list.error && (
        <div>
          <Button onClick={() => void list.refetch()} loading={list.isFetching} style={TAP}>
            {t('audit.retry')}
          </Button>
        </div>
      )}
      {children}
      {list.hasNextPage && (
        <Button block onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} style={TAP}>
          {t('common.loadMore')}
        </Button>
      )}
    </>
  );
}

function AccountHistory() {
  const { t } = useTranslation();
  const id = useId();
  const events = useAccountEvents();
  return (
    <section aria-labelledby={id}>
      <Flex vertical gap={12}>
        <Typography.Title level={3} id={id} style={SECTION_TITLE}>
          {t('audit.accounts')}
        </Typography.Title>
        <PagedList list={events}>
          {events.isLoading ? (
            <LoadingSkeleton />
          ) : events.items.length === 0 ? (
            !events.error && <p className="list-empty">{t('audit.accountsEmpty')}</p>
          ) : (
            <ul className="card-list" aria-label={t('audit.accounts')}>
              {events.items.map((item) => (
                <li key={item.event.id}>
                  <AccountEventCard item={item} />
                </li>
              ))}
            </ul>
          )}
        </PagedList>
      </Flex>
    </section>
  );
}

/** One step in an account's history: whose account and what, then when and by whom. */
function AccountEventCard({ item }: { item: AccountEvent }) {
  const { t } = useTranslation();
  const { event } = item;
  return (
    <div className="demand-card audit-event">
      <Flex wrap gap={8} align="baseline">
        <Typography.Text strong style={{ fontSize: 'var(--fs-16)', wordBreak: 'break-word' }}>
          {item.user_name}
        </Typography.Text>
        <Typography.Text style={{ fontSize: 'var(--fs-16)' }}>{accountActionText(t, event)}</Typography.Text>
      </Flex>
      <Flex wrap gap="4px 12px">
        <Typography.Text type="secondary">
          <When at={event.at} />
        </Typography.Text>
        <Typography.Text type="secondary">{actorText(t, item)}</Typography.Text>
        {event.action === 'create' && event.username && (
          <Typography.Text type="secondary">{t('audit.username', { username: event.username })}</Typography.Text>
        )}
      </Flex>
    </div>
  );
}

function InspectionVotes() {
  const { t } = useTranslation();
  const id = useId();
  return (
    <section aria-labelledby={id}>
      <Flex vertical gap={12}>
        <div>
          <Typography.Title level={3} id={id} style={{ ...SECTION_TITLE, marginBottom: 4 }}>
            {t('audit.votes')}
          </Typography.Title>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {t('audit.votesIntro')}
          </Typography.Paragraph>
        </div>
        {VOTED_STATES.map((state) => (
          <ProjectGroup key={state} state={state} />
        ))}
      </Flex>
    </section>
  );
}

/** The projects in one state, a page at a time. */
function ProjectGroup({ state }: { state: VotedState }) {
  const { t } = useTranslation();
  const id = useId();
  const projects = useVotedProjects(state);
  const name = t(`projectStates.${state}`);
  return (
    <section aria-labelledby={id}>
      <Flex vertical gap={8}>
        <Flex wrap gap={8} align="center" justify="space-between">
          <Typography.Title level={4} id={id} style={GROUP_TITLE}>
            {name}
          </Typography.Title>
          <ExportButton list="projects" query={{ state }} what={t('audit.projects', { state: name })} />
        </Flex>
        <PagedList list={projects}>
          {projects.isLoading ? (
            <LoadingSkeleton />
          ) : projects.items.length === 0 ? (
            !projects.error && <p className="list-empty">{t('audit.projectsEmpty', { state: name })}</p>
          ) : (
            <ul className="card-list" aria-label={t('audit.projects', { state: name })}>
              {projects.items.map((project) => (
                <li key={project.id}>
                  <VotedProject project={project} />
                </li>
              ))}
            </ul>
          )}
        </PagedList>
      </Flex>
    </section>
  );
}

/** 志愿服务时长: every recorded service in the reader's reach, as a spreadsheet (the screen lists none). */
function ServiceHours() {
  const { t } = useTranslation();
  const id = useId();
  return (
    <section aria-labelledby={id}>
      <Flex vertical gap={8} align="flex-start">
        <Typography.Title level={3} id={id} style={SECTION_TITLE}>
          {t('exports.hoursHeading')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('exports.hoursIntro')}
        </Typography.Paragraph>
        <ExportButton list="volunteer-hours" query={{}} text={t('exports.hours')} />
      </Flex>
    </section>
  );
}

/** A project, its title a link to its page, opened on demand to its votes. */
function VotedProject({ project }: { project: AuditedProject }) {
  const { t } = useTranslation();
  const votesId = useId();
  const [open, setOpen] = useState(false);
  return (
    <article className="demand-card" aria-label={project.title}>
      <Flex wrap gap={8} align="center" justify="space-between">
        <Link
          to={`/projects/${project.id}`}
          style={{ ...TAP, display: 'inline-flex', alignItems: 'center', fontSize: 'var(--fs-16)', fontWeight: 600, wordBreak: 'break-word' }}
        >
          {project.title}
        </Link>
        <Button aria-expanded={open} aria-controls={votesId} onClick={() => setOpen((o) => !o)} style={TAP}>
          {open ? t('audit.hideVotes') : t('audit.showVotes')}
        </Button>
      </Flex>
      {open && <Votes id={votesId} project={project} />}
    </article>
  );
}

function Votes({ id, project }: { id: string; project: AuditedProject }) {
  const { t } = useTranslation();
  const votes = useProjectVotes(project.id, true);
  return (
    <div id={id}>
      <ErrorAlert error={votes.error} />
      {votes.isLoading ? (
        <LoadingSkeleton />
      ) : votes.data && votes.data.length === 0 ? (
        <p className="list-empty">{t('audit.noVotes')}</p>
      ) : (
        votes.data && (
          <ul className="plain-list" aria-label={t('audit.votesOf', { title: project.title })}>
            {votes.data.map((vote) => (
              <Vote key={vote.id} vote={vote} />
            ))}
          </ul>
        )
      )}
    </div>
  );
}

function Vote({ vote }: { vote: ProjectInspection }) {
  const { t } = useTranslation();
  return (
    <li className="claim-row">
      <Flex wrap gap="4px 8px" align="center">
        {/* The app's tag colours (styles.css, AA contrast; antd's green is not), at body size. */}
        <span className={`tag tag-${vote.verdict === 'pass' ? 'green' : 'red'}`} style={{ fontSize: 'var(--fs-14)', lineHeight: 1.5715 }}>
          {t(`projectInspection.${vote.verdict}`)}
        </span>
        <Typography.Text type="secondary">{t('projectInspection.round', { n: vote.round + 1 })}</Typography.Text>
        <Typography.Text type="secondary">
          <When at={vote.created_at} />
        </Typography.Text>
      </Flex>
      {vote.voter && <div className="audit-voter">{voterText(t, vote.voter)}</div>}
      {vote.comment && <div className="prose">{vote.comment}</div>}
    </li>
  );
}
