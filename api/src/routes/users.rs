//! `/users` and their grants: user managers (district admin; street committee inside its
//! street) create accounts and give roles.

use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use domain::access::{self, Actor, Role};
use domain::history::History;
use domain::values::{AccountName, DisplayName, Password, Phone, SearchText, Username};
use persistence::events::Entry;
use persistence::users::{self, Filter, NewGrant, NewResident, NewUser, UserChanges};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::auth::{password, Authenticated};
use crate::pagination::{page, PageOf};
use crate::startup::AppState;
use crate::validation::{present, Fields};
use crate::{db, ApiError};

#[derive(Debug, Serialize, ToSchema)]
pub struct User {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub phone: Option<String>,
    /// 党员.
    pub party_member: bool,
    /// A disabled account cannot sign in; its logins have ended.
    pub disabled: bool,
    /// Its password was set by someone else (an account a street committee created, a
    /// reset): until its holder sets its own (`POST /me/password`), every other request
    /// answers 403 `password_change_required`.
    pub password_change_required: bool,
    pub grants: Vec<UserGrant>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
    /// What you may do to this account now: `edit` (`PATCH`), `disable` or `enable`, `grant`
    /// (give and take its roles: those in `/me/permissions`' `grantable_roles`),
    /// `reset_password`, `read_events` (`GET /users/{id}/events`).
    #[schema(value_type = Vec<crate::openapi::UserAllowedAction>)]
    pub allowed_actions: Vec<String>,
    /// One's own account only (`/me`, a session): what it keeps for its holder.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preferences: Option<Preferences>,
}

/// What an account keeps for its own holder, on every device it signs in on.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Preferences {
    /// 长辈模式: larger text and targets, stronger contrast, plainer words.
    pub elder_mode: bool,
}

/// A role held at a unit, or at an organisation (whose unit is `unit_id`).
#[derive(Debug, Serialize, ToSchema)]
pub struct UserGrant {
    pub id: Uuid,
    #[schema(value_type = crate::openapi::Role)]
    pub role: String,
    pub unit_id: Uuid,
    pub organization_id: Option<Uuid>,
}

impl User {
    /// The account as `reader` sees it, with what it may do to it.
    pub fn new(u: users::User, reader: &Actor) -> Self {
        let allowed_actions = access::user_actions(reader, u.id, &u.held(), u.disabled)
            .into_iter()
            .map(|a| a.as_str().to_owned())
            .collect();
        User {
            allowed_actions,
            preferences: None,
            id: u.id,
            username: u.username,
            display_name: u.display_name,
            phone: u.phone,
            party_member: u.party_member,
            disabled: u.disabled,
            password_change_required: u.password_change_required,
            grants: u
                .grants
                .into_iter()
                .map(|g| UserGrant {
                    id: g.id,
                    role: g.role.as_str().to_owned(),
                    unit_id: g.unit_id,
                    organization_id: g.organization_id,
                })
                .collect(),
            created_at: u.created_at,
            updated_at: u.updated_at,
            version: u.version,
        }
    }

    /// One's own account (`/me`, a session).
    pub fn own(u: users::User) -> Self {
        let me = Actor { user_id: u.id, grants: u.domain_grants() };
        let preferences = Preferences { elder_mode: u.elder_mode };
        User { preferences: Some(preferences), ..User::new(u, &me) }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ListQuery {
    /// Part of the username or display name.
    pub q: Option<String>,
    #[param(value_type = Option<crate::openapi::Role>)]
    pub role: Option<String>,
    /// Holding a grant at this unit or below it.
    pub unit_id: Option<Uuid>,
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

/// List the users in your scope (and accounts not yet granted a role).
#[utoipa::path(get, operation_id = "users_list", path = "/api/v1/users", tag = "administration", params(ListQuery), security(("bearer" = [])),
    responses((status = 200, body = PageOf<User>), (status = 401, body = crate::error::Problem), (status = 403, body = crate::error::Problem),
        (status = 422, body = crate::error::Problem)))]
pub async fn list(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let page = page(query.limit, query.cursor.as_deref())?;
    let role = query.role.as_deref().map(Role::parse).transpose()?;
    let q = SearchText::parse(query.q.as_deref())?.map(SearchText::into_inner);
    let filter = Filter { q, role, unit_id: query.unit_id };
    let reader = actor.clone();
    let paged = db::run(&state.pool, move |conn| Ok(users::list(conn, &actor, &filter, page)?)).await?;
    Ok(HttpResponse::Ok().json(PageOf::from_paged(paged, |u| User::new(u, &reader))))
}

/// Read one user.
#[utoipa::path(get, operation_id = "users_get", path = "/api/v1/users/{id}", tag = "administration", security(("bearer" = [])),
    responses((status = 200, body = User), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem)))]
