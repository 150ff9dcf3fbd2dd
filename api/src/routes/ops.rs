//! Probes for the process and its database.

use actix_web::http::header;
use actix_web::{web, HttpResponse, Resource};
use serde::Serialize;
use utoipa::ToSchema;

use crate::startup::AppState;
use crate::{db, ApiError};

#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    pub status: String,
}

/// The process is up.
#[utoipa::path(get, operation_id = "ops_healthz", path = "/healthz", tag = "ops", responses((status = 200, body = Health)))]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok".into() })
}

/// The database answers.
#[utoipa::path(get, operation_id = "ops_readyz", path = "/readyz", tag = "ops",
    responses((status = 200, body = Health), (status = 503, body = crate::error::Problem)))]
pub async fn readyz(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    db::run(&state.pool, |conn| {
        persistence::connection::ping(conn).map_err(|e| ApiError::Unavailable(format!("database not reachable: {e}")))
    })
    .await?;
    Ok(HttpResponse::Ok().json(Health { status: "ready".into() }))
}

/// `/docs` is where people type; Swagger UI lives at `/docs/` (its files are relative).
pub fn docs_resource() -> Resource {
    web::resource("/docs").default_service(web::to(crate::error::method_not_allowed)).route(
        web::get()
            .to(|| async { HttpResponse::PermanentRedirect().insert_header((header::LOCATION, "/docs/")).finish() }),
    )
}
