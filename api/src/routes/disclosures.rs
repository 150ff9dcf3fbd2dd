//! 定期公示 (SPEC §4.7): a street committee publishes a period's disclosure; anyone reads
//! them and checks that none was altered.

use actix_web::{web, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use domain::disclosure::{beijing_today, Period};
use persistence::disclosures::{self, Disclosure as Stored, Filter};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::auth::Authenticated;
use crate::pagination::{page, PageOf};
use crate::startup::AppState;
use crate::{db, ApiError};

/// A street's disclosure for a period (第N期).
#[derive(Debug, Serialize, ToSchema)]
pub struct Disclosure {
    pub id: Uuid,
    pub street_id: Uuid,
    pub street_name: String,
    /// 第N期: numbered per street from 1.
    pub number: i64,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    /// SHA-256 (hex) of `canonical`.
    pub sha256: String,
    /// The street's previous disclosure's `sha256`; none for its first.
    pub previous_sha256: Option<String>,
    pub published_at: DateTime<Utc>,
}

impl From<&Stored> for Disclosure {
    fn from(d: &Stored) -> Self {
        Disclosure {
            id: d.id,
            street_id: d.street_id,
            street_name: d.street_name.clone(),
            number: d.number,
            period_start: d.period_start,
            period_end: d.period_end,
            sha256: d.sha256.clone(),
            previous_sha256: d.previous_sha256.clone(),
            published_at: d.published_at,
        }
    }
}

/// A disclosure with its snapshot.
#[derive(Debug, Serialize, ToSchema)]
pub struct DisclosureDetail {
    #[serde(flatten)]
    pub disclosure: Disclosure,
    /// The snapshot exactly as hashed: canonical JSON (format 1) of the street's demands
    /// filed, projects created and resources offered in the period, public fields only.
    /// Anyone may take its SHA-256 and compare it with `sha256`.
    pub canonical: String,
    /// The street's disclosure before this one (whose `sha256` is this one's
    /// `previous_sha256`), and the one after it; none at either end of the chain.
    pub previous_id: Option<Uuid>,
    pub next_id: Option<Uuid>,
}

impl DisclosureDetail {
    fn read(conn: &mut persistence::DbConnection, d: Stored) -> persistence::Result<DisclosureDetail> {
        let (previous_id, next_id) = disclosures::neighbours(conn, &d)?;
        Ok(DisclosureDetail { disclosure: Disclosure::from(&d), canonical: d.snapshot, previous_id, next_id })
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewDisclosureRequest {
    /// The street.
    pub unit_id: Uuid,
    /// First day of the period (Beijing time).
    pub period_start: NaiveDate,
    /// Last day of the period, already over; at most 366 days after the first.
    pub period_end: NaiveDate,
}

/// The street committee publishes its street's disclosure for a period that has ended and
/// shares no day with one already published.
#[utoipa::path(post, operation_id = "disclosures_publish", path = "/api/v1/disclosures", tag = "public",
    request_body = NewDisclosureRequest, security(("bearer" = [])),
    responses((status = 201, body = DisclosureDetail), (status = 403, body = crate::error::Problem),
        (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
pub async fn publish(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    body: web::Json<NewDisclosureRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let now = state.clock.now();
    let period = Period::parse(body.period_start, body.period_end, beijing_today(now))?;
    let detail = db::run(&state.pool, move |conn| {
        let published = disclosures::publish(conn, &actor, body.unit_id, period, now)?;
        Ok(DisclosureDetail::read(conn, published)?)
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/public/disclosures/{}", detail.disclosure.id)))
        .json(detail))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// One street's disclosures.
    pub unit_id: Option<Uuid>,
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

/// Every street's disclosures, newest first, no login.
#[utoipa::path(get, operation_id = "disclosures_public_list", path = "/api/v1/public/disclosures", tag = "public", params(ListQuery),
    responses((status = 200, body = PageOf<Disclosure>), (status = 422, body = crate::error::Problem)))]
pub async fn public_list(state: web::Data<AppState>, query: web::Query<ListQuery>) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let page = page(query.limit, query.cursor.as_deref())?;
    let filter = Filter { street_id: query.unit_id };
    let found = db::run(&state.pool, move |conn| Ok(disclosures::list(conn, &filter, page)?)).await?;
    Ok(HttpResponse::Ok().json(PageOf::from_paged(found, |d| Disclosure::from(&d))))
}

/// One disclosure with its snapshot, no login.
#[utoipa::path(get, operation_id = "disclosures_public_get", path = "/api/v1/public/disclosures/{id}", tag = "public",
    responses((status = 200, body = DisclosureDetail), (status = 404, body = crate::error::Problem)))]
pub async fn public_get(state: web::Data<AppState>, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let detail = db::run(&state.pool, move |conn| {
        let found = disclosures::find(conn, id)?;
        Ok(DisclosureDetail::read(conn, found)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(detail))
}

/// Whether a disclosure is as published.
#[derive(Debug, Serialize, ToSchema)]
pub struct DisclosureVerification {
    /// Its stored snapshot hashes to its `sha256`, names its own street, number and period,
    /// and links to the hash of the street's disclosure before it.
    pub valid: bool,
    /// The SHA-256 recomputed from the stored snapshot.
    pub sha256: String,
    pub previous_sha256: Option<String>,
}

/// Recomputes a disclosure's hash and checks its link to the one before it, no login.
#[utoipa::path(get, operation_id = "disclosures_verify", path = "/api/v1/public/disclosures/{id}/verify", tag = "public",
    responses((status = 200, body = DisclosureVerification), (status = 404, body = crate::error::Problem)))]
pub async fn verify(state: web::Data<AppState>, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let checked = db::run(&state.pool, move |conn| Ok(disclosures::verify(conn, id)?)).await?;
    Ok(HttpResponse::Ok().json(DisclosureVerification {
        valid: checked.valid,
        sha256: checked.sha256,
        previous_sha256: checked.previous_sha256,
    }))
}
