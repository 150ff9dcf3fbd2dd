//! Open311 GeoReport v2 (<http://wiki.open311.org/GeoReport_v2>) at `/open311/v2` (SPEC §5):
//! the demand categories are its services, demands its service requests.
//!
//! - Only JSON: each path ends in `.json`; the same path in `.xml` (or any other format) is
//!   a 404, in the standard's error form like every error here: a JSON array
//!   `[{"code": <HTTP status>, "description": "…"}]`, `application/json`.
//! - Reading is public and shows what the public board shows: listed demands, no person's
//!   name, phone or account, no place finer than the compound.
//! - Filing (`POST requests.json`, form-encoded) needs an `api_key` the district issued to
//!   an integration organisation; the demand is filed with `source = open311`, as
//!   `submitted`, and shows here once a community worker has verified it. A place is a
//!   community or compound id (`address_id`): coordinates and free addresses cannot be
//!   mapped to our units. `first_name` and `last_name` become the name it is filed under
//!   (officials see it, the public board masks it, this API never shows it); `phone` is
//!   kept for the officials who call the resident back; `email`, `device_id`, `account_id`
//!   and `media_url` are accepted and kept nowhere (a community calls, it does not write).

use actix_web::http::header::{self, ContentType};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse, ResponseError};
use chrono::{DateTime, Duration, Utc};
use domain::demand::{DemandCategory, DemandDescription, DemandSource, DemandTitle};
use domain::values::{DisplayName, Phone};
use persistence::demands::open311::{self as requests, Filter};
use persistence::demands::{self, NewDemand};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::startup::AppState;
use crate::{db, ApiError};

/// Every path below it answers in the standard's forms, its errors included.
pub const PREFIX: &str = "/open311/";

/// The standard's version of the API, and the date of our last change to what it serves.
const SPECIFICATION: &str = "http://wiki.open311.org/GeoReport_v2";
const CHANGESET: &str = "2026-12-06T00:00:00Z";

/// The one attribute a request may carry beyond the standard fields, sent as
/// `attribute[title]` (see [`Open311NewRequest`]).
const TITLE_ATTRIBUTE: &str = "title";

/// Without `start_date` (or `end_date`), `GET requests.json` reaches this far back, as the
/// standard suggests.
const DEFAULT_DAYS: i64 = 90;

/// One error in the standard's form; every error is sent as an array of them.
#[derive(Debug, Serialize, ToSchema)]
pub struct Open311Error {
    /// The HTTP status.
    pub code: u16,
    pub description: String,
}

/// An error of this API: its status and what to tell the client.
#[derive(Debug, thiserror::Error)]
#[error("{description}")]
pub struct Open311Failure {
    status: StatusCode,
    description: String,
}

impl Open311Failure {
    pub fn new(status: StatusCode, description: impl Into<String>) -> Self {
        Open311Failure { status, description: description.into() }
    }
    fn bad_request(description: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, description)
    }
    fn not_found(description: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, description)
    }
    fn forbidden(description: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, description)
    }
}

impl ResponseError for Open311Failure {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        let mut res = HttpResponse::build(self.status);
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            res.insert_header((header::RETRY_AFTER, "1"));
        }
        res.content_type(ContentType::json())
            .json([Open311Error { code: self.status.as_u16(), description: self.description.clone() }])
    }
}

/// The rest of the API's errors, said in this API's form. A field the client got wrong is
/// the standard's 400, not our 422.
impl From<ApiError> for Open311Failure {
    fn from(e: ApiError) -> Self {
        if let ApiError::Internal(cause) = &e {
            tracing::error!(%cause, "internal error");
        }
        let status = match e.status_code() {
            StatusCode::UNPROCESSABLE_ENTITY => StatusCode::BAD_REQUEST,
            other => other,
        };
        Open311Failure::new(status, e.problem().detail)
    }
}

fn invalid_key() -> Open311Failure {
    Open311Failure::forbidden("api_key is not valid: it was never issued, or it has been revoked")
}

