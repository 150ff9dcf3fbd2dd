//! Two-way claiming (双向认领): claims between resources and projects, and the allocation
//! they hold.
//!
//! **Lock order.** Every transaction that writes a claim, or the `allocated` of a resource
//! or the `funded_fen` of a project on a claim's account, first locks the project's row,
//! then the resources' rows in id order, and only then reads and writes claims
//! ([`lock_project`], [`lock_resources`]). Cancelling a project, confirming, releasing and
//! fulfilling a claim all follow it, so on PostgreSQL they queue behind one another instead
//! of deadlocking, and each one reads, under its locks, the claims as the last one left
//! them. Every write is still guarded by the state and version it read and counts its rows:
//! a write that finds its row moved is an error, never a silent double count.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::access::{Actor, Capability};
use domain::claim::{self, ClaimAction, ClaimEvent, ClaimFacts, ClaimNote, ClaimSide, ClaimState, Effect};
use domain::project::ProjectState;
use uuid::Uuid;

use crate::connection::write;
use crate::events::{self, NewEvent};
use crate::projects::{self, Project};
use crate::resources::{self, Resource};
use crate::schema::{claims, projects as project_rows, resources as resource_rows};
use crate::util::{new_id, now, utc, uuid, Page, Paged};
use crate::{org_units as units, DbConnection, Error, Result};

#[derive(Debug, Clone)]
pub struct Claim {
    pub id: Uuid,
    pub project_id: Uuid,
    pub resource_id: Uuid,
    pub quantity: i64,
    pub initiated_by: ClaimSide,
    /// The person who started it.
    pub created_by: Uuid,
    pub state: ClaimState,
    pub note: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

/// A claim with the two records it links, as the rules need them.
#[derive(Debug, Clone)]
pub struct Linked {
    pub claim: Claim,
    pub resource: Resource,
    pub project: Project,
}

impl Linked {
    pub fn facts(&self) -> ClaimFacts<'_> {
        ClaimFacts {
            id: self.claim.id,
            state: self.claim.state,
            initiated_by: self.claim.initiated_by,
            started_by: self.claim.created_by,
            quantity: self.claim.quantity,
            resource: self.resource.facts(),
            project: self.project.facts(),
        }
    }

    pub fn allowed_actions(&self, actor: &Actor) -> Vec<ClaimAction> {
        claim::allowed_actions(actor, &self.facts(), Utc::now())
    }

    pub fn withheld_actions(&self, actor: &Actor) -> Vec<(ClaimAction, domain::Error)> {
        claim::withheld_actions(actor, &self.facts(), Utc::now())
    }
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = claims)]
struct Row {
    id: String,
    project_id: String,
    resource_id: String,
    quantity: i64,
    initiated_by: String,
    created_by_id: String,
    state: String,
    note: String,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    version: i64,
}

impl TryFrom<Row> for Claim {
    type Error = Error;
    fn try_from(r: Row) -> Result<Self> {
        Ok(Claim {
            id: uuid(&r.id, "claim id")?,
            project_id: uuid(&r.project_id, "claim project")?,
            resource_id: uuid(&r.resource_id, "claim resource")?,
            quantity: r.quantity,
            initiated_by: ClaimSide::parse(&r.initiated_by).map_err(|_| Error::Corrupt("claim side"))?,
            created_by: uuid(&r.created_by_id, "claim author")?,
            state: ClaimState::parse(&r.state).map_err(|_| Error::Corrupt("claim state"))?,
            note: r.note,
            created_at: utc(r.created_at),
            updated_at: utc(r.updated_at),
            version: r.version,
        })
    }
}

/// Each claim with its resource and project, loaded once per page.
fn link(conn: &mut DbConnection, found: Vec<Claim>) -> Result<Vec<Linked>> {
    let mut resource_ids: Vec<Uuid> = found.iter().map(|c| c.resource_id).collect();
    resource_ids.sort_unstable();
    resource_ids.dedup();
    let resources = resources::find_many(conn, &resource_ids)?;
    let mut project_ids: Vec<Uuid> = found.iter().map(|c| c.project_id).collect();
    project_ids.sort_unstable();
    project_ids.dedup();
    let projects = projects::find_many(conn, &project_ids)?;
    found
        .into_iter()
        .map(|claim| {
            let resource = resources
                .iter()
                .find(|r| r.id == claim.resource_id)
                .cloned()
                .ok_or(Error::Corrupt("claim resource"))?;
            let project =
                projects.iter().find(|p| p.id == claim.project_id).cloned().ok_or(Error::Corrupt("claim project"))?;
            Ok(Linked { claim, resource, project })
        })
        .collect()
}

