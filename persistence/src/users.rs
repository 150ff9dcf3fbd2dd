//! User accounts and their role grants.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::access::{self, Actor, Capability, Grant, GrantTarget, HeldGrant, Role, UserEvent};
use domain::org_unit::{UnitKind, UnitPath};
use domain::values::{AccountName, DisplayName, Phone, SignInName, Username};
use uuid::Uuid;

use crate::connection::write;
use crate::events::{self, NewEvent};
use crate::schema::{grants, org_units, users};
use crate::util::{duplicate, like_pattern, like_prefix, new_id, now, opt_uuid, parsed, unit_path, utc, uuid, Page, Paged};
use crate::{org_units as units, organizations, DbConnection, Error, Result};

#[derive(Debug, Clone)]
pub struct User {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub phone: Option<String>,
    pub party_member: bool,
    /// A disabled account cannot sign in, refresh, or use a token issued before.
    pub disabled: bool,
    /// Grows whenever a token's claims about this user stop being true.
    pub auth_version: i64,
    /// Its password was chosen by someone else: it must set its own before anything else.
    pub password_change_required: bool,
    /// Its holder's own choice of 长辈模式, kept for every device it signs in on.
    pub elder_mode: bool,
    pub grants: Vec<GrantRecord>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

#[derive(Debug, Clone)]
pub struct GrantRecord {
    pub id: Uuid,
    pub role: Role,
    pub unit_id: Uuid,
    pub organization_id: Option<Uuid>,
    pub unit_path: UnitPath,
}

impl User {
    /// The grants as the access rules weigh them.
    pub fn held(&self) -> Vec<HeldGrant<'_>> {
        self.grants.iter().map(|g| HeldGrant { role: g.role, unit_path: &g.unit_path }).collect()
    }

    /// The grants as the domain sees them, e.g. for a token.
    pub fn domain_grants(&self) -> Vec<Grant> {
        self.grants
            .iter()
            .map(|g| Grant { role: g.role, unit_id: g.unit_id, organization_id: g.organization_id })
            .collect()
    }
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = users)]
struct Row {
    id: String,
    username: String,
    display_name: String,
    phone: Option<String>,
    party_member: bool,
    disabled: bool,
    auth_version: i64,
    password_change_required: bool,
    elder_mode: bool,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    version: i64,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = grants)]
struct GrantRow {
    id: String,
    user_id: String,
    role: String,
    unit_id: String,
    organization_id: Option<String>,
}

/// A grant row joined with its unit's path.
impl TryFrom<(GrantRow, String)> for GrantRecord {
    type Error = Error;
    fn try_from((r, path): (GrantRow, String)) -> Result<Self> {
        Ok(GrantRecord {
            id: uuid(&r.id, "grant id")?,
            role: parsed(&r.role, Role::parse, "grant role")?,
            unit_id: uuid(&r.unit_id, "grant unit")?,
            organization_id: opt_uuid(r.organization_id.as_deref(), "grant organization")?,
            unit_path: unit_path(&path)?,
        })
    }
}

/// A user row with the grants it holds.
impl TryFrom<(Row, Vec<GrantRecord>)> for User {
    type Error = Error;
    fn try_from((r, grants): (Row, Vec<GrantRecord>)) -> Result<Self> {
        Ok(User {
            id: uuid(&r.id, "user id")?,
            username: r.username,
            display_name: r.display_name,
            phone: r.phone,
            party_member: r.party_member,
            disabled: r.disabled,
            auth_version: r.auth_version,
            password_change_required: r.password_change_required,
            elder_mode: r.elder_mode,
            grants,
            created_at: utc(r.created_at),
            updated_at: utc(r.updated_at),
            version: r.version,
        })
    }
}

/// The grants of `user_ids`, each with the id of the user holding it.
fn load_grants(conn: &mut DbConnection, user_ids: &[String]) -> Result<Vec<(String, GrantRecord)>> {
    let rows: Vec<(GrantRow, String)> = grants::table
        .inner_join(org_units::table)
        .filter(grants::user_id.eq_any(user_ids))
        .order(grants::id.asc())
        .select((GrantRow::as_select(), org_units::path))
        .load(conn)?;
    rows.into_iter().map(|(r, path)| Ok((r.user_id.clone(), GrantRecord::try_from((r, path))?))).collect()
}

