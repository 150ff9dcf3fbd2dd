//! Sessions (one per login) and their refresh tokens: tokens stored as SHA-256 hashes,
//! rotated on every use; a session ends on logout, on replay of a spent token, when its
//! user's password is reset or the account is disabled. Access tokens name their session,
//! so ending it ends them on their next request.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use crate::connection::write;
use crate::schema::{refresh_tokens, sessions, users};
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
    Rotated { user_id: Uuid, session_id: Uuid },
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

/// A new login: a session and the first token of its family. Returns the session id.
pub fn start(conn: &mut DbConnection, user_id: Uuid, token: &NewToken) -> Result<Uuid> {
    let session_id = new_id();
    diesel::insert_into(sessions::table)
        .values((
            sessions::id.eq(session_id.to_string()),
            sessions::user_id.eq(user_id.to_string()),
            sessions::created_at.eq(now()),
        ))
        .execute(conn)?;
    insert(conn, user_id, session_id, token)?;
    Ok(session_id)
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
        let disabled: bool = users::table.find(&user_id).select(users::disabled).first(conn)?;
        if disabled {
            revoke_family(conn, &family_id)?;
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
        let session_id = uuid(&family_id, "token family")?;
        insert(conn, user_id, session_id, next)?;
        Ok(Rotation::Rotated { user_id, session_id })
    })
}

fn revoke_family(conn: &mut DbConnection, family_id: &str) -> Result<()> {
    diesel::update(sessions::table.find(family_id))
        .filter(sessions::revoked_at.is_null())
        .set(sessions::revoked_at.eq(now()))
        .execute(conn)?;
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
    diesel::update(sessions::table)
        .filter(sessions::user_id.eq(user_id.to_string()))
        .filter(sessions::revoked_at.is_null())
        .set(sessions::revoked_at.eq(now()))
        .execute(conn)?;
    diesel::update(refresh_tokens::table)
        .filter(refresh_tokens::user_id.eq(user_id.to_string()))
        .filter(refresh_tokens::revoked_at.is_null())
        .set(refresh_tokens::revoked_at.eq(now()))
        .execute(conn)?;
    Ok(())
}

/// Every login of a user but one ends: it has just changed its own password there. (A
/// session's id is its refresh tokens' family id.)
pub fn revoke_all_but(conn: &mut DbConnection, user_id: Uuid, keep_session: Uuid) -> Result<()> {
    let keep = keep_session.to_string();
    diesel::update(sessions::table)
        .filter(sessions::user_id.eq(user_id.to_string()))
        .filter(sessions::id.ne(&keep))
        .filter(sessions::revoked_at.is_null())
        .set(sessions::revoked_at.eq(now()))
        .execute(conn)?;
    diesel::update(refresh_tokens::table)
        .filter(refresh_tokens::user_id.eq(user_id.to_string()))
        .filter(refresh_tokens::family_id.ne(&keep))
        .filter(refresh_tokens::revoked_at.is_null())
        .set(refresh_tokens::revoked_at.eq(now()))
        .execute(conn)?;
    Ok(())
}

/// What an access token's session and holder are now: one indexed row, read per request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionState {
    pub user_id: Uuid,
    pub ended: bool,
    pub disabled: bool,
    pub auth_version: i64,
    /// Its password was chosen by someone else and must be changed first.
    pub password_change_required: bool,
}

pub fn state(conn: &mut DbConnection, session_id: Uuid) -> Result<Option<SessionState>> {
    let row: Option<(String, Option<NaiveDateTime>, bool, i64, bool)> = sessions::table
        .inner_join(users::table)
        .filter(sessions::id.eq(session_id.to_string()))
        .select((
            sessions::user_id,
            sessions::revoked_at,
            users::disabled,
            users::auth_version,
            users::password_change_required,
        ))
        .first(conn)
        .optional()?;
    row.map(|(user_id, revoked_at, disabled, auth_version, password_change_required)| {
        Ok(SessionState {
            user_id: uuid(&user_id, "session user")?,
            ended: revoked_at.is_some(),
            disabled,
            auth_version,
            password_change_required,
        })
    })
    .transpose()
}
