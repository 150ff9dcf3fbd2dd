//! Livelihood projects (党委接单 · 自治结单): creation from demands, the lifecycle of SPEC
//! §4.2, progress updates, inspections and ratings, lists.

use std::collections::HashSet;

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::access::{Actor, Capability, Role};
use domain::claim::{self, ClaimEvent, ClaimState};
use domain::demand::{self, DemandAction};
use domain::money::Fen;
use domain::org_unit::UnitPath;
use domain::project::{
    self, ActionFields, Beneficiaries, By, Effect, Funding, Inspector, Maintainer, Percent, Plan, ProgressNote,
    ProjectAction, ProjectAllowedAction, ProjectCategory, ProjectDescription, ProjectEvent, ProjectFacts, ProjectState,
    ProjectTitle, RatingComment, Reader, RequiredApprovals, Score, Tally, Verdict, Votes,
};
use domain::upkeep::HandoverState;
use uuid::Uuid;

pub mod outcome;

use crate::connection::write;
use crate::events::{self, NewEvent};
use crate::schema::{
    claims, demand_cosigns, demands, grants, inspections, project_demands, project_progress, projects, ratings,
    resources, users,
};
use crate::util::{like_pattern, new_id, now, opt_uuid, parsed, utc, uuid, Page, Paged};
use crate::{org_units as units, organizations, DbConnection, Error, Result};

#[derive(Debug, Clone)]
pub struct Project {
    pub id: Uuid,
    pub title: String,
    pub description: String,
    pub category: ProjectCategory,
    pub unit_id: Uuid,
    pub unit_path: UnitPath,
    pub street_id: Uuid,
    pub plan: String,
    pub budget: Fen,
    pub gov_funds: Fen,
    /// Confirmed co-builder money (funds claims).
    pub funded: Fen,
    pub required_approvals: RequiredApprovals,
    pub beneficiaries: i64,
    pub state: ProjectState,
    pub rework_round: i64,
    pub progress_percent: i64,
    pub completion_note: Option<String>,
    pub cancel_reason: Option<String>,
    pub maintainer_org_id: Option<Uuid>,
    pub handed_over_at: Option<DateTime<Utc>>,
    /// Whether the property company it was handed to has taken it over.
    pub handover_state: Option<HandoverState>,
    /// Why it declined.
    pub handover_note: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
    /// The demands it was created to answer.
    pub demand_ids: Vec<Uuid>,
    /// Organisations holding a confirmed or fulfilled claim on it.
    pub providers: Vec<Uuid>,
    /// Organisations with a live claim on it: the providers, and those with one pending.
    pub claimants: Vec<Uuid>,
}

impl Project {
    pub fn funding(&self) -> Funding {
        Funding { budget: self.budget, gov_funds: self.gov_funds, confirmed_funds: self.funded }
    }

    pub fn facts(&self) -> ProjectFacts<'_> {
        ProjectFacts {
            id: self.id,
            state: self.state,
            unit_path: &self.unit_path,
            funding: self.funding(),
            providers: &self.providers,
            claimants: &self.claimants,
        }
    }

    /// What `actor` may do to it now: the same rules that decide each request.
    pub fn allowed_actions(&self, actor: &Actor, reader: &ProjectReader) -> Vec<ProjectAllowedAction> {
        project::reader_actions(actor, &self.facts(), reader.of(self))
    }
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = projects)]
struct Row {
    id: String,
    title: String,
    description: String,
    category: String,
    unit_id: String,
    street_id: String,
    plan: String,
    budget_fen: i64,
    gov_funds_fen: i64,
    funded_fen: i64,
    required_approvals: i64,
    beneficiaries: i64,
    state: String,
    rework_round: i64,
    progress_percent: i64,
    completion_note: Option<String>,
    cancel_reason: Option<String>,
    maintainer_org_id: Option<String>,
    handed_over_at: Option<NaiveDateTime>,
    handover_state: Option<String>,
    handover_note: Option<String>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    version: i64,
}

