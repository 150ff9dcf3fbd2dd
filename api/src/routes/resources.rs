//! `/resources` (资源清单: 共建做单) and the public `/public/resources`.

use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use domain::access::Actor;
use domain::resource::{self, Measure, Quantity, ResourceChanges, ResourceDescription, ResourceKind, ResourceTitle};
use domain::values::SearchText;
use persistence::resources::{self, Filter, NewResource};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::auth::Authenticated;
use crate::pagination::{page, PageOf};
use crate::startup::AppState;
use crate::validation::{present, Fields};
use crate::{db, ApiError};

/// A co-builder's offer, as a signed-in reader sees it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Resource {
    pub id: Uuid,
    /// The co-builder offering it.
    pub organization_id: Uuid,
    /// The co-builder offering it, by name.
    pub organization_name: String,
    #[schema(value_type = crate::openapi::ResourceKind)]
    pub kind: String,
    pub title: String,
    pub description: String,
    /// What it holds now: once withdrawn, only what projects hold.
    pub quantity: i64,
    /// What was offered in all: `quantity`, and once withdrawn, the part taken back
    /// (`withdrawn_quantity`) with it.
    pub offered: i64,
    /// The part its owner took back when it withdrew it; 0 otherwise.
    pub withdrawn_quantity: i64,
    /// `fen` for funds; otherwise what a quantity counts (hours, m², 人次).
    pub measure: String,
    /// The sum of confirmed and fulfilled claims.
    pub allocated: i64,
    /// quantity − allocated, never negative.
    pub remaining: i64,
    pub available_until: Option<DateTime<Utc>>,
    /// The unit it is offered to (and everything below it).
    pub unit_id: Uuid,
    #[schema(value_type = crate::openapi::ResourceState)]
    pub state: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
    /// `edit` (its owner, `PATCH /resources/{id}`); `withdraw` (its owner, `POST
    /// /resources/{id}/transitions`); `request` (a street
    /// committee, `POST /claims` with `initiated_by: project`).
    #[schema(value_type = Vec<crate::openapi::ResourceAllowedAction>)]
    pub allowed_actions: Vec<String>,
}

impl Resource {
    pub fn new(r: resources::Resource, actor: &Actor, now: DateTime<Utc>) -> Self {
        let facts = r.facts();
        let allowed_actions =
            resource::reader_actions(actor, &facts, now).iter().map(|a| a.as_str().to_owned()).collect();
        Resource {
            remaining: facts.remaining(),
            state: facts.state(now).as_str().to_owned(),
            allowed_actions,
            id: r.id,
            organization_id: r.organization_id,
            organization_name: r.organization_name,
            kind: r.kind.as_str().to_owned(),
            title: r.title,
            description: r.description,
            quantity: r.quantity,
            offered: r.quantity + r.withdrawn_quantity,
            withdrawn_quantity: r.withdrawn_quantity,
            measure: r.measure,
            allocated: r.allocated,
            available_until: r.available_until,
            unit_id: r.unit_id,
            created_at: r.created_at,
            updated_at: r.updated_at,
            version: r.version,
        }
    }
}

/// A resource on the public board (not withdrawn).
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicResource {
    pub id: Uuid,
    pub organization_id: Uuid,
    /// The co-builder offering it, by name.
    pub organization_name: String,
    #[schema(value_type = crate::openapi::ResourceKind)]
    pub kind: String,
    pub title: String,
    pub description: String,
    pub quantity: i64,
    pub measure: String,
    pub allocated: i64,
    pub remaining: i64,
    pub available_until: Option<DateTime<Utc>>,
    pub unit_id: Uuid,
    #[schema(value_type = crate::openapi::ResourceState)]
    pub state: String,
}

