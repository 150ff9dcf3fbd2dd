//! `/org-units`: the unit tree. Reading it is public (residents pick their community when
//! they register); changing it is the district admin's.

use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use domain::org_unit::{CommunityType, DeadlineDays, DisclosureDay, UnitKind};
use domain::values::{Name, SearchText};
use persistence::org_units::{self, Filter, NewOrgUnit, OrgUnitChanges};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::auth::Authenticated;
use crate::pagination::{page, PageOf};
use crate::startup::AppState;
use crate::validation::{present, Fields};
use crate::{db, ApiError};

#[derive(Debug, Serialize, ToSchema)]
pub struct OrgUnit {
    pub id: Uuid,
    pub name: String,
    #[schema(value_type = crate::openapi::UnitKind)]
    pub kind: String,
    pub parent_id: Option<Uuid>,
    /// Communities only.
    #[schema(value_type = Option<crate::openapi::CommunityType>)]
    pub community_type: Option<String>,
    /// The kind a child of this unit must have; absent for a compound, which has none.
    #[schema(value_type = Option<crate::openapi::UnitKind>)]
    pub child_kind: Option<String>,
    /// Districts: days a submitted demand may wait for verification; absent means the
    /// default (3).
    pub verify_days: Option<i32>,
    /// Districts: days a published demand may wait for an answer; absent means 15.
    pub answer_days: Option<i32>,
    /// A district's day of the month by which each street's disclosure of the month before
    /// is due; past it, the system publishes those not yet published.
    pub disclosure_day: Option<i32>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl From<org_units::OrgUnit> for OrgUnit {
    fn from(u: org_units::OrgUnit) -> Self {
        OrgUnit {
            id: u.id,
            name: u.name,
            kind: u.kind.as_str().to_owned(),
            parent_id: u.parent_id,
            community_type: u.community_type.map(|c| c.as_str().to_owned()),
            child_kind: u.kind.child_kind().map(|k| k.as_str().to_owned()),
            verify_days: u.verify_days,
            answer_days: u.answer_days,
            disclosure_day: u.disclosure_day,
            created_at: u.created_at,
            updated_at: u.updated_at,
            version: u.version,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ListQuery {
    /// Direct children of this unit.
    pub parent_id: Option<Uuid>,
    #[param(value_type = Option<crate::openapi::UnitKind>)]
    pub kind: Option<String>,
    /// This unit and everything below it.
    pub unit_id: Option<Uuid>,
    /// Part of the name.
    pub q: Option<String>,
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

/// List units.
#[utoipa::path(get, operation_id = "org_units_list", path = "/api/v1/org-units", tag = "administration", params(ListQuery),
    responses((status = 200, body = PageOf<OrgUnit>), (status = 422, body = crate::error::Problem)))]
pub async fn list(state: web::Data<AppState>, query: web::Query<ListQuery>) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let page = page(query.limit, query.cursor.as_deref())?;
    let kind = query.kind.as_deref().map(UnitKind::parse).transpose()?;
    let q = SearchText::parse(query.q.as_deref())?.map(SearchText::into_inner);
    let filter = Filter { parent_id: query.parent_id, kind, under: query.unit_id, q };
    let paged = db::run(&state.pool, move |conn| Ok(org_units::list(conn, &filter, page)?)).await?;
    Ok(HttpResponse::Ok().json(PageOf::from_paged(paged, OrgUnit::from)))
}

/// Read one unit.
#[utoipa::path(get, operation_id = "org_units_get", path = "/api/v1/org-units/{id}", tag = "administration",
    responses((status = 200, body = OrgUnit), (status = 404, body = crate::error::Problem)))]
