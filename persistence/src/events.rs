//! The append-only event log (SPEC §3): every change writes one typed event (its record's
//! event enum in `domain`, as JSON) in the same transaction, with the record's unit and
//! street on the row. Timelines, the worker's consumers and statistics read the enum back.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use domain::access::{Actor, Grant, Role};
use domain::history::{Entity, History};
use domain::org_unit::UnitPath;
use uuid::Uuid;

use crate::connection::write;
use crate::schema::{event_consumers, events, grants, users};
use crate::util::{new_id, now, opt_uuid, parsed, utc, uuid};
use crate::{DbConnection, Result};

/// What happened (`event`), to which record, where, by whom.
#[derive(Debug, Clone)]
pub struct NewEvent<'a, E> {
    pub entity_id: Uuid,
    /// The record's unit, and through it its street; `None` for accounts, which belong to
    /// no unit of their own.
    pub unit: Option<&'a UnitPath>,
    pub actor_id: Option<Uuid>,
    pub from_state: Option<&'a str>,
    pub to_state: Option<&'a str>,
    pub event: E,
}

/// Writes one event, in the caller's transaction.
pub fn append<E: History>(conn: &mut DbConnection, e: NewEvent<'_, E>) -> Result<()> {
    let payload =
        serde_json::to_string(&e.event).map_err(|err| diesel::result::Error::SerializationError(Box::new(err)))?;
    let unit_id = e.unit.map(|u| u.unit_id().to_string());
    // The root is the district; the next unit down is the street.
    let street_id = e.unit.and_then(|u| u.ids().get(1)).map(Uuid::to_string);
    diesel::insert_into(events::table)
        .values((
            events::id.eq(new_id().to_string()),
            events::entity.eq(E::ENTITY.as_str()),
            events::entity_id.eq(e.entity_id.to_string()),
            events::action.eq(e.event.action()),
            events::actor_id.eq(e.actor_id.map(|id| id.to_string())),
            events::from_state.eq(e.from_state),
            events::to_state.eq(e.to_state),
            events::payload.eq(payload),
            events::unit_id.eq(unit_id),
            events::street_id.eq(street_id),
            events::at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// An event as stored, its payload still JSON: the worker reads the log of every kind of
/// record and decodes each with [`Stored::decode`].
#[derive(Debug, Clone)]
pub struct Stored {
    pub seq: i64,
    pub tx: i64,
    pub id: Uuid,
    pub entity: Entity,
    pub entity_id: Uuid,
    pub actor_id: Option<Uuid>,
    pub from_state: Option<String>,
    pub to_state: Option<String>,
    pub unit_id: Option<Uuid>,
    pub street_id: Option<Uuid>,
    pub at: DateTime<Utc>,
    payload: String,
}

impl Stored {
    /// The payload as `E`, when the event is one of `E`'s record kind.
    pub fn decode<E: History>(&self) -> Result<Option<E>> {
        if self.entity != E::ENTITY {
            return Ok(None);
        }
        serde_json::from_str(&self.payload).map(Some).map_err(|_| crate::Error::Corrupt("event payload"))
    }
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = events)]
pub(crate) struct Row {
    seq: i64,
    tx: i64,
    id: String,
    entity: String,
    entity_id: String,
    actor_id: Option<String>,
    from_state: Option<String>,
    to_state: Option<String>,
    payload: String,
    unit_id: Option<String>,
    street_id: Option<String>,
    at: chrono::NaiveDateTime,
}

impl TryFrom<Row> for Stored {
    type Error = crate::Error;
    fn try_from(r: Row) -> Result<Self> {
        Ok(Stored {
            seq: r.seq,
            tx: r.tx,
            id: uuid(&r.id, "event id")?,
            entity: parsed(&r.entity, Entity::parse, "event entity")?,
            entity_id: uuid(&r.entity_id, "event entity id")?,
            actor_id: opt_uuid(r.actor_id.as_deref(), "event actor id")?,
            from_state: r.from_state,
            to_state: r.to_state,
            unit_id: opt_uuid(r.unit_id.as_deref(), "event unit")?,
            street_id: opt_uuid(r.street_id.as_deref(), "event street")?,
            at: utc(r.at),
            payload: r.payload,
        })
    }
}

/// One entry of a record's timeline: what happened (`event`, typed), and who did it as
/// they are now (their account and current grants, for the reader's rules to decide what
/// to show; `None` for the system, or an account since removed).
#[derive(Debug, Clone)]
pub struct Entry<E> {
    pub id: Uuid,
    pub actor_id: Option<Uuid>,
    pub actor: Option<EventActor>,
    pub from_state: Option<String>,
    pub to_state: Option<String>,
    pub at: DateTime<Utc>,
    pub event: E,
}

#[derive(Debug, Clone)]
pub struct EventActor {
    pub display_name: String,
    pub actor: Actor,
}

/// The timeline of one record, oldest first.
pub fn timeline<E: History>(conn: &mut DbConnection, entity_id: Uuid) -> Result<Vec<Entry<E>>> {
    let rows: Vec<Row> = events::table
        .filter(events::entity.eq(E::ENTITY.as_str()))
        .filter(events::entity_id.eq(entity_id.to_string()))
        // Written in time order, except the benchmark generator's bulk history.
        .order((events::at.asc(), events::seq.asc()))
        .select(Row::as_select())
        .load(conn)?;
    Ok(entries(conn, rows)?.into_iter().map(|(_, entry)| entry).collect())
}

/// Rows of `E`'s record kind, typed, each with its record's id and its actor.
pub(crate) fn entries<E: History>(conn: &mut DbConnection, rows: Vec<Row>) -> Result<Vec<(Uuid, Entry<E>)>> {
    let mut actor_ids: Vec<String> = rows.iter().filter_map(|r| r.actor_id.clone()).collect();
    actor_ids.sort_unstable();
    actor_ids.dedup();
    let actors = actors(conn, &actor_ids)?;
    rows.into_iter()
        .map(|r| {
            let stored = Stored::try_from(r)?;
            let event = stored.decode::<E>()?.ok_or(crate::Error::Corrupt("event entity"))?;
            let actor = stored
                .actor_id
                .and_then(|a| actors.iter().find(|(id, _)| *id == a.to_string()))
                .map(|(_, e)| e.clone());
            let entry = Entry {
                id: stored.id,
                actor_id: stored.actor_id,
                actor,
                from_state: stored.from_state,
                to_state: stored.to_state,
                at: stored.at,
                event,
            };
            Ok((stored.entity_id, entry))
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

/// Where a consumer is in the log: past every event of transactions before `tx`, and of
/// transaction `tx` up to `seq`. Events are taken in (tx, seq) order, which on PostgreSQL is
/// not the order `seq` was handed out in, but is final: a reader only takes events of
/// transactions older than every one still open ([`horizon`]), so nothing can appear
/// behind the cursor later. SQLite writes one transaction at a time; its `tx` is always 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Cursor {
    pub tx: i64,
    pub seq: i64,
}

impl Cursor {
    pub const START: Cursor = Cursor { tx: 0, seq: 0 };
}

#[derive(QueryableByName)]
struct Horizon {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    horizon: i64,
}

/// The oldest transaction still open: every event of an older one is committed (or never
/// will be).
fn horizon(conn: &mut DbConnection) -> Result<i64> {
    match conn {
        DbConnection::Postgresql(c) => {
            Ok(diesel::sql_query("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS horizon")
                .get_result::<Horizon>(c)?
                .horizon)
        }
        DbConnection::Sqlite(_) => Ok(1),
    }
}

/// Up to `limit` events after `cursor` whose transactions have ended, in log order.
pub fn since(conn: &mut DbConnection, cursor: Cursor, limit: i64) -> Result<Vec<Stored>> {
    let horizon = horizon(conn)?;
    after(conn, cursor, horizon, limit)
}

fn after(conn: &mut DbConnection, cursor: Cursor, horizon: i64, limit: i64) -> Result<Vec<Stored>> {
    // The rest of the cursor's transaction, then the transactions after it: each a seek on
    // `events_log (tx, seq)`. Said as one condition (tx > ? OR tx = ? AND seq > ?), SQLite
    // reads every event of the cursor's transaction, which is the whole log there (its `tx`
    // is always 0): half a second of a million demands' log, twice a round, with nothing new.
    let page = || {
        events::table
            .filter(events::tx.lt(horizon))
            .order((events::tx.asc(), events::seq.asc()))
            .limit(limit)
            .select(Row::as_select())
    };
    let mut rows: Vec<Row> =
        page().filter(events::tx.eq(cursor.tx)).filter(events::seq.gt(cursor.seq)).load(conn)?;
    let left = limit - i64::try_from(rows.len()).unwrap_or(limit);
    if left > 0 {
        rows.extend(page().filter(events::tx.gt(cursor.tx)).limit(left).load::<Row>(conn)?);
    }
    rows.into_iter().map(Stored::try_from).collect()
}

/// The end of the log now: where a consumer starts that is to skip the history before it.
pub fn end(conn: &mut DbConnection) -> Result<Cursor> {
    let last: Option<(i64, i64)> = events::table
        .order((events::tx.desc(), events::seq.desc()))
        .select((events::tx, events::seq))
        .first(conn)
        .optional()?;
    Ok(last.map_or(Cursor::START, |(tx, seq)| Cursor { tx, seq }))
}

/// Where consumer `name` stands; a consumer never seen starts at the beginning of the log.
pub fn position(conn: &mut DbConnection, name: &str) -> Result<Cursor> {
    let at: Option<(i64, i64)> = event_consumers::table
        .find(name)
        .select((event_consumers::last_tx, event_consumers::last_seq))
        .first(conn)
        .optional()?;
    Ok(at.map_or(Cursor::START, |(tx, seq)| Cursor { tx, seq }))
}

/// Moves consumer `name` to `cursor`, for a log whose history it is not to take in (the
/// benchmark generator's bulk history needs no notifications).
pub fn skip_to(conn: &mut DbConnection, name: &str, cursor: Cursor) -> Result<()> {
    ensure_consumer(conn, name)?;
    write(conn, |conn| {
        claim_consumer(conn, name)?;
        move_consumer(conn, name, cursor)
    })
}

/// Has consumer `name` start over: under its lock, `from_scratch` undoes what the consumer
/// wrote, takes in the log itself (faster in one pass than event by event: a generated
/// district's millions of events) and says how far it read, where the cursor then stands.
pub fn rebuild(
    conn: &mut DbConnection,
    name: &str,
    mut from_scratch: impl FnMut(&mut DbConnection) -> Result<Cursor>,
) -> Result<()> {
    ensure_consumer(conn, name)?;
    write(conn, |conn| {
        claim_consumer(conn, name)?;
        let reached = from_scratch(conn)?;
        move_consumer(conn, name, reached)
    })
}

/// Creates the consumer's row on first use, in a statement of its own: of two processes
/// starting at once, one insert wins and the other's unique violation is harmless.
fn ensure_consumer(conn: &mut DbConnection, name: &str) -> Result<()> {
    let known: i64 = event_consumers::table.filter(event_consumers::name.eq(name)).count().get_result(conn)?;
    if known > 0 {
        return Ok(());
    }
    let inserted = diesel::insert_into(event_consumers::table)
        .values((
            event_consumers::name.eq(name),
            event_consumers::last_tx.eq(0_i64),
            event_consumers::last_seq.eq(0_i64),
            event_consumers::updated_at.eq(now()),
        ))
        .execute(conn);
    match inserted {
        Ok(_) | Err(diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)) => {
            Ok(())
        }
        Err(e) => Err(e.into()),
    }
}

/// Takes the consumer's row lock. A second process doing the same waits here until the
/// first commits, then reads the cursor the first left.
fn claim_consumer(conn: &mut DbConnection, name: &str) -> Result<Cursor> {
    diesel::update(event_consumers::table.find(name)).set(event_consumers::updated_at.eq(now())).execute(conn)?;
    position(conn, name)
}

fn move_consumer(conn: &mut DbConnection, name: &str, cursor: Cursor) -> Result<()> {
    diesel::update(event_consumers::table.find(name))
        .set((event_consumers::last_tx.eq(cursor.tx), event_consumers::last_seq.eq(cursor.seq)))
        .execute(conn)?;
    Ok(())
}

/// Hands consumer `name` the next events (up to `limit`) and moves its cursor past them,
/// in one transaction with whatever `handle` writes: an event is taken in exactly once,
/// across restarts and processes. An event `handle` cannot read (corrupt data) is logged
/// and passed over rather than stopping the consumer; any other error rolls the batch back
/// for the next round. Returns how many events were taken.
pub fn consume(
    conn: &mut DbConnection,
    name: &str,
    limit: i64,
    mut handle: impl FnMut(&mut DbConnection, &Stored) -> Result<()>,
) -> Result<usize> {
    // Read before the consumer's lock gives this transaction an id of its own.
    let horizon = horizon(conn)?;
    // Most rounds find nothing new: they learn it without taking a lock or writing.
    let at = position(conn, name)?;
    if after(conn, at, horizon, 1)?.is_empty() {
        return Ok(0);
    }
    ensure_consumer(conn, name)?;
    write(conn, |conn| {
        let cursor = claim_consumer(conn, name)?;
        let batch = after(conn, cursor, horizon, limit)?;
        let Some(last) = batch.last() else { return Ok(0) };
        let end = Cursor { tx: last.tx, seq: last.seq };
        for event in &batch {
            match handle(conn, event) {
                Ok(()) => {}
                Err(crate::Error::Corrupt(what)) => {
                    tracing::error!(consumer = name, seq = event.seq, what, "event passed over: it cannot be read");
                }
                Err(e) => return Err(e),
            }
        }
        move_consumer(conn, name, end)?;
        Ok(batch.len())
    })
}
