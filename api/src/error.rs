//! Every error leaves as `application/problem+json` (RFC 9457), mapped here and nowhere else.

use std::collections::BTreeMap;

use actix_web::http::{header, StatusCode};
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

/// The one error envelope.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// `urn:gongzhi:problem:{code}`.
    #[serde(rename = "type")]
    pub type_: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// Stable, machine-readable reason; screens translate it.
    pub code: String,
    /// For 422: the messages for each offending field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<BTreeMap<String, Vec<String>>>,
    /// For 422: the stable code of each message in `errors`, in the same order, so a
    /// screen can say it in the reader's language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_codes: Option<BTreeMap<String, Vec<String>>>,
}

/// One broken rule of one field.
#[derive(Debug, Clone)]
pub struct FieldError {
    pub code: &'static str,
    pub message: String,
}

pub type FieldErrors = BTreeMap<String, Vec<FieldError>>;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{detail}")]
    BadRequest { code: &'static str, detail: String },
    #[error("{detail}")]
    Unauthorized { code: &'static str, detail: String },
    #[error("{detail}")]
    Forbidden { code: &'static str, detail: String },
    #[error("{0}")]
    NotFound(String),
    #[error("this path does not take that method")]
    MethodNotAllowed,
    #[error("{detail}")]
    Conflict { code: &'static str, detail: String },
    #[error("request body is larger than 1 MiB")]
    PayloadTooLarge,
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// Field → messages; `code` names the first rule broken.
    #[error("some fields are invalid")]
    Unprocessable { code: &'static str, errors: FieldErrors },
    /// Sent with `Retry-After: {retry_after}` (seconds).
    #[error("{detail}")]
    TooManyRequests { detail: String, retry_after: i64 },
    #[error("the URL is longer than {} bytes", crate::middleware::MAX_URI_BYTES)]
    UriTooLong,
    /// Any other status a part of actix-web answered with on its own.
    #[error("{}", .0.canonical_reason().unwrap_or("error"))]
    Status(StatusCode),
    #[error("{0}")]
    Unavailable(String),
    /// Other requests held what this one needed, past its retries: sent with `Retry-After`.
    #[error("{0}")]
    Busy(String),
    /// The request's body did not arrive within the deadline.
    #[error("the request body did not arrive within {} seconds", crate::middleware::BODY_DEADLINE.as_secs())]
    RequestTimeout,
    /// Never shown to the client; logged with its cause.
    #[error("{0}")]
    Internal(String),
}

/// The media type of every error (RFC 9457).
pub const PROBLEM_JSON: &str = "application/problem+json";

impl ApiError {
    /// The problem for a bare status some part of actix-web answered with (a static file
    /// refused, a guard that matched nothing), so that it too leaves as problem+json.
    pub fn from_status(status: StatusCode, path: &str) -> Self {
        match status {
            StatusCode::BAD_REQUEST => ApiError::BadRequest {
                code: "bad_request",
                detail: format!("the request for {path} could not be read"),
            },
            StatusCode::UNAUTHORIZED => ApiError::unauthorized("sign in first"),
            StatusCode::FORBIDDEN => ApiError::Forbidden { code: "forbidden", detail: "not allowed".into() },
            StatusCode::NOT_FOUND => ApiError::NotFound(format!("nothing at {path}")),
            StatusCode::METHOD_NOT_ALLOWED => ApiError::MethodNotAllowed,
            StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge,
            StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::UnsupportedMediaType("unsupported media type".into()),
            StatusCode::URI_TOO_LONG => ApiError::UriTooLong,
            StatusCode::SERVICE_UNAVAILABLE => ApiError::Unavailable("try again later".into()),
            StatusCode::INTERNAL_SERVER_ERROR => ApiError::Internal(format!("{path} answered 500 without a problem")),
            other => ApiError::Status(other),
        }
    }

    pub fn unauthorized(detail: impl Into<String>) -> Self {
        ApiError::Unauthorized { code: "unauthorized", detail: detail.into() }
    }
    pub fn invalid(field: &str, code: &'static str, message: impl Into<String>) -> Self {
        ApiError::Unprocessable {
            code,
            errors: BTreeMap::from([(field.to_owned(), vec![FieldError { code, message: message.into() }])]),
        }
    }

    fn code(&self) -> &str {
        match self {
            ApiError::BadRequest { code, .. }
            | ApiError::Unauthorized { code, .. }
            | ApiError::Forbidden { code, .. }
            | ApiError::Conflict { code, .. }
            | ApiError::Unprocessable { code, .. } => code,
            ApiError::NotFound(_) => "not_found",
            ApiError::MethodNotAllowed => "method_not_allowed",
            ApiError::PayloadTooLarge => "payload_too_large",
            ApiError::UnsupportedMediaType(_) => "unsupported_media_type",
            ApiError::TooManyRequests { .. } => "too_many_requests",
            ApiError::UriTooLong => "uri_too_long",
            ApiError::Status(s) => match *s {
                StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE => "header_fields_too_large",
                StatusCode::REQUEST_TIMEOUT => "request_timeout",
                StatusCode::NOT_ACCEPTABLE => "not_acceptable",
                StatusCode::RANGE_NOT_SATISFIABLE => "range_not_satisfiable",
                StatusCode::PRECONDITION_FAILED => "precondition_failed",
                s if s.is_server_error() => "server_error",
                _ => "client_error",
            },
            ApiError::Unavailable(_) => "unavailable",
            ApiError::Busy(_) => "busy_retry",
            ApiError::RequestTimeout => "request_timeout",
            ApiError::Internal(_) => "internal",
        }
    }

    fn field_errors(&self, f: impl Fn(&FieldError) -> String) -> Option<BTreeMap<String, Vec<String>>> {
        match self {
            ApiError::Unprocessable { errors, .. } => {
                Some(errors.iter().map(|(k, v)| (k.clone(), v.iter().map(&f).collect())).collect())
            }
            _ => None,
        }
    }

    pub fn problem(&self) -> Problem {
        let status = self.status_code();
        let detail = match self {
            ApiError::Internal(_) => "something went wrong on our side; it has been logged".to_owned(),
            ApiError::Unprocessable { errors, .. } => errors
                .iter()
                .map(|(field, errs)| {
                    format!("{field}: {}", errs.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join("; "))
                })
                .collect::<Vec<_>>()
                .join("; "),
            other => other.to_string(),
        };
        Problem {
            type_: format!("urn:gongzhi:problem:{}", self.code()),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail,
            code: self.code().to_owned(),
            errors: self.field_errors(|e| e.message.clone()),
            error_codes: self.field_errors(|e| e.code.to_owned()),
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized { .. } => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden { .. } => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Conflict { .. } => StatusCode::CONFLICT,
            ApiError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Unprocessable { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::UriTooLong => StatusCode::URI_TOO_LONG,
            ApiError::Status(s) => *s,
            ApiError::Unavailable(_) | ApiError::Busy(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let ApiError::Internal(cause) = self {
            tracing::error!(%cause, "internal error");
        }
        let mut response = HttpResponse::build(self.status_code());
        response.content_type(PROBLEM_JSON);
        match self {
            ApiError::Unauthorized { .. } => {
                response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
            }
            ApiError::TooManyRequests { retry_after, .. } => {
                response.insert_header((header::RETRY_AFTER, retry_after.to_string()));
            }
            ApiError::Busy(_) => {
                response.insert_header((header::RETRY_AFTER, "1"));
            }
            ApiError::RequestTimeout => {
                response.insert_header((header::CONNECTION, "close"));
            }
            _ => {}
        }
        response.json(self.problem())
    }
}

impl From<domain::Error> for ApiError {
    fn from(e: domain::Error) -> Self {
        match e {
            domain::Error::Invalid { field, code, message } => ApiError::invalid(field, code, message),
            domain::Error::Forbidden { code, message } => ApiError::Forbidden { code, detail: message },
            domain::Error::Conflict { code, message } => ApiError::Conflict { code, detail: message },
        }
    }
}

impl From<persistence::Error> for ApiError {
    fn from(e: persistence::Error) -> Self {
        use persistence::Error as P;
        match e {
            P::Domain(d) => d.into(),
            P::NotFound(what) => ApiError::NotFound(format!("{what} not found")),
            P::Duplicate { field, message } => ApiError::Conflict {
                code: match field {
                    "username" => "username_taken",
                    "name" => "name_taken",
                    _ => "duplicate",
                },
                detail: message,
            },
            e @ P::StaleVersion { .. } => ApiError::Conflict { code: "stale_version", detail: e.to_string() },
            P::Pool(e) => ApiError::Unavailable(format!("database unavailable: {e}")),
            other => match other.database_kind() {
                Some(persistence::error::DatabaseFault::Contention) => ApiError::Busy(
                    "other requests are changing the same records; nothing was changed, try again in a moment".into(),
                ),
                Some(persistence::error::DatabaseFault::Duplicate) => ApiError::Conflict {
                    code: "duplicate",
                    detail: "another request made the same record first; nothing was changed".into(),
                },
                Some(persistence::error::DatabaseFault::Constraint) => ApiError::Conflict {
                    code: "changed_meanwhile",
                    detail:
                        "a record this request refers to changed meanwhile; nothing was changed, reload and try again"
                            .into(),
                },
                None => ApiError::Internal(other.to_string()),
            },
        }
    }
}

// Extractor failures are the client's mistakes and speak the same envelope.

pub fn json_error(err: actix_web::error::JsonPayloadError, _req: &HttpRequest) -> actix_web::Error {
    use actix_web::error::JsonPayloadError as J;
    match err {
        J::Overflow { .. } | J::OverflowKnownLength { .. } => ApiError::PayloadTooLarge,
        J::ContentType => ApiError::UnsupportedMediaType("send the body as application/json".into()),
        J::Deserialize(e) if e.is_data() => data_error(&e),
        J::Deserialize(e) => ApiError::BadRequest { code: "malformed_json", detail: format!("malformed JSON: {e}") },
        J::Payload(actix_web::error::PayloadError::Overflow) => ApiError::PayloadTooLarge,
        J::Payload(actix_web::error::PayloadError::Io(e)) if e.kind() == std::io::ErrorKind::TimedOut => {
            ApiError::RequestTimeout
        }
        other => ApiError::BadRequest { code: "bad_body", detail: format!("could not read the body: {other}") },
    }
    .into()
}

/// Well-formed JSON of the wrong shape: a field missing or of the wrong type is that
/// field's 422, so screens can point at it.
fn data_error(e: &serde_json::Error) -> ApiError {
    let message = e.to_string();
    let field = message
        .split('`')
        .nth(1)
        .filter(|_| message.starts_with("missing field") || message.starts_with("unknown field"))
        .unwrap_or("body")
        .to_owned();
    let text = message.split(" at line ").next().unwrap_or(&message).to_owned();
    let code = "invalid_body";
    ApiError::Unprocessable { code, errors: BTreeMap::from([(field, vec![FieldError { code, message: text }])]) }
}

pub fn query_error(err: actix_web::error::QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
    ApiError::BadRequest { code: "bad_query", detail: format!("bad query string: {err}") }.into()
}

pub fn path_error(_err: actix_web::error::PathError, req: &HttpRequest) -> actix_web::Error {
    ApiError::NotFound(format!("nothing at {}", req.path())).into()
}

pub async fn not_found(req: HttpRequest) -> HttpResponse {
    ApiError::NotFound(format!("nothing at {}", req.path())).error_response()
}

pub async fn method_not_allowed() -> HttpResponse {
    ApiError::MethodNotAllowed.error_response()
}