pub async fn get(state: web::Data<AppState>, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let unit = db::run(&state.pool, move |conn| Ok(org_units::find(conn, id)?)).await?;
    Ok(HttpResponse::Ok().json(OrgUnit::from(unit)))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewOrgUnitRequest {
    pub parent_id: Uuid,
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
    /// Must be the level below the parent's.
    #[schema(value_type = crate::openapi::UnitKind)]
    pub kind: String,
    /// Required for a community, absent otherwise.
    #[schema(value_type = Option<crate::openapi::CommunityType>)]
    pub community_type: Option<String>,
}

/// Add a unit below another (district admin).
#[utoipa::path(post, operation_id = "org_units_create", path = "/api/v1/org-units", tag = "administration", request_body = NewOrgUnitRequest, security(("bearer" = [])),
    responses((status = 201, body = OrgUnit), (status = 403, body = crate::error::Problem), (status = 409, body = crate::error::Problem),
        (status = 422, body = crate::error::Problem)))]
pub async fn create(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    body: web::Json<NewOrgUnitRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let mut f = Fields::new();
    let name = f.check(Name::parse(&body.name));
    let kind = f.check(UnitKind::parse(&body.kind));
    let community_type = body.community_type.as_deref().map(|c| f.check(CommunityType::parse(c)));
    f.finish()?;
    let new = NewOrgUnit {
        parent_id: body.parent_id,
        name: present(name)?,
        kind: present(kind)?,
        community_type: community_type.map(present).transpose()?,
    };
    let unit = db::run(&state.pool, move |conn| Ok(org_units::create(conn, &actor, new)?)).await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/org-units/{}", unit.id)))
        .json(OrgUnit::from(unit)))
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct OrgUnitPatch {
    /// The version you read; a newer one on the server gives 409.
    #[schema(minimum = 1)]
    #[validate(range(min = 1, message = "version must be the positive version you read"))]
    pub version: i64,
    #[schema(min_length = 1, max_length = 100)]
    pub name: Option<String>,
    #[schema(value_type = Option<crate::openapi::CommunityType>)]
    pub community_type: Option<String>,
    /// Districts only: days a submitted demand may wait for verification (default 3).
    #[schema(minimum = 1, maximum = 365)]
    pub verify_days: Option<i64>,
    /// Districts only: days a published demand may wait for an answer (default 15).
    #[schema(minimum = 1, maximum = 365)]
    pub answer_days: Option<i64>,
    /// Districts only: the day of the month (1 to 28) by which each street's disclosure of
    /// the month before is due; past it, the system publishes those not yet published.
    /// `null` clears it: the streets then publish only by hand.
    #[serde(default, deserialize_with = "crate::validation::present_or_null")]
    #[schema(value_type = Option<i64>, minimum = 1, maximum = 28)]
    pub disclosure_day: Option<Option<i64>>,
}

/// Rename a unit, change a community's type, or set a district's demand deadlines.
#[utoipa::path(patch, operation_id = "org_units_update", path = "/api/v1/org-units/{id}", tag = "administration", request_body = OrgUnitPatch, security(("bearer" = [])),
    responses((status = 200, body = OrgUnit), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
        (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
pub async fn update(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<OrgUnitPatch>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let mut f = Fields::new();
    f.validate(&body);
    let name = body.name.as_deref().map(|n| f.check(Name::parse(n)));
    let community_type = body.community_type.as_deref().map(|c| f.check(CommunityType::parse(c)));
    let verify_days = body.verify_days.map(|d| f.check(DeadlineDays::parse("verify_days", d)));
    let answer_days = body.answer_days.map(|d| f.check(DeadlineDays::parse("answer_days", d)));
    let disclosure_day = body.disclosure_day.map(|d| d.map(|d| f.check(DisclosureDay::parse(d))));
    f.finish()?;
    let changes = OrgUnitChanges {
        version: body.version,
        name: name.map(present).transpose()?,
        community_type: community_type.map(present).transpose()?,
        verify_days: verify_days.map(present).transpose()?,
        answer_days: answer_days.map(present).transpose()?,
        disclosure_day: disclosure_day.map(|d| d.map(present).transpose()).transpose()?,
    };
    let id = id.into_inner();
    let unit = db::run(&state.pool, move |conn| Ok(org_units::update(conn, &actor, id, changes)?)).await?;
    Ok(HttpResponse::Ok().json(OrgUnit::from(unit)))
}
