//! The in-app inbox (issue 18 §5). The worker's `notifications` consumer reads each event,
//! asks `domain::notification` who is to be told, finds those accounts here and writes one
//! row each, in the transaction that moves the consumer past the event.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use domain::access::Role;
use domain::claim::{ClaimEvent, ClaimSide};
use domain::coordination::CaseEvent;
use domain::demand::DemandEvent;
use domain::history::Entity;
use domain::notification::{self, Audience, Notice, NotificationKind};
use domain::project::ProjectEvent;
use domain::upkeep::FaultEvent;
use domain::volunteering::ActivityEvent;
use uuid::Uuid;

use crate::events::Stored;
use crate::schema::{demand_cosigns, demands, grants, notifications, project_demands, users};
use crate::util::{new_id, now, parsed, utc, uuid, Page, Paged};
use crate::{DbConnection, Result};

/// The consumer's name in `event_consumers`.
pub const CONSUMER: &str = "notifications";

#[derive(Debug, Clone)]
pub struct Notification {
    pub id: Uuid,
    pub kind: NotificationKind,
    pub entity: Entity,
    pub entity_id: Uuid,
    pub title: String,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

/// The record a notice is about, as the inbox shows it.
struct About {
    entity: Entity,
    id: Uuid,
    title: String,
}

/// Tells whoever the domain says must hear of `event`.
pub fn deliver(conn: &mut DbConnection, event: &Stored) -> Result<()> {
    let found = match event.entity {
        Entity::Demand => event.decode::<DemandEvent>()?.as_ref().and_then(notification::of_demand),
        Entity::Project => event.decode::<ProjectEvent>()?.as_ref().and_then(notification::of_project),
        Entity::Claim => event.decode::<ClaimEvent>()?.as_ref().and_then(notification::of_claim),
        Entity::CoordinationCase => event.decode::<CaseEvent>()?.as_ref().and_then(notification::of_case),
        Entity::Fault => event.decode::<FaultEvent>()?.as_ref().and_then(notification::of_fault),
        Entity::VolunteerActivity => event.decode::<ActivityEvent>()?.as_ref().and_then(notification::of_activity),
        _ => None,
    };
    let Some(notice) = found else { return Ok(()) };
    let (about, mut people) = audience(conn, event, notice)?;
    people.sort_unstable();
    people.dedup();
    people.retain(|p| Some(*p) != event.actor_id);
    let t = now();
    for user in people {
        diesel::insert_into(notifications::table)
            .values((
                notifications::id.eq(new_id().to_string()),
                notifications::user_id.eq(user.to_string()),
                notifications::event_id.eq(event.id.to_string()),
                notifications::kind.eq(notice.kind.as_str()),
                notifications::entity.eq(about.entity.as_str()),
                notifications::entity_id.eq(about.id.to_string()),
                notifications::title.eq(&about.title),
                notifications::created_at.eq(t),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The record the notice points at and the accounts it goes to (enabled ones only).
fn audience(conn: &mut DbConnection, event: &Stored, notice: Notice) -> Result<(About, Vec<Uuid>)> {
    let (about, people) = match notice.audience {
        Audience::Author => {
            let d = crate::demands::find(conn, event.entity_id)?;
            (About { entity: Entity::Demand, id: d.id, title: d.title }, d.author_id.into_iter().collect())
        }
        Audience::Supporters => {
            let p = crate::projects::find(conn, event.entity_id)?;
            let demand_ids = project_demands::table
                .filter(project_demands::project_id.eq(p.id.to_string()))
                .select(project_demands::demand_id);
            let authors: Vec<Option<String>> =
                demands::table.filter(demands::id.eq_any(demand_ids)).select(demands::author_id).load(conn)?;
            let cosigners: Vec<String> = demand_cosigns::table
                .filter(
                    demand_cosigns::demand_id.eq_any(
                        project_demands::table
                            .filter(project_demands::project_id.eq(p.id.to_string()))
                            .select(project_demands::demand_id),
                    ),
                )
                .select(demand_cosigns::user_id)
                .load(conn)?;
            let people =
                authors.into_iter().flatten().chain(cosigners).map(|u| uuid(&u, "supporter")).collect::<Result<_>>()?;
            (About { entity: Entity::Project, id: p.id, title: p.title }, people)
        }
        Audience::Inspectors => {
            let p = crate::projects::find(conn, event.entity_id)?;
            let people = crate::projects::eligible_inspector_ids(conn, &p)?;
            (About { entity: Entity::Project, id: p.id, title: p.title }, people)
        }
        Audience::Maintainer => {
            let p = crate::projects::find(conn, event.entity_id)?;
            let people = match p.maintainer_org_id {
                Some(org) => holders(conn, Role::PropertyManager, Scope::Organization(org))?,
                None => Vec::new(),
            };
            (About { entity: Entity::Project, id: p.id, title: p.title }, people)
        }
        Audience::Answering(side) => {
            let linked = crate::claims::find(conn, event.entity_id)?;
            let people = match side {
                ClaimSide::Provider => {
                    holders(conn, Role::CoBuilder, Scope::Organization(linked.resource.organization_id))?
                }
                ClaimSide::Project => holders(conn, Role::StreetCommittee, Scope::Unit(linked.project.street_id))?,
            };
            let title = format!("{} · {}", linked.project.title, linked.resource.title);
            (About { entity: Entity::Claim, id: linked.claim.id, title }, people)
        }
        Audience::CaseParties | Audience::CasePartiesAndStreet => {
            let case = crate::coordination_cases::find(conn, event.entity_id)?;
            let community = *case.unit_path.ids().get(2).ok_or(crate::Error::Corrupt("case unit path"))?;
            let mut people = holders(conn, Role::CommunityWorker, Scope::Unit(community))?;
            if let Some((org, _)) = case.autonomy_org {
                people.extend(holders(conn, Role::Supervisor, Scope::Organization(org))?);
            }
            if let Some((org, _)) = case.property_org {
                people.extend(holders(conn, Role::PropertyManager, Scope::Organization(org))?);
            }
            if notice.audience == Audience::CasePartiesAndStreet {
                let street = *case.unit_path.ids().get(1).ok_or(crate::Error::Corrupt("case unit path"))?;
                people.extend(holders(conn, Role::StreetCommittee, Scope::Unit(street))?);
            }
            (About { entity: Entity::CoordinationCase, id: case.id, title: case.title }, people)
        }
        Audience::ProjectStreet => {
            let p = crate::projects::find(conn, event.entity_id)?;
            let people = holders(conn, Role::StreetCommittee, Scope::Unit(p.street_id))?;
            (About { entity: Entity::Project, id: p.id, title: p.title }, people)
        }
        Audience::FaultMaintainer | Audience::Reporter => {
            let f = crate::upkeep::find(conn, event.entity_id)?;
            let people = match notice.audience {
                Audience::Reporter => f.reported_by.into_iter().collect(),
                _ => holders(conn, Role::PropertyManager, Scope::Organization(f.maintainer_org_id))?,
            };
            (About { entity: Entity::Fault, id: f.id, title: f.title }, people)
        }
        Audience::SignedUp | Audience::Person(_) => {
            let a = crate::volunteering::find(conn, event.entity_id)?;
            let people = match notice.audience {
                Audience::Person(user) => vec![user],
                _ => {
                    let ids: Vec<String> = crate::schema::volunteer_signups::table
                        .filter(crate::schema::volunteer_signups::activity_id.eq(a.id.to_string()))
                        .select(crate::schema::volunteer_signups::user_id)
                        .load(conn)?;
                    ids.iter().map(|i| uuid(i, "volunteer")).collect::<Result<_>>()?
                }
            };
            (About { entity: Entity::VolunteerActivity, id: a.id, title: a.title }, people)
        }
        Audience::Starter => {
            let linked = crate::claims::find(conn, event.entity_id)?;
            let title = format!("{} · {}", linked.project.title, linked.resource.title);
            (About { entity: Entity::Claim, id: linked.claim.id, title }, vec![linked.claim.created_by])
        }
    };
    Ok((about, enabled(conn, people)?))
}

enum Scope {
    Unit(Uuid),
    Organization(Uuid),
}

/// Accounts holding `role` exactly there.
fn holders(conn: &mut DbConnection, role: Role, scope: Scope) -> Result<Vec<Uuid>> {
    let query = grants::table.filter(grants::role.eq(role.as_str())).select(grants::user_id).into_boxed();
    let ids: Vec<String> = match scope {
        Scope::Unit(unit) => query.filter(grants::unit_id.eq(unit.to_string())).load(conn)?,
        Scope::Organization(org) => query.filter(grants::organization_id.eq(org.to_string())).load(conn)?,
    };
    ids.iter().map(|i| uuid(i, "grant holder")).collect()
}

fn enabled(conn: &mut DbConnection, people: Vec<Uuid>) -> Result<Vec<Uuid>> {
    if people.is_empty() {
        return Ok(people);
    }
    let ids: Vec<String> = people.iter().map(Uuid::to_string).collect();
    let kept: Vec<String> =
        users::table.filter(users::id.eq_any(&ids)).filter(users::disabled.eq(false)).select(users::id).load(conn)?;
    kept.iter().map(|i| uuid(i, "user id")).collect()
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = notifications)]
struct Row {
    id: String,
    kind: String,
    entity: String,
    entity_id: String,
    title: String,
    created_at: chrono::NaiveDateTime,
    read_at: Option<chrono::NaiveDateTime>,
}

impl TryFrom<Row> for Notification {
    type Error = crate::Error;
    fn try_from(r: Row) -> Result<Self> {
        Ok(Notification {
            id: uuid(&r.id, "notification id")?,
            kind: parsed(&r.kind, NotificationKind::parse, "notification kind")?,
            entity: parsed(&r.entity, Entity::parse, "notification entity")?,
            entity_id: uuid(&r.entity_id, "notification record")?,
            title: r.title,
            created_at: utc(r.created_at),
            read_at: r.read_at.map(utc),
        })
    }
}

/// The user's notifications, newest first.
pub fn list(conn: &mut DbConnection, user_id: Uuid, unread_only: bool, page: Page) -> Result<Paged<Notification>> {
    let mut query = notifications::table
        .filter(notifications::user_id.eq(user_id.to_string()))
        .order(notifications::id.desc())
        .select(Row::as_select())
        .limit(page.fetch())
        .into_boxed();
    if let Some(after) = page.after_id()? {
        query = query.filter(notifications::id.lt(after.to_string()));
    }
    if unread_only {
        query = query.filter(notifications::read_at.is_null());
    }
    let rows = query.load(conn)?.into_iter().map(Notification::try_from).collect::<Result<Vec<_>>>()?;
    Ok(Paged::from_rows(rows, page.limit, |n| n.id))
}

pub fn unread(conn: &mut DbConnection, user_id: Uuid) -> Result<i64> {
    Ok(notifications::table
        .filter(notifications::user_id.eq(user_id.to_string()))
        .filter(notifications::read_at.is_null())
        .count()
        .get_result(conn)?)
}

/// Marks one of the user's notifications read; another's is not found.
pub fn mark_read(conn: &mut DbConnection, user_id: Uuid, id: Uuid) -> Result<()> {
    let mine = || {
        notifications::table
            .filter(notifications::id.eq(id.to_string()))
            .filter(notifications::user_id.eq(user_id.to_string()))
    };
    let found: i64 = mine().count().get_result(conn)?;
    if found == 0 {
        return Err(crate::Error::NotFound("notification"));
    }
    diesel::update(mine().filter(notifications::read_at.is_null()))
        .set(notifications::read_at.eq(now()))
        .execute(conn)?;
    Ok(())
}

/// Marks all the user's notifications read.
pub fn mark_all_read(conn: &mut DbConnection, user_id: Uuid) -> Result<()> {
    diesel::update(
        notifications::table
            .filter(notifications::user_id.eq(user_id.to_string()))
            .filter(notifications::read_at.is_null()),
    )
    .set(notifications::read_at.eq(now()))
    .execute(conn)?;
    Ok(())
}
