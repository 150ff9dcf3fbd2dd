//! `/me/notifications`: each person's inbox, written by the worker from the event log.

use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use persistence::notifications;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::auth::Authenticated;
use crate::pagination::{page, PageOf};
use crate::startup::AppState;
use crate::{db, ApiError};

/// Something that needs the reader: its kind, and the record it is about (open it with
/// `GET /{entity}s/{entity_id}`).
#[derive(Debug, Serialize, ToSchema)]
pub struct Notification {
    pub id: Uuid,
    #[schema(value_type = crate::openapi::NotificationKind)]
    pub kind: String,
    #[schema(value_type = crate::openapi::Entity)]
    pub entity: String,
    pub entity_id: Uuid,
    /// The record's title when it happened.
    pub title: String,
    pub created_at: DateTime<Utc>,
    /// When the reader marked it read; `null` while unread.
    pub read_at: Option<DateTime<Utc>>,
}

impl From<notifications::Notification> for Notification {
    fn from(n: notifications::Notification) -> Self {
        Notification {
            id: n.id,
            kind: n.kind.as_str().to_owned(),
            entity: n.entity.as_str().to_owned(),
            entity_id: n.entity_id,
            title: n.title,
            created_at: n.created_at,
            read_at: n.read_at,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct NotificationQuery {
    /// Only those not yet read.
    pub unread: Option<bool>,
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

/// The reader's notifications, newest first.
#[utoipa::path(get, operation_id = "notifications_list", path = "/api/v1/me/notifications", tag = "notifications",
    params(NotificationQuery), security(("bearer" = [])),
    responses((status = 200, body = PageOf<Notification>)))]
pub async fn list(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    query: web::Query<NotificationQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let page = page(query.limit, query.cursor.as_deref())?;
    let unread_only = query.unread.unwrap_or(false);
    let out = db::run(&state.pool, move |conn| {
        Ok(PageOf::from_paged(notifications::list(conn, actor.user_id, unread_only, page)?, Notification::from))
    })
    .await?;
    Ok(HttpResponse::Ok().json(out))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UnreadCount {
    pub unread: i64,
}

/// How many of the reader's notifications are unread: the bell's number.
#[utoipa::path(get, operation_id = "notifications_unread", path = "/api/v1/me/notifications/unread", tag = "notifications",
    security(("bearer" = [])), responses((status = 200, body = UnreadCount)))]
pub async fn unread(state: web::Data<AppState>, Authenticated(actor): Authenticated) -> Result<HttpResponse, ApiError> {
    let unread = db::run(&state.pool, move |conn| Ok(notifications::unread(conn, actor.user_id)?)).await?;
    Ok(HttpResponse::Ok().json(UnreadCount { unread }))
}

/// Marks one of the reader's notifications read (again: no change).
#[utoipa::path(post, operation_id = "notifications_read", path = "/api/v1/me/notifications/{id}/read", tag = "notifications",
    security(("bearer" = [])),
    responses((status = 204, description = "read"), (status = 404, body = crate::error::Problem, description = "not one of the reader's")))]
pub async fn read(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    db::run(&state.pool, move |conn| Ok(notifications::mark_read(conn, actor.user_id, id)?)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Marks all the reader's notifications read.
#[utoipa::path(post, operation_id = "notifications_read_all", path = "/api/v1/me/notifications/read", tag = "notifications",
    security(("bearer" = [])), responses((status = 204, description = "all read")))]
pub async fn read_all(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
) -> Result<HttpResponse, ApiError> {
    db::run(&state.pool, move |conn| Ok(notifications::mark_all_read(conn, actor.user_id)?)).await?;
    Ok(HttpResponse::NoContent().finish())
}
