//! Coordination cases, 三方联动 (SPEC §4.6): opening for a compound, the three parties'
//! confirmations, escalation (by a party, or by the worker past the deadline), the
//! street's settlement, the thread, lists.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::access::{Actor, Capability};
use domain::coordination::{
    self, By, CaseAction, CaseDescription, CaseEvent, CaseFacts, CaseState, CaseTitle, Confirmations, EscalationReason,
    MessageBody, Party, Resolution,
};
use domain::demand::{self, ActionFields, DemandAction};
use domain::org_unit::UnitPath;
use domain::organization::OrganizationKind;
use uuid::Uuid;

use crate::connection::write;
use crate::events::{self, NewEvent};
use crate::schema::{case_messages, coordination_cases, organizations, users};
use crate::util::{new_id, now, opt_uuid, parsed, unit_path, utc, uuid, Page, Paged};
use crate::{org_units as units, DbConnection, Error, Result};

#[derive(Debug, Clone)]
pub struct Case {
    pub id: Uuid,
    pub unit_id: Uuid,
    pub unit_name: String,
    pub unit_path: UnitPath,
    pub title: String,
    pub description: String,
    pub state: CaseState,
    pub autonomy_org: Option<(Uuid, String)>,
    pub property_org: Option<(Uuid, String)>,
    pub confirmed: Confirmations,
    pub due_at: Option<DateTime<Utc>>,
    pub resolution: Option<String>,
    pub demand_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl Case {
    pub fn facts(&self) -> CaseFacts<'_> {
        CaseFacts {
            state: self.state,
            unit_path: &self.unit_path,
            autonomy_org: self.autonomy_org.as_ref().map(|(id, _)| *id),
            property_org: self.property_org.as_ref().map(|(id, _)| *id),
            confirmed: self.confirmed,
            due_at: self.due_at,
        }
    }
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = coordination_cases)]
struct Row {
    id: String,
    unit_id: String,
    title: String,
    description: String,
    state: String,
    autonomy_org_id: Option<String>,
    property_org_id: Option<String>,
    community_confirmed: bool,
    autonomy_confirmed: bool,
    property_confirmed: bool,
    due_at: Option<NaiveDateTime>,
    resolution: Option<String>,
    demand_id: Option<String>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    version: i64,
}

/// Rows with their unit's name and path and their organisations' names: three queries for
/// a page.
fn load(conn: &mut DbConnection, rows: Vec<Row>) -> Result<Vec<Case>> {
    let unit_ids: Vec<&str> = rows.iter().map(|r| r.unit_id.as_str()).collect();
    let placed = units::named(conn, &unit_ids)?;
    let org_ids: Vec<&str> =
        rows.iter().flat_map(|r| [r.autonomy_org_id.as_deref(), r.property_org_id.as_deref()]).flatten().collect();
    let names = crate::organizations::names(conn, &org_ids)?;
    let org = |id: &Option<String>| -> Result<Option<(Uuid, String)>> {
        let Some(id) = id else { return Ok(None) };
        let name = names.iter().find(|(i, _)| i == id).map(|(_, n)| n.clone()).unwrap_or_default();
        Ok(Some((uuid(id, "case organisation")?, name)))
    };
    rows.into_iter()
        .map(|r| {
            let (_, unit_name, path) =
                placed.iter().find(|(id, ..)| *id == r.unit_id).ok_or(Error::Corrupt("case unit"))?;
            Ok(Case {
                id: uuid(&r.id, "case id")?,
                unit_id: uuid(&r.unit_id, "case unit")?,
                unit_name: unit_name.clone(),
                unit_path: unit_path(path)?,
                title: r.title,
                description: r.description,
                state: parsed(&r.state, CaseState::parse, "case state")?,
                autonomy_org: org(&r.autonomy_org_id)?,
                property_org: org(&r.property_org_id)?,
                confirmed: Confirmations {
                    community: r.community_confirmed,
                    resident_autonomy: r.autonomy_confirmed,
                    property_service: r.property_confirmed,
                },
                due_at: r.due_at.map(utc),
                resolution: r.resolution,
                demand_id: opt_uuid(r.demand_id.as_deref(), "case demand")?,
                created_at: utc(r.created_at),
                updated_at: utc(r.updated_at),
                version: r.version,
            })
        })
        .collect()
}