/// What actix-web or the server's own guards answered on a path of this API (a body too
/// large, a method the path does not take), in this API's form.
pub fn failure_for(status: StatusCode, path: &str) -> HttpResponse {
    let description = match status {
        StatusCode::NOT_FOUND => format!(
            "nothing at {path}: this server speaks GeoReport v2 in JSON only (discovery.json, services.json, \
             services/{{service_code}}.json, requests.json, requests/{{service_request_id}}.json)"
        ),
        StatusCode::METHOD_NOT_ALLOWED => format!("{path} does not take this method"),
        other => ApiError::from_status(other, path).problem().detail,
    };
    Open311Failure::new(status, description).error_response()
}

pub async fn not_found(req: HttpRequest) -> HttpResponse {
    failure_for(StatusCode::NOT_FOUND, req.path())
}

pub async fn method_not_allowed(req: HttpRequest) -> HttpResponse {
    failure_for(StatusCode::METHOD_NOT_ALLOWED, req.path())
}

/// The standard's service discovery document.
#[derive(Debug, Serialize, ToSchema)]
pub struct Open311Discovery {
    pub changeset: String,
    pub contact: String,
    pub key_service: String,
    pub endpoints: Vec<Open311Endpoint>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Open311Endpoint {
    pub specification: String,
    /// This API's base URL; append `services.json` and the rest.
    pub url: String,
    pub changeset: String,
    #[serde(rename = "type")]
    pub type_: String,
    pub formats: Vec<String>,
}

fn base_url(req: &HttpRequest) -> String {
    let info = req.connection_info();
    format!("{}://{}/open311/v2", info.scheme(), info.host())
}

/// Where this server's GeoReport v2 API is, and in which formats (JSON only).
#[utoipa::path(get, operation_id = "open311_discovery", path = "/open311/v2/discovery.json", tag = "open311",
    responses((status = 200, body = Open311Discovery)))]
pub async fn discovery(req: HttpRequest) -> HttpResponse {
    HttpResponse::Ok().json(Open311Discovery {
        changeset: CHANGESET.into(),
        contact: "二七区委 (the district's administrators)".into(),
        key_service: "API keys are issued to integration organisations by the district's administrators \
                      (POST /api/v1/organizations/{id}/api-keys)"
            .into(),
        endpoints: vec![Open311Endpoint {
            specification: SPECIFICATION.into(),
            url: base_url(&req),
            changeset: CHANGESET.into(),
            type_: "production".into(),
            formats: vec!["application/json".into()],
        }],
    })
}

/// A demand category as a GeoReport service.
#[derive(Debug, Serialize, ToSchema)]
pub struct Open311Service {
    /// The category (`sanitation`, `repair`, …).
    pub service_code: String,
    /// Its Chinese name (环境卫生, …).
    pub service_name: String,
    pub description: String,
    /// Always `true`: `services/{service_code}.json` declares what a request may carry.
    pub metadata: bool,
    /// Always `realtime`: a request is a demand as soon as it is posted.
    #[serde(rename = "type")]
    pub type_: String,
    /// Comma-separated: its Chinese and English names and its code.
    pub keywords: String,
    pub group: String,
}

/// What a category covers and the group it is listed under.
fn about(category: DemandCategory) -> (&'static str, &'static str) {
    match category {
        DemandCategory::Sanitation => ("垃圾清运、卫生死角、楼道堆物", "人居环境"),
        DemandCategory::Greening => ("树木修剪、绿地养护、补种", "人居环境"),
        DemandCategory::Repair => ("路灯、管道、门禁、楼道等公共设施维修", "设施与安全"),
        DemandCategory::ParkingTraffic => ("停车位、充电桩、道路通行", "设施与安全"),
        DemandCategory::Safety => ("消防通道、飞线充电、危旧设施等安全隐患", "设施与安全"),
        DemandCategory::ElderlyDisabled => ("助餐、助浴、适老化改造、无障碍设施", "民生服务"),
        DemandCategory::CultureSports => ("文体场地、活动组织", "民生服务"),
        DemandCategory::Property => ("物业服务质量、公共收益、维修资金", "物业管理"),
        DemandCategory::Other => ("以上之外的社区事务", "其他"),
    }
}

fn service(category: DemandCategory) -> Open311Service {
    let (covers, group) = about(category);
    Open311Service {
        service_code: category.as_str().into(),
        service_name: category.label_zh().into(),
        description: format!("{}（{}）：{covers}", category.label_zh(), category.label_en()),
        metadata: true,
        type_: "realtime".into(),
        keywords: format!("{},{},{}", category.label_zh(), category.label_en(), category.as_str()),
        group: group.into(),
    }
}