/// Rows with their unit paths (from the unit cache), demands and providers, in row order.
fn from_rows(conn: &mut DbConnection, rows: Vec<Row>) -> Result<Vec<Project>> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let links: Vec<(String, String)> = project_demands::table
        .filter(project_demands::project_id.eq_any(&ids))
        .select((project_demands::project_id, project_demands::demand_id))
        .order(project_demands::demand_id.asc())
        .load(conn)?;
    let live = [ClaimState::Pending.as_str(), ClaimState::Confirmed.as_str(), ClaimState::Fulfilled.as_str()];
    let claimed: Vec<(String, String, String)> = claims::table
        .inner_join(resources::table)
        .filter(claims::project_id.eq_any(&ids))
        .filter(claims::state.eq_any(live))
        .select((claims::project_id, resources::organization_id, claims::state))
        .distinct()
        .load(conn)?;
    let orgs_of = |project: &str, holding: bool| -> Result<Vec<Uuid>> {
        let mut orgs = claimed
            .iter()
            .filter(|(p, _, state)| p == project && (!holding || state != ClaimState::Pending.as_str()))
            .map(|(_, o, _)| uuid(o, "claiming organisation"))
            .collect::<Result<Vec<_>>>()?;
        orgs.sort_unstable();
        orgs.dedup();
        Ok(orgs)
    };
    rows.into_iter()
        .map(|r| {
            let unit_id = uuid(&r.unit_id, "project unit")?;
            let unit_path = units::paths_of(conn, &[unit_id])?.pop().ok_or(Error::Corrupt("project unit"))?;
            let demand_ids = links
                .iter()
                .filter(|(p, _)| *p == r.id)
                .map(|(_, d)| uuid(d, "project demand"))
                .collect::<Result<Vec<_>>>()?;
            let providers = orgs_of(&r.id, true)?;
            let claimants = orgs_of(&r.id, false)?;
            Ok(Project {
                id: uuid(&r.id, "project id")?,
                title: r.title,
                description: r.description,
                category: ProjectCategory::parse(&r.category).map_err(|_| Error::Corrupt("project category"))?,
                unit_id,
                unit_path,
                street_id: uuid(&r.street_id, "project street")?,
                plan: r.plan,
                budget: Fen::from_stored(r.budget_fen),
                gov_funds: Fen::from_stored(r.gov_funds_fen),
                funded: Fen::from_stored(r.funded_fen),
                required_approvals: RequiredApprovals::from_stored(r.required_approvals),
                beneficiaries: r.beneficiaries,
                state: ProjectState::parse(&r.state).map_err(|_| Error::Corrupt("project state"))?,
                rework_round: r.rework_round,
                progress_percent: r.progress_percent,
                completion_note: r.completion_note,
                cancel_reason: r.cancel_reason,
                maintainer_org_id: opt_uuid(r.maintainer_org_id.as_deref(), "project maintainer")?,
                handed_over_at: r.handed_over_at.map(utc),
                handover_state: r
                    .handover_state
                    .as_deref()
                    .map(|s| parsed(s, HandoverState::parse, "hand-over state"))
                    .transpose()?,
                handover_note: r.handover_note,
                created_at: utc(r.created_at),
                updated_at: utc(r.updated_at),
                version: r.version,
                demand_ids,
                providers,
                claimants,
            })
        })
        .collect()
}

pub fn find(conn: &mut DbConnection, id: Uuid) -> Result<Project> {
    let row: Row = projects::table
        .find(id.to_string())
        .select(Row::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound("project"))?;
    from_rows(conn, vec![row])?.pop().ok_or(Error::NotFound("project"))
}

/// Several projects by id, in no particular order.
pub(crate) fn find_many(conn: &mut DbConnection, ids: &[Uuid]) -> Result<Vec<Project>> {
    let rows: Vec<Row> = projects::table
        .filter(projects::id.eq_any(ids.iter().map(Uuid::to_string)))
        .select(Row::as_select())
        .load(conn)?;
    from_rows(conn, rows)
}

/// What a demand's reader is told of the project answering it.
#[derive(Debug, Clone)]
pub struct Summary {
    pub id: Uuid,
    pub title: String,
    pub state: ProjectState,
    pub progress_percent: i64,
}

/// The projects with these ids, as summaries (one query for a page of demands).
pub fn summaries(conn: &mut DbConnection, ids: &[Uuid]) -> Result<Vec<Summary>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(String, String, String, i64)> = projects::table
        .filter(projects::id.eq_any(ids.iter().map(Uuid::to_string)))
        .select((projects::id, projects::title, projects::state, projects::progress_percent))
        .load(conn)?;
    rows.into_iter()
        .map(|(id, title, state, progress_percent)| {
            Ok(Summary {
                id: uuid(&id, "project id")?,
                title,
                state: ProjectState::parse(&state).map_err(|_| Error::Corrupt("project state"))?,
                progress_percent,
            })
        })
        .collect()
}

/// A project `reader` may see ([`project::sees`]); anything else does not exist for it.
pub fn find_visible(conn: &mut DbConnection, reader: Option<&Actor>, id: Uuid) -> Result<Project> {
    let p = find(conn, id)?;
    if project::sees(reader, &p.facts()) {
        Ok(p)
    } else {
        Err(Error::NotFound("project"))
    }
}

/// A reader's own part in the projects it is shown, loaded once per response.
pub struct ProjectReader {
    inspector_paths: Vec<UnitPath>,
    running_paths: Vec<UnitPath>,
    voted: HashSet<Uuid>,
    supporter: HashSet<Uuid>,
    rated: HashSet<Uuid>,
    /// The shown projects' demands whose record the reader may open.
    readable_demands: HashSet<Uuid>,
}

impl ProjectReader {
    pub fn load(conn: &mut DbConnection, actor: &Actor, shown: &[&Project]) -> Result<Self> {
        let closed = shown.iter().any(|p| p.state == ProjectState::Closed);
        Self::load_with(conn, actor, shown, closed)
    }

