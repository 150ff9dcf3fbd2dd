//! Upkeep after hand-over (红色物业): the property company's answer to a hand-over, faults
//! (报修) on the projects it maintains, and the worker's job that turns a fault not closed
//! in time into a coordination case.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::access::{Actor, Capability};
use domain::coordination::{CaseDescription, CaseTitle};
use domain::organization::OrganizationKind;
use domain::project::ProjectEvent;
use domain::upkeep::{
    self, FaultAction, FaultDescription, FaultEvent, FaultFacts, FaultReply, FaultState, FaultTitle, HandoverAnswer,
    HandoverNote, HandoverState,
};
use uuid::Uuid;

use crate::connection::write;
use crate::coordination_cases::{self as cases, NewCase};
use crate::events::{self, NewEvent};
use crate::projects::{self, Project};
use crate::schema::{faults, projects as project_rows};
use crate::util::{new_id, now, opt_uuid, parsed, unit_path, utc, uuid, Page, Paged};
use crate::{org_units as units, DbConnection, Error, Result};

/// The property company answers the hand-over of a project (guarded by the version read).
pub fn answer_handover(
    conn: &mut DbConnection,
    actor: &Actor,
    project_id: Uuid,
    version: i64,
    answer: HandoverAnswer,
    note: &HandoverNote,
) -> Result<Project> {
    write(conn, |conn| {
        let p = projects::find_visible(conn, Some(actor), project_id)?;
        let to = upkeep::answer_handover(actor, p.maintainer_org_id, p.handover_state, answer, note)?;
        let maintainer = p.maintainer_org_id.ok_or(Error::Corrupt("maintainer"))?;
        let updated = diesel::update(project_rows::table)
            .filter(project_rows::id.eq(project_id.to_string()))
            .filter(project_rows::version.eq(version))
            .filter(project_rows::handover_state.eq(HandoverState::Pending.as_str()))
            .set((
                project_rows::handover_state.eq(to.as_str()),
                project_rows::handover_note.eq(Some(note.as_str()).filter(|n| !n.is_empty())),
                project_rows::updated_at.eq(now()),
                project_rows::version.eq(version + 1),
            ))
            .execute(conn)?;
        if updated == 0 {
            return Err(Error::StaleVersion { entity: "project", expected: version });
        }
        let event = match to {
            HandoverState::Declined => {
                ProjectEvent::DeclineHandOver { maintainer_org_id: maintainer, note: note.as_str().to_owned() }
            }
            _ => ProjectEvent::AcceptHandOver { maintainer_org_id: maintainer },
        };
        events::append(
            conn,
            NewEvent {
                entity_id: project_id,
                unit: Some(&p.unit_path),
                actor_id: Some(actor.user_id),
                from_state: Some(p.state.as_str()),
                to_state: Some(p.state.as_str()),
                event,
            },
        )?;
        projects::find(conn, project_id)
    })
}

#[derive(Debug, Clone)]
pub struct Fault {
    pub id: Uuid,
    pub project_id: Uuid,
    pub project_title: String,
    pub unit_id: Uuid,
    pub unit_name: String,
    pub unit_path: domain::org_unit::UnitPath,
    pub maintainer_org_id: Uuid,
    pub maintainer_name: String,
    pub title: String,
    pub description: String,
    pub state: FaultState,
    pub reply: Option<String>,
    pub reported_by: Option<Uuid>,
    pub case_id: Option<Uuid>,
    pub due_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl Fault {
    pub fn facts(&self) -> FaultFacts {
        FaultFacts {
            state: self.state,
            maintainer: self.maintainer_org_id,
            reported_by: self.reported_by,
            due_at: self.due_at,
        }
    }
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = faults)]
struct Row {
    id: String,
    project_id: String,
    unit_id: String,
    maintainer_org_id: String,
    title: String,
    description: String,
    state: String,
    reply: Option<String>,
    reported_by_id: Option<String>,
    case_id: Option<String>,
    due_at: NaiveDateTime,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    version: i64,
}