/// The services: the demand categories.
#[utoipa::path(get, operation_id = "open311_services", path = "/open311/v2/services.json", tag = "open311",
    responses((status = 200, body = Vec<Open311Service>)))]
pub async fn services() -> HttpResponse {
    HttpResponse::Ok().json(DemandCategory::ALL.iter().copied().map(service).collect::<Vec<_>>())
}

/// A service definition: what a request for it may carry beyond the standard fields.
#[derive(Debug, Serialize, ToSchema)]
pub struct Open311ServiceDefinition {
    pub service_code: String,
    pub attributes: Vec<Open311Attribute>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Open311Attribute {
    /// `true`: the client supplies it.
    pub variable: bool,
    /// Sent as `attribute[{code}]`.
    pub code: String,
    pub datatype: String,
    pub required: bool,
    pub datatype_description: String,
    pub order: i64,
    pub description: String,
}

fn service_code(raw: &str) -> Result<DemandCategory, Open311Failure> {
    DemandCategory::parse(raw).map_err(|_| {
        Open311Failure::not_found(format!(
            "no service {raw:?}; services.json lists them: {}",
            DemandCategory::ALL.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ")
        ))
    })
}

/// What a request for a service may carry: a title (`attribute[title]`), besides the
/// standard fields; `address_id`, a community or compound id, is required.
#[utoipa::path(get, operation_id = "open311_service_definition", path = "/open311/v2/services/{service_code}.json", tag = "open311",
    params(("service_code" = String, Path, description = "A service's code, from services.json")),
    responses((status = 200, body = Open311ServiceDefinition),
        (status = 404, description = "no such service", body = Vec<Open311Error>, content_type = "application/json")))]
pub async fn service_definition(req: HttpRequest) -> Result<HttpResponse, Open311Failure> {
    let category = service_code(req.match_info().get("service_code").unwrap_or_default())?;
    Ok(HttpResponse::Ok().json(Open311ServiceDefinition {
        service_code: category.as_str().into(),
        attributes: vec![Open311Attribute {
            variable: true,
            code: TITLE_ATTRIBUTE.into(),
            datatype: "string".into(),
            required: false,
            datatype_description: format!(
                "{}–{} characters on one line; without it, the first line of description (cut to {}) is the title",
                DemandTitle::MIN_CHARS,
                DemandTitle::MAX_CHARS,
                DemandTitle::MAX_CHARS
            ),
            order: 1,
            description: "需求标题 (the demand's title, as the public demand list shows it)".into(),
        }],
    }))
}

/// A demand as a GeoReport service request: only what the public board shows.
#[derive(Debug, Serialize, ToSchema)]
pub struct Open311Request {
    pub service_request_id: Uuid,
    /// `open` (submitted, published, accepted) or `closed` (every other state).
    pub status: String,
    /// Its state in Chinese, and why it was rejected or referred.
    pub status_notes: String,
    pub service_name: String,
    pub service_code: String,
    pub description: String,
    /// Who handles it now: where it was referred, else its community.
    pub agency_responsible: String,
    pub requested_datetime: DateTime<Utc>,
    pub updated_datetime: DateTime<Utc>,
    /// The deadline of its current step, while one runs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected_datetime: Option<DateTime<Utc>>,
    /// Its street, community and compound, by name: never finer.
    pub address: String,
    /// The community or compound it is about.
    pub address_id: Uuid,
}