pub(crate) fn find(conn: &mut DbConnection, id: Uuid) -> Result<Linked> {
    let row: Row = claims::table
        .find(id.to_string())
        .select(Row::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound("claim"))?;
    link(conn, vec![row.try_into()?])?.pop().ok_or(Error::NotFound("claim"))
}

/// A claim `actor` may see ([`claim::sees`]); anything else does not exist for it.
pub fn find_visible(conn: &mut DbConnection, actor: &Actor, id: Uuid) -> Result<Linked> {
    let linked = find(conn, id)?;
    if claim::sees(actor, &linked.resource.facts(), &linked.project.facts()) {
        Ok(linked)
    } else {
        Err(Error::NotFound("claim"))
    }
}

#[derive(Debug, Clone)]
pub struct NewClaim {
    pub project_id: Uuid,
    pub resource_id: Uuid,
    pub quantity: i64,
    pub initiated_by: ClaimSide,
    pub note: ClaimNote,
}

/// A record named by a field of the request: one that does not exist (or that the caller
/// may not see) is that field's fault.
fn named<T>(found: Result<T>, field: &'static str, what: &str) -> Result<T> {
    match found {
        Err(Error::NotFound(_)) => {
            Err(domain::Error::invalid(field, "unknown_record", format!("{field} names no {what}")).into())
        }
        other => other,
    }
}

pub fn create(conn: &mut DbConnection, actor: &Actor, new: NewClaim) -> Result<Linked> {
    write(conn, |conn| {
        lock_project(conn, new.project_id)?;
        lock_resources(conn, &[new.resource_id])?;
        let project = named(projects::find_visible(conn, Some(actor), new.project_id), "project_id", "project")?;
        let resource = named(resources::find_public(conn, new.resource_id), "resource_id", "resource")?;
        let pending: i64 = claims::table
            .filter(claims::project_id.eq(project.id.to_string()))
            .filter(claims::resource_id.eq(resource.id.to_string()))
            .filter(claims::state.eq(ClaimState::Pending.as_str()))
            .count()
            .get_result(conn)?;
        let t = now();
        let quantity = claim::authorize_claim(
            actor,
            new.initiated_by,
            &resource.facts(),
            &project.facts(),
            new.quantity,
            pending > 0,
            utc(t),
        )?;
        let id = new_id();
        // The unique index `claims_one_pending` holds the rule should a writer ever skip
        // the project's lock.
        diesel::insert_into(claims::table)
            .values((
                claims::id.eq(id.to_string()),
                claims::project_id.eq(project.id.to_string()),
                claims::resource_id.eq(resource.id.to_string()),
                claims::quantity.eq(quantity.get()),
                claims::initiated_by.eq(new.initiated_by.as_str()),
                claims::state.eq(ClaimState::Pending.as_str()),
                claims::note.eq(new.note.as_str()),
                claims::created_by_id.eq(actor.user_id.to_string()),
                claims::created_at.eq(t),
                claims::updated_at.eq(t),
                claims::version.eq(1_i64),
            ))
            .execute(conn)
            .map_err(|e| match crate::util::duplicate("claim", "")(e) {
                Error::Duplicate { .. } => Error::Domain(claim::pending_exists_error()),
                other => other,
            })?;
        events::append(
            conn,
            NewEvent {
                entity_id: id,
                unit: Some(&project.unit_path),
                actor_id: Some(actor.user_id),
                from_state: None,
                to_state: Some(ClaimState::Pending.as_str()),
                event: ClaimEvent::Create { initiated_by: new.initiated_by },
            },
        )?;
        find(conn, id)
    })
}

/// Takes the project's row lock: the first lock of every write on claims (see the module's
/// lock order). On SQLite, where writers take turns, it is a no-op write.
pub(crate) fn lock_project(conn: &mut DbConnection, id: Uuid) -> Result<()> {
    diesel::update(project_rows::table.find(id.to_string()))
        .set(project_rows::version.eq(project_rows::version))
        .execute(conn)?;
    Ok(())
}

/// Takes the resources' row locks, in id order, after the project's.
pub(crate) fn lock_resources(conn: &mut DbConnection, ids: &[Uuid]) -> Result<()> {
    let mut ids: Vec<String> = ids.iter().map(Uuid::to_string).collect();
    ids.sort_unstable();
    ids.dedup();
    for id in ids {
        diesel::update(resource_rows::table.find(id))
            .set(resource_rows::version.eq(resource_rows::version))
            .execute(conn)?;
    }
    Ok(())
}