pub async fn get(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let reader = actor.clone();
    let user = db::run(&state.pool, move |conn| Ok(users::find_visible(conn, &actor, id)?)).await?;
    Ok(HttpResponse::Ok().json(User::new(user, &reader)))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewUserRequest {
    #[schema(min_length = 3, max_length = 32, pattern = "^[a-z0-9][a-z0-9_.-]*$")]
    pub username: String,
    #[schema(min_length = 10, max_length = 128)]
    pub password: String,
    #[schema(min_length = 1, max_length = 50)]
    pub display_name: String,
    /// A mainland mobile (`13812341234`) or a landline with its area code (`010-12345678`,
    /// `0571-1234567`), optionally followed by `-` and an extension; blank means none.
    pub phone: Option<String>,
    #[serde(default)]
    pub party_member: bool,
    /// The account's first role. Required unless you are a district admin: an account
    /// without a role belongs to the district alone.
    pub grant: Option<NewGrantRequest>,
    /// Its holder must set its own password at first sign-in. Always so when anyone but a
    /// district admin sets the password; a district admin asks it here (staff imported
    /// with a first password to hand out).
    #[serde(default)]
    pub temporary_password: bool,
}

/// Create an account with its first role (a district admin may leave the role out).
#[utoipa::path(post, operation_id = "users_create", path = "/api/v1/users", tag = "administration", request_body = NewUserRequest, security(("bearer" = [])),
    responses((status = 201, body = User), (status = 403, body = crate::error::Problem), (status = 409, body = crate::error::Problem),
        (status = 422, body = crate::error::Problem)))]