/// The demands as requests, with their places named (one query for the page's units).
fn as_requests(
    conn: &mut persistence::DbConnection,
    found: Vec<demands::Demand>,
) -> Result<Vec<Open311Request>, ApiError> {
    let mut ids: Vec<String> =
        found.iter().flat_map(|d| d.unit_path.ids().iter().skip(1)).map(Uuid::to_string).collect();
    ids.sort_unstable();
    ids.dedup();
    let names = persistence::org_units::named(conn, &ids.iter().map(String::as_str).collect::<Vec<_>>())?;
    let name_of = |id: &Uuid| {
        let id = id.to_string();
        names.iter().find(|(unit, ..)| *unit == id).map(|(_, name, _)| name.clone()).unwrap_or_default()
    };
    Ok(found
        .into_iter()
        .map(|d| {
            let place: Vec<String> = d.unit_path.ids().iter().skip(1).map(name_of).collect();
            let community = d.unit_path.ids().get(2).map(name_of).unwrap_or_default();
            let status_notes = match &d.reason {
                Some(reason) if !reason.is_empty() => format!("{}：{reason}", d.state.label_zh()),
                _ => d.state.label_zh().to_owned(),
            };
            let description = if d.description.is_empty() || !d.description.starts_with(&d.title) {
                [d.title.as_str(), d.description.as_str()]
                    .iter()
                    .filter(|t| !t.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join("\n")
            } else {
                d.description.clone()
            };
            Open311Request {
                service_request_id: d.id,
                status: if d.state.is_open() { "open" } else { "closed" }.into(),
                status_notes,
                service_name: d.category.label_zh().into(),
                service_code: d.category.as_str().into(),
                description,
                agency_responsible: d.referred_to.clone().unwrap_or(community),
                requested_datetime: d.created_at,
                updated_datetime: d.updated_at,
                expected_datetime: d.due_at,
                address: place.join(" "),
                address_id: d.unit_id,
            }
        })
        .collect())
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct Open311RequestsQuery {
    /// Comma-separated request ids; when given, the other filters are ignored.
    pub service_request_id: Option<String>,
    /// Comma-separated service codes.
    pub service_code: Option<String>,
    /// RFC 3339 (W3C) date-time: requested at or after it. Default: 90 days before
    /// `end_date`, or before now.
    pub start_date: Option<String>,
    /// RFC 3339 (W3C) date-time: requested at or before it.
    pub end_date: Option<String>,
    /// `open` or `closed`, or both comma-separated.
    pub status: Option<String>,
    /// Ignored: this server serves one jurisdiction.
    pub jurisdiction_id: Option<String>,
}

fn comma_list(raw: Option<&str>) -> impl Iterator<Item = &str> {
    raw.unwrap_or_default().split(',').map(str::trim).filter(|s| !s.is_empty())
}

fn date(field: &str, raw: Option<&str>) -> Result<Option<DateTime<Utc>>, Open311Failure> {
    raw.filter(|r| !r.is_empty())
        .map(|r| {
            DateTime::parse_from_rfc3339(r).map(|d| d.with_timezone(&Utc)).map_err(|_| {
                Open311Failure::bad_request(format!(
                    "{field} must be a W3C date-time with its time zone, like 2026-12-01T08:00:00+08:00"
                ))
            })
        })
        .transpose()
}

fn filter(query: &Open311RequestsQuery) -> Result<Filter, Open311Failure> {
    let ids = comma_list(query.service_request_id.as_deref())
        .map(|id| {
            Uuid::parse_str(id).map_err(|_| Open311Failure::bad_request(format!("service_request_id {id:?} is no id")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let categories = comma_list(query.service_code.as_deref()).map(service_code).collect::<Result<Vec<_>, _>>()?;
    let mut statuses = Vec::new();
    for status in comma_list(query.status.as_deref()) {
        statuses.push(match status {
            "open" => true,
            "closed" => false,
            other => return Err(Open311Failure::bad_request(format!("status {other:?}: expected open or closed"))),
        });
    }
    // Both named is no filter at all.
    let open = statuses.first().copied().filter(|first| statuses.iter().all(|s| s == first));
    let end = date("end_date", query.end_date.as_deref())?;
    let start = date("start_date", query.start_date.as_deref())?
        .unwrap_or_else(|| end.unwrap_or_else(Utc::now) - Duration::days(DEFAULT_DAYS));
    if end.is_some_and(|end| end < start) {
        return Err(Open311Failure::bad_request("end_date is before start_date"));
    }
    Ok(Filter { ids, categories, open, start: Some(start), end })
}

/// Requests on the public board, newest first, at most 1,000: by default those of the last
/// 90 days.
#[utoipa::path(get, operation_id = "open311_requests", path = "/open311/v2/requests.json", tag = "open311",
    params(Open311RequestsQuery),
    responses((status = 200, body = Vec<Open311Request>),
        (status = 400, description = "a filter that does not parse", body = Vec<Open311Error>, content_type = "application/json"),
        (status = 404, description = "an unknown service_code", body = Vec<Open311Error>, content_type = "application/json")))]
pub async fn requests(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, Open311Failure> {
    let query = web::Query::<Open311RequestsQuery>::from_query(req.query_string())
        .map_err(|e| Open311Failure::bad_request(format!("bad query string: {e}")))?
        .into_inner();
    let filter = filter(&query)?;
    let out = db::run(&state.pool, move |conn| {
        let found = requests::list(conn, &filter)?;
        as_requests(conn, found)
    })
    .await?;
    Ok(HttpResponse::Ok().json(out))
}

/// One request, as a one-element array (the standard's form).
#[utoipa::path(get, operation_id = "open311_request", path = "/open311/v2/requests/{service_request_id}.json", tag = "open311",
    params(("service_request_id" = Uuid, Path, description = "A request's id")),
    responses((status = 200, body = Vec<Open311Request>),
        (status = 404, description = "no such request on the public board", body = Vec<Open311Error>, content_type = "application/json")))]
pub async fn request(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, Open311Failure> {
    let raw = req.match_info().get("service_request_id").unwrap_or_default();
    let unknown = || Open311Failure::not_found(format!("no request {raw:?} on the public board"));
    let id = Uuid::parse_str(raw).map_err(|_| unknown())?;
    let found = db::run(&state.pool, move |conn| match demands::find_public(conn, id) {
        Ok(d) => as_requests(conn, vec![d]).map(Some),
        Err(persistence::Error::NotFound(_)) => Ok(None),
        Err(e) => Err(e.into()),
    })
    .await?;
    match found {
        Some(one) => Ok(HttpResponse::Ok().json(one)),
        None => Err(unknown()),
    }
}

/// A request as an Open311 client posts it (form-encoded).
#[derive(Debug, Deserialize, ToSchema)]
pub struct Open311NewRequest {
    /// The key the district issued to your organisation.
    pub api_key: Option<String>,
    pub service_code: Option<String>,
    /// A community or compound id: where the demand is. Required: `lat`/`long` and
    /// `address_string` cannot be mapped to a community.
    pub address_id: Option<String>,
    /// Up to 2,000 characters; its first line is the title unless `attribute[title]` is sent.
    pub description: Option<String>,
    /// The demand's title, 2–100 characters (see `services/{service_code}.json`).
    #[serde(rename = "attribute[title]")]
    pub title: Option<String>,
    /// With `last_name`: the name it is filed under; never shown by this API.
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    /// Accepted, kept nowhere.
    pub email: Option<String>,
    /// The number to call the resident back on: a mainland mobile or a landline with its
    /// area code (400 otherwise). Shown only to the officials who handle the demand.
    pub phone: Option<String>,
    /// Cannot be mapped to a community: refused unless `address_id` is sent.
    pub lat: Option<String>,
    pub long: Option<String>,
    pub address_string: Option<String>,
    pub jurisdiction_id: Option<String>,
    pub device_id: Option<String>,
    pub account_id: Option<String>,
    pub media_url: Option<String>,
}

/// The answer to a posted request.
#[derive(Debug, Serialize, ToSchema)]
pub struct Open311Receipt {
    pub service_request_id: Uuid,
    pub service_notice: String,
}

fn present(raw: Option<&str>) -> Option<&str> {
    raw.map(str::trim).filter(|s| !s.is_empty())
}

/// The first line of `description`, cut to a title's length.
fn title_from(description: &str) -> String {
    description
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or_default()
        .chars()
        .take(DemandTitle::MAX_CHARS)
        .collect()
}

/// A person's name from its parts: family name first and no space in Chinese (张 + 三 →
/// 张三), given name first otherwise.
fn person_name(first: Option<&str>, last: Option<&str>) -> Option<String> {
    let cjk = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    match (present(first), present(last)) {
        (None, None) => None,
        (Some(one), None) | (None, Some(one)) => Some(one.to_owned()),
        (Some(first), Some(last)) if cjk(first) || cjk(last) => Some(format!("{last}{first}")),
        (Some(first), Some(last)) => Some(format!("{first} {last}")),
    }
}

/// The form as a demand: every refusal a 400 naming its field, except the key's (403) and an
/// unknown service (404).
fn new_demand(form: &Open311NewRequest) -> Result<NewDemand, Open311Failure> {
    let category = match present(form.service_code.as_deref()) {
        Some(code) => service_code(code)?,
        None => return Err(Open311Failure::bad_request("service_code is required: one of services.json")),
    };
    let unit_id = match present(form.address_id.as_deref()) {
        Some(raw) => Uuid::parse_str(raw).map_err(|_| {
            Open311Failure::bad_request(format!("address_id {raw:?} is not the id of a community or compound"))
        })?,
        None if [&form.lat, &form.long, &form.address_string].iter().any(|f| present(f.as_deref()).is_some()) => {
            return Err(Open311Failure::bad_request(
                "address_id is required: lat/long and address_string cannot be mapped to a community here; send the id \
                 of the community or compound (社区或小区) the request is about",
            ))
        }
        None => {
            return Err(Open311Failure::bad_request(
                "address_id is required: the id of the community or compound (社区或小区) the request is about",
            ))
        }
    };
    let description = form.description.as_deref().unwrap_or_default();
    let title = match present(form.title.as_deref()) {
        Some(title) => title.to_owned(),
        None if present(Some(description)).is_none() => {
            return Err(Open311Failure::bad_request("description is required: what the request is about"))
        }
        None => title_from(description),
    };
    let field = |name: &str, e: domain::Error| Open311Failure::bad_request(format!("{name}: {e}"));
    let title = DemandTitle::parse(&title).map_err(|e| field("attribute[title]", e))?;
    let description = DemandDescription::parse(description).map_err(|e| field("description", e))?;
    let on_behalf_of = person_name(form.first_name.as_deref(), form.last_name.as_deref())
        .map(|name| DisplayName::parse_as("first_name", &name).map_err(|e| field("first_name and last_name", e)))
        .transpose()?;
    let author_phone =
        present(form.phone.as_deref()).map(|p| Phone::parse(p).map_err(|e| field("phone", e))).transpose()?;
    Ok(NewDemand {
        title,
        description,
        category,
        unit_id,
        source: DemandSource::Open311,
        on_behalf_of: on_behalf_of.map(DisplayName::into_inner),
        author_phone,
    })
}

/// File a request (form-encoded, with your `api_key`). It becomes a demand with source
/// `open311`, `submitted`; it shows in `requests.json` once a community worker verifies it.
#[utoipa::path(post, operation_id = "open311_file", path = "/open311/v2/requests.json", tag = "open311",
    request_body(content = Open311NewRequest, content_type = "application/x-www-form-urlencoded"),
    responses((status = 201, description = "filed", body = Vec<Open311Receipt>),
        (status = 400, description = "a field missing or wrong (address_id is required)", body = Vec<Open311Error>, content_type = "application/json"),
        (status = 403, description = "api_key missing, made up or revoked, or the place is outside its organisation's unit", body = Vec<Open311Error>, content_type = "application/json"),
        (status = 404, description = "an unknown service_code", body = Vec<Open311Error>, content_type = "application/json")))]
pub async fn file(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, Open311Failure> {
    let form_encoded = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.trim_start().to_ascii_lowercase().starts_with("application/x-www-form-urlencoded"));
    if !form_encoded {
        return Err(Open311Failure::bad_request("send the request as application/x-www-form-urlencoded"));
    }
    let text = std::str::from_utf8(&body).map_err(|_| Open311Failure::bad_request("the body is not UTF-8"))?;
    let form = web::Query::<Open311NewRequest>::from_query(text)
        .map_err(|e| Open311Failure::bad_request(format!("bad form: {e}")))?
        .into_inner();
    let secret = present(form.api_key.as_deref())
        .ok_or_else(|| Open311Failure::forbidden("api_key is required: the district issues one to your organisation"))?
        .to_owned();
    let new = new_demand(&form)?;
    let filed = db::run(&state.pool, move |conn| Ok(requests::file(conn, &secret, new)?)).await;
    let filed = filed.map_err(|e| match e {
        ApiError::NotFound(what) if what.starts_with("api key") => invalid_key(),
        other => other.into(),
    })?;
    Ok(HttpResponse::Created().json([Open311Receipt {
        service_request_id: filed.id,
        service_notice: "已收到。社区工作者核实后，它将在需求清单上公示，并可在 requests.json 中查询。".into(),
    }]))
}