impl PublicResource {
    fn new(r: resources::Resource, now: DateTime<Utc>) -> Self {
        let facts = r.facts();
        PublicResource {
            remaining: facts.remaining(),
            state: facts.state(now).as_str().to_owned(),
            id: r.id,
            organization_id: r.organization_id,
            organization_name: r.organization_name,
            kind: r.kind.as_str().to_owned(),
            title: r.title,
            description: r.description,
            quantity: r.quantity,
            measure: r.measure,
            allocated: r.allocated,
            available_until: r.available_until,
            unit_id: r.unit_id,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct NewResourceRequest {
    /// Your organisation (a co-builder kind).
    pub organization_id: Uuid,
    #[schema(value_type = crate::openapi::ResourceKind)]
    pub kind: String,
    #[schema(min_length = 2, max_length = 100)]
    pub title: String,
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub description: String,
    /// How much: fen for funds.
    #[schema(minimum = 1)]
    pub quantity: i64,
    /// `fen` for funds (the default there); otherwise 1–20 characters.
    #[schema(max_length = 20)]
    pub measure: Option<String>,
    /// When the offer lapses; none for an open-ended one.
    pub available_until: Option<DateTime<Utc>>,
    /// Where it is offered: your organisation's unit or one below it.
    pub unit_id: Uuid,
}

/// Publish a resource for your organisation.
#[utoipa::path(post, operation_id = "resources_create", path = "/api/v1/resources", tag = "resources", request_body = NewResourceRequest, security(("bearer" = [])),
    responses((status = 201, body = Resource), (status = 403, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
pub async fn create(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    body: web::Json<NewResourceRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let mut f = Fields::new();
    let kind = f.check(ResourceKind::parse(&body.kind));
    let title = f.check(ResourceTitle::parse(&body.title));
    let description = f.check(ResourceDescription::parse(&body.description));
    let quantity = f.check(Quantity::parse("quantity", body.quantity));
    let measure = kind.and_then(|k| f.check(Measure::parse(k, body.measure.as_deref())));
    f.finish()?;
    let new = NewResource {
        organization_id: body.organization_id,
        kind: present(kind)?,
        title: present(title)?,
        description: present(description)?,
        quantity: present(quantity)?,
        measure: present(measure)?,
        available_until: body.available_until,
        unit_id: body.unit_id,
    };
    let created = db::run(&state.pool, move |conn| {
        let r = resources::create(conn, &actor, new)?;
        Ok(Resource::new(r, &actor, Utc::now()))
    })
    .await?;
    Ok(HttpResponse::Created().insert_header(("Location", format!("/api/v1/resources/{}", created.id))).json(created))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ListQuery {
    #[param(value_type = Option<crate::openapi::ResourceKind>)]
    pub kind: Option<String>,
    /// Offered by this organisation.
    pub organization_id: Option<Uuid>,
    /// Offered at this unit or below it.
    pub unit_id: Option<Uuid>,
    pub q: Option<String>,
    /// Only those with something left to claim (true), or only those without (false).
    pub available: Option<bool>,
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

/// The list's filters, which its export takes too.
pub(crate) fn parse_list(query: &ListQuery) -> Result<Filter, ApiError> {
    Ok(Filter {
        kind: query.kind.as_deref().map(ResourceKind::parse).transpose()?,
        organization_id: query.organization_id,
        unit_id: query.unit_id,
        q: SearchText::parse(query.q.as_deref())?.map(SearchText::into_inner),
        available: query.available,
    })
}

/// The resource list, newest first.
#[utoipa::path(get, operation_id = "resources_list", path = "/api/v1/resources", tag = "resources", params(ListQuery), security(("bearer" = [])),
    responses((status = 200, body = PageOf<Resource>)))]
pub async fn list(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let filter = parse_list(&query)?;
    let page = page(query.limit, query.cursor.as_deref())?;
    let out = db::run(&state.pool, move |conn| {
        let found = resources::list(conn, false, &filter, page)?;
        let now = Utc::now();
        Ok(PageOf::from_paged(found, |r| Resource::new(r, &actor, now)))
    })
    .await?;
    Ok(HttpResponse::Ok().json(out))
}

/// Read one resource.
#[utoipa::path(get, operation_id = "resources_get", path = "/api/v1/resources/{id}", tag = "resources", security(("bearer" = [])),
    responses((status = 200, body = Resource)))]
pub async fn get(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let r = db::run(&state.pool, move |conn| Ok(Resource::new(resources::find(conn, id)?, &actor, Utc::now()))).await?;
    Ok(HttpResponse::Ok().json(r))
}

/// What the owner changes about its offer; fields left out stay as they are. The kind, the
/// measure and the unit stay: claims were made against them.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct ResourcePatch {
    /// The version you read; a newer one on the server gives 409.
    #[schema(minimum = 1)]
    #[validate(range(min = 1, message = "version must be the positive version you read"))]
    pub version: i64,
    #[schema(min_length = 2, max_length = 100)]
    pub title: Option<String>,
    #[schema(max_length = 2000)]
    pub description: Option<String>,
    /// The whole offer, in its measure; never below `allocated` (409
    /// `quantity_below_allocated`).
    #[schema(minimum = 1)]
    pub quantity: Option<i64>,
    /// A later date renews an expired offer; `null` makes it open-ended.
    #[serde(default, deserialize_with = "crate::validation::present_or_null")]
    #[schema(value_type = Option<DateTime<Utc>>)]
    pub available_until: Option<Option<DateTime<Utc>>>,
}

/// Edit your organisation's resource: its title, description, quantity or end date.
#[utoipa::path(patch, operation_id = "resources_update", path = "/api/v1/resources/{id}", tag = "resources", request_body = ResourcePatch, security(("bearer" = [])),
    responses((status = 200, body = Resource), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
        (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
pub async fn update(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<ResourcePatch>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let mut f = Fields::new();
    f.validate(&body);
    let title = body.title.as_deref().map(|v| f.check(ResourceTitle::parse(v)));
    let description = body.description.as_deref().map(|v| f.check(ResourceDescription::parse(v)));
    let quantity = body.quantity.map(|v| f.check(Quantity::parse("quantity", v)));
    f.finish()?;
    let changes = ResourceChanges {
        title: title.map(present).transpose()?,
        description: description.map(present).transpose()?,
        quantity: quantity.map(present).transpose()?,
        available_until: body.available_until,
    };
    let (id, version) = (id.into_inner(), body.version);
    let r = db::run(&state.pool, move |conn| {
        Ok(Resource::new(resources::update(conn, &actor, id, version, changes)?, &actor, Utc::now()))
    })
    .await?;
    Ok(HttpResponse::Ok().json(r))
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct ResourceTransitionBody {
    /// `withdraw`: take back the unallocated part.
    #[schema(value_type = crate::openapi::ResourceAction)]
    pub action: String,
    #[schema(minimum = 1)]
    #[validate(range(min = 1, message = "version must be the positive version you read"))]
    pub version: i64,
}

/// Withdraw the unallocated part of your organisation's resource.
#[utoipa::path(post, operation_id = "resources_transition", path = "/api/v1/resources/{id}/transitions", tag = "resources", request_body = ResourceTransitionBody, security(("bearer" = [])),
    responses((status = 200, body = Resource), (status = 403, body = crate::error::Problem), (status = 409, body = crate::error::Problem)))]
pub async fn transition(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<ResourceTransitionBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let mut f = Fields::new();
    f.validate(&body);
    f.check(resource::ResourceAction::parse(&body.action));
    f.finish()?;
    let id = id.into_inner();
    let version = body.version;
    let r = db::run(&state.pool, move |conn| {
        Ok(Resource::new(resources::withdraw(conn, &actor, id, version)?, &actor, Utc::now()))
    })
    .await?;
    Ok(HttpResponse::Ok().json(r))
}

/// The public resource list (not withdrawn), no login.
#[utoipa::path(get, operation_id = "resources_public_list", path = "/api/v1/public/resources", tag = "public", params(ListQuery),
    responses((status = 200, body = PageOf<PublicResource>)))]
pub async fn public_list(state: web::Data<AppState>, query: web::Query<ListQuery>) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let filter = parse_list(&query)?;
    let page = page(query.limit, query.cursor.as_deref())?;
    let out = db::run(&state.pool, move |conn| {
        let found = resources::list(conn, true, &filter, page)?;
        let now = Utc::now();
        Ok(PageOf::from_paged(found, |r| PublicResource::new(r, now)))
    })
    .await?;
    Ok(HttpResponse::Ok().json(out))
}

