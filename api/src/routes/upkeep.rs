//! Upkeep after hand-over (红色物业): `POST /projects/{id}/handover` (the property company
//! accepts or declines a project handed to it) and `/faults` (报修 on maintained projects).

use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use domain::access::Actor;
use domain::upkeep::{
    self, FaultAction, FaultDescription, FaultReply, FaultState, FaultTitle, HandoverAnswer, HandoverNote,
};
use persistence::upkeep::{self as store, Filter, NewFault};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::auth::Authenticated;
use crate::pagination::{page, PageOf};
use crate::routes::projects::Project;
use crate::startup::AppState;
use crate::validation::{present, Fields};
use crate::{db, ApiError};

#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct HandoverAnswerBody {
    #[schema(value_type = crate::openapi::HandoverAnswer)]
    pub answer: String,
    #[schema(minimum = 1)]
    #[validate(range(min = 1, message = "version must be the positive version you read"))]
    pub version: i64,
    /// Why, when declining (required then).
    #[schema(max_length = 500)]
    pub note: Option<String>,
}

/// The property company a project was handed to takes it over or declines it; the street
/// sees which.
#[utoipa::path(post, operation_id = "projects_answer_handover", path = "/api/v1/projects/{id}/handover", tag = "upkeep",
    request_body = HandoverAnswerBody, security(("bearer" = [])),
    responses((status = 200, body = Project), (status = 403, body = crate::error::Problem), (status = 409, body = crate::error::Problem)))]
pub async fn answer_handover(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<HandoverAnswerBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let mut f = Fields::new();
    f.validate(&body);
    let answer = f.check(HandoverAnswer::parse(&body.answer));
    let note = f.check(HandoverNote::parse(body.note.as_deref().unwrap_or("")));
    f.finish()?;
    let (answer, note) = (present(answer)?, present(note)?);
    let id = id.into_inner();
    let version = body.version;
    let p = db::run(&state.pool, move |conn| {
        let p = store::answer_handover(conn, &actor, id, version, answer, &note)?;
        crate::routes::projects::one_for_reader(conn, &actor, p)
    })
    .await?;
    Ok(HttpResponse::Ok().json(p))
}

/// A fault reported on maintained work, with its company's answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct Fault {
    pub id: Uuid,
    pub project_id: Uuid,
    pub project_title: String,
    /// The compound where it is.
    pub unit_id: Uuid,
    pub unit_name: String,
    /// The property company maintaining the work.
    pub maintainer_org_id: Uuid,
    pub maintainer_name: String,
    pub title: String,
    pub description: String,
    #[schema(value_type = crate::openapi::FaultState)]
    pub state: String,
    /// The company's word to the resident.
    pub reply: Option<String>,
    /// Whether the reader reported it.
    pub mine: bool,
    /// Once escalated: the coordination case carrying it on.
    pub case_id: Option<Uuid>,
    /// Not closed by then, it becomes a coordination case.
    pub due_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
    #[schema(value_type = Vec<crate::openapi::FaultAction>)]
    pub allowed_actions: Vec<String>,
}