    /// `supporters`: look up whether the reader asked for these projects even if none is
    /// closed yet, so that rating one too early is told "not yet" (409), not "not yours".
    fn load_with(conn: &mut DbConnection, actor: &Actor, shown: &[&Project], supporters: bool) -> Result<Self> {
        let me = actor.user_id.to_string();
        let ids: Vec<String> = shown.iter().map(|p| p.id.to_string()).collect();
        let (inspector_paths, running_paths) = grant_paths(conn, actor)?;
        let voted = if inspector_paths.is_empty() {
            HashSet::new()
        } else {
            let votes: Vec<(String, i64)> = inspections::table
                .filter(inspections::project_id.eq_any(&ids))
                .filter(inspections::inspector_id.eq(&me))
                .select((inspections::project_id, inspections::round))
                .load(conn)?;
            shown
                .iter()
                .filter(|p| votes.iter().any(|(id, round)| *id == p.id.to_string() && *round == p.rework_round))
                .map(|p| p.id)
                .collect()
        };
        // Only residents file and co-sign demands; an official's lists skip both lookups.
        let (supporter, rated) = if actor.has_role(Role::Resident) && supporters {
            let authored: Vec<String> = project_demands::table
                .inner_join(demands::table)
                .filter(project_demands::project_id.eq_any(&ids))
                .filter(demands::author_id.eq(&me))
                .select(project_demands::project_id)
                .load(conn)?;
            let cosigned: Vec<String> = project_demands::table
                .inner_join(demand_cosigns::table.on(demand_cosigns::demand_id.eq(project_demands::demand_id)))
                .filter(project_demands::project_id.eq_any(&ids))
                .filter(demand_cosigns::user_id.eq(&me))
                .select(project_demands::project_id)
                .load(conn)?;
            let rated: Vec<String> = ratings::table
                .filter(ratings::project_id.eq_any(&ids))
                .filter(ratings::user_id.eq(&me))
                .select(ratings::project_id)
                .load(conn)?;
            let set = |v: Vec<String>| v.iter().map(|id| uuid(id, "project id")).collect::<Result<HashSet<_>>>();
            (set(authored.into_iter().chain(cosigned).collect())?, set(rated)?)
        } else {
            (HashSet::new(), HashSet::new())
        };
        let answered: Vec<Uuid> = shown.iter().flat_map(|p| p.demand_ids.iter().copied()).collect();
        let readable_demands = crate::demands::readable(conn, actor, &answered)?;
        Ok(ProjectReader { inspector_paths, running_paths, voted, supporter, rated, readable_demands })
    }

    pub fn of(&self, p: &Project) -> Reader<'_> {
        Reader {
            inspector_paths: &self.inspector_paths,
            running_paths: &self.running_paths,
            voted: self.voted.contains(&p.id),
            supporter: self.supporter.contains(&p.id),
            rated: self.rated.contains(&p.id),
        }
    }

    pub fn rated(&self, id: Uuid) -> bool {
        self.rated.contains(&id)
    }

    /// Whether the reader may open this demand's record, not only its public page.
    pub fn reads_demand(&self, id: Uuid) -> bool {
        self.readable_demands.contains(&id)
    }
}

/// The unit paths of an actor's supervisor grants (where its organisations are) and of its
/// grants that run projects ([`domain::duties::RUNNING_ROLES`]).
fn grant_paths(conn: &mut DbConnection, actor: &Actor) -> Result<(Vec<UnitPath>, Vec<UnitPath>)> {
    let of = |wanted: &dyn Fn(Role) -> bool| -> Vec<Uuid> {
        actor.grants.iter().filter(|g| wanted(g.role)).map(|g| g.unit_id).collect()
    };
    let supervised = of(&|r| r == Role::Supervisor);
    let running = of(&|r| domain::duties::RUNNING_ROLES.contains(&r));
    let paths = |conn: &mut DbConnection, ids: &[Uuid]| {
        if ids.is_empty() {
            Ok(Vec::new())
        } else {
            units::paths_of(conn, ids)
        }
    };
    Ok((paths(conn, &supervised)?, paths(conn, &running)?))
}

/// The supervisors who may inspect the project ([`project::eligible`]): members of
/// residents' self-governance organisations at or below its unit, tied to the work in no
/// way, whose accounts are enabled. Their number is the quorum's ceiling.
pub fn eligible_inspector_ids(conn: &mut DbConnection, p: &Project) -> Result<Vec<Uuid>> {
    let below = units::ids_under(conn, &[p.unit_id], "unit_id")?;
    let mut holders: Vec<String> = grants::table
        .inner_join(users::table)
        .filter(grants::role.eq(Role::Supervisor.as_str()))
        .filter(grants::unit_id.eq_any(below))
        .filter(users::disabled.eq(false))
        .select(grants::user_id)
        .load(conn)?;
    holders.sort_unstable();
    holders.dedup();
    let mut eligible = Vec::new();
    for user in crate::users::find_many(conn, &holders)? {
        let actor = Actor { user_id: user.id, grants: user.domain_grants() };
        let (grant_paths, running_paths) = grant_paths(conn, &actor)?;
        let inspector = Inspector { grant_paths: &grant_paths, running_paths: &running_paths, voted: false };
        if project::eligible(&actor, &p.facts(), inspector) {
            eligible.push(user.id);
        }
    }
    Ok(eligible)
}

pub fn eligible_inspectors(conn: &mut DbConnection, p: &Project) -> Result<u32> {
    Ok(u32::try_from(eligible_inspector_ids(conn, p)?.len()).unwrap_or(u32::MAX))
}

/// Where the current inspection round of a completed project stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoundTally {
    pub round: i64,
    pub required: u32,
    pub votes: Votes,
}

fn round_votes(conn: &mut DbConnection, id: Uuid, round: i64) -> Result<(u32, u32)> {
    let votes: Vec<String> = inspections::table
        .filter(inspections::project_id.eq(id.to_string()))
        .filter(inspections::round.eq(round))
        .select(inspections::verdict)
        .load(conn)?;
    let passes = u32::try_from(votes.iter().filter(|v| *v == Verdict::Pass.as_str()).count()).unwrap_or(u32::MAX);
    let fails = u32::try_from(votes.len()).unwrap_or(u32::MAX).saturating_sub(passes);
    Ok((passes, fails))
}

