//! Refresh tokens: stored as SHA-256 hashes, rotated on every use, revocable.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use crate::connection::write;
use crate::schema::refresh_tokens;
use crate::util::{new_id, now, utc, uuid};
use crate::{DbConnection, Result};

/// A token to store: its hash and when it stops working.
#[derive(Debug, Clone)]
pub struct NewToken {
    pub token_hash: String,
    pub expires_at: DateTime<Utc>,
}

/// What presenting a refresh token led to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rotation {
    /// The token was good; it is now spent and the new one stored in its place.
    Rotated { user_id: Uuid },
    /// Never issued, expired or revoked.
    Refused,
    /// Already spent: someone replayed it, so the whole login is revoked.
    Replayed,
}

fn insert(conn: &mut DbConnection, user_id: Uuid, family_id: Uuid, token: &NewToken) -> Result<()> {
    diesel::insert_into(refresh_tokens::table)
        .values((
            refresh_tokens::id.eq(new_id().to_string()),
            refresh_tokens::user_id.eq(user_id.to_string()),
            refresh_tokens::family_id.eq(family_id.to_string()),
            refresh_tokens::token_hash.eq(&token.token_hash),
            refresh_tokens::expires_at.eq(token.expires_at.naive_utc()),
            refresh_tokens::created_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// A new login: the first token of a new family.
pub fn start(conn: &mut DbConnection, user_id: Uuid, token: &NewToken) -> Result<()> {
    insert(conn, user_id, new_id(), token)
}

/// id, user, family, expiry, spent, revoked.
type StoredToken = (String, String, String, NaiveDateTime, Option<NaiveDateTime>, Option<NaiveDateTime>);

pub fn rotate(conn: &mut DbConnection, presented_hash: &str, next: &NewToken) -> Result<Rotation> {
    write(conn, |conn| {
        let row: Option<StoredToken> = refresh_tokens::table
            .filter(refresh_tokens::token_hash.eq(presented_hash))
            .select((
                refresh_tokens::id,
                refresh_tokens::user_id,
                refresh_tokens::family_id,
                refresh_tokens::expires_at,
                refresh_tokens::used_at,
                refresh_tokens::revoked_at,
            ))
            .first(conn)
            .optional()?;
        let Some((id, user_id, family_id, expires_at, used_at, revoked_at)) = row else {
            return Ok(Rotation::Refused);
        };
        let t = now();
        if revoked_at.is_some() || utc(expires_at) <= utc(t) {
            return Ok(Rotation::Refused);
        }
        // Spending is conditional, so of two concurrent uses of one token only one wins.
        let spent = if used_at.is_none() {
            diesel::update(refresh_tokens::table.find(&id))
                .filter(refresh_tokens::used_at.is_null())
                .set(refresh_tokens::used_at.eq(t))
                .execute(conn)?
        } else {
            0
        };
        if spent == 0 {
            revoke_family(conn, &family_id)?;
            return Ok(Rotation::Replayed);
        }
        let user_id = uuid(&user_id, "token user")?;
        insert(conn, user_id, uuid(&family_id, "token family")?, next)?;
        Ok(Rotation::Rotated { user_id })
    })
}

fn revoke_family(conn: &mut DbConnection, family_id: &str) -> Result<()> {
    diesel::update(refresh_tokens::table)
        .filter(refresh_tokens::family_id.eq(family_id))
        .filter(refresh_tokens::revoked_at.is_null())
        .set(refresh_tokens::revoked_at.eq(now()))
        .execute(conn)?;
    Ok(())
}

/// Logout: the presented token's login ends. Unknown tokens are ignored, so logout is
/// idempotent.
pub fn revoke(conn: &mut DbConnection, presented_hash: &str) -> Result<()> {
    write(conn, |conn| {
        let family: Option<String> = refresh_tokens::table
            .filter(refresh_tokens::token_hash.eq(presented_hash))
            .select(refresh_tokens::family_id)
            .first(conn)
            .optional()?;
        if let Some(family) = family {
            revoke_family(conn, &family)?;
        }
        Ok(())
    })
}

/// Every login of a user ends, e.g. when its password is reset.
pub fn revoke_all(conn: &mut DbConnection, user_id: Uuid) -> Result<()> {
    diesel::update(refresh_tokens::table)
        .filter(refresh_tokens::user_id.eq(user_id.to_string()))
        .filter(refresh_tokens::revoked_at.is_null())
        .set(refresh_tokens::revoked_at.eq(now()))
        .execute(conn)?;
    Ok(())
}