pub async fn create(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    body: web::Json<NewUserRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    actor.require_somewhere(domain::access::Capability::ManageUsers)?;
    let mut f = Fields::new();
    let username = f.check(Username::parse(&body.username));
    let pw = username.as_ref().and_then(|u| f.check(Password::parse(&body.password, u)));
    let display_name = f.check(DisplayName::parse(&body.display_name));
    let phone = body.phone.as_deref().filter(|p| !p.trim().is_empty()).map(|p| f.check(Phone::parse(p)));
    f.finish()?;
    let (username, pw, display_name) = (present(username)?, present(pw)?, present(display_name)?);
    let phone = phone.map(present).transpose()?;
    let party_member = body.party_member;
    let grant = body.grant.map(NewGrantRequest::parse).transpose()?;
    let temporary = body.temporary_password;
    let password_hash = state.hashing.run(move || password::hash(pw.expose())).await??;
    let reader = actor.clone();
    let user = db::run(&state.pool, move |conn| {
        let new = NewUser { username, password_hash, display_name, phone, party_member };
        Ok(users::create(conn, &actor, new, grant, temporary)?)
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/users/{}", user.id)))
        .json(User::new(user, &reader)))
}

/// A new resident's account as typed, every field checked so that each mistake is said at
/// once: self-registration and the desk share it.
pub struct ResidentFields {
    name: AccountName,
    display_name: DisplayName,
    phone: Option<Phone>,
}

impl ResidentFields {
    pub fn parse(f: &mut Fields, username: Option<&str>, display_name: &str, phone: Option<&str>) -> Option<Self> {
        let display_name = f.check(DisplayName::parse(display_name));
        let phone = match phone.filter(|p| !p.trim().is_empty()) {
            Some(p) => f.check(Phone::parse(p)).map(Some),
            None => Some(None),
        };
        let name = match &phone {
            Some(phone) => f.check(AccountName::parse(username, phone.as_ref())),
            // A wrong number is said on `phone` already; a username is still checked.
            None => {
                if let Some(u) = username.filter(|u| !u.trim().is_empty()) {
                    f.check(Username::parse(u));
                }
                None
            }
        };
        Some(ResidentFields { name: name?, display_name: display_name?, phone: phone? })
    }

    /// What the account's password must not contain.
    pub fn named_by(&self) -> Username {
        self.name.for_password()
    }

    pub fn with_password(self, password_hash: String) -> NewResident {
        NewResident { name: self.name, password_hash, display_name: self.display_name, phone: self.phone }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct DeskRegistration {
    /// Optional, as at sign-up: left out, the account is named by its phone number.
    #[schema(min_length = 3, max_length = 32, pattern = "^[a-z0-9][a-z0-9_.-]*$")]
    pub username: Option<String>,
    /// The resident's name: any name, 1–50 characters.
    #[schema(min_length = 1, max_length = 50)]
    pub display_name: String,
    /// The resident's mobile (to sign in with, and to be called back on) or landline;
    /// required when `username` is left out.
    pub phone: Option<String>,
    /// The resident's community: one of `/me/permissions`' `desk_registration_units`.
    pub unit_id: Uuid,
}

/// An account opened at the desk, with the password to read out or print for its holder.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeskAccount {
    pub user: User,
    /// Twelve digits, easy to read out; shown this once. The holder sets its own at the
    /// first sign-in (`password_change_required`).
    pub temporary_password: String,
}

/// Twelve random digits that pass the password policy for `name`.
fn temporary_password(name: &Username) -> Password {
    use rand::Rng;
    loop {
        let digits: String = (0..12).map(|_| char::from(b'0' + rand::rngs::OsRng.gen_range(0..10u8))).collect();
        if let Ok(password) = Password::parse(&digits, name) {
            return password;
        }
    }
}

/// Open a resident's account at the desk (代开户), for someone who cannot sign up alone.
///
/// A community worker opens accounts in its community, a street committee in its street's,
/// the district admin anywhere (`/me/permissions`' `desk_registration_units`). The server
/// chooses the first password and answers it this once, to be read out or printed; it is
/// temporary, so that nobody at the desk can go on signing in as the resident.
#[utoipa::path(post, operation_id = "residents_register_at_desk", path = "/api/v1/residents", tag = "administration",
    request_body = DeskRegistration, security(("bearer" = [])),
    responses((status = 201, body = DeskAccount, headers(("Location" = String, description = "the new account, `/api/v1/users/{id}`"))),
        (status = 401, body = crate::error::Problem), (status = 403, body = crate::error::Problem),
        (status = 404, body = crate::error::Problem, description = "no such unit"),
        (status = 409, body = crate::error::Problem, description = "the username is taken"),
        (status = 422, body = crate::error::Problem)))]