pub fn find(conn: &mut DbConnection, id: Uuid) -> Result<Case> {
    let row: Row = coordination_cases::table
        .find(id.to_string())
        .select(Row::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound("coordination case"))?;
    load(conn, vec![row])?.pop().ok_or(Error::NotFound("coordination case"))
}

/// A case the actor may see; any other is not found.
pub fn find_visible(conn: &mut DbConnection, actor: &Actor, id: Uuid) -> Result<Case> {
    let case = find(conn, id)?;
    if coordination::sees(actor, &case.facts()) {
        Ok(case)
    } else {
        Err(Error::NotFound("coordination case"))
    }
}

/// The compound's oldest organisation of `kind`: the party for the case.
pub(crate) fn compound_org(conn: &mut DbConnection, unit_id: Uuid, kind: OrganizationKind) -> Result<Option<Uuid>> {
    let found: Option<String> = organizations::table
        .filter(organizations::unit_id.eq(unit_id.to_string()))
        .filter(organizations::kind.eq(kind.as_str()))
        .order(organizations::id.asc())
        .select(organizations::id)
        .first(conn)
        .optional()?;
    opt_uuid(found.as_deref(), "organisation id")
}

#[derive(Debug, Clone)]
pub struct NewCase {
    pub unit_id: Uuid,
    pub title: CaseTitle,
    pub description: CaseDescription,
    pub due_at: Option<DateTime<Utc>>,
    /// A property demand the case takes up: accepted now, resolved when the case settles.
    pub demand_id: Option<Uuid>,
}

pub fn open(conn: &mut DbConnection, actor: &Actor, new: NewCase) -> Result<Case> {
    write(conn, |conn| {
        let unit = units::placement_for_field(conn, new.unit_id, "unit_id")?;
        let autonomy = compound_org(conn, new.unit_id, OrganizationKind::ResidentAutonomy)?;
        let property = compound_org(conn, new.unit_id, OrganizationKind::PropertyService)?;
        coordination::authorize_open(actor, unit.kind, &unit.path, autonomy, property)?;
        let demand = match new.demand_id {
            Some(did) => {
                let d = crate::demands::find_visible(conn, actor, did).map_err(|e| match e {
                    Error::NotFound(_) => Error::from(domain::Error::invalid(
                        "demand_id",
                        "unknown_record",
                        "demand_id names no demand you may see",
                    )),
                    other => other,
                })?;
                coordination::check_demand(d.category, &d.unit_path, &unit.path)?;
                Some(d)
            }
            None => None,
        };
        let id = open_row(conn, &new, &unit.path, autonomy, property, Some(actor.user_id), None)?;
        if let Some(d) = demand {
            let fields = ActionFields { case_id: Some(id), ..ActionFields::default() };
            let outcome = demand::decide(DemandAction::Coordinate, demand::By::User(actor), &d.facts(), &fields)?;
            crate::demands::follow_case(conn, &d, DemandAction::Coordinate, &outcome, id, Some(actor.user_id))?;
        }
        find(conn, id)
    })
}