fn load(conn: &mut DbConnection, rows: Vec<Row>) -> Result<Vec<Fault>> {
    let unit_ids: Vec<&str> = rows.iter().map(|r| r.unit_id.as_str()).collect();
    let placed = units::named(conn, &unit_ids)?;
    let project_ids: Vec<&str> = rows.iter().map(|r| r.project_id.as_str()).collect();
    let titles: Vec<(String, String)> = project_rows::table
        .filter(project_rows::id.eq_any(&project_ids))
        .select((project_rows::id, project_rows::title))
        .load(conn)?;
    let org_ids: Vec<&str> = rows.iter().map(|r| r.maintainer_org_id.as_str()).collect();
    let names = crate::organizations::names(conn, &org_ids)?;
    let name_of = |list: &[(String, String)], id: &str| list.iter().find(|(i, _)| i == id).map(|(_, n)| n.clone());
    rows.into_iter()
        .map(|r| {
            let (_, unit_name, path) =
                placed.iter().find(|(id, ..)| *id == r.unit_id).ok_or(Error::Corrupt("fault unit"))?;
            Ok(Fault {
                id: uuid(&r.id, "fault id")?,
                project_id: uuid(&r.project_id, "fault project")?,
                project_title: name_of(&titles, &r.project_id).unwrap_or_default(),
                unit_id: uuid(&r.unit_id, "fault unit")?,
                unit_name: unit_name.clone(),
                unit_path: unit_path(path)?,
                maintainer_org_id: uuid(&r.maintainer_org_id, "fault maintainer")?,
                maintainer_name: name_of(&names, &r.maintainer_org_id).unwrap_or_default(),
                title: r.title,
                description: r.description,
                state: parsed(&r.state, FaultState::parse, "fault state")?,
                reply: r.reply,
                reported_by: opt_uuid(r.reported_by_id.as_deref(), "fault reporter")?,
                case_id: opt_uuid(r.case_id.as_deref(), "fault case")?,
                due_at: utc(r.due_at),
                created_at: utc(r.created_at),
                updated_at: utc(r.updated_at),
                version: r.version,
            })
        })
        .collect()
}

pub fn find(conn: &mut DbConnection, id: Uuid) -> Result<Fault> {
    let row: Row = faults::table
        .find(id.to_string())
        .select(Row::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound("fault"))?;
    load(conn, vec![row])?.pop().ok_or(Error::NotFound("fault"))
}

pub fn find_visible(conn: &mut DbConnection, actor: &Actor, id: Uuid) -> Result<Fault> {
    let f = find(conn, id)?;
    if upkeep::sees(actor, &f.facts(), &f.unit_path) {
        Ok(f)
    } else {
        Err(Error::NotFound("fault"))
    }
}

#[derive(Debug, Clone)]
pub struct NewFault {
    pub project_id: Uuid,
    /// The compound; the project's own unit when that is a compound.
    pub unit_id: Option<Uuid>,
    pub title: FaultTitle,
    pub description: FaultDescription,
}

/// 报修: a resident reports a fault on a maintained project; its company is told.
pub fn report(conn: &mut DbConnection, actor: &Actor, new: NewFault) -> Result<Fault> {
    let id = write(conn, |conn| {
        // A project named in the body that is not there (or not for this reader) is the
        // body's mistake: 422 on the field, as for every record a field names.
        let p = projects::find_visible(conn, Some(actor), new.project_id).map_err(|e| match e {
            Error::NotFound(_) => Error::from(domain::Error::invalid(
                "project_id",
                "unknown_record",
                "project_id names no project you may see",
            )),
            other => other,
        })?;
        let unit = units::placement_for_field(conn, new.unit_id.unwrap_or(p.unit_id), "unit_id")?;
        upkeep::authorize_report(actor, &p.unit_path, p.handover_state, unit.kind, &unit.path)?;
        let maintainer = p.maintainer_org_id.ok_or(Error::Corrupt("maintainer"))?;
        let street = *unit.path.ids().get(1).ok_or(Error::Corrupt("fault unit path"))?;
        let id = new_id();
        let t = now();
        diesel::insert_into(faults::table)
            .values((
                faults::id.eq(id.to_string()),
                faults::project_id.eq(p.id.to_string()),
                faults::unit_id.eq(unit.path.unit_id().to_string()),
                faults::street_id.eq(street.to_string()),
                faults::maintainer_org_id.eq(maintainer.to_string()),
                faults::title.eq(new.title.as_str()),
                faults::description.eq(new.description.as_str()),
                faults::state.eq(FaultState::Open.as_str()),
                faults::reported_by_id.eq(actor.user_id.to_string()),
                faults::due_at.eq(upkeep::fault_due(utc(t)).naive_utc()),
                faults::created_at.eq(t),
                faults::updated_at.eq(t),
                faults::version.eq(1_i64),
            ))
            .execute(conn)?;
        events::append(
            conn,
            NewEvent {
                entity_id: id,
                unit: Some(&unit.path),
                actor_id: Some(actor.user_id),
                from_state: None,
                to_state: Some(FaultState::Open.as_str()),
                event: FaultEvent::Report { title: new.title.as_str().to_owned(), project_id: p.id },
            },
        )?;
        Ok::<_, Error>(id)
    })?;
    find(conn, id)
}