fn with_grants(conn: &mut DbConnection, rows: Vec<Row>) -> Result<Vec<User>> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut grants = load_grants(conn, &ids)?;
    rows.into_iter()
        .map(|r| {
            let (mine, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut grants).into_iter().partition(|(u, _)| *u == r.id);
            grants = rest;
            User::try_from((r, mine.into_iter().map(|(_, g)| g).collect()))
        })
        .collect()
}

/// A user, whoever asks: for `/me` and token issuing.
pub fn find(conn: &mut DbConnection, id: Uuid) -> Result<User> {
    let row: Row = users::table
        .find(id.to_string())
        .select(Row::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound("user"))?;
    with_grants(conn, vec![row])?.pop().ok_or(Error::NotFound("user"))
}

/// Sets what the account keeps for its own holder. Not a change to the account as others
/// manage it: no version, no event.
pub fn set_preferences(conn: &mut DbConnection, id: Uuid, elder_mode: bool) -> Result<User> {
    let updated = diesel::update(users::table.find(id.to_string())).set(users::elder_mode.eq(elder_mode)).execute(conn)?;
    if updated == 0 {
        return Err(Error::NotFound("user"));
    }
    find(conn, id)
}

/// Several users with their grants, in two queries, in no particular order.
pub fn find_many(conn: &mut DbConnection, ids: &[String]) -> Result<Vec<User>> {
    let rows: Vec<Row> = users::table.filter(users::id.eq_any(ids)).select(Row::as_select()).load(conn)?;
    with_grants(conn, rows)
}

/// A user as a user reader sees it; outside the reader's scope it does not exist (404).
pub fn find_visible(conn: &mut DbConnection, actor: &Actor, id: Uuid) -> Result<User> {
    actor.require_somewhere(Capability::ReadUsers)?;
    let user = find(conn, id)?;
    if access::may_see_user(actor, &user.held()) {
        Ok(user)
    } else {
        Err(Error::NotFound("user"))
    }
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub q: Option<String>,
    pub role: Option<Role>,
    /// Holding a grant at this unit or below it.
    pub unit_id: Option<Uuid>,
}

/// Users the actor may see: those with a grant in its scope, and (for the district) those
/// with no grant yet.
pub fn list(conn: &mut DbConnection, actor: &Actor, filter: &Filter, page: Page) -> Result<Paged<User>> {
    actor.require_somewhere(Capability::ReadUsers)?;
    // The scope as one boolean: no grant yet, or a grant under one of the actor's units.
    // Subselects stay unboxed: a boxed subselect does not build for both backends.
    type Scope =
        Box<dyn BoxableExpression<users::table, crate::connection::MultiBackend, SqlType = diesel::sql_types::Bool>>;
    let granted = grants::table.select(grants::user_id);
    let mut scope: Scope = if actor.may_somewhere(Capability::ManageUngrantedUsers) {
        Box::new(users::id.ne_all(granted))
    } else {
        Box::new(false.into_sql::<diesel::sql_types::Bool>())
    };
    for unit in actor.scope_units(Capability::ReadUsers) {
        let (start, end) = units::subtree_of(conn, unit, "unit_id")?;
        let under = grants::table
            .inner_join(org_units::table)
            .filter(org_units::path.ge(start))
            .filter(org_units::path.lt(end))
            .select(grants::user_id);
        scope = Box::new(scope.or(users::id.eq_any(under)));
    }
    let mut query = users::table.select(Row::as_select()).filter(scope).order(users::id.asc()).into_boxed();
    if let Some(role) = filter.role {
        let holding = grants::table.filter(grants::role.eq(role.as_str())).select(grants::user_id);
        query = query.filter(users::id.eq_any(holding));
    }
    if let Some(unit) = filter.unit_id {
        let (start, end) = units::subtree_of(conn, unit, "unit_id")?;
        let under = grants::table
            .inner_join(org_units::table)
            .filter(org_units::path.ge(start))
            .filter(org_units::path.lt(end))
            .select(grants::user_id);
        query = query.filter(users::id.eq_any(under));
    }
    if let Some(q) = &filter.q {
        let pattern = like_pattern(q);
        query = query.filter(
            users::username.like(pattern.clone()).escape('\\').or(users::display_name.like(pattern).escape('\\')),
        );
    }
    if let Some(after) = page.after_id()? {
        query = query.filter(users::id.gt(after.to_string()));
    }
    let rows: Vec<Row> = query.limit(page.fetch()).load(conn)?;
    let users = with_grants(conn, rows)?;
    Ok(Paged::from_rows(users, page.limit, |u| u.id))
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: Username,
    /// An argon2id PHC string; hashing is the caller's (blocking) job.
    pub password_hash: String,
    pub display_name: DisplayName,
    pub phone: Option<Phone>,
    pub party_member: bool,
}