impl Fault {
    fn new(f: store::Fault, reader: &Actor) -> Self {
        let allowed = upkeep::allowed_actions(reader, &f.facts());
        Fault {
            mine: f.reported_by == Some(reader.user_id),
            allowed_actions: allowed.iter().map(|a| a.as_str().to_owned()).collect(),
            id: f.id,
            project_id: f.project_id,
            project_title: f.project_title,
            unit_id: f.unit_id,
            unit_name: f.unit_name,
            maintainer_org_id: f.maintainer_org_id,
            maintainer_name: f.maintainer_name,
            title: f.title,
            description: f.description,
            state: f.state.as_str().to_owned(),
            reply: f.reply,
            case_id: f.case_id,
            due_at: f.due_at,
            created_at: f.created_at,
            updated_at: f.updated_at,
            version: f.version,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewFaultRequest {
    pub project_id: Uuid,
    /// The compound where it is; the project's own unit when that is a compound.
    pub unit_id: Option<Uuid>,
    #[schema(min_length = 2, max_length = 100)]
    pub title: String,
    #[schema(max_length = 2000)]
    pub description: Option<String>,
}

/// 报修: report a fault on a project a property company maintains (residents and community
/// workers of its area). Not closed in 7 days, it becomes a coordination case by itself.
#[utoipa::path(post, operation_id = "faults_create", path = "/api/v1/faults", tag = "upkeep",
    request_body = NewFaultRequest, security(("bearer" = [])),
    responses((status = 201, body = Fault), (status = 403, body = crate::error::Problem), (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
pub async fn create(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    body: web::Json<NewFaultRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let mut f = Fields::new();
    let title = f.check(FaultTitle::parse(&body.title));
    let description = f.check(FaultDescription::parse(body.description.as_deref().unwrap_or("")));
    f.finish()?;
    let new = NewFault {
        project_id: body.project_id,
        unit_id: body.unit_id,
        title: present(title)?,
        description: present(description)?,
    };
    let created = db::run(&state.pool, move |conn| Ok(Fault::new(store::report(conn, &actor, new)?, &actor))).await?;
    Ok(HttpResponse::Created().insert_header(("Location", format!("/api/v1/faults/{}", created.id))).json(created))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct FaultQuery {
    pub project_id: Option<Uuid>,
    #[param(value_type = Option<crate::openapi::FaultState>)]
    pub state: Option<String>,
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

/// The faults the reader reported, maintains or oversees, newest first.
#[utoipa::path(get, operation_id = "faults_list", path = "/api/v1/faults", tag = "upkeep", params(FaultQuery),
    security(("bearer" = [])), responses((status = 200, body = PageOf<Fault>), (status = 422, body = crate::error::Problem)))]
pub async fn list(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    query: web::Query<FaultQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let filter =
        Filter { project_id: query.project_id, state: query.state.as_deref().map(FaultState::parse).transpose()? };
    let page = page(query.limit, query.cursor.as_deref())?;
    let out = db::run(&state.pool, move |conn| {
        Ok(PageOf::from_paged(store::list(conn, &actor, &filter, page)?, |f| Fault::new(f, &actor)))
    })
    .await?;
    Ok(HttpResponse::Ok().json(out))
}

/// Read one fault.
#[utoipa::path(get, operation_id = "faults_get", path = "/api/v1/faults/{id}", tag = "upkeep", security(("bearer" = [])),
    responses((status = 200, body = Fault), (status = 404, body = crate::error::Problem)))]
pub async fn get(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let f = db::run(&state.pool, move |conn| Ok(Fault::new(store::find_visible(conn, &actor, id)?, &actor))).await?;
    Ok(HttpResponse::Ok().json(f))
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct FaultTransitionBody {
    #[schema(value_type = crate::openapi::FaultAction)]
    pub action: String,
    #[schema(minimum = 1)]
    #[validate(range(min = 1, message = "version must be the positive version you read"))]
    pub version: i64,
    /// answer: what to tell the resident (required); close: optional.
    #[schema(max_length = 500)]
    pub note: Option<String>,
}

/// The maintaining property company answers a fault or closes it.
#[utoipa::path(post, operation_id = "faults_transition", path = "/api/v1/faults/{id}/transitions", tag = "upkeep",
    request_body = FaultTransitionBody, security(("bearer" = [])),
    responses((status = 200, body = Fault), (status = 403, body = crate::error::Problem), (status = 409, body = crate::error::Problem)))]
pub async fn transition(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<FaultTransitionBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let mut f = Fields::new();
    f.validate(&body);
    let action = f.check(FaultAction::parse(&body.action));
    let reply = f.check(FaultReply::parse(body.note.as_deref().unwrap_or("")));
    f.finish()?;
    let (action, reply) = (present(action)?, present(reply)?);
    let id = id.into_inner();
    let version = body.version;
    let out = db::run(&state.pool, move |conn| {
        Ok(Fault::new(store::transition(conn, &actor, id, action, version, &reply)?, &actor))
    })
    .await?;
    Ok(HttpResponse::Ok().json(out))
}
