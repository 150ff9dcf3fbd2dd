//! The append-only event log (SPEC §3): every change writes one, in the same transaction.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use domain::access::{Actor, Grant, Role};
use uuid::Uuid;

use crate::schema::{events, grants, users};
use crate::util::{new_id, now, opt_uuid, parsed, utc, uuid};
use crate::{DbConnection, Result};

/// What happened, to what, by whom.
#[derive(Debug, Clone)]
pub struct NewEvent<'a> {
    pub entity: &'static str,
    pub entity_id: Uuid,
    pub action: &'a str,
    pub actor_id: Option<Uuid>,
    pub from_state: Option<&'a str>,
    pub to_state: Option<&'a str>,
    pub note: Option<&'a str>,
}

#[derive(Debug, Clone)]
pub struct Event {
    pub id: Uuid,
    pub entity: String,
    pub entity_id: Uuid,
    pub action: String,
    pub actor_id: Option<Uuid>,
    /// Who acted, as they are now: their account and current grants, for the reader's
    /// rules to decide what to show. `None` for the system, or an account since removed.
    pub actor: Option<EventActor>,
    pub from_state: Option<String>,
    pub to_state: Option<String>,
    pub note: Option<String>,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct EventActor {
    pub display_name: String,
    pub actor: Actor,
}

pub fn record(conn: &mut DbConnection, e: NewEvent<'_>) -> Result<()> {
    diesel::insert_into(events::table)
        .values((
            events::id.eq(new_id().to_string()),
            events::entity.eq(e.entity),
            events::entity_id.eq(e.entity_id.to_string()),
            events::action.eq(e.action),
            events::actor_id.eq(e.actor_id.map(|id| id.to_string())),
            events::from_state.eq(e.from_state),
            events::to_state.eq(e.to_state),
            events::note.eq(e.note),
            events::at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = events)]
struct Row {
    id: String,
    entity: String,
    entity_id: String,
    action: String,
    actor_id: Option<String>,
    from_state: Option<String>,
    to_state: Option<String>,
    note: Option<String>,
    at: chrono::NaiveDateTime,
}

/// An event as stored; who its actor is (`actor`) is looked up for a whole timeline at once.
impl TryFrom<Row> for Event {
    type Error = crate::Error;
    fn try_from(r: Row) -> Result<Self> {
        Ok(Event {
            id: uuid(&r.id, "event id")?,
            entity: r.entity,
            entity_id: uuid(&r.entity_id, "event entity id")?,
            action: r.action,
            actor: None,
            actor_id: opt_uuid(r.actor_id.as_deref(), "event actor id")?,
            from_state: r.from_state,
            to_state: r.to_state,
            note: r.note,
            at: utc(r.at),
        })
    }
}

/// An event with what its note holds, typed by the record's own timeline module.
pub struct Entry<D> {
    pub event: Event,
    pub detail: D,
}

/// The timeline of one record, oldest first, each event's note read by `decode` (its
/// action and note, as the record's writers wrote them).
pub fn typed_timeline<D>(
    conn: &mut DbConnection,
    entity: &'static str,
    entity_id: Uuid,
    decode: impl Fn(&str, Option<&str>) -> D,
) -> Result<Vec<Entry<D>>> {
    Ok(timeline(conn, entity, entity_id)?
        .into_iter()
        .map(|event| {
            let detail = decode(&event.action, event.note.as_deref());
            Entry { event, detail }
        })
        .collect())
}

/// The timeline of one record, oldest first.
pub fn timeline(conn: &mut DbConnection, entity: &'static str, entity_id: Uuid) -> Result<Vec<Event>> {
    let rows: Vec<Row> = events::table
        .filter(events::entity.eq(entity))
        .filter(events::entity_id.eq(entity_id.to_string()))
        .order(events::id.asc())
        .select(Row::as_select())
        .load(conn)?;
    let mut actor_ids: Vec<String> = rows.iter().filter_map(|r| r.actor_id.clone()).collect();
    actor_ids.sort_unstable();
    actor_ids.dedup();
    let actors = actors(conn, &actor_ids)?;
    rows.into_iter()
        .map(|r| {
            let actor = r.actor_id.as_ref().and_then(|a| actors.iter().find(|(id, _)| id == a)).map(|(_, e)| e.clone());
            Ok(Event { actor, ..Event::try_from(r)? })
        })
        .collect()
}

/// The named accounts with their display names and grants: two queries for a whole timeline.
fn actors(conn: &mut DbConnection, ids: &[String]) -> Result<Vec<(String, EventActor)>> {
    let people: Vec<(String, String)> =
        users::table.filter(users::id.eq_any(ids)).select((users::id, users::display_name)).load(conn)?;
    let held: Vec<(String, String, String, Option<String>)> = grants::table
        .filter(grants::user_id.eq_any(ids))
        .order(grants::id.asc())
        .select((grants::user_id, grants::role, grants::unit_id, grants::organization_id))
        .load(conn)?;
    people
        .into_iter()
        .map(|(id, display_name)| {
            let grants = held
                .iter()
                .filter(|(user, ..)| *user == id)
                .map(|(_, role, unit, org)| {
                    Ok(Grant {
                        role: parsed(role, Role::parse, "grant role")?,
                        unit_id: uuid(unit, "grant unit")?,
                        organization_id: opt_uuid(org.as_deref(), "grant organization")?,
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            let actor = Actor { user_id: uuid(&id, "user id")?, grants };
            Ok((id, EventActor { display_name, actor }))
        })
        .collect()
}