/// The tally of a completed project's current round, for anyone who sees the project:
/// officials follow it, supervisors see where the vote stands. `None` in other states.
pub fn round_tally(conn: &mut DbConnection, p: &Project) -> Result<Option<RoundTally>> {
    if p.state != ProjectState::Completed {
        return Ok(None);
    }
    let (passes, fails) = round_votes(conn, p.id, p.rework_round)?;
    let eligible = eligible_inspectors(conn, p)?;
    Ok(Some(RoundTally {
        round: p.rework_round,
        required: p.required_approvals.get(),
        votes: Votes { passes, fails, eligible },
    }))
}

#[derive(Debug, Clone)]
pub struct NewProject {
    pub title: ProjectTitle,
    pub description: ProjectDescription,
    pub category: ProjectCategory,
    pub unit_id: Uuid,
    pub plan: Plan,
    pub budget: Fen,
    pub gov_funds: Fen,
    pub required_approvals: RequiredApprovals,
    pub beneficiaries: Beneficiaries,
    pub demand_ids: Vec<Uuid>,
}

/// 党委接单: a draft project answering published demands of the street, which become
/// accepted in the same transaction.
pub fn create(conn: &mut DbConnection, actor: &Actor, new: NewProject) -> Result<Project> {
    write(conn, |conn| {
        let unit = units::placement_for_field(conn, new.unit_id, "unit_id")?;
        let mut ids = new.demand_ids.clone();
        ids.sort_unstable();
        ids.dedup();
        let mut found = Vec::with_capacity(ids.len());
        for id in &ids {
            match crate::demands::find(conn, *id) {
                Ok(d) => found.push(d),
                Err(Error::NotFound(_)) => {
                    return Err(domain::Error::invalid(
                        "demand_ids",
                        "unknown_demand",
                        format!("demand_ids names no demand {id}"),
                    )
                    .into())
                }
                Err(e) => return Err(e),
            }
        }
        let id = new_id();
        let facts: Vec<_> = found.iter().map(|d| d.facts()).collect();
        let accepted = project::authorize_create(actor, id, unit.kind, &unit.path, &facts)?;
        project::check_government_share(new.budget, new.gov_funds)?;
        let street = *unit.path.ids().get(1).ok_or(Error::Corrupt("project unit path"))?;
        let t = now();
        diesel::insert_into(projects::table)
            .values((
                projects::id.eq(id.to_string()),
                projects::title.eq(new.title.as_str()),
                projects::description.eq(new.description.as_str()),
                projects::category.eq(new.category.as_str()),
                projects::unit_id.eq(new.unit_id.to_string()),
                projects::street_id.eq(street.to_string()),
                projects::plan.eq(new.plan.as_str()),
                projects::budget_fen.eq(new.budget.get()),
                projects::gov_funds_fen.eq(new.gov_funds.get()),
                projects::funded_fen.eq(0_i64),
                projects::required_approvals.eq(i64::from(new.required_approvals.get())),
                projects::beneficiaries.eq(new.beneficiaries.get()),
                projects::state.eq(ProjectState::Draft.as_str()),
                projects::rework_round.eq(0_i64),
                projects::progress_percent.eq(0_i64),
                projects::created_by_id.eq(actor.user_id.to_string()),
                projects::created_at.eq(t),
                projects::updated_at.eq(t),
                projects::version.eq(1_i64),
            ))
            .execute(conn)?;
        for (d, outcome) in found.iter().zip(&accepted) {
            diesel::insert_into(project_demands::table)
                .values((
                    project_demands::project_id.eq(id.to_string()),
                    project_demands::demand_id.eq(d.id.to_string()),
                ))
                .execute(conn)?;
            crate::demands::follow_project(conn, d, DemandAction::Accept, outcome, Some(actor.user_id))?;
        }
        events::append(
            conn,
            NewEvent {
                entity_id: id,
                unit: Some(&unit.path),
                actor_id: Some(actor.user_id),
                from_state: None,
                to_state: Some(ProjectState::Draft.as_str()),
                event: ProjectEvent::Create,
            },
        )?;
        find(conn, id)
    })
}

/// A draft's fields to change; `None` keeps one as it is.
#[derive(Debug, Clone, Default)]
pub struct ProjectChanges {
    pub version: i64,
    pub title: Option<ProjectTitle>,
    pub description: Option<ProjectDescription>,
    pub category: Option<ProjectCategory>,
    pub plan: Option<Plan>,
    pub budget: Option<Fen>,
    pub gov_funds: Option<Fen>,
    pub required_approvals: Option<RequiredApprovals>,
    pub beneficiaries: Option<Beneficiaries>,
}

/// Edits a draft (SPEC §5 `PATCH`): its street committee, at the version it read; the
/// government money stays within the budget, whichever of the two changes.
pub fn update(conn: &mut DbConnection, actor: &Actor, id: Uuid, changes: ProjectChanges) -> Result<Project> {
    write(conn, |conn| {
        let p = find_visible(conn, Some(actor), id)?;
        project::authorize_edit(actor, &p.facts())?;
        let budget = changes.budget.unwrap_or(p.budget);
        let gov_funds = changes.gov_funds.unwrap_or(p.gov_funds);
        project::check_government_share(budget, gov_funds)?;
        let updated = diesel::update(projects::table)
            .filter(projects::id.eq(id.to_string()))
            .filter(projects::version.eq(changes.version))
            .set((
                projects::title.eq(changes.title.as_ref().map_or(p.title.as_str(), ProjectTitle::as_str)),
                projects::description
                    .eq(changes.description.as_ref().map_or(p.description.as_str(), ProjectDescription::as_str)),
                projects::category.eq(changes.category.unwrap_or(p.category).as_str()),
                projects::plan.eq(changes.plan.as_ref().map_or(p.plan.as_str(), Plan::as_str)),
                projects::budget_fen.eq(budget.get()),
                projects::gov_funds_fen.eq(gov_funds.get()),
                projects::required_approvals
                    .eq(i64::from(changes.required_approvals.unwrap_or(p.required_approvals).get())),
                projects::beneficiaries.eq(changes.beneficiaries.map_or(p.beneficiaries, |b| b.get())),
                projects::updated_at.eq(now()),
                projects::version.eq(changes.version + 1),
            ))
            .execute(conn)?;
        if updated == 0 {
            return Err(Error::StaleVersion { entity: "project", expected: changes.version });
        }
        events::append(
            conn,
            NewEvent {
                entity_id: id,
                unit: Some(&p.unit_path),
                actor_id: Some(actor.user_id),
                from_state: Some(p.state.as_str()),
                to_state: Some(p.state.as_str()),
                event: ProjectEvent::Edit,
            },
        )?;
        find(conn, id)
    })
}