/// `chosen_by`: the official who chose the password, `None` when its holder did (or the
/// command line, for the first administrator). `temporary`: its holder must set its own.
fn insert_user(conn: &mut DbConnection, new: &NewUser, chosen_by: Option<&Actor>, temporary: bool) -> Result<Uuid> {
    let actor_id = chosen_by.map(|a| a.user_id);
    let id = new_id();
    let t = now();
    diesel::insert_into(users::table)
        .values((
            users::id.eq(id.to_string()),
            users::username.eq(new.username.as_str()),
            users::password_hash.eq(&new.password_hash),
            users::display_name.eq(new.display_name.as_str()),
            users::phone.eq(new.phone.as_ref().map(Phone::as_str)),
            users::party_member.eq(new.party_member),
            users::disabled.eq(false),
            users::auth_version.eq(1_i64),
            users::password_change_required.eq(temporary),
            users::created_at.eq(t),
            users::updated_at.eq(t),
            users::version.eq(1_i64),
        ))
        .execute(conn)
        .map_err(duplicate("username", "this username is taken"))?;
    events::append(
        conn,
        NewEvent {
            entity_id: id,
            unit: None,
            actor_id: actor_id.or(Some(id)),
            from_state: None,
            to_state: None,
            event: UserEvent::Create { username: new.username.as_str().to_owned() },
        },
    )?;
    Ok(id)
}

fn insert_grant(conn: &mut DbConnection, user_id: Uuid, grant: &Grant, actor_id: Uuid) -> Result<()> {
    diesel::insert_into(grants::table)
        .values((
            grants::id.eq(new_id().to_string()),
            grants::user_id.eq(user_id.to_string()),
            grants::role.eq(grant.role.as_str()),
            grants::unit_id.eq(grant.unit_id.to_string()),
            grants::organization_id.eq(grant.organization_id.map(|o| o.to_string())),
            grants::created_at.eq(now()),
        ))
        .execute(conn)
        .map_err(duplicate("role", "the user already holds this role here"))?;
    events::append(
        conn,
        NewEvent {
            entity_id: user_id,
            unit: None,
            actor_id: Some(actor_id),
            from_state: None,
            to_state: None,
            event: UserEvent::Grant { role: grant.role, scope_id: grant.organization_id.unwrap_or(grant.unit_id) },
        },
    )
}

/// An account made by a user manager, with its first role. Only the district keeps
/// accounts without a role; anyone else's new account would be out of its own reach.
/// `temporary`: the chooser asks that the password be the holder's to replace at first
/// sign-in ([`access::new_password_is_temporary`]).
pub fn create(
    conn: &mut DbConnection,
    actor: &Actor,
    new: NewUser,
    grant: Option<NewGrant>,
    temporary: bool,
) -> Result<User> {
    actor.require_somewhere(Capability::ManageUsers)?;
    if grant.is_none() && !actor.may_somewhere(Capability::ManageUngrantedUsers) {
        return Err(domain::Error::invalid(
            "grant",
            "grant_required",
            "give the new account its role (grant) as you create it: an account without a role belongs to the district",
        )
        .into());
    }
    write(conn, |conn| {
        let id = insert_user(conn, &new, Some(actor), access::new_password_is_temporary(actor, temporary))?;
        if let Some(grant) = &grant {
            give(conn, actor, None, id, grant.clone())?;
        }
        find(conn, id)
    })
}