/// Writes a new open case and its event; shared by a person opening one and by the worker
/// turning an overdue fault into one.
pub(crate) fn open_row(
    conn: &mut DbConnection,
    new: &NewCase,
    path: &UnitPath,
    autonomy: Option<Uuid>,
    property: Option<Uuid>,
    actor_id: Option<Uuid>,
    fault_id: Option<Uuid>,
) -> Result<Uuid> {
    let street = *path.ids().get(1).ok_or(Error::Corrupt("case unit path"))?;
    let id = new_id();
    let t = now();
    diesel::insert_into(coordination_cases::table)
        .values((
            coordination_cases::id.eq(id.to_string()),
            coordination_cases::unit_id.eq(new.unit_id.to_string()),
            coordination_cases::street_id.eq(street.to_string()),
            coordination_cases::title.eq(new.title.as_str()),
            coordination_cases::description.eq(new.description.as_str()),
            coordination_cases::state.eq(CaseState::Open.as_str()),
            coordination_cases::autonomy_org_id.eq(autonomy.map(|o| o.to_string())),
            coordination_cases::property_org_id.eq(property.map(|o| o.to_string())),
            coordination_cases::community_confirmed.eq(false),
            coordination_cases::autonomy_confirmed.eq(false),
            coordination_cases::property_confirmed.eq(false),
            coordination_cases::due_at.eq(new.due_at.map(|d| d.naive_utc())),
            coordination_cases::demand_id.eq(new.demand_id.map(|d| d.to_string())),
            coordination_cases::opened_by_id.eq(actor_id.map(|a| a.to_string())),
            coordination_cases::created_at.eq(t),
            coordination_cases::updated_at.eq(t),
            coordination_cases::version.eq(1_i64),
        ))
        .execute(conn)?;
    events::append(
        conn,
        NewEvent {
            entity_id: id,
            unit: Some(path),
            actor_id,
            from_state: None,
            to_state: Some(CaseState::Open.as_str()),
            event: CaseEvent::Open { title: new.title.as_str().to_owned(), demand_id: new.demand_id, fault_id },
        },
    )?;
    Ok(id)
}

/// The raw fields of a transition request; `domain` decides which matter.
#[derive(Debug, Clone, Default)]
pub struct TransitionRequest {
    pub version: i64,
    pub party: Option<Party>,
    pub note: Option<String>,
    pub reason: Option<String>,
}

pub fn transition(
    conn: &mut DbConnection,
    actor: &Actor,
    id: Uuid,
    action: CaseAction,
    req: TransitionRequest,
) -> Result<Case> {
    write(conn, |conn| {
        let case = find_visible(conn, actor, id)?;
        let outcome = coordination::decide(action, By::User(actor), req.party, &case.facts(), Utc::now())?;
        let event = match action {
            CaseAction::Confirm => {
                CaseEvent::Confirm { party: outcome.party.ok_or(Error::Corrupt("confirming party"))? }
            }
            CaseAction::Escalate => CaseEvent::Escalate {
                party: outcome.party,
                reason: EscalationReason::parse(req.reason.as_deref().unwrap_or_default())?.into_inner(),
            },
            CaseAction::Resolve => CaseEvent::Resolve {
                note: Some(Resolution::parse(req.note.as_deref().unwrap_or_default())?.into_inner()),
            },
        };
        let resolution = match &event {
            CaseEvent::Resolve { note } => note.clone(),
            _ => case.resolution.clone(),
        };
        apply(conn, &case, req.version, &outcome, resolution, Some(actor.user_id), event)?;
        find(conn, id)
    })
}