/// Adds `quantity` to the resource's `allocated` if it still fits, and for funds to the
/// project's `funded_fen` if it stays within the budget and the project takes claims: two
/// conditional updates, so neither over-allocation nor over-funding can be written whatever
/// was read before.
fn allocate(conn: &mut DbConnection, linked: &Linked, quantity: i64, funds: bool, t: NaiveDateTime) -> Result<()> {
    let allocated = diesel::update(resource_rows::table.find(linked.resource.id.to_string()))
        .filter(resource_rows::withdrawn.eq(false))
        .filter((resource_rows::quantity - resource_rows::allocated).ge(quantity))
        .set((
            resource_rows::allocated.eq(resource_rows::allocated + quantity),
            resource_rows::updated_at.eq(t),
            resource_rows::version.eq(resource_rows::version + 1),
        ))
        .execute(conn)?;
    if allocated == 0 {
        let now_there = resources::find(conn, linked.resource.id)?;
        now_there.facts().check_available(utc(t))?;
        return Err(claim::over_allocation(now_there.facts().remaining(), quantity).into());
    }
    let open = ProjectState::ALL.iter().filter(|s| s.takes_claims()).map(|s| s.as_str());
    let added = if funds { quantity } else { 0 };
    let funded = diesel::update(project_rows::table.find(linked.project.id.to_string()))
        .filter(project_rows::state.eq_any(open))
        .filter((project_rows::gov_funds_fen + project_rows::funded_fen + added).le(project_rows::budget_fen))
        .set((
            project_rows::funded_fen.eq(project_rows::funded_fen + added),
            project_rows::updated_at.eq(t),
            project_rows::version.eq(project_rows::version + 1),
        ))
        .execute(conn)?;
    if funded == 0 {
        let now_there = projects::find(conn, linked.project.id)?;
        if !now_there.state.takes_claims() {
            return Err(domain::Error::conflict(
                "project_not_open",
                "the project was closed or cancelled meanwhile; nothing was allocated",
            )
            .into());
        }
        return Err(claim::over_gap(now_there.funding().gap(), quantity).into());
    }
    Ok(())
}

/// Takes `quantity` back off the resource and, for funds, the project. Guarded: a row that
/// holds less than is taken back was moved by a writer outside the lock order, and the
/// transaction is rolled back rather than driven negative.
pub(crate) fn deallocate(
    conn: &mut DbConnection,
    resource_id: &str,
    project_id: &str,
    quantity: i64,
    funds: bool,
    t: NaiveDateTime,
) -> Result<()> {
    let released = diesel::update(resource_rows::table.find(resource_id))
        .filter(resource_rows::allocated.ge(quantity))
        .set((
            resource_rows::allocated.eq(resource_rows::allocated - quantity),
            resource_rows::updated_at.eq(t),
            resource_rows::version.eq(resource_rows::version + 1),
        ))
        .execute(conn)?;
    if released != 1 {
        return Err(Error::Moved("resource allocation"));
    }
    if funds {
        let unfunded = diesel::update(project_rows::table.find(project_id))
            .filter(project_rows::funded_fen.ge(quantity))
            .set((
                project_rows::funded_fen.eq(project_rows::funded_fen - quantity),
                project_rows::updated_at.eq(t),
                project_rows::version.eq(project_rows::version + 1),
            ))
            .execute(conn)?;
        if unfunded != 1 {
            return Err(Error::Moved("project funding"));
        }
    }
    Ok(())
}

/// Confirm, decline, cancel, release or fulfil, under the project's and the resource's
/// locks (the module's lock order), at the version the caller read. A confirmation
/// allocates with conditional updates — the resource's row changes only if the quantity
/// still fits, the project's only if the money stays within its budget — so concurrent
/// confirmations never over-allocate on either engine. Everything happens in one
/// transaction, so a refusal changes nothing.
pub fn transition(
    conn: &mut DbConnection,
    actor: &Actor,
    id: Uuid,
    action: ClaimAction,
    version: i64,
) -> Result<Linked> {
    write(conn, |conn| {
        let (project_id, resource_id): (String, String) = claims::table
            .find(id.to_string())
            .select((claims::project_id, claims::resource_id))
            .first(conn)
            .optional()?
            .ok_or(Error::NotFound("claim"))?;
        lock_project(conn, uuid(&project_id, "claim project")?)?;
        lock_resources(conn, &[uuid(&resource_id, "claim resource")?])?;
        let linked = find_visible(conn, actor, id)?;
        let t = now();
        let outcome = claim::decide(action, actor, &linked.facts(), utc(t))?;
        let claimed = diesel::update(claims::table.find(id.to_string()))
            .filter(claims::version.eq(version))
            .filter(claims::state.eq(outcome.from.as_str()))
            .set((claims::state.eq(outcome.to.as_str()), claims::updated_at.eq(t), claims::version.eq(version + 1)))
            .execute(conn)?;
        if claimed == 0 {
            return Err(Error::StaleVersion { entity: "claim", expected: version });
        }
        match outcome.effect {
            Effect::Allocate { quantity, funds } => allocate(conn, &linked, quantity, funds, t)?,
            Effect::Deallocate { quantity, funds } => deallocate(conn, &resource_id, &project_id, quantity, funds, t)?,
            Effect::None => {}
        }
        events::append(
            conn,
            NewEvent {
                entity_id: id,
                unit: Some(&linked.project.unit_path),
                actor_id: Some(actor.user_id),
                from_state: Some(outcome.from.as_str()),
                to_state: Some(outcome.to.as_str()),
                event: ClaimEvent::of(action),
            },
        )?;
        find(conn, id)
    })
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub project_id: Option<Uuid>,
    pub resource_id: Option<Uuid>,
    /// On projects at this unit or below it.
    pub unit_id: Option<Uuid>,
    pub state: Option<ClaimState>,
    /// Only pending claims the reader's side must answer (its inbox).
    pub awaiting_me: bool,
}

