//! API keys of integration organisations (Open311, SPEC §5). The secret is shown once, when
//! issued; only its SHA-256 is stored, and a key is found by the hash of what a client sends.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::access::Actor;
use domain::org_unit::UnitPath;
use domain::organization::{OrganizationEvent, OrganizationKind};
use domain::values::Name;
use rand::RngCore;
use uuid::Uuid;

use crate::connection::write;
use crate::events::{self, NewEvent};
use crate::schema::{api_keys, org_units, organizations};
use crate::util::{new_id, now, parsed, sha256_hex, unit_path, utc, uuid};
use crate::{organizations as orgs, DbConnection, Error, Result};

/// Marks a string as one of our keys, so that a secret pasted somewhere it should not be
/// (a repository, a ticket) is recognisable to secret scanners and to people.
const SECRET_MARK: &str = "gz311_";
/// Random bytes in a secret: 256 bits, past guessing.
const SECRET_BYTES: usize = 32;
/// How much of a secret is kept in clear to tell keys apart: the mark and 6 hex digits
/// (24 of its 256 bits).
const PREFIX_CHARS: usize = SECRET_MARK.len() + 6;

#[derive(Debug, Clone)]
pub struct ApiKey {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub name: String,
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = api_keys)]
struct Row {
    id: String,
    organization_id: String,
    name: String,
    prefix: String,
    created_at: NaiveDateTime,
    revoked_at: Option<NaiveDateTime>,
}

impl TryFrom<Row> for ApiKey {
    type Error = Error;
    fn try_from(r: Row) -> Result<Self> {
        Ok(ApiKey {
            id: uuid(&r.id, "api key id")?,
            organization_id: uuid(&r.organization_id, "api key organization")?,
            name: r.name,
            prefix: r.prefix,
            created_at: utc(r.created_at),
            revoked_at: r.revoked_at.map(utc),
        })
    }
}

/// The organisation, checked as one whose keys `actor` may manage.
fn managed(conn: &mut DbConnection, actor: &Actor, organization_id: Uuid) -> Result<UnitPath> {
    let (org, path) = match orgs::find_with_path(conn, organization_id, "organization_id") {
        Err(Error::Domain(domain::Error::Invalid { .. })) => return Err(Error::NotFound("organization")),
        other => other?,
    };
    domain::api_key::authorize_manage(actor, org.kind, &path)?;
    Ok(path)
}

fn new_secret() -> String {
    let mut bytes = [0_u8; SECRET_BYTES];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{SECRET_MARK}{hex}")
}

/// Issues a key to an integration organisation: the key, and its secret, which nobody can
/// read again.
pub fn issue(conn: &mut DbConnection, actor: &Actor, organization_id: Uuid, name: &Name) -> Result<(ApiKey, String)> {
    write(conn, |conn| {
        let path = managed(conn, actor, organization_id)?;
        let secret = new_secret();
        let t = now();
        let key = ApiKey {
            id: new_id(),
            organization_id,
            name: name.as_str().to_owned(),
            prefix: secret.chars().take(PREFIX_CHARS).collect(),
            created_at: utc(t),
            revoked_at: None,
        };
        diesel::insert_into(api_keys::table)
            .values((
                api_keys::id.eq(key.id.to_string()),
                api_keys::organization_id.eq(organization_id.to_string()),
                api_keys::name.eq(&key.name),
                api_keys::prefix.eq(&key.prefix),
                api_keys::secret_sha256.eq(sha256_hex(&secret)),
                api_keys::created_by_id.eq(actor.user_id.to_string()),
                api_keys::created_at.eq(t),
            ))
            .execute(conn)?;
        events::append(
            conn,
            NewEvent {
                entity_id: organization_id,
                unit: Some(&path),
                actor_id: Some(actor.user_id),
                from_state: None,
                to_state: None,
                event: OrganizationEvent::IssueApiKey { key_id: key.id, name: key.name.clone() },
            },
        )?;
        Ok((key, secret))
    })
}

/// The organisation's keys, newest first, revoked ones too.
pub fn list(conn: &mut DbConnection, actor: &Actor, organization_id: Uuid) -> Result<Vec<ApiKey>> {
    managed(conn, actor, organization_id)?;
    let rows: Vec<Row> = api_keys::table
        .filter(api_keys::organization_id.eq(organization_id.to_string()))
        .order(api_keys::id.desc())
        .select(Row::as_select())
        .load(conn)?;
    rows.into_iter().map(ApiKey::try_from).collect()
}

/// Revokes a key: from now on it files nothing. Revoking a revoked key changes nothing.
pub fn revoke(conn: &mut DbConnection, actor: &Actor, organization_id: Uuid, key_id: Uuid) -> Result<ApiKey> {
    write(conn, |conn| {
        let path = managed(conn, actor, organization_id)?;
        let mine = || {
            api_keys::table
                .filter(api_keys::id.eq(key_id.to_string()))
                .filter(api_keys::organization_id.eq(organization_id.to_string()))
        };
        let revoked = diesel::update(mine().filter(api_keys::revoked_at.is_null()))
            .set((api_keys::revoked_at.eq(now()), api_keys::revoked_by_id.eq(actor.user_id.to_string())))
            .execute(conn)?;
        if revoked > 0 {
            events::append(
                conn,
                NewEvent {
                    entity_id: organization_id,
                    unit: Some(&path),
                    actor_id: Some(actor.user_id),
                    from_state: None,
                    to_state: None,
                    event: OrganizationEvent::RevokeApiKey { key_id },
                },
            )?;
        }
        mine().select(Row::as_select()).first(conn).optional()?.ok_or(Error::NotFound("api key"))?.try_into()
    })
}

/// Who a live key speaks for: its organisation and the unit bounding what it files.
#[derive(Debug, Clone)]
pub struct KeyHolder {
    pub api_key_id: Uuid,
    pub organization_id: Uuid,
    pub unit_path: UnitPath,
}

/// The holder of the key whose secret a client sent; `None` for a secret no live key has
/// (made up, or revoked).
pub fn authenticate(conn: &mut DbConnection, secret: &str) -> Result<Option<KeyHolder>> {
    let found: Option<(String, String, String, String)> = api_keys::table
        .inner_join(organizations::table.inner_join(org_units::table))
        .filter(api_keys::secret_sha256.eq(sha256_hex(secret)))
        .filter(api_keys::revoked_at.is_null())
        .select((api_keys::id, organizations::id, organizations::kind, org_units::path))
        .first(conn)
        .optional()?;
    let Some((key, org, kind, path)) = found else { return Ok(None) };
    // Keys are issued to integrations only, and an organisation's kind never changes: a
    // key of another kind was written behind the API's back.
    if parsed(&kind, OrganizationKind::parse, "organization kind")? != OrganizationKind::Integration {
        return Err(Error::Corrupt("api key organization kind"));
    }
    Ok(Some(KeyHolder {
        api_key_id: uuid(&key, "api key id")?,
        organization_id: uuid(&org, "api key organization")?,
        unit_path: unit_path(&path)?,
    }))
}