/// Writes a decided step: guarded by the version read, so of two parties acting on one
/// version the second gets 409 and changes nothing.
fn apply(
    conn: &mut DbConnection,
    case: &Case,
    version: i64,
    outcome: &coordination::Outcome,
    resolution: Option<String>,
    actor_id: Option<Uuid>,
    event: CaseEvent,
) -> Result<()> {
    let updated = diesel::update(coordination_cases::table)
        .filter(coordination_cases::id.eq(case.id.to_string()))
        .filter(coordination_cases::version.eq(version))
        .set((
            coordination_cases::state.eq(outcome.to.as_str()),
            coordination_cases::community_confirmed.eq(outcome.confirmed.community),
            coordination_cases::autonomy_confirmed.eq(outcome.confirmed.resident_autonomy),
            coordination_cases::property_confirmed.eq(outcome.confirmed.property_service),
            coordination_cases::resolution.eq(resolution),
            coordination_cases::updated_at.eq(now()),
            coordination_cases::version.eq(version + 1),
        ))
        .execute(conn)?;
    if updated == 0 {
        return Err(Error::StaleVersion { entity: "coordination case", expected: version });
    }
    events::append(
        conn,
        NewEvent {
            entity_id: case.id,
            unit: Some(&case.unit_path),
            actor_id,
            from_state: Some(outcome.from.as_str()),
            to_state: Some(outcome.to.as_str()),
            event: event.clone(),
        },
    )?;
    // The property demand it took up is answered with it.
    if let (CaseState::Resolved, Some(demand_id)) = (outcome.to, case.demand_id) {
        let d = crate::demands::find(conn, demand_id)?;
        let resolved = demand::decide(DemandAction::Resolve, demand::By::System, &d.facts(), &ActionFields::default())?;
        crate::demands::follow_case(conn, &d, DemandAction::Resolve, &resolved, case.id, None)?;
    }
    // A case settled by all three parties records that too.
    if outcome.to == CaseState::Resolved && !matches!(event, CaseEvent::Resolve { .. }) {
        events::append(
            conn,
            NewEvent {
                entity_id: case.id,
                unit: Some(&case.unit_path),
                actor_id: None,
                from_state: Some(outcome.to.as_str()),
                to_state: Some(outcome.to.as_str()),
                event: CaseEvent::Resolve { note: None },
            },
        )?;
    }
    Ok(())
}

/// The worker's job: every open case past its deadline (as `now` says) escalates by
/// itself. Each case is its own guarded step; one a party changed meanwhile is left for
/// the next round. Returns how many escalated.
pub fn escalate_overdue(conn: &mut DbConnection, now: DateTime<Utc>) -> Result<usize> {
    let due: Vec<String> = coordination_cases::table
        .filter(coordination_cases::state.eq(CaseState::Open.as_str()))
        .filter(coordination_cases::due_at.lt(now.naive_utc()))
        .order(coordination_cases::due_at.asc())
        .limit(100)
        .select(coordination_cases::id)
        .load(conn)?;
    let mut escalated = 0;
    for id in due {
        let id = uuid(&id, "case id")?;
        let done = write(conn, |conn| {
            let case = find(conn, id)?;
            let outcome = match coordination::decide(CaseAction::Escalate, By::System, None, &case.facts(), now) {
                Ok(o) => o,
                Err(_) => return Ok(false),
            };
            let event = CaseEvent::Escalate { party: None, reason: "逾期未办结".to_owned() };
            match apply(conn, &case, case.version, &outcome, case.resolution.clone(), None, event) {
                Ok(()) => Ok(true),
                Err(Error::StaleVersion { .. }) => Ok(false),
                Err(e) => Err(e),
            }
        })?;
        escalated += usize::from(done);
    }
    Ok(escalated)
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub state: Option<CaseState>,
    pub unit_id: Option<Uuid>,
}

/// The cases the actor sees (`coordination::sees`, as SQL): those of units its officials'
/// grants reach, and those of the organisations it speaks for. Newest first.
pub fn list(conn: &mut DbConnection, actor: &Actor, filter: &Filter, page: Page) -> Result<Paged<Case>> {
    let mut scope = actor.scope_units(Capability::ReadCases);
    scope.extend(actor.scope_units(Capability::RunCases));
    let reach = units::ids_under(conn, &scope, "unit_id")?;
    let orgs = |c: Capability| actor.organizations_for(c).iter().map(Uuid::to_string).collect::<Vec<_>>();
    let mut query = coordination_cases::table
        .filter(
            coordination_cases::unit_id
                .eq_any(reach)
                .or(coordination_cases::autonomy_org_id.eq_any(orgs(Capability::RepresentResidents)))
                .or(coordination_cases::property_org_id.eq_any(orgs(Capability::ManageProperty))),
        )
        .select(Row::as_select())
        .order(coordination_cases::id.desc())
        .into_boxed();
    if let Some(state) = filter.state {
        query = query.filter(coordination_cases::state.eq(state.as_str()));
    }
    if let Some(unit) = filter.unit_id {
        query = query.filter(coordination_cases::unit_id.eq_any(units::ids_under(conn, &[unit], "unit_id")?));
    }
    if let Some(after) = page.after_id()? {
        query = query.filter(coordination_cases::id.lt(after.to_string()));
    }
    let rows = query.limit(page.fetch()).load(conn)?;
    Ok(Paged::from_rows(load(conn, rows)?, page.limit, |c| c.id))
}

