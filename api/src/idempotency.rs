//! `Idempotency-Key` (SPEC §5): a POST sent again with the key of an earlier one from the
//! same user, within 24 hours, answers that first response and does nothing. A phone that
//! lost its answer to a timeout, or a hand that tapped twice, makes one record.
//!
//! The key is claimed in the database before the request runs, so a retry reaching
//! another process behind the load balancer while the first is still running waits for
//! it and then answers its response. A request that fails changed nothing: its key is let
//! go and may be sent again. The same key with another request is 422.

use actix_web::body::{to_bytes, BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{header, Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{web, HttpResponse, ResponseError};
use persistence::idempotency::{self, Begin, Stored};
use uuid::Uuid;

use crate::auth::token::sha256_hex;
use crate::startup::AppState;
use crate::{db, ApiError};

pub const HEADER: &str = "idempotency-key";
/// Set on a response that answers an earlier request with the same key.
pub const REPLAYED: &str = "idempotent-replayed";
const MAX_KEY_BYTES: usize = 255;
/// How long a retry waits for the first request with its key to finish.
const WAIT_FOR_FIRST: std::time::Duration = std::time::Duration::from_secs(10);

pub async fn middleware(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let Some(raw_key) = req.headers().get(HEADER).cloned() else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    // Sign-in and registration carry no user to keep a key for; GETs change nothing.
    if req.method() != Method::POST || req.path().starts_with("/api/v1/auth/") {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    let key = match raw_key.to_str() {
        Ok(k) if !k.is_empty() && k.len() <= MAX_KEY_BYTES && k.bytes().all(|b| b.is_ascii_graphic()) => k.to_owned(),
        _ => {
            let e = ApiError::invalid(
                "Idempotency-Key",
                "idempotency_key_invalid",
                format!("Idempotency-Key must be 1 to {MAX_KEY_BYTES} visible ASCII characters, e.g. a UUID"),
            );
            return Ok(req.into_response(e.error_response()));
        }
    };
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    // Whose key it is: the token's holder. An absent or bad token is the handler's 401.
    let user = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .and_then(|t| state.tokens.verify(t.trim()).ok())
        .map(|v| v.actor.user_id);
    let Some(user) = user else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let body = match req.extract::<web::Bytes>().await {
        Ok(body) => body,
        Err(e) => return Ok(req.into_response(e.error_response())),
    };
    let fingerprint = format!(
        "{}\n{}\n{}",
        req.method(),
        req.uri().path_and_query().map_or("", |p| p.as_str()),
        sha256_hex(&String::from_utf8_lossy(&body))
    );
    let request_hash = sha256_hex(&fingerprint);
    req.set_payload(actix_web::dev::Payload::from(body));

    match wait_for_turn(&state, user, &key, &request_hash).await {
        Ok(None) => {}
        Ok(Some(answer)) => return Ok(req.into_response(answer)),
        Err(e) => return Ok(req.into_response(e.error_response())),
    }
    let outcome = next.call(req).await;
    let res = match outcome {
        // A response nothing may keep (an API key's secret, shown once) is not stored for
        // a replay either: its key is let go, and a retry runs again.
        Ok(res) if res.status().is_success() && !no_store(&res) => res,
        other => {
            let k = key.clone();
            db::run(&state.pool, move |conn| Ok(idempotency::release(conn, user, &k)?)).await?;
            return Ok(other?.map_into_boxed_body());
        }
    };
    let (http_req, res) = res.into_parts();
    let (res, body) = res.into_parts();
    let bytes = to_bytes(body).await.map_err(|_| ApiError::Internal("response body unreadable".into()))?;
    let stored = Stored {
        status: res.status().as_u16(),
        location: res.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()).map(str::to_owned),
        body: String::from_utf8_lossy(&bytes).into_owned(),
    };
    db::run(&state.pool, move |conn| Ok(idempotency::complete(conn, user, &key, &stored)?)).await?;
    Ok(ServiceResponse::new(http_req, res.set_body(bytes).map_into_boxed_body()))
}

fn no_store<B>(res: &ServiceResponse<B>) -> bool {
    res.headers().get(header::CACHE_CONTROL).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("no-store"))
}

/// `None` when this request is the key's first and runs; else the answer to send instead.
async fn wait_for_turn(
    state: &web::Data<AppState>,
    user: Uuid,
    key: &str,
    request_hash: &str,
) -> Result<Option<HttpResponse>, ApiError> {
    let started = tokio::time::Instant::now();
    loop {
        let (k, h) = (key.to_owned(), request_hash.to_owned());
        let begun = db::run(&state.pool, move |conn| Ok(idempotency::begin(conn, user, &k, &h)?)).await?;
        match begun {
            Begin::Fresh => return Ok(None),
            Begin::Replay(stored) => return Ok(Some(replay(&stored))),
            Begin::Mismatch => {
                return Err(ApiError::invalid(
                    "Idempotency-Key",
                    "idempotency_key_reused",
                    "this Idempotency-Key was used for another request; send a new key with a new request",
                ))
            }
            Begin::InFlight if started.elapsed() < WAIT_FOR_FIRST => {
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
            Begin::InFlight => {
                return Err(ApiError::Conflict {
                    code: "idempotency_key_in_flight",
                    detail: "the first request with this Idempotency-Key is still running; try again shortly".into(),
                })
            }
        }
    }
}

fn replay(stored: &Stored) -> HttpResponse {
    let status = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK);
    let mut res = HttpResponse::build(status);
    res.content_type("application/json").insert_header((REPLAYED, "true"));
    if let Some(location) = &stored.location {
        res.insert_header((header::LOCATION, location.as_str()));
    }
    res.body(stored.body.clone())
}
