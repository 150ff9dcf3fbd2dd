//! Who is calling: passwords, tokens, the client's address, and the extractor that turns a
//! bearer token into a domain `Actor`.

pub mod password;
pub mod routes;
pub mod token;

use std::future::Future;
use std::net::IpAddr;
use std::pin::Pin;

use actix_web::{dev::Payload, http::header, web, FromRequest, HttpRequest};
use domain::access::Actor;
use persistence::sessions;

use crate::startup::AppState;
use crate::{db, ApiError};

/// A signed-in caller. Handlers that take it answer 401 without a valid access token, and
/// with one whose session has ended (logout, password reset, disabled account) or whose
/// holder lost a grant since it was issued: revocation takes effect on the next request.
#[derive(Debug, Clone)]
pub struct Authenticated(pub Actor);

impl FromRequest for Authenticated {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let verified = app_state(req).and_then(|state| Ok((bearer(req, &state)?, state)));
        let endpoint = format!("{} {}", req.method(), req.path());
        Box::pin(async move {
            let (verified, state) = verified?;
            let verified = verified
                .ok_or_else(|| ApiError::unauthorized("sign in first: send Authorization: Bearer <access_token>"))?;
            let session_id = verified.session_id;
            let now = db::run(&state.pool, move |conn| Ok(sessions::state(conn, session_id)?)).await?;
            match now {
                Some(s) if s.user_id == verified.actor.user_id && !s.ended && !s.disabled => {
                    if s.auth_version != verified.auth_version {
                        Err(ApiError::Unauthorized {
                            code: "token_stale",
                            detail: "a role was taken from you since this token was issued; refresh it".into(),
                        })
                    } else if s.password_change_required && !ALLOWED_BEFORE_NEW_PASSWORD.contains(&endpoint.as_str()) {
                        Err(ApiError::Forbidden {
                            code: "password_change_required",
                            detail: "your password was set by someone else: set your own (POST /api/v1/me/password) \
                                     before doing anything else"
                                .into(),
                        })
                    } else {
                        Ok(Authenticated(verified.actor))
                    }
                }
                _ => Err(ApiError::Unauthorized {
                    code: "session_ended",
                    detail: "this login has ended (signed out, password reset or account disabled); sign in again"
                        .into(),
                }),
            }
        })
    }
}

/// What an account whose password someone else chose may still do: see itself and set
/// its own password (signing out needs no access token).
const ALLOWED_BEFORE_NEW_PASSWORD: &[&str] = &["GET /api/v1/me", "POST /api/v1/me/password"];

/// The login (session) the request's access token belongs to.
pub fn session_of(req: &HttpRequest) -> Result<uuid::Uuid, ApiError> {
    let state = app_state(req)?;
    bearer(req, &state)?
        .map(|v| v.session_id)
        .ok_or_else(|| ApiError::unauthorized("sign in first: send Authorization: Bearer <access_token>"))
}

fn app_state(req: &HttpRequest) -> Result<web::Data<AppState>, ApiError> {
    req.app_data::<web::Data<AppState>>().cloned().ok_or_else(|| ApiError::Internal("application state missing".into()))
}

/// `Ok(None)` without an Authorization header; a header that is there must be genuine.
fn bearer(req: &HttpRequest, state: &AppState) -> Result<Option<token::Verified>, ApiError> {
    let Some(value) = req.headers().get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let token = value
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .ok_or_else(|| ApiError::unauthorized("Authorization must be 'Bearer <access_token>'"))?;
    state.tokens.verify(token.trim()).map(Some)
}

/// The address the request came from: the socket's peer, or, when that peer is one of
/// `trusted_proxies`, the nearest address in `X-Forwarded-For` that is not a trusted proxy.
/// Anyone else's `X-Forwarded-For` is ignored: a client must not choose its own address.
pub fn client_address(req: &HttpRequest, trusted_proxies: &[IpAddr]) -> Option<IpAddr> {
    let peer = req.peer_addr()?.ip();
    if !trusted_proxies.contains(&peer) {
        return Some(peer);
    }
    let forwarded: Vec<IpAddr> = req
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|a| a.trim().parse().ok())
        .collect();
    Some(forwarded.into_iter().rev().find(|a| !trusted_proxies.contains(a)).unwrap_or(peer))
}

/// Whether the client reached us over HTTPS (directly, or as a trusted proxy says).
pub fn is_https(req: &HttpRequest, trusted_proxies: &[IpAddr]) -> bool {
    let from_proxy = req.peer_addr().is_some_and(|p| trusted_proxies.contains(&p.ip()));
    if from_proxy {
        if let Some(proto) = req.headers().get("x-forwarded-proto").and_then(|v| v.to_str().ok()) {
            return proto.trim().eq_ignore_ascii_case("https");
        }
    }
    req.app_config().secure()
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    #[test]
    fn forwarded_for_counts_only_from_a_trusted_proxy() {
        let proxy: IpAddr = "10.0.0.5".parse().expect("ip");
        let req = TestRequest::default()
            .peer_addr("10.0.0.5:4000".parse().expect("addr"))
            .insert_header(("x-forwarded-for", "1.2.3.4, 203.0.113.9"))
            .to_http_request();
        assert_eq!(client_address(&req, &[proxy]), Some("203.0.113.9".parse().expect("ip")));
        assert_eq!(client_address(&req, &[]), Some(proxy), "an untrusted peer's header is ignored");
        let chained = TestRequest::default()
            .peer_addr("10.0.0.5:4000".parse().expect("addr"))
            .insert_header(("x-forwarded-for", "198.51.100.7, 10.0.0.6"))
            .to_http_request();
        let proxies = [proxy, "10.0.0.6".parse().expect("ip")];
        assert_eq!(client_address(&chained, &proxies), Some("198.51.100.7".parse().expect("ip")));
    }
}