#[derive(Debug, Clone)]
pub struct Message {
    pub id: Uuid,
    pub author_name: String,
    pub party: Option<Party>,
    /// Whom the author spoke for: its residents' organisation, property company, community
    /// or (for the street committee) street.
    pub organization_name: Option<String>,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

pub fn messages(conn: &mut DbConnection, actor: &Actor, id: Uuid) -> Result<Vec<Message>> {
    let case = find_visible(conn, actor, id)?;
    let rows: Vec<(String, String, Option<String>, String, NaiveDateTime)> = case_messages::table
        .inner_join(users::table)
        .filter(case_messages::case_id.eq(id.to_string()))
        .order(case_messages::id.asc())
        .select((
            case_messages::id,
            users::display_name,
            case_messages::party,
            case_messages::body,
            case_messages::created_at,
        ))
        .load(conn)?;
    // The community and the street speak as their units (兴华南街社区, 淮河路街道).
    let unit_name = |conn: &mut DbConnection, level: usize| -> Result<Option<String>> {
        case.unit_path.ids().get(level).map(|u| units::find(conn, *u).map(|unit| unit.name)).transpose()
    };
    let (street_name, community_name) = (unit_name(conn, 1)?, unit_name(conn, 2)?);
    rows.into_iter()
        .map(|(mid, author_name, party, body, at)| {
            let party = party.as_deref().map(|p| parsed(p, Party::parse, "message party")).transpose()?;
            let organization_name = match party {
                Some(Party::ResidentAutonomy) => case.autonomy_org.as_ref().map(|(_, n)| n.clone()),
                Some(Party::PropertyService) => case.property_org.as_ref().map(|(_, n)| n.clone()),
                Some(Party::Community) => community_name.clone(),
                None => street_name.clone(),
            };
            Ok(Message {
                id: uuid(&mid, "message id")?,
                author_name,
                party,
                organization_name,
                body,
                created_at: utc(at),
            })
        })
        .collect()
}

pub fn post(conn: &mut DbConnection, actor: &Actor, id: Uuid, body: &MessageBody) -> Result<Message> {
    let mid = write(conn, |conn| {
        let case = find_visible(conn, actor, id)?;
        let party = coordination::may_post(actor, &case.facts())?;
        let mid = new_id();
        diesel::insert_into(case_messages::table)
            .values((
                case_messages::id.eq(mid.to_string()),
                case_messages::case_id.eq(id.to_string()),
                case_messages::author_id.eq(actor.user_id.to_string()),
                case_messages::party.eq(party.map(Party::as_str)),
                case_messages::body.eq(body.as_str()),
                case_messages::created_at.eq(now()),
            ))
            .execute(conn)?;
        events::append(
            conn,
            NewEvent {
                entity_id: id,
                unit: Some(&case.unit_path),
                actor_id: Some(actor.user_id),
                from_state: Some(case.state.as_str()),
                to_state: Some(case.state.as_str()),
                event: CaseEvent::Message { party },
            },
        )?;
        Ok::<_, Error>(mid)
    })?;
    messages(conn, actor, id)?.into_iter().find(|m| m.id == mid).ok_or(Error::NotFound("message"))
}