pub async fn register_at_desk(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    body: web::Json<DeskRegistration>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    actor.require_somewhere(domain::access::Capability::RegisterResidents)?;
    let mut f = Fields::new();
    let account = ResidentFields::parse(&mut f, body.username.as_deref(), &body.display_name, body.phone.as_deref());
    f.finish()?;
    let account = present(account)?;
    let temporary = temporary_password(&account.named_by());
    let shown = temporary.expose().to_owned();
    let password_hash = state.hashing.run(move || password::hash(temporary.expose())).await??;
    let (reader, unit_id) = (actor.clone(), body.unit_id);
    let user = db::run(&state.pool, move |conn| {
        Ok(users::register_at_desk(conn, &actor, account.with_password(password_hash), unit_id)?)
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/users/{}", user.id)))
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(DeskAccount { user: User::new(user, &reader), temporary_password: shown }))
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct UserPatch {
    #[schema(minimum = 1)]
    #[validate(range(min = 1, message = "version must be the positive version you read"))]
    pub version: i64,
    #[schema(min_length = 1, max_length = 50)]
    pub display_name: Option<String>,
    /// A mobile or a landline, as when the account is created; `null` (or blank) removes the phone.
    #[serde(default, deserialize_with = "crate::validation::present_or_null")]
    #[schema(value_type = Option<String>)]
    pub phone: Option<Option<String>>,
    pub party_member: Option<bool>,
    /// Sets a new password and ends all of the user's logins at once (their access tokens
    /// are refused from the next request). District admins only.
    #[schema(min_length = 10, max_length = 128)]
    pub password: Option<String>,
    /// `true` disables the account: it cannot sign in or refresh, and its access tokens
    /// are refused from the next request. `false` enables it again.
    pub disabled: Option<bool>,
}

/// Edit, disable or enable an account whose roles you may all give; only a district admin
/// sets another person's password.
#[utoipa::path(patch, operation_id = "users_update", path = "/api/v1/users/{id}", tag = "administration", request_body = UserPatch, security(("bearer" = [])),
    responses((status = 200, body = User), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
        (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
pub async fn update(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<UserPatch>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let id = id.into_inner();
    let a = actor.clone();
    let current = db::run(&state.pool, move |conn| Ok(users::find_visible(conn, &a, id)?)).await?;
    let username = Username::parse(&current.username).map_err(|_| persistence::Error::Corrupt("username"))?;
    let mut f = Fields::new();
    f.validate(&body);
    let display_name = body.display_name.as_deref().map(|n| f.check(DisplayName::parse(n)));
    let phone = body.phone.map(|p| p.filter(|p| !p.trim().is_empty()).map(|p| f.check(Phone::parse(&p))));
    let pw = body.password.as_deref().map(|p| f.check(Password::parse(p, &username)));
    f.finish()?;
    let pw = pw.map(present).transpose()?;
    // Refused before the (slow) hash is made; checked again with the write.
    if pw.is_some() {
        domain::access::authorize_password_reset(&actor, current.id, &current.held())?;
    }
    let password_hash = match pw {
        Some(p) => Some(state.hashing.run(move || password::hash(p.expose())).await??),
        None => None,
    };
    let changes = UserChanges {
        version: body.version,
        display_name: display_name.map(present).transpose()?,
        phone: phone.map(|p| p.map(present).transpose()).transpose()?,
        party_member: body.party_member,
        password_hash,
        disabled: body.disabled,
    };
    let reader = actor.clone();
    let user = db::run(&state.pool, move |conn| Ok(users::update(conn, &actor, id, changes)?)).await?;
    Ok(HttpResponse::Ok().json(User::new(user, &reader)))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewGrantRequest {
    #[schema(value_type = crate::openapi::Role)]
    pub role: String,
    /// For unit roles: the unit (its kind must match the role).
    pub unit_id: Option<Uuid>,
    /// For partner roles: the organisation (its kind must match the role).
    pub organization_id: Option<Uuid>,
}

impl NewGrantRequest {
    fn parse(self) -> Result<NewGrant, ApiError> {
        Ok(NewGrant { role: Role::parse(&self.role)?, unit_id: self.unit_id, organization_id: self.organization_id })
    }
}

/// Give a user a role at a unit or organisation in your scope.
#[utoipa::path(post, operation_id = "users_add_grant", path = "/api/v1/users/{id}/grants", tag = "administration", request_body = NewGrantRequest, security(("bearer" = [])),
    responses((status = 201, body = User), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
        (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
pub async fn add_grant(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<NewGrantRequest>,
) -> Result<HttpResponse, ApiError> {
    let new = body.into_inner().parse()?;
    let id = id.into_inner();
    let reader = actor.clone();
    let user = db::run(&state.pool, move |conn| Ok(users::add_grant(conn, &actor, id, new)?)).await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/users/{}", user.id)))
        .json(User::new(user, &reader)))
}

/// Take a role away.
#[utoipa::path(delete, operation_id = "users_revoke_grant", path = "/api/v1/users/{id}/grants/{grant_id}", tag = "administration", security(("bearer" = [])),
    responses((status = 200, body = User), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem)))]
pub async fn revoke_grant(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (id, grant_id) = path.into_inner();
    let reader = actor.clone();
    let user = db::run(&state.pool, move |conn| Ok(users::revoke_grant(conn, &actor, id, grant_id)?)).await?;
    Ok(HttpResponse::Ok().json(User::new(user, &reader)))
}

/// One entry of an account's history.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserEvent {
    pub id: Uuid,
    /// create, grant, revoke, update, reset_password, change_password, disable, enable.
    pub action: String,
    /// Who did it (the holder itself for its own password).
    pub actor_id: Option<Uuid>,
    pub actor_name: Option<String>,
    /// create: the username it was given.
    pub username: Option<String>,
    /// grant, revoke: the role.
    #[schema(value_type = Option<crate::openapi::Role>)]
    pub role: Option<String>,
    /// grant, revoke: where the role reaches: its organisation, else its unit.
    pub scope_id: Option<Uuid>,
    pub at: DateTime<Utc>,
}

impl From<Entry<domain::access::UserEvent>> for UserEvent {
    fn from(e: Entry<domain::access::UserEvent>) -> Self {
        use domain::access::UserEvent as E;
        let (username, grant) = match &e.event {
            E::Create { username } => (Some(username.clone()), None),
            E::Grant { role, scope_id } | E::Revoke { role, scope_id } => (None, Some((*role, *scope_id))),
            _ => (None, None),
        };
        UserEvent {
            id: e.id,
            action: e.event.action().to_owned(),
            actor_id: e.actor_id,
            actor_name: e.actor.map(|a| a.display_name),
            username,
            role: grant.map(|(r, _)| r.as_str().to_owned()),
            scope_id: grant.map(|(_, s)| s),
            at: e.at,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AccountEventsQuery {
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

/// One entry of an account's history, with whose account it is.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccountEvent {
    pub user_id: Uuid,
    pub user_name: String,
    pub event: UserEvent,
}

/// The history of every account you may audit (each of its roles held inside your reach),
/// newest first: for the district admin and auditors.
#[utoipa::path(get, operation_id = "account_events", path = "/api/v1/account-events", tag = "administration", params(AccountEventsQuery), security(("bearer" = [])),
    responses((status = 200, body = PageOf<AccountEvent>), (status = 401, body = crate::error::Problem), (status = 403, body = crate::error::Problem),
        (status = 422, body = crate::error::Problem)))]
pub async fn account_events(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    query: web::Query<AccountEventsQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = page(query.limit, query.cursor.as_deref())?;
    let paged = db::run(&state.pool, move |conn| Ok(users::account_events(conn, &actor, page)?)).await?;
    Ok(HttpResponse::Ok().json(PageOf::from_paged(paged, |e| AccountEvent {
        user_id: e.user_id,
        user_name: e.user_name,
        event: UserEvent::from(e.entry),
    })))
}

/// An account's history: created, roles given and taken, password reset or changed,
/// disabled. For the district admin and auditors over the account.
#[utoipa::path(get, operation_id = "users_events", path = "/api/v1/users/{id}/events", tag = "administration", security(("bearer" = [])),
    responses((status = 200, body = Vec<UserEvent>), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem)))]
pub async fn events(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let events = db::run(&state.pool, move |conn| Ok(users::events(conn, &actor, id)?)).await?;
    let out: Vec<UserEvent> = events.into_iter().map(UserEvent::from).collect();
    Ok(HttpResponse::Ok().json(out))
}
