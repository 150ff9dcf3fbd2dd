//! What every response gets, whoever produced it: security headers, `HEAD` wherever `GET`
//! works, a 414 for over-long URLs, and the problem+json envelope for every error, including
//! the bare ones of actix-web's own services (a guard that matched nothing, Swagger UI's
//! empty 404, an extractor outside our config); under `/open311/`, the standard's own error
//! form instead.
//!
//! actix-http answers some requests before any of this runs, and those answers cannot be
//! changed from here: a request head over 128 KiB or with more than 96 headers gets an
//! empty 431, a request line that does not parse an empty 400 (see `api/tests/black_box/errors.rs`).

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::ResponseError;

use crate::error::{ApiError, PROBLEM_JSON};
use crate::routes::open311;

/// URLs longer than this are refused with 414 before routing. Browsers and proxies keep
/// URLs under 8 KiB; nothing in the API needs more.
pub const MAX_URI_BYTES: usize = 8 * 1024;

/// The web app: scripts and styles only from this origin. Ant Design writes its CSS-in-JS
/// into `<style>` elements, hence `'unsafe-inline'` for styles (never for scripts).
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; \
     connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; \
     form-action 'self'";

const SECURITY_HEADERS: [(HeaderName, &str); 4] = [
    (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::REFERRER_POLICY, "no-referrer"),
    (header::X_FRAME_OPTIONS, "DENY"),
];

pub async fn harden(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    // HEAD is GET without the body: actix-http drops the body of a response to a HEAD
    // request on its own, so routing it as GET makes HEAD work wherever GET does.
    if req.method() == Method::HEAD {
        req.head_mut().method = Method::GET;
    }
    // Open311 clients read errors in their standard's form, not ours.
    let open311 = req.path().starts_with(open311::PREFIX);
    let error_for = |status: StatusCode, path: &str| {
        if open311 {
            open311::failure_for(status, path)
        } else {
            ApiError::from_status(status, path).error_response()
        }
    };
    let res = if req.uri().path_and_query().map_or(0, |pq| pq.as_str().len()) > MAX_URI_BYTES {
        let path = req.path().to_owned();
        req.into_response(error_for(StatusCode::URI_TOO_LONG, &path))
    } else {
        match next.call(req).await {
            Ok(res) => res.map_into_boxed_body(),
            // Routing and handlers turn errors into responses; should one still come back
            // as an error, it leaves as a problem all the same.
            Err(e) => {
                let mut problem = error_for(e.as_response_error().status_code(), "");
                add_security_headers(problem.headers_mut());
                return Err(actix_web::error::InternalError::from_response(e, problem).into());
            }
        }
    };
    let settled = if open311 { is_json } else { is_problem };
    let mut res = if res.status().as_u16() >= 400 && !settled(&res) { as_error(res, error_for) } else { res };
    add_security_headers(res.headers_mut());
    Ok(res)
}

fn add_security_headers(headers: &mut HeaderMap) {
    for (name, value) in SECURITY_HEADERS {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
}

fn is_problem(res: &ServiceResponse<BoxBody>) -> bool {
    res.headers().get(header::CONTENT_TYPE).is_some_and(|ct| ct.as_bytes().starts_with(PROBLEM_JSON.as_bytes()))
}

/// Open311's errors are plain JSON (an array of `{code, description}`).
fn is_json(res: &ServiceResponse<BoxBody>) -> bool {
    res.headers().get(header::CONTENT_TYPE).is_some_and(|ct| ct.as_bytes().starts_with(b"application/json"))
}

/// The same status and headers (`Allow`, `WWW-Authenticate`, …), the body replaced by an
/// error that says what the status means.
fn as_error(
    res: ServiceResponse<BoxBody>,
    error_for: impl Fn(StatusCode, &str) -> actix_web::HttpResponse,
) -> ServiceResponse<BoxBody> {
    let (req, old) = res.into_parts();
    let mut new = error_for(old.status(), req.path());
    debug_assert_eq!(new.status(), old.status());
    for (name, value) in old.headers() {
        if ![header::CONTENT_TYPE, header::CONTENT_LENGTH, header::CONTENT_ENCODING].contains(name) {
            new.headers_mut().append(name.clone(), value.clone());
        }
    }
    ServiceResponse::new(req, new)
}

/// How long a request's body may take to arrive, whole. The API's bodies are small JSON;
/// a client that trickles one (a byte every few seconds) would otherwise hold a connection
/// and a worker's attention for ever. Past it: 408 problem+json, and the connection closes.
pub const BODY_DEADLINE: std::time::Duration = std::time::Duration::from_secs(15);

/// Puts [`BODY_DEADLINE`] on the request's body stream, counted from the request's head.
pub async fn body_deadline(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let inner = actix_web::HttpMessage::take_payload(&mut req);
    let sleep = Box::pin(tokio::time::sleep(BODY_DEADLINE));
    let stream: std::pin::Pin<Box<dyn futures_core::Stream<Item = _>>> = Box::pin(Deadline { inner, sleep });
    req.set_payload(actix_web::dev::Payload::Stream { payload: stream });
    next.call(req).await
}

struct Deadline {
    inner: actix_web::dev::Payload,
    sleep: std::pin::Pin<Box<tokio::time::Sleep>>,
}

impl futures_core::Stream for Deadline {
    type Item = Result<actix_web::web::Bytes, actix_web::error::PayloadError>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        use std::future::Future;
        use std::task::Poll;
        if let Poll::Ready(item) = std::pin::Pin::new(&mut self.inner).poll_next(cx) {
            return Poll::Ready(item);
        }
        match self.sleep.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Some(Err(actix_web::error::PayloadError::Io(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "the request body did not arrive in time",
            ))))),
            Poll::Pending => Poll::Pending,
        }
    }
}

/// The header that carries a request's id, in and out.
pub const REQUEST_ID: &str = "x-request-id";

/// The caller's id for the request when it is a plain token (a proxy's or a client's, so
/// one id follows a request through every log), else a new UUIDv7: every log line of the
/// request carries it, the response echoes it in `X-Request-Id`, and one line says what
/// was asked and how it ended. That line names the route's pattern (`/api/v1/demands/{id}`),
/// never the path, the query or the body, which hold names, phones and search words.
pub async fn request_log(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    use tracing::Instrument;
    let id = req
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| (1..=64).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b)))
        .map_or_else(|| uuid::Uuid::now_v7().to_string(), str::to_owned);
    let span = tracing::info_span!("request", request_id = %id);
    let method = req.method().clone();
    let started = std::time::Instant::now();
    let mut res = next.call(req).instrument(span.clone()).await?;
    let route = res.request().match_pattern().unwrap_or_else(|| "(web app)".into());
    let status = res.status().as_u16();
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    span.in_scope(|| tracing::info!(%method, %route, status, ms, "request"));
    if let Ok(value) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(HeaderName::from_static(REQUEST_ID), value);
    }
    Ok(res)
}
