//! The append-only event log (SPEC §3): every change writes one, in the same transaction.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use crate::schema::events;
use crate::util::{new_id, now, opt_uuid, utc, uuid};
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
    pub from_state: Option<String>,
    pub to_state: Option<String>,
    pub note: Option<String>,
    pub at: DateTime<Utc>,
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

type Row = (
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    chrono::NaiveDateTime,
);

/// The timeline of one record, oldest first.
pub fn timeline(conn: &mut DbConnection, entity: &'static str, entity_id: Uuid) -> Result<Vec<Event>> {
    let rows: Vec<Row> = events::table
        .filter(events::entity.eq(entity))
        .filter(events::entity_id.eq(entity_id.to_string()))
        .order(events::id.asc())
        .select((
            events::id,
            events::entity,
            events::entity_id,
            events::action,
            events::actor_id,
            events::from_state,
            events::to_state,
            events::note,
            events::at,
        ))
        .load(conn)?;
    rows.into_iter()
        .map(|(id, entity, entity_id, action, actor_id, from_state, to_state, note, at)| {
            Ok(Event {
                id: uuid(&id, "event id")?,
                entity,
                entity_id: uuid(&entity_id, "event entity id")?,
                action,
                actor_id: opt_uuid(actor_id.as_deref(), "event actor id")?,
                from_state,
                to_state,
                note,
                at: utc(at),
            })
        })
        .collect()
}