/// Made by the command line: an account holding `grant`, no actor needed.
pub fn create_with_grant(conn: &mut DbConnection, new: NewUser, role: Role, unit_id: Uuid) -> Result<User> {
    write(conn, |conn| {
        let id = insert_user(conn, &new, None, false)?;
        insert_grant(conn, id, &Grant { role, unit_id, organization_id: None }, id)?;
        find(conn, id)
    })
}

/// A new resident's account.
#[derive(Debug, Clone)]
pub struct NewResident {
    pub name: AccountName,
    pub password_hash: String,
    pub display_name: DisplayName,
    pub phone: Option<Phone>,
}

/// The account's username: the one chosen, else the first free one its phone makes.
/// Two sign-ups racing for the same free name meet the unique index (409 `username`).
fn username_for(conn: &mut DbConnection, name: AccountName) -> Result<Username> {
    let phone = match name {
        AccountName::Chosen(username) => return Ok(username),
        AccountName::Phone(phone) => phone,
    };
    let taken: Vec<String> = users::table
        .filter(users::username.like(like_prefix(phone.as_str())).escape('\\'))
        .select(users::username)
        .load(conn)?;
    Ok((1..)
        .map(|n| Username::from_phone(&phone, n))
        .find(|name| !taken.iter().any(|t| t == name.as_str()))
        .expect("some suffix is free"))
}

/// The community a resident's account belongs to, checked to be one.
fn community(conn: &mut DbConnection, community_id: Uuid) -> Result<units::OrgUnit> {
    let unit = units::find_for_field(conn, community_id, "unit_id")?;
    if unit.kind != UnitKind::Community {
        return Err(domain::Error::invalid(
            "unit_id",
            "unit_not_community",
            "a resident's account belongs to its community (a unit of kind community)",
        )
        .into());
    }
    Ok(unit)
}

/// The account and its resident grant: `opened_by` the official at the desk, else the
/// resident itself.
fn insert_resident(
    conn: &mut DbConnection,
    new: NewResident,
    unit_id: Uuid,
    opened_by: Option<&Actor>,
) -> Result<User> {
    // A sign-up sent again (a lost answer, a double tap: sign-up has no Idempotency-Key, no
    // one being signed in) would otherwise make the number's next account, `-2`; the same
    // person on the same number is one account. Two at once both pick the same free name
    // and meet the unique index instead.
    if let AccountName::Phone(phone) = &new.name {
        let same: i64 = users::table
            .filter(users::phone.eq(phone.as_str()))
            .filter(users::display_name.eq(new.display_name.as_str()))
            .count()
            .get_result(conn)?;
        if same > 0 {
            return Err(Error::Duplicate {
                field: "phone",
                message: "an account with this name and phone number exists: sign in with the number".into(),
            });
        }
    }
    let username = username_for(conn, new.name)?;
    let new = NewUser {
        username,
        password_hash: new.password_hash,
        display_name: new.display_name,
        phone: new.phone,
        party_member: false,
    };
    let id = insert_user(conn, &new, opened_by, opened_by.is_some())?;
    let granter = opened_by.map_or(id, |a| a.user_id);
    insert_grant(conn, id, &Grant { role: Role::Resident, unit_id, organization_id: None }, granter)?;
    find(conn, id)
}

/// Resident self-registration: the account and its resident grant for one community.
pub fn register_resident(conn: &mut DbConnection, new: NewResident, community_id: Uuid) -> Result<User> {
    write(conn, |conn| {
        let unit = community(conn, community_id)?;
        insert_resident(conn, new.clone(), unit.id, None)
    })
}

/// An account opened at the desk (代开户) by an official of the community: its password,
/// the server's, must be replaced at the first sign-in.
pub fn register_at_desk(conn: &mut DbConnection, actor: &Actor, new: NewResident, community_id: Uuid) -> Result<User> {
    write(conn, |conn| {
        let unit = community(conn, community_id)?;
        actor.require(Capability::RegisterResidents, &unit.path)?;
        insert_resident(conn, new.clone(), unit.id, Some(actor))
    })
}

/// The communities where `actor` may open residents' accounts at the desk.
pub fn desk_communities(conn: &mut DbConnection, actor: &Actor) -> Result<Vec<Uuid>> {
    let roots = actor.scope_units(Capability::RegisterResidents);
    units::of_kind_under(conn, &roots, domain::org_unit::UnitKind::Community)
}