/// The raw fields of a transition request; `domain` decides which matter.
#[derive(Debug, Clone, Default)]
pub struct TransitionRequest {
    pub version: i64,
    pub note: Option<String>,
    pub reason: Option<String>,
    pub maintainer_org_id: Option<Uuid>,
}

pub fn transition(
    conn: &mut DbConnection,
    actor: &Actor,
    id: Uuid,
    action: ProjectAction,
    req: TransitionRequest,
) -> Result<Project> {
    write(conn, |conn| {
        let p = find_visible(conn, Some(actor), id)?;
        let maintainer = match (action, req.maintainer_org_id) {
            (ProjectAction::HandOver, Some(org)) => match organizations::find_with_path(conn, org, "maintainer_org_id")
            {
                Ok(found) => Some(found),
                Err(e) => {
                    // Who and state before the field: a stranger learns nothing about ids.
                    project::authorize(action, By::User(actor), &p.facts())?;
                    return Err(e);
                }
            },
            _ => None,
        };
        let fields = ActionFields {
            note: req.note.as_deref(),
            reason: req.reason.as_deref(),
            maintainer: maintainer.as_ref().map(|(o, path)| Maintainer { id: o.id, kind: o.kind, unit_path: path }),
        };
        let outcome = project::decide(action, By::User(actor), &p.facts(), &fields)?;
        if action == ProjectAction::Publish {
            project::check_quorum(p.required_approvals, eligible_inspectors(conn, &p)?)?;
        }
        let t = now();
        let (note, reason, maintainer_id) = match &outcome.effect {
            Effect::Complete { note } => (Some(note.as_str().to_owned()), None, None),
            Effect::Cancel { reason } => (None, Some(reason.as_str().to_owned()), None),
            Effect::HandOver { maintainer_org_id } => (None, None, Some(*maintainer_org_id)),
            Effect::None => (None, None, None),
        };
        // Guarded by the version read: of two officials acting on one version, the second
        // changes nothing and gets 409. Funding for `start` is re-checked in the same
        // statement: a claim released since the read leaves the row as it was.
        let mut update = diesel::update(projects::table)
            .filter(projects::id.eq(id.to_string()))
            .filter(projects::version.eq(req.version))
            .into_boxed();
        if action == ProjectAction::Start {
            update = update.filter((projects::gov_funds_fen + projects::funded_fen).ge(projects::budget_fen));
        }
        let updated = update
            .set((
                projects::state.eq(outcome.to.as_str()),
                projects::completion_note.eq(note.clone().or(p.completion_note.clone())),
                projects::cancel_reason.eq(reason.clone()),
                projects::maintainer_org_id.eq(maintainer_id.or(p.maintainer_org_id).map(|m| m.to_string())),
                projects::handed_over_at.eq(if maintainer_id.is_some() {
                    Some(t)
                } else {
                    p.handed_over_at.map(|h| h.naive_utc())
                }),
                // A hand-over waits for the property company's answer.
                projects::handover_state.eq(if maintainer_id.is_some() {
                    Some(HandoverState::Pending.as_str())
                } else {
                    p.handover_state.map(HandoverState::as_str)
                }),
                projects::handover_note.eq(if maintainer_id.is_some() { None } else { p.handover_note.clone() }),
                projects::updated_at.eq(t),
                projects::version.eq(req.version + 1),
            ))
            .execute(conn)?;
        if updated == 0 {
            return Err(Error::StaleVersion { entity: "project", expected: req.version });
        }
        if let Effect::Cancel { .. } = outcome.effect {
            release_everything(conn, actor, &p)?;
        }
        events::append(
            conn,
            NewEvent {
                entity_id: id,
                unit: Some(&p.unit_path),
                actor_id: Some(actor.user_id),
                from_state: Some(outcome.from.as_str()),
                to_state: Some(outcome.to.as_str()),
                event: ProjectEvent::of(action, &outcome, None),
            },
        )?;
        find(conn, id)
    })
}

