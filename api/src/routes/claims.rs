//! `/claims` (双向认领): a co-builder claims a project, or the street committee requests a
//! resource; the other side confirms or declines.

use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use domain::access::Actor;
use domain::claim::{ClaimAction, ClaimNote, ClaimSide, ClaimState};
use persistence::claims::{self, Filter, Linked, NewClaim};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::auth::Authenticated;
use crate::pagination::{page, PageOf};
use crate::startup::AppState;
use crate::validation::{present, Fields};
use crate::{db, ApiError};

/// A claim, with what confirming it would do: the resource's remaining quantity and the
/// project's funding gap as they stand now.
#[derive(Debug, Serialize, ToSchema)]
pub struct Claim {
    pub id: Uuid,
    pub project_id: Uuid,
    pub resource_id: Uuid,
    pub quantity: i64,
    #[schema(value_type = crate::openapi::ClaimSide)]
    pub initiated_by: String,
    #[schema(value_type = crate::openapi::ClaimState)]
    pub state: String,
    pub note: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
    /// What you may do now (`POST /claims/{id}/transitions`).
    #[schema(value_type = Vec<crate::openapi::ClaimAction>)]
    pub allowed_actions: Vec<String>,
    /// Steps your side could take in this state but for a further rule, each with that
    /// rule's refusal: `confirm` over the project's open funding gap (`over_gap`) or over
    /// what is left of the resource (`over_allocation`), `release` once the project closed
    /// (`money_final`), …
    pub withheld_actions: Vec<ClaimWithheldAction>,
    pub project_title: String,
    #[schema(value_type = crate::openapi::ProjectState)]
    pub project_state: String,
    /// The project's funding gap now, in fen.
    pub project_gap_fen: i64,
    pub resource_title: String,
    #[schema(value_type = crate::openapi::ResourceKind)]
    pub resource_kind: String,
    pub resource_measure: String,
    /// What is left of the resource now.
    pub resource_remaining: i64,
    /// The co-builder offering the resource.
    pub organization_id: Uuid,
    pub organization_name: String,
}

/// A step on a claim refused now, with the refusal its request would get.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClaimWithheldAction {
    #[schema(value_type = crate::openapi::ClaimAction)]
    pub action: String,
    pub code: String,
    pub detail: String,
}