#[derive(Debug, Clone)]
pub struct UserChanges {
    pub version: i64,
    pub display_name: Option<DisplayName>,
    /// `Some(None)` clears the phone.
    pub phone: Option<Option<Phone>>,
    pub party_member: Option<bool>,
    pub password_hash: Option<String>,
    pub disabled: Option<bool>,
}

/// What ends every login of a user (a new password, a disabled account), and what makes
/// its access tokens stale (a grant taken away), takes effect on the next request.
fn bump_auth_version(conn: &mut DbConnection, id: Uuid) -> Result<()> {
    diesel::update(users::table.find(id.to_string()))
        .set(users::auth_version.eq(users::auth_version + 1))
        .execute(conn)?;
    Ok(())
}

pub fn update(conn: &mut DbConnection, actor: &Actor, id: Uuid, changes: UserChanges) -> Result<User> {
    write(conn, |conn| {
        let user = find_visible(conn, actor, id)?;
        access::authorize_user_change(actor, &user.held())?;
        if changes.password_hash.is_some() {
            access::authorize_password_reset(actor, user.id, &user.held())?;
        }
        if changes.disabled == Some(true) && id == actor.user_id {
            return Err(
                domain::Error::invalid("disabled", "disable_self", "you cannot disable your own account").into()
            );
        }
        let display_name = changes.display_name.clone().map(DisplayName::into_inner).unwrap_or(user.display_name);
        let phone = match changes.phone.clone() {
            Some(p) => p.map(Phone::into_inner),
            None => user.phone,
        };
        let party_member = changes.party_member.unwrap_or(user.party_member);
        let disabled = changes.disabled.unwrap_or(user.disabled);
        let updated = diesel::update(users::table)
            .filter(users::id.eq(id.to_string()))
            .filter(users::version.eq(changes.version))
            .set((
                users::display_name.eq(&display_name),
                users::phone.eq(&phone),
                users::party_member.eq(party_member),
                users::disabled.eq(disabled),
                users::updated_at.eq(now()),
                users::version.eq(changes.version + 1),
            ))
            .execute(conn)?;
        if updated == 0 {
            return Err(Error::StaleVersion { entity: "user", expected: changes.version });
        }
        let mut action = UserEvent::Update;
        if let Some(hash) = &changes.password_hash {
            // Someone else now knows it: it is theirs to hand over, not to keep.
            diesel::update(users::table.find(id.to_string()))
                .set((users::password_hash.eq(hash), users::password_change_required.eq(true)))
                .execute(conn)?;
            action = UserEvent::ResetPassword;
        }
        if disabled != user.disabled {
            action = if disabled { UserEvent::Disable } else { UserEvent::Enable };
        }
        if changes.password_hash.is_some() || (disabled && !user.disabled) {
            crate::sessions::revoke_all(conn, id)?;
            bump_auth_version(conn, id)?;
        }
        events::append(
            conn,
            NewEvent {
                entity_id: id,
                unit: None,
                actor_id: Some(actor.user_id),
                from_state: None,
                to_state: None,
                event: action,
            },
        )?;
        find(conn, id)
    })
}

/// Where a new grant points: a unit, or an organisation (whose unit bounds it).
#[derive(Debug, Clone)]
pub struct NewGrant {
    pub role: Role,
    pub unit_id: Option<Uuid>,
    pub organization_id: Option<Uuid>,
}

pub fn add_grant(conn: &mut DbConnection, actor: &Actor, user_id: Uuid, new: NewGrant) -> Result<User> {
    write(conn, |conn| {
        let holder = find_visible(conn, actor, user_id)?;
        give(conn, actor, Some(&holder), user_id, new.clone())?;
        find(conn, user_id)
    })
}

