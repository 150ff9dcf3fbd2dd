//! `/organizations`: the five parties and the co-builders. Names and kinds are public;
//! district admins and street committees (in their street) add and edit them.

use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use domain::organization::OrganizationKind;
use domain::values::{Name, SearchText};
use persistence::organizations::{self, Filter, NewOrganization, OrganizationChanges};
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
pub struct Organization {
    pub id: Uuid,
    pub name: String,
    #[schema(value_type = crate::openapi::OrganizationKind)]
    pub kind: String,
    pub unit_id: Uuid,
    /// 红色物业: a party-led property company (property_service only).
    pub red_property: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl From<organizations::Organization> for Organization {
    fn from(o: organizations::Organization) -> Self {
        Organization {
            id: o.id,
            name: o.name,
            kind: o.kind.as_str().to_owned(),
            unit_id: o.unit_id,
            red_property: o.red_property,
            created_at: o.created_at,
            updated_at: o.updated_at,
            version: o.version,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ListQuery {
    #[param(value_type = Option<crate::openapi::OrganizationKind>)]
    pub kind: Option<String>,
    /// Attached to this unit or one below it.
    pub unit_id: Option<Uuid>,
    pub q: Option<String>,
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

/// List organisations.
#[utoipa::path(get, operation_id = "organizations_list", path = "/api/v1/organizations", tag = "administration", params(ListQuery),
    responses((status = 200, body = PageOf<Organization>), (status = 422, body = crate::error::Problem)))]
pub async fn list(state: web::Data<AppState>, query: web::Query<ListQuery>) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let page = page(query.limit, query.cursor.as_deref())?;
    let kind = query.kind.as_deref().map(OrganizationKind::parse).transpose()?;
    let q = SearchText::parse(query.q.as_deref())?.map(SearchText::into_inner);
    let filter = Filter { kind, unit_id: query.unit_id, q };
    let paged = db::run(&state.pool, move |conn| Ok(organizations::list(conn, &filter, page)?)).await?;
    Ok(HttpResponse::Ok().json(PageOf::from_paged(paged, Organization::from)))
}

/// Read one organisation.
#[utoipa::path(get, operation_id = "organizations_get", path = "/api/v1/organizations/{id}", tag = "administration",
    responses((status = 200, body = Organization), (status = 404, body = crate::error::Problem)))]
pub async fn get(state: web::Data<AppState>, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let org = db::run(&state.pool, move |conn| Ok(organizations::find(conn, id)?)).await?;
    Ok(HttpResponse::Ok().json(Organization::from(org)))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewOrganizationRequest {
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
    #[schema(value_type = crate::openapi::OrganizationKind)]
    pub kind: String,
    pub unit_id: Uuid,
    #[serde(default)]
    pub red_property: bool,
}

/// Add an organisation at a unit.
#[utoipa::path(post, operation_id = "organizations_create", path = "/api/v1/organizations", tag = "administration", request_body = NewOrganizationRequest, security(("bearer" = [])),
    responses((status = 201, body = Organization), (status = 403, body = crate::error::Problem), (status = 409, body = crate::error::Problem),
        (status = 422, body = crate::error::Problem)))]
pub async fn create(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    body: web::Json<NewOrganizationRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let mut f = Fields::new();
    let name = f.check(Name::parse(&body.name));
    let kind = f.check(OrganizationKind::parse(&body.kind));
    f.finish()?;
    let new = NewOrganization {
        name: present(name)?,
        kind: present(kind)?,
        unit_id: body.unit_id,
        red_property: body.red_property,
    };
    let org = db::run(&state.pool, move |conn| Ok(organizations::create(conn, &actor, new)?)).await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/organizations/{}", org.id)))
        .json(Organization::from(org)))
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct OrganizationPatch {
    #[schema(minimum = 1)]
    #[validate(range(min = 1, message = "version must be the positive version you read"))]
    pub version: i64,
    #[schema(min_length = 1, max_length = 100)]
    pub name: Option<String>,
    pub red_property: Option<bool>,
}

/// Rename an organisation or mark a property company red.
#[utoipa::path(patch, operation_id = "organizations_update", path = "/api/v1/organizations/{id}", tag = "administration", request_body = OrganizationPatch, security(("bearer" = [])),
    responses((status = 200, body = Organization), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
        (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
pub async fn update(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<OrganizationPatch>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let mut f = Fields::new();
    f.validate(&body);
    let name = body.name.as_deref().map(|n| f.check(Name::parse(n)));
    f.finish()?;
    let changes = OrganizationChanges {
        version: body.version,
        name: name.map(present).transpose()?,
        red_property: body.red_property,
    };
    let id = id.into_inner();
    let org = db::run(&state.pool, move |conn| Ok(organizations::update(conn, &actor, id, changes)?)).await?;
    Ok(HttpResponse::Ok().json(Organization::from(org)))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct CoverageQuery {
    /// A street, community or the district: its compounds are counted.
    pub unit_id: Uuid,
}

/// One compound's 三类组织.
#[derive(Debug, Serialize, ToSchema)]
pub struct CoverageItem {
    pub unit_id: Uuid,
    pub name: String,
    pub community_id: Option<Uuid>,
    pub community_name: Option<String>,
    pub has_party_org: bool,
    pub has_resident_autonomy: bool,
    pub has_volunteer_org: bool,
    /// The kinds it lacks: what to create for it (`POST /organizations`).
    #[schema(value_type = Vec<crate::openapi::OrganizationKind>)]
    pub missing: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Coverage {
    /// Compounds below the unit.
    pub total: i64,
    /// Of them, those with a party organisation, a residents' organisation and a
    /// volunteer team.
    pub covered: i64,
    pub items: Vec<CoverageItem>,
}

/// 三类组织 coverage (SPEC §4.6): per compound below the unit, which of a party
/// organisation, a residents' autonomy organisation and a volunteer team it has.
#[utoipa::path(get, operation_id = "stats_coverage", path = "/api/v1/stats/coverage", tag = "administration", params(CoverageQuery),
    security(("bearer" = [])),
    responses((status = 200, body = Coverage), (status = 403, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
pub async fn coverage(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    query: web::Query<CoverageQuery>,
) -> Result<HttpResponse, ApiError> {
    let unit_id = query.into_inner().unit_id;
    let out = db::run(&state.pool, move |conn| {
        let unit = persistence::org_units::placement_for_field(conn, unit_id, "unit_id")?;
        domain::organization::authorize_coverage(&actor, &unit.path)?;
        let items: Vec<CoverageItem> = organizations::coverage(conn, unit_id)?
            .into_iter()
            .map(|c| CoverageItem {
                unit_id: c.unit_id,
                name: c.name,
                community_id: c.community_id,
                community_name: c.community_name,
                has_party_org: c.coverage.party_org,
                has_resident_autonomy: c.coverage.resident_autonomy,
                has_volunteer_org: c.coverage.volunteer_org,
                missing: c.coverage.missing().iter().map(|k| k.as_str().to_owned()).collect(),
            })
            .collect();
        let covered = items.iter().filter(|i| i.missing.is_empty()).count();
        Ok(Coverage {
            total: i64::try_from(items.len()).unwrap_or(i64::MAX),
            covered: i64::try_from(covered).unwrap_or(i64::MAX),
            items,
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(out))
}
