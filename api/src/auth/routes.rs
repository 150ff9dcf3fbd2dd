//! `/auth/*` and `/me`.

use actix_web::cookie::{time, Cookie, SameSite};
use actix_web::{web, HttpRequest, HttpResponse, HttpResponseBuilder};
use chrono::{Duration, Utc};
use domain::access::{self as rules, Actor, Capability};
use domain::login::{self as throttling, Policy};
use domain::values::{Password, SignInName, Username};
use persistence::sessions::{self, NewToken, Rotation};
use persistence::throttles;
use persistence::users;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::token::{hash_refresh_token, new_refresh_token, sha256_hex, ACCESS_TTL_SECONDS, REFRESH_TTL_DAYS};
use super::{client_address, is_https, password, Authenticated};
use crate::db;
use crate::routes::users::{Preferences, ResidentFields, User};
use crate::startup::AppState;
use crate::validation::{present, Fields};
use crate::ApiError;

/// The browser's refresh token: out of reach of script, sent only to `/api/v1/auth/*`.
pub const REFRESH_COOKIE: &str = "gongzhi_refresh";
const REFRESH_COOKIE_PATH: &str = "/api/v1/auth";

#[derive(Debug, Deserialize, ToSchema)]
pub struct LoginRequest {
    /// The username, or the mobile number on the account (`13812341234`; spaces and dashes
    /// inside are ignored). A number on several accounts (a family's shared phone) signs in
    /// the one whose password this is.
    pub username: String,
    pub password: String,
    /// For the web app: deliver the refresh token as an `HttpOnly; SameSite=Strict` cookie
    /// (`gongzhi_refresh`, path `/api/v1/auth`) instead of in the body.
    #[serde(default)]
    pub refresh_cookie: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RefreshRequest {
    /// The refresh token; leave it out to use the `gongzhi_refresh` cookie (the answer then
    /// renews the cookie and carries no refresh token in the body).
    pub refresh_token: Option<String>,
}

/// Tokens for a signed-in user.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuthSession {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires. It stops working sooner when its login
    /// ends (logout, password reset, disabled account; answered 401 `session_ended`) or
    /// a role is taken from the user (401 `token_stale`: refresh for a token with the roles left).
    pub expires_in: i64,
    /// Single use: each refresh returns a new one and retires this one. Absent when it
    /// travels in the `gongzhi_refresh` cookie.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    pub user: User,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RegisterRequest {
    /// Optional: left out (or blank), the account is named by its phone number (with `-2`,
    /// `-3`, … after it when the number already names one), and `phone` is required
    /// (`phone_required`). Either way the holder may sign in with its mobile number.
    #[schema(min_length = 3, max_length = 32, pattern = "^[a-z0-9][a-z0-9_.-]*$")]
    pub username: Option<String>,
    /// At least 10 characters, at least 5 different ones, not a well-known password, not
    /// containing the username (or, without one, the phone number).
    #[schema(min_length = 10, max_length = 128)]
    pub password: String,
    /// The name others see: any name, 1–50 characters (`孙桂兰`).
    #[schema(min_length = 1, max_length = 50)]
    pub display_name: String,
    /// A mainland mobile (`13812341234`) or a landline with its area code (`010-12345678`,
    /// `0571-1234567`), optionally followed by `-` and an extension; blank means none.
    pub phone: Option<String>,
    /// The community the resident lives in.
    pub unit_id: Uuid,
    /// As for login: the refresh token in a cookie instead of the body.
    #[serde(default)]
    pub refresh_cookie: bool,
}

/// A new refresh token, and where it travels.
struct Issued {
    token: String,
    in_cookie: bool,
}

/// The tokens and profile of `user_id` for its session, given the refresh token already
/// stored for it.
fn session_for(
    state: &AppState,
    conn: &mut persistence::DbConnection,
    user_id: Uuid,
    session_id: Uuid,
    refresh: &Issued,
) -> Result<AuthSession, ApiError> {
    let user = users::find(conn, user_id)?;
    let actor = Actor { user_id, grants: user.domain_grants() };
    let access_token = state.tokens.issue(&actor, session_id, user.auth_version, Utc::now())?;
    Ok(AuthSession {
        access_token,
        token_type: "Bearer".into(),
        expires_in: ACCESS_TTL_SECONDS,
        refresh_token: (!refresh.in_cookie).then(|| refresh.token.clone()),
        user: User::own(user),
    })
}