/// A cancelled project holds nothing: its demands go back on the list, its confirmed claims
/// are released (their quantities back to the resources) and its pending ones cancelled.
/// The project's row is locked already (its guarded update came first); the resources are
/// locked next, in id order, before the claims are read: the lock order of [`crate::claims`],
/// so that a release or fulfilment racing the cancellation waits for it and then finds its
/// claim moved, rather than both counting the same money.
fn release_everything(conn: &mut DbConnection, actor: &Actor, p: &Project) -> Result<()> {
    for demand_id in &p.demand_ids {
        let d = crate::demands::find(conn, *demand_id)?;
        if d.project_id != Some(p.id) {
            continue;
        }
        let outcome = demand::decide(DemandAction::Reopen, demand::By::System, &d.facts(), &Default::default())?;
        crate::demands::follow_project(conn, &d, DemandAction::Reopen, &outcome, None)?;
    }
    let live = [ClaimState::Pending.as_str(), ClaimState::Confirmed.as_str()];
    let held_resources: Vec<String> = claims::table
        .filter(claims::project_id.eq(p.id.to_string()))
        .filter(claims::state.eq_any(live))
        .select(claims::resource_id)
        .load(conn)?;
    let held_resources = held_resources.iter().map(|r| uuid(r, "claim resource")).collect::<Result<Vec<_>>>()?;
    crate::claims::lock_resources(conn, &held_resources)?;
    let open: Vec<(String, String, String, i64, i64, String)> = claims::table
        .inner_join(resources::table)
        .filter(claims::project_id.eq(p.id.to_string()))
        .filter(claims::state.eq_any(live))
        .select((claims::id, claims::resource_id, claims::state, claims::quantity, claims::version, resources::kind))
        .order(claims::id.asc())
        .load(conn)?;
    let t = now();
    for (claim_id, resource_id, state, quantity, version, kind) in open {
        let from = ClaimState::parse(&state).map_err(|_| Error::Corrupt("claim state"))?;
        let Some(to) = claim::after_project_cancelled(from) else { continue };
        let moved = diesel::update(claims::table.find(&claim_id))
            .filter(claims::state.eq(from.as_str()))
            .filter(claims::version.eq(version))
            .set((claims::state.eq(to.as_str()), claims::updated_at.eq(t), claims::version.eq(version + 1)))
            .execute(conn)?;
        if moved != 1 {
            return Err(Error::Moved("claim"));
        }
        if from.holds_allocation() {
            let funds = kind == domain::resource::ResourceKind::Funds.as_str();
            crate::claims::deallocate(conn, &resource_id, &p.id.to_string(), quantity, funds, t)?;
        }
        events::append(
            conn,
            NewEvent {
                entity_id: uuid(&claim_id, "claim id")?,
                unit: Some(&p.unit_path),
                actor_id: Some(actor.user_id),
                from_state: Some(from.as_str()),
                to_state: Some(to.as_str()),
                event: ClaimEvent::ProjectCancelled,
            },
        )?;
    }
    Ok(())
}

#[derive(Debug, Clone)]
pub struct Progress {
    pub id: Uuid,
    pub note: String,
    pub percent: i64,
    pub author_id: Uuid,
    pub created_at: DateTime<Utc>,
}

/// A progress update (进度): its percent becomes the project's.
pub fn post_progress(
    conn: &mut DbConnection,
    actor: &Actor,
    id: Uuid,
    note: ProgressNote,
    percent: Percent,
) -> Result<Project> {
    write(conn, |conn| {
        let p = find_visible(conn, Some(actor), id)?;
        project::authorize_progress(actor, &p.facts())?;
        let t = now();
        let moved = diesel::update(projects::table.find(id.to_string()))
            .filter(projects::state.eq(ProjectState::InProgress.as_str()))
            .set((projects::progress_percent.eq(i64::from(percent.get())), projects::updated_at.eq(t)))
            .execute(conn)?;
        if moved == 0 {
            return Err(domain::Error::conflict("wrong_state", "the project is no longer in progress").into());
        }
        diesel::insert_into(project_progress::table)
            .values((
                project_progress::id.eq(new_id().to_string()),
                project_progress::project_id.eq(id.to_string()),
                project_progress::note.eq(note.as_str()),
                project_progress::percent.eq(i64::from(percent.get())),
                project_progress::author_id.eq(actor.user_id.to_string()),
                project_progress::created_at.eq(t),
            ))
            .execute(conn)?;
        events::append(
            conn,
            NewEvent {
                entity_id: id,
                unit: Some(&p.unit_path),
                actor_id: Some(actor.user_id),
                from_state: Some(p.state.as_str()),
                to_state: Some(p.state.as_str()),
                event: ProjectEvent::Progress { percent: i64::from(percent.get()), note: note.as_str().to_owned() },
            },
        )?;
        find(conn, id)
    })
}

pub fn progress(conn: &mut DbConnection, reader: Option<&Actor>, id: Uuid) -> Result<Vec<Progress>> {
    find_visible(conn, reader, id)?;
    let rows: Vec<(String, String, i64, String, NaiveDateTime)> = project_progress::table
        .filter(project_progress::project_id.eq(id.to_string()))
        .order(project_progress::id.asc())
        .select((
            project_progress::id,
            project_progress::note,
            project_progress::percent,
            project_progress::author_id,
            project_progress::created_at,
        ))
        .load(conn)?;
    rows.into_iter()
        .map(|(id, note, percent, author, at)| {
            Ok(Progress {
                id: uuid(&id, "progress id")?,
                note,
                percent,
                author_id: uuid(&author, "progress author")?,
                created_at: utc(at),
            })
        })
        .collect()
}

