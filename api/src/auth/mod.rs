//! Who is calling: passwords, tokens, and the extractor that turns a bearer token into a
//! domain `Actor`.

pub mod password;
pub mod routes;
pub mod token;

use std::future::{ready, Ready};

use actix_web::{dev::Payload, http::header, web, FromRequest, HttpRequest};
use domain::access::Actor;

use crate::startup::AppState;
use crate::ApiError;

/// A signed-in caller. Handlers that take it answer 401 without a valid access token.
#[derive(Debug, Clone)]
pub struct Authenticated(pub Actor);

impl FromRequest for Authenticated {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(
            authenticate(req)
                .and_then(|actor| {
                    actor.ok_or_else(|| {
                        ApiError::unauthorized("sign in first: send Authorization: Bearer <access_token>")
                    })
                })
                .map(Authenticated),
        )
    }
}

/// `Ok(None)` without an Authorization header; a header that is there must be valid.
fn authenticate(req: &HttpRequest) -> Result<Option<Actor>, ApiError> {
    let Some(value) = req.headers().get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let token = value
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .ok_or_else(|| ApiError::unauthorized("Authorization must be 'Bearer <access_token>'"))?;
    let state =
        req.app_data::<web::Data<AppState>>().ok_or_else(|| ApiError::Internal("application state missing".into()))?;
    state.tokens.verify(token.trim()).map(Some)
}