/// Checks and writes one grant, inside the caller's transaction. `holder` is the account as
/// it was before, `None` for one the actor has just created.
fn give(conn: &mut DbConnection, actor: &Actor, holder: Option<&User>, user_id: Uuid, new: NewGrant) -> Result<()> {
    let (unit, organization) = match (new.organization_id, new.unit_id) {
        (Some(org_id), unit_id) => {
            let (org, _) = organizations::find_with_path(conn, org_id, "organization_id")?;
            if unit_id.is_some_and(|u| u != org.unit_id) {
                return Err(domain::Error::invalid(
                    "unit_id",
                    "grant_unit_mismatch",
                    "unit_id must be the organisation's own unit (or be left out)",
                )
                .into());
            }
            (units::find(conn, org.unit_id)?, Some(org))
        }
        (None, Some(unit_id)) => (units::find_for_field(conn, unit_id, "unit_id")?, None),
        (None, None) => {
            return Err(domain::Error::invalid(
                "unit_id",
                "grant_scope_missing",
                "a grant needs a unit_id or an organization_id",
            )
            .into())
        }
    };
    let target = GrantTarget {
        unit_kind: unit.kind,
        unit_path: &unit.path,
        organization_kind: organization.as_ref().map(|o| o.kind),
    };
    match holder {
        Some(holder) => access::authorize_grant_to(actor, holder.id, &holder.held(), new.role, &target)?,
        None => access::authorize_grant(actor, new.role, &target)?,
    }
    let grant = Grant { role: new.role, unit_id: unit.id, organization_id: organization.map(|o| o.id) };
    // A token issued before claims less than the user now holds: harmless, so it stays
    // good; the next refresh carries the new role.
    insert_grant(conn, user_id, &grant, actor.user_id)
}

pub fn revoke_grant(conn: &mut DbConnection, actor: &Actor, user_id: Uuid, grant_id: Uuid) -> Result<User> {
    write(conn, |conn| {
        let user = find_visible(conn, actor, user_id)?;
        let grant = user.grants.iter().find(|g| g.id == grant_id).ok_or(Error::NotFound("grant"))?;
        let unit = units::find(conn, grant.unit_id)?;
        let organization_kind = match grant.organization_id {
            Some(org) => Some(organizations::find(conn, org)?.kind),
            None => None,
        };
        let target = GrantTarget { unit_kind: unit.kind, unit_path: &unit.path, organization_kind };
        access::authorize_revoke(actor, user_id, &user.held(), grant.role, &target)?;
        diesel::delete(grants::table.find(grant_id.to_string())).execute(conn)?;
        bump_auth_version(conn, user_id)?;
        events::append(
            conn,
            NewEvent {
                entity_id: user_id,
                unit: None,
                actor_id: Some(actor.user_id),
                from_state: None,
                to_state: None,
                event: UserEvent::Revoke { role: grant.role, scope_id: grant.organization_id.unwrap_or(grant.unit_id) },
            },
        )?;
        find(conn, user_id)
    })
}

/// What a login needs to know about an account.
#[derive(Debug, Clone)]
pub struct Login {
    pub id: Uuid,
    pub password_hash: String,
    pub disabled: bool,
}

pub fn find_login(conn: &mut DbConnection, username: &Username) -> Result<Option<Login>> {
    Ok(find_logins(conn, &SignInName::Username(username.clone()))?.into_iter().next())
}

/// How many accounts one mobile number may sign in: each is a password to check (argon2,
/// deliberately slow), and a family shares a phone, a building does not.
pub const ACCOUNTS_PER_PHONE: i64 = 5;

/// The accounts `name` may sign in: one by its username, or those holding the mobile
/// number (and the one named by it), oldest first.
pub fn find_logins(conn: &mut DbConnection, name: &SignInName) -> Result<Vec<Login>> {
    let query = users::table.select((users::id, users::password_hash, users::disabled)).into_boxed();
    let query = match name {
        SignInName::Username(u) => query.filter(users::username.eq(u.as_str())),
        SignInName::Mobile(m) => query.filter(users::phone.eq(m).or(users::username.eq(m))),
    };
    let rows: Vec<(String, String, bool)> =
        query.order(users::created_at.asc()).then_order_by(users::id.asc()).limit(ACCOUNTS_PER_PHONE).load(conn)?;
    rows.into_iter()
        .map(|(id, password_hash, disabled)| Ok(Login { id: uuid(&id, "user id")?, password_hash, disabled }))
        .collect()
}

/// How many accounts exist: the demo loads only into an empty database.
pub fn count(conn: &mut DbConnection) -> Result<i64> {
    Ok(users::table.count().get_result(conn)?)
}