fn next_refresh_token() -> (String, NewToken) {
    let token = new_refresh_token();
    let stored =
        NewToken { token_hash: hash_refresh_token(&token), expires_at: Utc::now() + Duration::days(REFRESH_TTL_DAYS) };
    (token, stored)
}

/// A new login of `user_id`.
fn new_session(
    state: &AppState,
    conn: &mut persistence::DbConnection,
    user_id: Uuid,
    in_cookie: bool,
) -> Result<(AuthSession, Issued), ApiError> {
    let (token, stored) = next_refresh_token();
    let session_id = sessions::start(conn, user_id, &stored)?;
    let issued = Issued { token, in_cookie };
    Ok((session_for(state, conn, user_id, session_id, &issued)?, issued))
}

/// The browser's refresh cookie, out of reach of script and sent only to `/api/v1/auth/*`.
fn refresh_cookie(value: String, req: &HttpRequest, state: &AppState) -> Cookie<'static> {
    Cookie::build(REFRESH_COOKIE, value)
        .path(REFRESH_COOKIE_PATH)
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(is_https(req, &state.trusted_proxies))
        .max_age(time::Duration::days(REFRESH_TTL_DAYS))
        .finish()
}

/// The answer carrying a session, with the refresh cookie set when it travels there.
fn with_session(
    mut response: HttpResponseBuilder,
    req: &HttpRequest,
    state: &AppState,
    session: AuthSession,
    issued: &Issued,
) -> HttpResponse {
    if issued.in_cookie {
        response.cookie(refresh_cookie(issued.token.clone(), req, state));
    }
    response.insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"));
    response.json(session)
}

fn bad_credentials() -> ApiError {
    ApiError::Unauthorized { code: "bad_credentials", detail: "wrong username or password".into() }
}

fn too_many(wait: Duration) -> ApiError {
    let seconds = throttling::retry_after_seconds(wait);
    ApiError::TooManyRequests {
        detail: format!("too many attempts; try again in {seconds} seconds"),
        retry_after: seconds,
    }
}

/// The client's address as a throttle key part; unknown (no socket) counts as one address.
fn address_key(req: &HttpRequest, state: &AppState) -> String {
    client_address(req, &state.trusted_proxies).map_or_else(|| "unknown".to_owned(), |a| a.to_string())
}

/// Reserves an attempt under each key in order; if one must wait, the ones already
/// reserved are given back and the caller waits.
fn reserve_all(conn: &mut persistence::DbConnection, keys: &[(&str, &Policy)]) -> Result<(), ApiError> {
    for (n, (key, policy)) in keys.iter().enumerate() {
        if let Err(wait) = throttles::reserve(conn, key, policy)? {
            for (done, policy) in &keys[..n] {
                throttles::release(conn, done, policy)?;
            }
            return Err(too_many(wait));
        }
    }
    Ok(())
}

/// Sign in with a username and password.
///
/// Wrong passwords are throttled per account *and* client address: after 5 from one
/// address, that address waits 1 s, then 2 s, 4 s, … (at most 15 minutes) between attempts
/// at that account, answered 429 with `Retry-After`; other addresses are not affected, so
/// nobody can lock anyone else out. One address gets 50 wrong passwords over all accounts
/// before it waits. A counter is forgotten after 15 quiet minutes, and the right password
/// clears its account's. Unknown usernames are throttled and answered exactly as known ones.
#[utoipa::path(post, operation_id = "auth_login", path = "/api/v1/auth/login", tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = AuthSession, description = "signed in; with `refresh_cookie`, the refresh token is in the `gongzhi_refresh` cookie"),
        (status = 401, body = crate::error::Problem, description = "`bad_credentials`, or `account_disabled` (right password, disabled account)"),
        (status = 429, body = crate::error::Problem, description = "too many attempts from this address; see `Retry-After`")))]
pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let LoginRequest { username, password, refresh_cookie } = body.into_inner();
    let address = address_key(&req, &state);
    // The key names the account by a hash of what was typed: the same for names that exist
    // and names that do not, and no usernames kept in the throttle table.
    let name = SignInName::parse(&username);
    let typed = name.as_ref().map_or_else(|| username.trim().to_lowercase(), |n| n.as_str().to_owned());
    let account_key = format!("login:{}:{address}", sha256_hex(&typed));
    let address_key = format!("login-address:{address}");

    let (ak, adk) = (account_key.clone(), address_key.clone());
    let candidates = db::run(&state.pool, move |conn| {
        reserve_all(conn, &[(&ak, &throttling::ACCOUNT_FROM_ADDRESS), (&adk, &throttling::ADDRESS)])?;
        match &name {
            Some(name) => Ok(users::find_logins(conn, name)?),
            None => Ok(Vec::new()),
        }
    })
    .await?;

    let hashes: Vec<String> = candidates.iter().map(|l| l.password_hash.clone()).collect();
    let right = state
        .hashing
        .run(move || {
            if hashes.is_empty() {
                password::verify_dummy(&password);
                return None;
            }
            hashes.iter().position(|phc| password::verify(&password, phc))
        })
        .await?;
    let Some(login) = right.map(|i| candidates[i].clone()) else {
        return Err(bad_credentials());
    };

    let st = state.clone();
    let (session, issued) = db::run(&state.pool, move |conn| {
        throttles::clear(conn, &account_key)?;
        throttles::release(conn, &address_key, &throttling::ADDRESS)?;
        if login.disabled {
            return Err(ApiError::Unauthorized {
                code: "account_disabled",
                detail: "this account is disabled; ask your administrator".into(),
            });
        }
        new_session(&st, conn, login.id, refresh_cookie)
    })
    .await?;
    Ok(with_session(HttpResponse::Ok(), &req, &state, session, &issued))
}

/// The refresh token presented: in the body, else in the cookie (then answered in the cookie).
fn presented_refresh(req: &HttpRequest, body: RefreshRequest) -> Option<(String, bool)> {
    match body.refresh_token {
        Some(token) => Some((token, false)),
        None => req.cookie(REFRESH_COOKIE).map(|c| (c.value().to_owned(), true)).filter(|(t, _)| !t.is_empty()),
    }
}

/// Trade a refresh token for a new access token and a new refresh token.
#[utoipa::path(post, operation_id = "auth_refresh", path = "/api/v1/auth/refresh", tag = "auth", request_body = RefreshRequest,
    responses((status = 200, body = AuthSession),
        (status = 401, body = crate::error::Problem, description = "`refresh_token_invalid` (unknown, expired, revoked, or the account is disabled) or `refresh_token_reused` (the login is ended)")))]
pub async fn refresh(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let Some((presented, in_cookie)) = presented_refresh(&req, body.into_inner()) else {
        return Err(ApiError::Unauthorized {
            code: "refresh_token_invalid",
            detail: "no refresh token: send refresh_token, or the gongzhi_refresh cookie; sign in again".into(),
        });
    };
    let presented = hash_refresh_token(&presented);
    let st = state.clone();
    let (session, issued) = db::run(&state.pool, move |conn| {
        let (token, next) = next_refresh_token();
        match sessions::rotate(conn, &presented, &next)? {
            Rotation::Rotated { user_id, session_id } => {
                let issued = Issued { token, in_cookie };
                Ok((session_for(&st, conn, user_id, session_id, &issued)?, issued))
            }
            Rotation::Refused => Err(ApiError::Unauthorized {
                code: "refresh_token_invalid",
                detail: "the refresh token is unknown, expired or revoked; sign in again".into(),
            }),
            Rotation::Replayed => Err(ApiError::Unauthorized {
                code: "refresh_token_reused",
                detail: "this refresh token was already used, so this login has been ended; sign in again".into(),
            }),
        }
    })
    .await?;
    Ok(with_session(HttpResponse::Ok(), &req, &state, session, &issued))
}

/// End a login: its refresh token stops working, and so do its access tokens, at once.
#[utoipa::path(post, operation_id = "auth_logout", path = "/api/v1/auth/logout", tag = "auth", request_body = RefreshRequest,
    responses((status = 204, description = "signed out (also when the token was unknown); the refresh cookie is cleared")))]
