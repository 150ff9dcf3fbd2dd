//! Idempotency keys (SPEC §5: a retried creating request answers the first response and
//! creates nothing). Kept in the database, so a retry that reaches another process behind
//! the load balancer, or this one after a restart, is answered the same.
//!
//! A key is claimed before the request's work ([`begin`]) and completed with the response
//! after it succeeded ([`complete`]); a request that failed changed nothing, so its key is
//! let go ([`release`]) and may be tried again.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use uuid::Uuid;

use crate::connection::write;
use crate::schema::idempotency_keys as keys;
use crate::util::now;
use crate::{DbConnection, Error, Result};

/// How long a key is remembered.
pub const KEPT_FOR: Duration = Duration::hours(24);

/// The first response to a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub status: u16,
    pub location: Option<String>,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Begin {
    /// The key is new (or forgotten): do the work.
    Fresh,
    /// Answered before: send this again.
    Replay(Stored),
    /// The same key came with another request.
    Mismatch,
    /// The first request with this key is still being worked on.
    InFlight,
}

type Row = (String, Option<i64>, Option<String>, Option<String>, NaiveDateTime);

/// Claims `key` for `user_id`'s request whose method, path and body hash to
/// `request_hash`, or says what the key already stands for.
pub fn begin(conn: &mut DbConnection, user_id: Uuid, key: &str, request_hash: &str) -> Result<Begin> {
    write(conn, |conn| {
        let user = user_id.to_string();
        // The user's own expired keys go as it sends a new one: the table holds a day of
        // each user's requests, no more.
        diesel::delete(keys::table.filter(keys::user_id.eq(&user)).filter(keys::created_at.lt(now() - KEPT_FOR)))
            .execute(conn)?;
        let found: Option<Row> = keys::table
            .find((&user, key))
            .select((keys::request_hash, keys::status, keys::location, keys::response_body, keys::created_at))
            .first(conn)
            .optional()?;
        if let Some((hash, status, location, body, created_at)) = found {
            if created_at + KEPT_FOR > now() {
                if hash != request_hash {
                    return Ok(Begin::Mismatch);
                }
                return Ok(match (status, body) {
                    (Some(status), Some(body)) => Begin::Replay(Stored {
                        status: u16::try_from(status).map_err(|_| Error::Corrupt("idempotent status"))?,
                        location,
                        body,
                    }),
                    _ => Begin::InFlight,
                });
            }
            diesel::delete(keys::table.find((&user, key))).execute(conn)?;
        }
        let inserted = diesel::insert_into(keys::table)
            .values((
                keys::user_id.eq(&user),
                keys::idempotency_key.eq(key),
                keys::request_hash.eq(request_hash),
                keys::created_at.eq(now()),
            ))
            .execute(conn);
        match inserted {
            Ok(_) => Ok(Begin::Fresh),
            // Another request with this key got in first (PostgreSQL; SQLite writers take turns).
            Err(diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)) => {
                Ok(Begin::InFlight)
            }
            Err(e) => Err(e.into()),
        }
    })
}

/// The work succeeded: remember its response for the key's retries.
pub fn complete(conn: &mut DbConnection, user_id: Uuid, key: &str, stored: &Stored) -> Result<()> {
    diesel::update(keys::table.find((user_id.to_string(), key)))
        .set((
            keys::status.eq(Some(i64::from(stored.status))),
            keys::location.eq(stored.location.as_deref()),
            keys::response_body.eq(Some(stored.body.as_str())),
        ))
        .execute(conn)?;
    Ok(())
}

/// The work failed and changed nothing: the key may be tried again.
pub fn release(conn: &mut DbConnection, user_id: Uuid, key: &str) -> Result<()> {
    diesel::delete(keys::table.find((user_id.to_string(), key))).filter(keys::status.is_null()).execute(conn)?;
    Ok(())
}
