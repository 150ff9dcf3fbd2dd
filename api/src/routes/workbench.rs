//! `GET /me/workbench`: the counts of a person's first screen (`domain::workbench`).

use actix_web::{web, HttpResponse};
use domain::workbench::WorkItem;
use persistence::workbench::{self, CAP};
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::Authenticated;
use crate::startup::AppState;
use crate::{db, ApiError};

/// One kind of work waiting for the reader.
#[derive(Debug, Serialize, ToSchema)]
pub struct WorkCount {
    #[schema(value_type = crate::openapi::WorkItem)]
    pub item: String,
    pub count: i64,
    /// The list holds at least `count` (a first screen shows "99+").
    pub at_least: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Workbench {
    /// By the reader's roles, in the order a first screen shows them.
    pub items: Vec<WorkCount>,
}

/// What is waiting for you, by your roles: each count is what the list it names shows you.
#[utoipa::path(get, operation_id = "workbench", path = "/api/v1/me/workbench", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = Workbench), (status = 401, body = crate::error::Problem)))]
pub async fn workbench(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
) -> Result<HttpResponse, ApiError> {
    let counts = db::run(&state.pool, move |conn| Ok(workbench::counts(conn, &actor)?)).await?;
    let items = counts
        .into_iter()
        .map(|(item, count)| WorkCount {
            item: item.as_str().to_owned(),
            count,
            at_least: item != WorkItem::NotificationsUnread && count >= CAP,
        })
        .collect();
    Ok(HttpResponse::Ok().json(Workbench { items }))
}