/// One resource of the public list.
#[utoipa::path(get, operation_id = "resources_public_get", path = "/api/v1/public/resources/{id}", tag = "public",
    responses((status = 200, body = PublicResource)))]
pub async fn public_get(state: web::Data<AppState>, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let r = db::run(&state.pool, move |conn| Ok(PublicResource::new(resources::find_public(conn, id)?, Utc::now())))
        .await?;
    Ok(HttpResponse::Ok().json(r))
}

/// One entry of a resource's timeline.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResourceTimelineEntry {
    pub id: Uuid,
    /// create, withdraw, edit.
    pub action: String,
    /// Who acted: for the offering co-builder and the officials over it only.
    pub actor_name: Option<String>,
    pub from_state: Option<String>,
    pub to_state: Option<String>,
    /// create: what was offered; withdraw: the unallocated part taken back; edit: the new
    /// quantity, when it changed (in its measure).
    pub quantity: Option<i64>,
    pub at: DateTime<Utc>,
}

/// A resource's timeline, oldest first: what was offered and what was taken back.
#[utoipa::path(get, operation_id = "resources_events", path = "/api/v1/resources/{id}/events", tag = "resources", security(("bearer" = [])),
    responses((status = 200, body = Vec<ResourceTimelineEntry>), (status = 404, body = crate::error::Problem)))]
pub async fn events(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    use domain::history::History;
    use domain::resource::ResourceEvent as E;
    let id = id.into_inner();
    let out = db::run(&state.pool, move |conn| {
        let r = resources::find(conn, id)?;
        let insider = actor.acts_for(domain::access::Capability::OfferResources, r.organization_id)
            || actor.may(domain::access::Capability::ReadProjects, &r.unit_path);
        let timeline: Vec<persistence::events::Entry<E>> = persistence::events::timeline(conn, id)?;
        Ok(timeline
            .into_iter()
            .map(|e| ResourceTimelineEntry {
                id: e.id,
                action: e.event.action().to_owned(),
                actor_name: e.actor.filter(|_| insider).map(|a| a.display_name),
                from_state: e.from_state,
                to_state: e.to_state,
                quantity: match e.event {
                    E::Create { quantity } => quantity,
                    E::Withdraw { withdrawn } => withdrawn,
                    E::Edit { quantity } => quantity,
                },
                at: e.at,
            })
            .collect::<Vec<_>>())
    })
    .await?;
    Ok(HttpResponse::Ok().json(out))
}