/// A user sets its own password, having proved it knows the current one: the temporary
/// mark goes, and every other login of the account ends (a thief's among them); the one
/// it acts through (`keep_session`) goes on.
pub fn set_own_password(
    conn: &mut DbConnection,
    user_id: Uuid,
    keep_session: Uuid,
    password_hash: String,
) -> Result<()> {
    write(conn, |conn| {
        let changed = diesel::update(users::table.find(user_id.to_string()))
            .set((
                users::password_hash.eq(&password_hash),
                users::password_change_required.eq(false),
                users::updated_at.eq(now()),
                users::version.eq(users::version + 1),
            ))
            .execute(conn)?;
        if changed == 0 {
            return Err(Error::NotFound("user"));
        }
        crate::sessions::revoke_all_but(conn, user_id, keep_session)?;
        events::append(
            conn,
            NewEvent {
                entity_id: user_id,
                unit: None,
                actor_id: Some(user_id),
                from_state: None,
                to_state: None,
                event: UserEvent::ChangePassword,
            },
        )
    })
}

/// One entry of an account's history, with whose account it is.
#[derive(Debug, Clone)]
pub struct AccountEvent {
    pub user_id: Uuid,
    pub user_name: String,
    pub entry: events::Entry<UserEvent>,
}

/// The history of every account the reader may audit ([`access::authorize_user_audit`]:
/// each of its roles held inside the reader's reach), newest first: who was created, given
/// or stripped of a role, reset, disabled.
pub fn account_events(conn: &mut DbConnection, actor: &Actor, page: Page) -> Result<Paged<AccountEvent>> {
    actor.require_somewhere(Capability::Audit)?;
    type Audited = Box<
        dyn BoxableExpression<
            crate::schema::events::table,
            crate::connection::MultiBackend,
            SqlType = diesel::sql_types::Bool,
        >,
    >;
    use crate::schema::events as ev;
    let reach = units::ids_under(conn, &actor.scope_units(Capability::Audit), "unit_id")?;
    let inside = grants::table.filter(grants::unit_id.eq_any(reach.clone())).select(grants::user_id);
    let outside = grants::table.filter(grants::unit_id.ne_all(reach)).select(grants::user_id);
    let mut audited: Audited = Box::new(ev::entity_id.eq_any(inside).and(ev::entity_id.ne_all(outside)));
    if actor.may_somewhere(Capability::ManageUngrantedUsers) {
        audited = Box::new(audited.or(ev::entity_id.ne_all(grants::table.select(grants::user_id))));
    }
    let mut query = ev::table
        .filter(ev::entity.eq(<UserEvent as domain::history::History>::ENTITY.as_str()))
        .filter(audited)
        .order(ev::id.desc())
        .select(events::Row::as_select())
        .into_boxed();
    if let Some(after) = page.after_id()? {
        query = query.filter(ev::id.lt(after.to_string()));
    }
    let rows = query.limit(page.fetch()).load(conn)?;
    let found = events::entries::<UserEvent>(conn, rows)?;
    let ids: Vec<String> = found.iter().map(|(id, _)| id.to_string()).collect();
    let names: Vec<(String, String)> =
        users::table.filter(users::id.eq_any(&ids)).select((users::id, users::display_name)).load(conn)?;
    let items = found
        .into_iter()
        .map(|(user_id, entry)| {
            let user_name = names
                .iter()
                .find(|(id, _)| *id == user_id.to_string())
                .map(|(_, name)| name.clone())
                .ok_or(Error::Corrupt("account event's user"))?;
            Ok(AccountEvent { user_id, user_name, entry })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Paged::from_rows(items, page.limit, |e| e.entry.id))
}

/// The account's history (created, granted, revoked, reset, disabled, its own password
/// changed), for the district admin and auditors over it ([`access::authorize_user_audit`]).
pub fn events(conn: &mut DbConnection, actor: &Actor, id: Uuid) -> Result<Vec<events::Entry<UserEvent>>> {
    let user = find(conn, id)?;
    if !access::may_see_user(actor, &user.held()) {
        return Err(Error::NotFound("user"));
    }
    access::authorize_user_audit(actor, &user.held())?;
    events::timeline(conn, id)
}