impl Claim {
    fn new(l: Linked, actor: &Actor) -> Self {
        let allowed_actions = l.allowed_actions(actor).iter().map(|a| a.as_str().to_owned()).collect();
        let withheld_actions = l
            .withheld_actions(actor)
            .into_iter()
            .map(|(action, refusal)| ClaimWithheldAction {
                action: action.as_str().to_owned(),
                code: refusal.code().to_owned(),
                detail: refusal.to_string(),
            })
            .collect();
        Claim {
            withheld_actions,
            allowed_actions,
            project_gap_fen: l.project.funding().gap().get(),
            resource_remaining: l.resource.facts().remaining(),
            id: l.claim.id,
            project_id: l.claim.project_id,
            resource_id: l.claim.resource_id,
            quantity: l.claim.quantity,
            initiated_by: l.claim.initiated_by.as_str().to_owned(),
            state: l.claim.state.as_str().to_owned(),
            note: l.claim.note,
            created_at: l.claim.created_at,
            updated_at: l.claim.updated_at,
            version: l.claim.version,
            project_title: l.project.title,
            project_state: l.project.state.as_str().to_owned(),
            resource_title: l.resource.title,
            resource_kind: l.resource.kind.as_str().to_owned(),
            resource_measure: l.resource.measure,
            organization_id: l.resource.organization_id,
            organization_name: l.resource.organization_name,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct NewClaimRequest {
    pub project_id: Uuid,
    pub resource_id: Uuid,
    /// How much of the resource (fen for funds), at most what remains.
    #[schema(minimum = 1)]
    pub quantity: i64,
    /// `provider`: you offer your organisation's resource to the project (认领项目);
    /// `project`: you request the resource for your street's project (申请资源).
    #[schema(value_type = crate::openapi::ClaimSide)]
    pub initiated_by: String,
    #[schema(max_length = 500)]
    pub note: Option<String>,
}

/// Start a claim; the other side confirms or declines it.
#[utoipa::path(post, operation_id = "claims_create", path = "/api/v1/claims", tag = "claims", request_body = NewClaimRequest, security(("bearer" = [])),
    responses((status = 201, body = Claim), (status = 403, body = crate::error::Problem), (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
pub async fn create(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    body: web::Json<NewClaimRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let mut f = Fields::new();
    let side = f.check(ClaimSide::parse(&body.initiated_by));
    let note = f.check(ClaimNote::parse(body.note.as_deref().unwrap_or("")));
    f.finish()?;
    let new = NewClaim {
        project_id: body.project_id,
        resource_id: body.resource_id,
        quantity: body.quantity,
        initiated_by: present(side)?,
        note: present(note)?,
    };
    let created = db::run(&state.pool, move |conn| Ok(Claim::new(claims::create(conn, &actor, new)?, &actor))).await?;
    Ok(HttpResponse::Created().insert_header(("Location", format!("/api/v1/claims/{}", created.id))).json(created))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ListQuery {
    pub project_id: Option<Uuid>,
    pub resource_id: Option<Uuid>,
    /// Only claims on projects at this unit or below it (a street's, for its morning list).
    pub unit_id: Option<Uuid>,
    #[param(value_type = Option<crate::openapi::ClaimState>)]
    pub state: Option<String>,
    /// Only pending claims waiting for your side's answer (your inbox).
    pub awaiting_me: Option<bool>,
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

/// The list's filters, which its export takes too.
pub(crate) fn parse_list(query: &ListQuery) -> Result<Filter, ApiError> {
    Ok(Filter {
        project_id: query.project_id,
        resource_id: query.resource_id,
        unit_id: query.unit_id,
        state: query.state.as_deref().map(ClaimState::parse).transpose()?,
        awaiting_me: query.awaiting_me.unwrap_or(false),
    })
}

/// Claims on your organisations' resources and on projects you read, newest first.
#[utoipa::path(get, operation_id = "claims_list", path = "/api/v1/claims", tag = "claims", params(ListQuery), security(("bearer" = [])),
    responses((status = 200, body = PageOf<Claim>)))]
pub async fn list(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let filter = parse_list(&query)?;
    let page = page(query.limit, query.cursor.as_deref())?;
    let out = db::run(&state.pool, move |conn| {
        let found = claims::list(conn, &actor, &filter, page)?;
        Ok(PageOf::from_paged(found, |l| Claim::new(l, &actor)))
    })
    .await?;
    Ok(HttpResponse::Ok().json(out))
}

/// Read one claim.
#[utoipa::path(get, operation_id = "claims_get", path = "/api/v1/claims/{id}", tag = "claims", security(("bearer" = [])),
    responses((status = 200, body = Claim)))]
pub async fn get(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let c = db::run(&state.pool, move |conn| Ok(Claim::new(claims::find_visible(conn, &actor, id)?, &actor))).await?;
    Ok(HttpResponse::Ok().json(c))
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct ClaimTransitionBody {
    #[schema(value_type = crate::openapi::ClaimAction)]
    pub action: String,
    #[schema(minimum = 1)]
    #[validate(range(min = 1, message = "version must be the positive version you read"))]
    pub version: i64,
}

/// Confirm, decline, cancel, release or fulfil a claim. A confirmation that would allocate
/// more than the resource has left is refused with 409 `over_allocation` and changes nothing.
#[utoipa::path(post, operation_id = "claims_transition", path = "/api/v1/claims/{id}/transitions", tag = "claims", request_body = ClaimTransitionBody, security(("bearer" = [])),
    responses((status = 200, body = Claim), (status = 403, body = crate::error::Problem), (status = 409, body = crate::error::Problem)))]
pub async fn transition(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<ClaimTransitionBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let mut f = Fields::new();
    f.validate(&body);
    let action = f.check(ClaimAction::parse(&body.action));
    f.finish()?;
    let action = present(action)?;
    let id = id.into_inner();
    let version = body.version;
    let c = db::run(&state.pool, move |conn| {
        Ok(Claim::new(claims::transition(conn, &actor, id, action, version)?, &actor))
    })
    .await?;
    Ok(HttpResponse::Ok().json(c))
}

/// One entry of a claim's timeline.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClaimTimelineEntry {
    pub id: Uuid,
    /// create, confirm, decline, cancel, release, fulfil, project_cancelled.
    pub action: String,
    /// Who acted; `null` for none left to name.
    pub actor_name: Option<String>,
    pub from_state: Option<String>,
    pub to_state: Option<String>,
    /// create: which side started it.
    #[schema(value_type = Option<crate::openapi::ClaimSide>)]
    pub initiated_by: Option<String>,
    pub at: DateTime<Utc>,
}

/// A claim's timeline, oldest first, for its two sides and the officials over its project.
#[utoipa::path(get, operation_id = "claims_events", path = "/api/v1/claims/{id}/events", tag = "claims", security(("bearer" = [])),
    responses((status = 200, body = Vec<ClaimTimelineEntry>), (status = 404, body = crate::error::Problem)))]
pub async fn events(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    use domain::claim::ClaimEvent as E;
    use domain::history::History;
    let id = id.into_inner();
    let out = db::run(&state.pool, move |conn| {
        claims::find_visible(conn, &actor, id)?;
        let timeline: Vec<persistence::events::Entry<E>> = persistence::events::timeline(conn, id)?;
        Ok(timeline
            .into_iter()
            .map(|e| ClaimTimelineEntry {
                id: e.id,
                action: e.event.action().to_owned(),
                actor_name: e.actor.map(|a| a.display_name),
                from_state: e.from_state,
                to_state: e.to_state,
                initiated_by: match e.event {
                    E::Create { initiated_by } => Some(initiated_by.as_str().to_owned()),
                    _ => None,
                },
                at: e.at,
            })
            .collect::<Vec<_>>())
    })
    .await?;
    Ok(HttpResponse::Ok().json(out))
}
