//! Throttle counters (see `domain::login`), shared by every process on the database.
//!
//! An attempt is reserved with a compare-and-swap on the counter row, so parallel
//! attempts are counted one by one whatever the isolation level, on both engines.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use domain::login::{Counter, Policy};

use crate::schema::throttles;
use crate::util::{now, utc};
use crate::{DbConnection, Result};

/// Counters idle this long are forgotten when a new one is made.
const FORGET_AFTER_DAYS: i64 = 2;

/// Gives up on a counter after this many lost races and makes the caller wait instead.
const MAX_RACES: usize = 64;

/// Counts one attempt under `key`: `Ok(())` when it may go ahead, `Err(wait)` when the
/// caller must wait that long first (nothing is counted then).
pub fn reserve(conn: &mut DbConnection, key: &str, policy: &Policy) -> Result<std::result::Result<(), Duration>> {
    for _ in 0..MAX_RACES {
        let t = now();
        let row: Option<(i32, NaiveDateTime, Option<NaiveDateTime>)> = throttles::table
            .find(key)
            .select((throttles::attempts, throttles::last_attempt_at, throttles::blocked_until))
            .first(conn)
            .optional()?;
        let Some((attempts, last_attempt_at, blocked_until)) = row else {
            let first = match policy.attempt(Counter::fresh(utc(t)), utc(t)) {
                Ok(first) => first,
                Err(wait) => return Ok(Err(wait)),
            };
            if insert(conn, key, &first)? {
                return Ok(Ok(()));
            }
            continue;
        };
        let current =
            Counter { attempts, last_attempt_at: utc(last_attempt_at), blocked_until: blocked_until.map(utc) };
        let next = match policy.attempt(current, utc(t)) {
            Ok(next) => next,
            Err(wait) => return Ok(Err(wait)),
        };
        let swapped = diesel::update(throttles::table.find(key))
            .filter(throttles::attempts.eq(attempts))
            .filter(throttles::last_attempt_at.eq(last_attempt_at))
            .set((
                throttles::attempts.eq(next.attempts),
                throttles::last_attempt_at.eq(next.last_attempt_at.naive_utc()),
                throttles::blocked_until.eq(next.blocked_until.map(|b| b.naive_utc())),
            ))
            .execute(conn)?;
        if swapped == 1 {
            return Ok(Ok(()));
        }
    }
    Ok(Err(policy.first_wait))
}

/// A new counter; `false` when another request made it first.
fn insert(conn: &mut DbConnection, key: &str, counter: &Counter) -> Result<bool> {
    let cutoff = now() - Duration::days(FORGET_AFTER_DAYS);
    diesel::delete(throttles::table.filter(throttles::last_attempt_at.lt(cutoff))).execute(conn)?;
    let inserted = diesel::insert_into(throttles::table)
        .values((
            throttles::key.eq(key),
            throttles::attempts.eq(counter.attempts),
            throttles::last_attempt_at.eq(counter.last_attempt_at.naive_utc()),
            throttles::blocked_until.eq(counter.blocked_until.map(|b| b.naive_utc())),
        ))
        .execute(conn);
    match inserted {
        Ok(_) => Ok(true),
        Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// The attempt went well: its reservation is given back, and a wait that only attempts
/// still under way had brought about is lifted.
pub fn release(conn: &mut DbConnection, key: &str, policy: &Policy) -> Result<()> {
    diesel::update(throttles::table.find(key))
        .filter(throttles::attempts.gt(0))
        .set(throttles::attempts.eq(throttles::attempts - 1))
        .execute(conn)?;
    diesel::update(throttles::table.find(key))
        .filter(throttles::attempts.lt(policy.free))
        .filter(throttles::blocked_until.is_not_null())
        .set(throttles::blocked_until.eq(None::<NaiveDateTime>))
        .execute(conn)?;
    Ok(())
}

/// The counter starts again from nothing (e.g. the right password for that account).
pub fn clear(conn: &mut DbConnection, key: &str) -> Result<()> {
    diesel::delete(throttles::table.find(key)).execute(conn)?;
    Ok(())
}