pub async fn logout(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    if let Some((presented, _)) = presented_refresh(&req, body.into_inner()) {
        let presented = hash_refresh_token(&presented);
        db::run(&state.pool, move |conn| Ok(sessions::revoke(conn, &presented)?)).await?;
    }
    let mut response = HttpResponse::NoContent();
    if req.cookie(REFRESH_COOKIE).is_some() {
        let mut gone = refresh_cookie(String::new(), &req, &state);
        gone.make_removal();
        response.cookie(gone);
    }
    Ok(response.finish())
}

/// A resident creates an account for its community and is signed in.
///
/// One address may sign up 10 accounts an hour (429 with `Retry-After` after that), so
/// fresh accounts cannot stuff co-signs.
#[utoipa::path(post, operation_id = "auth_register", path = "/api/v1/auth/register", tag = "auth", request_body = RegisterRequest,
    responses((status = 201, body = AuthSession), (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem),
        (status = 429, body = crate::error::Problem, description = "too many sign-ups from this address; see `Retry-After`")))]
pub async fn register(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<RegisterRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let mut f = Fields::new();
    let account = ResidentFields::parse(&mut f, body.username.as_deref(), &body.display_name, body.phone.as_deref());
    let password = account.as_ref().and_then(|a| f.check(Password::parse(&body.password, &a.named_by())));
    f.finish()?;
    let (account, password) = (present(account)?, present(password)?);
    let (unit_id, refresh_cookie) = (body.unit_id, body.refresh_cookie);
    let key = format!("register:{}", address_key(&req, &state));
    db::run(&state.pool, move |conn| reserve_all(conn, &[(&key, &throttling::REGISTRATION)])).await?;
    let password_hash = state.hashing.run(move || password::hash(password.expose())).await??;
    let st = state.clone();
    let (session, issued) = db::run(&state.pool, move |conn| {
        let user = users::register_resident(conn, account.with_password(password_hash), unit_id)?;
        new_session(&st, conn, user.id, refresh_cookie)
    })
    .await?;
    let mut created = HttpResponse::Created();
    created.insert_header(("Location", "/api/v1/me"));
    Ok(with_session(created, &req, &state, session, &issued))
}

/// What the signed-in user may do in administration, so screens offer only that.
#[derive(Debug, Serialize, ToSchema)]
pub struct Permissions {
    /// The roles this user may give (and take) somewhere in its scope.
    #[schema(value_type = Vec<crate::openapi::Role>)]
    pub grantable_roles: Vec<String>,
    /// Whether it may set or reset another person's password (district admins only).
    pub reset_passwords: bool,
    /// Whether it may create accounts without a role (district admins only); everyone
    /// else gives the new account its role as it is created.
    pub manage_ungranted_users: bool,
    /// The units at and below which it may give roles (and manage users): a unit picker
    /// for grants offers only these subtrees.
    pub grant_units: Vec<Uuid>,
    /// Whether a password it sets for an account it creates is temporary (its holder must
    /// set its own at first sign-in): everyone's but the district admin's.
    pub sets_temporary_passwords: bool,
    /// The communities where it may open residents' accounts at the desk
    /// (`POST /residents`): a community worker's own, a street committee's street's, all
    /// for the district admin.
    pub desk_registration_units: Vec<Uuid>,
    /// The streets whose 定期公示 it publishes (`POST /disclosures`): a street committee's
    /// own, every street of the district for the district admin.
    pub disclosure_streets: Vec<Uuid>,
}

/// What the signed-in user may do in administration.
#[utoipa::path(get, operation_id = "auth_permissions", path = "/api/v1/me/permissions", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = Permissions), (status = 401, body = crate::error::Problem)))]
pub async fn permissions(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
) -> Result<HttpResponse, ApiError> {
    let reader = actor.clone();
    let (desk_registration_units, disclosure_streets) = db::run(&state.pool, move |conn| {
        Ok((users::desk_communities(conn, &reader)?, persistence::disclosures::publishing_streets(conn, &reader)?))
    })
    .await?;
    Ok(HttpResponse::Ok().json(Permissions {
        grantable_roles: rules::grantable_roles(&actor).into_iter().map(|r| r.as_str().to_owned()).collect(),
        reset_passwords: actor.may_somewhere(Capability::ResetPasswords),
        manage_ungranted_users: actor.may_somewhere(Capability::ManageUngrantedUsers),
        grant_units: actor.scope_units(Capability::ManageUsers),
        sets_temporary_passwords: rules::chosen_password_is_temporary(&actor),
        desk_registration_units,
        disclosure_streets,
    }))
}

