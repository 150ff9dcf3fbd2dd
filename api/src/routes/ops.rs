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

/// Prometheus' text format: requests and latency per route, the pool, the worker's lag and
/// records by state. Counts only, nothing of a person; restrict it at the proxy if the
/// traffic's shape is not to be public.
#[utoipa::path(get, operation_id = "ops_metrics", path = "/metrics", tag = "ops",
    responses((status = 200, content_type = "text/plain; version=0.0.4", body = String),
        (status = 503, body = crate::error::Problem)))]
pub async fn metrics(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let now = state.clock.now();
    let pool = state.pool.state();
    let (lag, records) = db::run(&state.pool, move |conn| {
        let mut lag = Vec::new();
        for (consumer, _) in crate::worker::CONSUMERS {
            lag.push((*consumer, persistence::metrics::consumer_lag(conn, consumer, now)?));
        }
        Ok((lag, persistence::metrics::records_by_state(conn)?))
    })
    .await?;
    let scrape =
        crate::metrics::Scrape { pool_connections: pool.connections, pool_idle: pool.idle_connections, lag, records };
    let text = state.metrics.render(&scrape).map_err(|e| ApiError::Internal(format!("rendering metrics: {e}")))?;
    Ok(HttpResponse::Ok().content_type("text/plain; version=0.0.4; charset=utf-8").body(text))
}