/// Newest first: the claims on the reader's organisations' resources, and those on projects
/// it reads.
pub fn list(conn: &mut DbConnection, actor: &Actor, filter: &Filter, page: Page) -> Result<Paged<Linked>> {
    let my_orgs: Vec<String> =
        actor.organizations_for(Capability::OfferResources).iter().map(Uuid::to_string).collect();
    let my_resources =
        resource_rows::table.filter(resource_rows::organization_id.eq_any(my_orgs)).select(resource_rows::id);
    let read_units = units::ids_under(conn, &actor.scope_units(Capability::ReadProjects), "unit_id")?;
    let run_units = units::ids_under(conn, &actor.scope_units(Capability::RunProjects), "unit_id")?;
    let read_projects = project_rows::table.filter(project_rows::unit_id.eq_any(read_units)).select(project_rows::id);
    let mut query = claims::table
        .select(Row::as_select())
        .filter(claims::resource_id.eq_any(my_resources).or(claims::project_id.eq_any(read_projects)))
        .order(claims::id.desc())
        .into_boxed();
    if filter.awaiting_me {
        let my_orgs: Vec<String> =
            actor.organizations_for(Capability::OfferResources).iter().map(Uuid::to_string).collect();
        let mine =
            resource_rows::table.filter(resource_rows::organization_id.eq_any(my_orgs)).select(resource_rows::id);
        let run = project_rows::table.filter(project_rows::unit_id.eq_any(run_units)).select(project_rows::id);
        query = query.filter(claims::state.eq(ClaimState::Pending.as_str())).filter(
            claims::initiated_by
                .eq(ClaimSide::Project.as_str())
                .and(claims::resource_id.eq_any(mine))
                .or(claims::initiated_by.eq(ClaimSide::Provider.as_str()).and(claims::project_id.eq_any(run))),
        );
    }
    if let Some(p) = filter.project_id {
        query = query.filter(claims::project_id.eq(p.to_string()));
    }
    if let Some(r) = filter.resource_id {
        query = query.filter(claims::resource_id.eq(r.to_string()));
    }
    if let Some(unit) = filter.unit_id {
        let under = units::ids_under(conn, &[unit], "unit_id")?;
        query = query.filter(
            claims::project_id.eq_any(project_rows::table.filter(project_rows::unit_id.eq_any(under)).select(project_rows::id)),
        );
    }
    if let Some(state) = filter.state {
        query = query.filter(claims::state.eq(state.as_str()));
    }
    if let Some(after) = page.after_id()? {
        query = query.filter(claims::id.lt(after.to_string()));
    }
    let rows: Vec<Row> = query.limit(page.fetch()).load(conn)?;
    let found = rows.into_iter().map(Claim::try_from).collect::<Result<Vec<_>>>()?;
    let items = link(conn, found)?;
    Ok(Paged::from_rows(items, page.limit, |l| l.claim.id))
}

/// The claims holding part of a project's resources (confirmed or fulfilled), for matching:
/// which kinds it already has.
pub fn held_by_project(conn: &mut DbConnection, project_id: Uuid) -> Result<Vec<String>> {
    let held = [ClaimState::Confirmed.as_str(), ClaimState::Fulfilled.as_str()];
    Ok(claims::table
        .inner_join(resource_rows::table)
        .filter(claims::project_id.eq(project_id.to_string()))
        .filter(claims::state.eq_any(held))
        .select(resource_rows::kind)
        .distinct()
        .load(conn)?)
}
