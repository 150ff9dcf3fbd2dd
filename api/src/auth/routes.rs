//! `/auth/*` and `/me`.

use actix_web::{web, HttpResponse};
use chrono::{Duration, Utc};
use domain::access::Actor;
use domain::values::{DisplayName, Password, Phone, Username};
use persistence::sessions::{self, NewToken, Rotation};
use persistence::users::{self, NewUser};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::token::{hash_refresh_token, new_refresh_token, ACCESS_TTL_SECONDS, REFRESH_TTL_DAYS};
use super::{password, Authenticated};
use crate::db;
use crate::routes::users::User;
use crate::startup::AppState;
use crate::validation::{present, Fields};
use crate::ApiError;

#[derive(Debug, Deserialize, ToSchema)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RefreshRequest {
    pub refresh_token: String,
}

/// Tokens for a signed-in user.
#[derive(Debug, Serialize, ToSchema)]
pub struct Session {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    /// Single use: each refresh returns a new one and retires this one.
    pub refresh_token: String,
    pub user: User,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RegisterRequest {
    #[schema(min_length = 3, max_length = 32, pattern = "^[a-z0-9][a-z0-9_.-]*$")]
    pub username: String,
    #[schema(min_length = 10, max_length = 128)]
    pub password: String,
    #[schema(min_length = 1, max_length = 50)]
    pub display_name: String,
    pub phone: Option<String>,
    /// The community the resident lives in.
    pub unit_id: Uuid,
}

/// The tokens and profile of `user_id`, given the refresh token already stored for it.
fn session_for(
    state: &AppState,
    conn: &mut persistence::DbConnection,
    user_id: Uuid,
    refresh_token: String,
) -> Result<Session, ApiError> {
    let user = users::find(conn, user_id)?;
    let actor = Actor { user_id, grants: user.domain_grants() };
    let access_token = state.tokens.issue(&actor, Utc::now())?;
    Ok(Session {
        access_token,
        token_type: "Bearer".into(),
        expires_in: ACCESS_TTL_SECONDS,
        refresh_token,
        user: user.into(),
    })
}

fn next_refresh_token() -> (String, NewToken) {
    let token = new_refresh_token();
    let stored =
        NewToken { token_hash: hash_refresh_token(&token), expires_at: Utc::now() + Duration::days(REFRESH_TTL_DAYS) };
    (token, stored)
}

/// A new login of `user_id`.
fn new_session(state: &AppState, conn: &mut persistence::DbConnection, user_id: Uuid) -> Result<Session, ApiError> {
    let (token, stored) = next_refresh_token();
    sessions::start(conn, user_id, &stored)?;
    session_for(state, conn, user_id, token)
}

fn bad_credentials() -> ApiError {
    ApiError::Unauthorized { code: "bad_credentials", detail: "wrong username or password".into() }
}

/// Sign in with a username and password.
#[utoipa::path(post, operation_id = "auth_login", path = "/api/v1/auth/login", tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = Session), (status = 401, body = crate::error::Problem), (status = 429, body = crate::error::Problem)))]
pub async fn login(state: web::Data<AppState>, body: web::Json<LoginRequest>) -> Result<HttpResponse, ApiError> {
    let LoginRequest { username, password } = body.into_inner();
    let st = state.clone();
    let session = db::run(&state.pool, move |conn| {
        let Ok(username) = Username::parse(&username) else {
            password::verify_dummy(&password);
            return Err(bad_credentials());
        };
        let Some(login) = users::find_login(conn, &username)? else {
            password::verify_dummy(&password);
            return Err(bad_credentials());
        };
        if domain::login::is_locked(login.locked_until, Utc::now()) {
            return Err(ApiError::TooManyRequests(format!(
                "too many wrong passwords; try again in {} minutes",
                domain::login::LOCK_MINUTES
            )));
        }
        if !password::verify(&password, &login.password_hash) {
            users::login_failed(conn, login.id)?;
            return Err(bad_credentials());
        }
        users::login_succeeded(conn, login.id)?;
        new_session(&st, conn, login.id)
    })
    .await?;
    Ok(HttpResponse::Ok().json(session))
}

/// Trade a refresh token for a new access token and a new refresh token.
#[utoipa::path(post, operation_id = "auth_refresh", path = "/api/v1/auth/refresh", tag = "auth", request_body = RefreshRequest,
    responses((status = 200, body = Session), (status = 401, body = crate::error::Problem)))]
pub async fn refresh(state: web::Data<AppState>, body: web::Json<RefreshRequest>) -> Result<HttpResponse, ApiError> {
    let presented = hash_refresh_token(&body.into_inner().refresh_token);
    let st = state.clone();
    let session = db::run(&state.pool, move |conn| {
        let (token, next) = next_refresh_token();
        match sessions::rotate(conn, &presented, &next)? {
            Rotation::Rotated { user_id } => session_for(&st, conn, user_id, token),
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
    Ok(HttpResponse::Ok().json(session))
}

/// End a login: its refresh token stops working.
#[utoipa::path(post, operation_id = "auth_logout", path = "/api/v1/auth/logout", tag = "auth", request_body = RefreshRequest,
    responses((status = 204, description = "signed out (also when the token was unknown)")))]
pub async fn logout(state: web::Data<AppState>, body: web::Json<RefreshRequest>) -> Result<HttpResponse, ApiError> {
    let presented = hash_refresh_token(&body.into_inner().refresh_token);
    db::run(&state.pool, move |conn| Ok(sessions::revoke(conn, &presented)?)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A resident creates an account for its community and is signed in.
#[utoipa::path(post, operation_id = "auth_register", path = "/api/v1/auth/register", tag = "auth", request_body = RegisterRequest,
    responses((status = 201, body = Session), (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
pub async fn register(state: web::Data<AppState>, body: web::Json<RegisterRequest>) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let mut f = Fields::new();
    let username = f.check(Username::parse(&body.username));
    let password = username.as_ref().and_then(|u| f.check(Password::parse(&body.password, u)));
    let display_name = f.check(DisplayName::parse(&body.display_name));
    let phone = body.phone.as_deref().filter(|p| !p.trim().is_empty()).map(|p| f.check(Phone::parse(p)));
    f.finish()?;
    let (username, password, display_name) = (present(username)?, present(password)?, present(display_name)?);
    let phone = phone.map(present).transpose()?;
    let unit_id = body.unit_id;
    let st = state.clone();
    let session = db::run(&state.pool, move |conn| {
        let password_hash = password::hash(password.expose())?;
        let new = NewUser { username, password_hash, display_name, phone, party_member: false };
        let user = users::register_resident(conn, new, unit_id)?;
        new_session(&st, conn, user.id)
    })
    .await?;
    Ok(HttpResponse::Created().insert_header(("Location", "/api/v1/me")).json(session))
}

/// The signed-in user, with its current grants.
#[utoipa::path(get, operation_id = "auth_me", path = "/api/v1/me", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = User), (status = 401, body = crate::error::Problem)))]
pub async fn me(state: web::Data<AppState>, Authenticated(actor): Authenticated) -> Result<HttpResponse, ApiError> {
    let user = db::run(&state.pool, move |conn| Ok(users::find(conn, actor.user_id)?)).await?;
    Ok(HttpResponse::Ok().json(User::from(user)))
}