/// The signed-in user, with its current grants.
#[utoipa::path(get, operation_id = "auth_me", path = "/api/v1/me", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = User), (status = 401, body = crate::error::Problem)))]
pub async fn me(state: web::Data<AppState>, Authenticated(actor): Authenticated) -> Result<HttpResponse, ApiError> {
    let user = db::run(&state.pool, move |conn| Ok(users::find(conn, actor.user_id)?)).await?;
    Ok(HttpResponse::Ok().json(User::own(user)))
}

/// Keep your own preferences in your account (长辈模式), for every device you sign in on.
#[utoipa::path(put, operation_id = "auth_set_preferences", path = "/api/v1/me/preferences", tag = "auth",
    request_body = Preferences, security(("bearer" = [])),
    responses((status = 200, body = Preferences), (status = 401, body = crate::error::Problem),
        (status = 422, body = crate::error::Problem)))]
pub async fn set_preferences(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    body: web::Json<Preferences>,
) -> Result<HttpResponse, ApiError> {
    let elder_mode = body.into_inner().elder_mode;
    let user = db::run(&state.pool, move |conn| Ok(users::set_preferences(conn, actor.user_id, elder_mode)?)).await?;
    Ok(HttpResponse::Ok().json(Preferences { elder_mode: user.elder_mode }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct PasswordChange {
    pub current_password: String,
    #[schema(min_length = 10, max_length = 128)]
    pub new_password: String,
}

/// Set your own password, giving the current one. Your other logins end; this one goes on.
///
/// Wrong current passwords are throttled like sign-in attempts (per account), so a stolen
/// access token cannot be used to guess it.
#[utoipa::path(post, operation_id = "auth_change_password", path = "/api/v1/me/password", tag = "auth", request_body = PasswordChange, security(("bearer" = [])),
    responses((status = 204, description = "changed; the other logins of the account have ended"),
        (status = 403, body = crate::error::Problem, description = "`wrong_password`: the current password is not right"),
        (status = 429, body = crate::error::Problem, description = "too many wrong current passwords; see `Retry-After`")))]
pub async fn change_password(
    req: HttpRequest,
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    body: web::Json<PasswordChange>,
) -> Result<HttpResponse, ApiError> {
    let PasswordChange { current_password, new_password } = body.into_inner();
    let session = crate::auth::session_of(&req)?;
    let user_id = actor.user_id;
    let key = format!("password:{user_id}");
    let k = key.clone();
    let (username, hash) = db::run(&state.pool, move |conn| {
        reserve_all(conn, &[(&k, &throttling::ACCOUNT_FROM_ADDRESS)])?;
        let user = users::find(conn, user_id)?;
        let username = Username::parse(&user.username).map_err(|_| persistence::Error::Corrupt("username"))?;
        let login = users::find_login(conn, &username)?.ok_or(persistence::Error::NotFound("user"))?;
        Ok((username, login.password_hash))
    })
    .await?;
    let mut f = crate::validation::Fields::new();
    // The policy's refusals name `password`; here the field is `new_password`.
    let new = f.check(Password::parse(&new_password, &username).map_err(|e| match e {
        domain::Error::Invalid { code, message, .. } => domain::Error::invalid("new_password", code, message),
        other => other,
    }));
    if new_password == current_password {
        f.check::<()>(Err(domain::Error::invalid(
            "new_password",
            "password_unchanged",
            "the new password must differ from the one you were given",
        )));
    }
    f.finish()?;
    let new = crate::validation::present(new)?;
    let right = state.hashing.run(move || password::verify(&current_password, &hash)).await?;
    if !right {
        return Err(ApiError::Forbidden { code: "wrong_password", detail: "the current password is not right".into() });
    }
    let new_hash = state.hashing.run(move || password::hash(new.expose())).await??;
    db::run(&state.pool, move |conn| {
        throttles::clear(conn, &key)?;
        Ok(users::set_own_password(conn, user_id, session, new_hash)?)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