#[derive(Debug, Clone)]
pub struct Inspection {
    pub id: Uuid,
    pub round: i64,
    pub inspector_id: Uuid,
    /// Who cast it, for a reader who may know ([`project::may_read_voters`]).
    pub voter: Option<Voter>,
    pub verdict: Verdict,
    pub comment: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct Voter {
    pub display_name: String,
    /// The residents' organisation it voted for.
    pub organization: Option<(Uuid, String)>,
}

/// One supervisor's vote. The project's row is taken first, so that concurrent votes on one
/// project are counted one after another (PostgreSQL: the row lock; SQLite: one writer).
pub fn inspect(conn: &mut DbConnection, actor: &Actor, id: Uuid, verdict: Verdict, comment: &str) -> Result<Project> {
    write(conn, |conn| {
        let p = find_visible(conn, Some(actor), id)?;
        let reader = ProjectReader::load(conn, actor, &[&p])?;
        let inspector = Inspector {
            grant_paths: &reader.inspector_paths,
            running_paths: &reader.running_paths,
            voted: reader.voted.contains(&p.id),
        };
        project::authorize_inspection(actor, &p.facts(), inspector)?;
        let taken = diesel::update(projects::table.find(id.to_string()))
            .filter(projects::state.eq(ProjectState::Completed.as_str()))
            .filter(projects::rework_round.eq(p.rework_round))
            .set(projects::version.eq(projects::version))
            .execute(conn)?;
        if taken == 0 {
            return Err(domain::Error::conflict("wrong_state", "the project's inspection round has just ended").into());
        }
        let (passes, fails) = round_votes(conn, id, p.rework_round)?;
        let eligible = eligible_inspectors(conn, &p)?;
        let outcome = project::decide_inspection(
            actor,
            &p.facts(),
            inspector,
            verdict,
            comment,
            Votes { passes, fails, eligible },
            p.required_approvals,
        )?;
        let organization = actor
            .grants
            .iter()
            .find(|g| {
                g.role == Role::Supervisor
                    && reader.inspector_paths.iter().any(|path| path.unit_id() == g.unit_id && path.contains(p.unit_id))
            })
            .and_then(|g| g.organization_id);
        let t = now();
        diesel::insert_into(inspections::table)
            .values((
                inspections::id.eq(new_id().to_string()),
                inspections::project_id.eq(id.to_string()),
                inspections::round.eq(p.rework_round),
                inspections::inspector_id.eq(actor.user_id.to_string()),
                inspections::organization_id.eq(organization.map(|o| o.to_string())),
                inspections::verdict.eq(outcome.verdict.as_str()),
                inspections::comment.eq(outcome.comment.as_str()),
                inspections::created_at.eq(t),
            ))
            .execute(conn)
            .map_err(crate::util::duplicate("inspection", "you have already voted in this inspection round"))?;
        let comment = Some(outcome.comment.as_str().to_owned()).filter(|c| !c.is_empty());
        events::append(
            conn,
            NewEvent {
                entity_id: id,
                unit: Some(&p.unit_path),
                actor_id: Some(actor.user_id),
                from_state: Some(p.state.as_str()),
                to_state: Some(p.state.as_str()),
                event: ProjectEvent::Inspect { verdict: outcome.verdict, comment },
            },
        )?;
        if let Some(settles) = outcome.settles {
            settle(conn, &p, settles, outcome.tally, outcome.votes)?;
        }
        find(conn, id)
    })
}

/// A round settled: the project closes (its demands resolved) or goes back to work in a new
/// round with no votes.
fn settle(conn: &mut DbConnection, p: &Project, action: ProjectAction, tally: Tally, votes: Votes) -> Result<()> {
    let outcome = project::decide(action, By::System, &p.facts(), &ActionFields::default())?;
    let round = if tally == Tally::Rework { p.rework_round + 1 } else { p.rework_round };
    diesel::update(projects::table.find(p.id.to_string()))
        .set((
            projects::state.eq(outcome.to.as_str()),
            projects::rework_round.eq(round),
            projects::updated_at.eq(now()),
            projects::version.eq(projects::version + 1),
        ))
        .execute(conn)?;
    if action == ProjectAction::Close {
        for demand_id in &p.demand_ids {
            let d = crate::demands::find(conn, *demand_id)?;
            let resolved = demand::decide(DemandAction::Resolve, demand::By::System, &d.facts(), &Default::default())?;
            crate::demands::follow_project(conn, &d, DemandAction::Resolve, &resolved, None)?;
        }
    }
    events::append(
        conn,
        NewEvent {
            entity_id: p.id,
            unit: Some(&p.unit_path),
            actor_id: None,
            from_state: Some(outcome.from.as_str()),
            to_state: Some(outcome.to.as_str()),
            event: ProjectEvent::of(action, &outcome, Some(votes)),
        },
    )
}

#[derive(Queryable)]
struct VoteRow {
    id: String,
    round: i64,
    inspector_id: String,
    organization_id: Option<String>,
    verdict: String,
    comment: String,
    created_at: NaiveDateTime,
    voter_name: String,
    organization_name: Option<String>,
}

pub fn inspections(conn: &mut DbConnection, reader: Option<&Actor>, id: Uuid) -> Result<Vec<Inspection>> {
    let p = find_visible(conn, reader, id)?;
    use crate::schema::organizations as orgs;
    let named = reader.is_some_and(|r| project::may_read_voters(r, &p.unit_path));
    let rows: Vec<VoteRow> = inspections::table
        .inner_join(users::table.on(users::id.eq(inspections::inspector_id)))
        .left_join(orgs::table.on(orgs::id.nullable().eq(inspections::organization_id)))
        .filter(inspections::project_id.eq(id.to_string()))
        .order(inspections::id.asc())
        .select((
            inspections::id,
            inspections::round,
            inspections::inspector_id,
            inspections::organization_id,
            inspections::verdict,
            inspections::comment,
            inspections::created_at,
            users::display_name,
            orgs::name.nullable(),
        ))
        .load(conn)?;
    rows.into_iter()
        .map(|r| {
            let organization =
                match (opt_uuid(r.organization_id.as_deref(), "inspection organization")?, r.organization_name) {
                    (Some(org), Some(name)) => Some((org, name)),
                    _ => None,
                };
            Ok(Inspection {
                id: uuid(&r.id, "inspection id")?,
                round: r.round,
                inspector_id: uuid(&r.inspector_id, "inspector")?,
                voter: named.then_some(Voter { display_name: r.voter_name, organization }),
                verdict: Verdict::parse(&r.verdict).map_err(|_| Error::Corrupt("inspection verdict"))?,
                comment: r.comment,
                created_at: utc(r.created_at),
            })
        })
        .collect()
}

/// 满意度: a supporter of the project rates it once.
pub fn rate(conn: &mut DbConnection, actor: &Actor, id: Uuid, score: Score, comment: RatingComment) -> Result<Project> {
    write(conn, |conn| {
        let p = find_visible(conn, Some(actor), id)?;
        let reader = ProjectReader::load_with(conn, actor, &[&p], true)?;
        project::authorize_rating(actor, &p.facts(), reader.of(&p))?;
        diesel::insert_into(ratings::table)
            .values((
                ratings::project_id.eq(id.to_string()),
                ratings::user_id.eq(actor.user_id.to_string()),
                ratings::score.eq(i64::from(score.get())),
                ratings::comment.eq(comment.as_str()),
                ratings::created_at.eq(now()),
            ))
            .execute(conn)
            .map_err(crate::util::duplicate("rating", "you have already rated this project"))?;
        events::append(
            conn,
            NewEvent {
                entity_id: id,
                unit: Some(&p.unit_path),
                actor_id: Some(actor.user_id),
                from_state: Some(p.state.as_str()),
                to_state: Some(p.state.as_str()),
                event: ProjectEvent::Rate { score: i64::from(score.get()) },
            },
        )?;
        find(conn, id)
    })
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub state: Option<ProjectState>,
    pub category: Option<ProjectCategory>,
    /// At this unit or below it.
    pub unit_id: Option<Uuid>,
    pub q: Option<String>,
    /// Handed over to this property company.
    pub maintainer_org_id: Option<Uuid>,
}

type Condition =
    Box<dyn BoxableExpression<projects::table, crate::connection::MultiBackend, SqlType = diesel::sql_types::Bool>>;

/// The projects `reader` may list that meet `filter`, in any state when `any_state`.
fn listed(conn: &mut DbConnection, reader: Option<&Actor>, filter: &Filter, any_state: bool) -> Result<Condition> {
    let draft = ProjectState::Draft.as_str();
    let drafts_in = match reader {
        Some(actor) => units::ids_under(conn, &actor.scope_units(Capability::ReadProjects), "unit_id")?,
        None => Vec::new(),
    };
    let mut cond: Condition = if drafts_in.is_empty() {
        Box::new(projects::state.ne(draft))
    } else {
        Box::new(projects::state.ne(draft).or(projects::unit_id.eq_any(drafts_in)))
    };
    if let Some(state) = filter.state.filter(|_| !any_state) {
        cond = Box::new(cond.and(projects::state.eq(state.as_str())));
    }
    if let Some(category) = filter.category {
        cond = Box::new(cond.and(projects::category.eq(category.as_str())));
    }
    if let Some(unit) = filter.unit_id {
        cond = Box::new(cond.and(projects::unit_id.eq_any(units::ids_under(conn, &[unit], "unit_id")?)));
    }
    if let Some(org) = filter.maintainer_org_id {
        cond = Box::new(cond.and(projects::maintainer_org_id.eq(org.to_string()).assume_not_null()));
    }
    if let Some(q) = &filter.q {
        let pattern = like_pattern(q);
        cond = Box::new(cond.and(
            projects::title.like(pattern.clone()).escape('\\').or(projects::description.like(pattern).escape('\\')),
        ));
    }
    Ok(cond)
}

/// How many projects `reader` may list in each state, under `filter` but for its state: the
/// counts a list's state tabs show (拟定 3 · 公示中 5 · …). States with none are left out.
pub fn count_by_state(
    conn: &mut DbConnection,
    reader: Option<&Actor>,
    filter: &Filter,
) -> Result<Vec<(ProjectState, i64)>> {
    let cond = listed(conn, reader, filter, true)?;
    let rows: Vec<(String, i64)> = projects::table
        .filter(cond)
        .group_by(projects::state)
        .select((projects::state, diesel::dsl::count_star()))
        .load(conn)?;
    rows.into_iter().map(|(s, n)| Ok((parsed(&s, ProjectState::parse, "project state")?, n))).collect()
}

/// Newest first. Public readers (`None`) and most signed-in ones see published and later
/// projects; drafts only under the reader's `ReadProjects` scopes.
pub fn list(conn: &mut DbConnection, reader: Option<&Actor>, filter: &Filter, page: Page) -> Result<Paged<Project>> {
    let cond = listed(conn, reader, filter, false)?;
    let mut query = projects::table.select(Row::as_select()).filter(cond).order(projects::id.desc()).into_boxed();
    if let Some(after) = page.after_id()? {
        query = query.filter(projects::id.lt(after.to_string()));
    }
    let rows = query.limit(page.fetch()).load(conn)?;
    let items = from_rows(conn, rows)?;
    Ok(Paged::from_rows(items, page.limit, |p| p.id))
}