/// The property company answers or closes a fault (guarded by the version read).
pub fn transition(
    conn: &mut DbConnection,
    actor: &Actor,
    id: Uuid,
    action: FaultAction,
    version: i64,
    reply: &FaultReply,
) -> Result<Fault> {
    write(conn, |conn| {
        let f = find_visible(conn, actor, id)?;
        let to = upkeep::decide_fault(action, actor, &f.facts(), reply)?;
        let text = Some(reply.as_str().to_owned()).filter(|r| !r.is_empty());
        let updated = diesel::update(faults::table)
            .filter(faults::id.eq(id.to_string()))
            .filter(faults::version.eq(version))
            .set((
                faults::state.eq(to.as_str()),
                faults::reply.eq(text.clone().or(f.reply.clone())),
                faults::updated_at.eq(now()),
                faults::version.eq(version + 1),
            ))
            .execute(conn)?;
        if updated == 0 {
            return Err(Error::StaleVersion { entity: "fault", expected: version });
        }
        let event = match action {
            FaultAction::Answer => FaultEvent::Answer { note: text.unwrap_or_default() },
            FaultAction::Close => FaultEvent::Close { note: text },
        };
        events::append(
            conn,
            NewEvent {
                entity_id: id,
                unit: Some(&f.unit_path),
                actor_id: Some(actor.user_id),
                from_state: Some(f.state.as_str()),
                to_state: Some(to.as_str()),
                event,
            },
        )?;
        find(conn, id)
    })
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub project_id: Option<Uuid>,
    pub state: Option<FaultState>,
}

/// The faults the actor sees: those it reported, those of the companies it manages, those
/// of the compounds its officials' grants reach. Newest first.
pub fn list(conn: &mut DbConnection, actor: &Actor, filter: &Filter, page: Page) -> Result<Paged<Fault>> {
    let reach = units::ids_under(conn, &actor.scope_units(Capability::ReadCases), "unit_id")?;
    let orgs: Vec<String> = actor.organizations_for(Capability::ManageProperty).iter().map(Uuid::to_string).collect();
    let mut query = faults::table
        .filter(
            faults::reported_by_id
                .eq(actor.user_id.to_string())
                .or(faults::maintainer_org_id.eq_any(orgs))
                .or(faults::unit_id.eq_any(reach)),
        )
        .select(Row::as_select())
        .order(faults::id.desc())
        .into_boxed();
    if let Some(p) = filter.project_id {
        query = query.filter(faults::project_id.eq(p.to_string()));
    }
    if let Some(state) = filter.state {
        query = query.filter(faults::state.eq(state.as_str()));
    }
    if let Some(after) = page.after_id()? {
        query = query.filter(faults::id.lt(after.to_string()));
    }
    let rows = query.limit(page.fetch()).load(conn)?;
    Ok(Paged::from_rows(load(conn, rows)?, page.limit, |f| f.id))
}

/// The worker's job: a fault not closed by its deadline becomes a coordination case of its
/// compound, opened by the system, and the fault points at it. Returns how many moved.
pub fn escalate_overdue(conn: &mut DbConnection, now: DateTime<Utc>) -> Result<usize> {
    let due: Vec<String> = faults::table
        .filter(faults::state.eq_any([FaultState::Open.as_str(), FaultState::Answered.as_str()]))
        .filter(faults::due_at.lt(now.naive_utc()))
        .order(faults::due_at.asc())
        .limit(100)
        .select(faults::id)
        .load(conn)?;
    let mut moved = 0;
    for id in due {
        let id = uuid(&id, "fault id")?;
        let done = write(conn, |conn| {
            let f = find(conn, id)?;
            if !upkeep::overdue(f.state, f.due_at, now) {
                return Ok(false);
            }
            let claimed = diesel::update(faults::table)
                .filter(faults::id.eq(id.to_string()))
                .filter(faults::version.eq(f.version))
                .set((
                    faults::state.eq(FaultState::Escalated.as_str()),
                    faults::updated_at.eq(crate::util::now()),
                    faults::version.eq(f.version + 1),
                ))
                .execute(conn)?;
            if claimed == 0 {
                return Ok(false);
            }
            let autonomy = cases::compound_org(conn, f.unit_id, OrganizationKind::ResidentAutonomy)?;
            let title =
                CaseTitle::parse(&format!("报修逾期：{}", f.title)).or_else(|_| CaseTitle::parse("报修逾期未办结"))?;
            let description = CaseDescription::parse(&format!(
                "{} 报修「{}」（{}）逾期未办结，转三方联动。{}",
                f.unit_name, f.title, f.project_title, f.description
            ))
            .or_else(|_| CaseDescription::parse(&f.description))?;
            let new = NewCase { unit_id: f.unit_id, title, description, due_at: None, demand_id: None };
            let case_id =
                cases::open_row(conn, &new, &f.unit_path, autonomy, Some(f.maintainer_org_id), None, Some(id))?;
            diesel::update(faults::table.find(id.to_string()))
                .set(faults::case_id.eq(case_id.to_string()))
                .execute(conn)?;
            events::append(
                conn,
                NewEvent {
                    entity_id: id,
                    unit: Some(&f.unit_path),
                    actor_id: None,
                    from_state: Some(f.state.as_str()),
                    to_state: Some(FaultState::Escalated.as_str()),
                    event: FaultEvent::Escalate { case_id },
                },
            )?;
            Ok::<_, Error>(true)
        })?;
        moved += usize::from(done);
    }
    Ok(moved)
}
