//! `/coordination-cases` (三方联动, SPEC §4.6): a compound's property matter, settled by the
//! community, its residents' organisation and its property company, or by the street.

use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use domain::access::Actor;
use domain::coordination::{self, CaseAction, CaseDescription, CaseEvent, CaseState, CaseTitle, MessageBody, Party};
use domain::history::History;
use persistence::coordination_cases::{self as cases, Filter, NewCase, TransitionRequest};
use persistence::events::Entry;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::auth::Authenticated;
use crate::pagination::{page, PageOf};
use crate::startup::AppState;
use crate::validation::{present, Fields};
use crate::{db, ApiError};

/// One of the three parties and whether it has confirmed.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseParty {
    #[schema(value_type = crate::openapi::Party)]
    pub party: String,
    /// The residents' organisation or property company speaking for it; `null` for the
    /// community, and for a compound that has no such organisation (then nobody confirms
    /// for it and only the street can settle the case).
    pub organization_id: Option<Uuid>,
    pub organization_name: Option<String>,
    pub confirmed: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CoordinationCase {
    pub id: Uuid,
    /// The compound.
    pub unit_id: Uuid,
    pub unit_name: String,
    pub title: String,
    pub description: String,
    #[schema(value_type = crate::openapi::CaseState)]
    pub state: String,
    pub parties: Vec<CaseParty>,
    /// An open case past this escalates by itself.
    pub due_at: Option<DateTime<Utc>>,
    /// Open and past `due_at`: about to escalate.
    pub overdue: bool,
    /// How the street settled it.
    pub resolution: Option<String>,
    pub demand_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
    /// The parties the reader speaks for here.
    #[schema(value_type = Vec<crate::openapi::Party>)]
    pub my_parties: Vec<String>,
    /// What the reader may do now: a transition, or `post` to the thread.
    #[schema(value_type = Vec<crate::openapi::CaseAllowedAction>)]
    pub allowed_actions: Vec<String>,
}

impl CoordinationCase {
    fn new(c: cases::Case, reader: &Actor) -> Self {
        let now = Utc::now();
        let facts = c.facts();
        let allowed = coordination::allowed_actions(reader, &facts, now);
        let mine = coordination::parties(reader, facts.unit_path, facts.autonomy_org, facts.property_org);
        let overdue = c.state == CaseState::Open && c.due_at.is_some_and(|d| d < now);
        let org = |o: &Option<(Uuid, String)>| (o.as_ref().map(|(id, _)| *id), o.as_ref().map(|(_, n)| n.clone()));
        let party = |party: Party, (organization_id, organization_name): (Option<Uuid>, Option<String>)| CaseParty {
            party: party.as_str().to_owned(),
            organization_id,
            organization_name,
            confirmed: c.confirmed.of(party),
        };
        let parties = vec![
            party(Party::Community, (None, None)),
            party(Party::ResidentAutonomy, org(&c.autonomy_org)),
            party(Party::PropertyService, org(&c.property_org)),
        ];
        CoordinationCase {
            id: c.id,
            unit_id: c.unit_id,
            unit_name: c.unit_name,
            title: c.title,
            description: c.description,
            state: c.state.as_str().to_owned(),
            parties,
            due_at: c.due_at,
            overdue,
            resolution: c.resolution,
            demand_id: c.demand_id,
            created_at: c.created_at,
            updated_at: c.updated_at,
            version: c.version,
            my_parties: mine.iter().map(|p| p.as_str().to_owned()).collect(),
            allowed_actions: allowed.iter().map(|a| a.as_str().to_owned()).collect(),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewCaseRequest {
    /// The compound (小区).
    pub unit_id: Uuid,
    #[schema(min_length = 2, max_length = 100)]
    pub title: String,
    #[schema(max_length = 2000)]
    pub description: Option<String>,
    /// When an open case escalates to the street by itself; in the future.
    pub due_at: Option<DateTime<Utc>>,
    /// A property demand of the compound that the case takes up (community staff only): it
    /// is accepted now and resolved when the case settles.
    pub demand_id: Option<Uuid>,
}

/// Open a case for a compound: its community worker, a supervisor of its residents'
/// organisation or a manager of its property company.
#[utoipa::path(post, operation_id = "coordination_cases_create", path = "/api/v1/coordination-cases", tag = "coordination",
    request_body = NewCaseRequest, security(("bearer" = [])),
    responses((status = 201, body = CoordinationCase), (status = 403, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
pub async fn create(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    body: web::Json<NewCaseRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let mut f = Fields::new();
    let title = f.check(CaseTitle::parse(&body.title));
    let description = f.check(CaseDescription::parse(body.description.as_deref().unwrap_or("")));
    if body.due_at.is_some_and(|d| d <= Utc::now()) {
        f.push("due_at", "due_at_past", "due_at must be in the future".into());
    }
    f.finish()?;
    let new = NewCase {
        unit_id: body.unit_id,
        title: present(title)?,
        description: present(description)?,
        due_at: body.due_at,
        demand_id: body.demand_id,
    };
    let created =
        db::run(&state.pool, move |conn| Ok(CoordinationCase::new(cases::open(conn, &actor, new)?, &actor))).await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/coordination-cases/{}", created.id)))
        .json(created))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ListQuery {
    #[param(value_type = Option<crate::openapi::CaseState>)]
    pub state: Option<String>,
    /// At this unit or below it.
    pub unit_id: Option<Uuid>,
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

/// The list's filters, which its export takes too.
pub(crate) fn parse_list(query: &ListQuery) -> Result<Filter, ApiError> {
    Ok(Filter { state: query.state.as_deref().map(CaseState::parse).transpose()?, unit_id: query.unit_id })
}

/// The cases the reader takes part in or oversees, newest first.
#[utoipa::path(get, operation_id = "coordination_cases_list", path = "/api/v1/coordination-cases", tag = "coordination",
    params(ListQuery), security(("bearer" = [])),
    responses((status = 200, body = PageOf<CoordinationCase>), (status = 422, body = crate::error::Problem)))]
pub async fn list(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let filter = parse_list(&query)?;
    let page = page(query.limit, query.cursor.as_deref())?;
    let out = db::run(&state.pool, move |conn| {
        Ok(PageOf::from_paged(cases::list(conn, &actor, &filter, page)?, |c| CoordinationCase::new(c, &actor)))
    })
    .await?;
    Ok(HttpResponse::Ok().json(out))
}

/// Read one case.
#[utoipa::path(get, operation_id = "coordination_cases_get", path = "/api/v1/coordination-cases/{id}", tag = "coordination",
    security(("bearer" = [])), responses((status = 200, body = CoordinationCase), (status = 404, body = crate::error::Problem)))]
pub async fn get(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let c = db::run(&state.pool, move |conn| Ok(CoordinationCase::new(cases::find_visible(conn, &actor, id)?, &actor)))
        .await?;
    Ok(HttpResponse::Ok().json(c))
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct CaseTransitionBody {
    #[schema(value_type = crate::openapi::CaseAction)]
    pub action: String,
    #[schema(minimum = 1)]
    #[validate(range(min = 1, message = "version must be the positive version you read"))]
    pub version: i64,
    /// confirm, escalate: the party you act for, when you speak for more than one.
    #[schema(value_type = Option<crate::openapi::Party>)]
    pub party: Option<String>,
    /// escalate: why.
    #[schema(max_length = 500)]
    pub reason: Option<String>,
    /// resolve: how the street settled it (required).
    #[schema(max_length = 500)]
    pub note: Option<String>,
}

/// Confirm (as your party; the third confirmation resolves the case), escalate (any
/// party), or resolve an escalated case (the street committee, with a note).
#[utoipa::path(post, operation_id = "coordination_cases_transition", path = "/api/v1/coordination-cases/{id}/transitions", tag = "coordination",
    request_body = CaseTransitionBody, security(("bearer" = [])),
    responses((status = 200, body = CoordinationCase), (status = 403, body = crate::error::Problem), (status = 409, body = crate::error::Problem)))]
pub async fn transition(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<CaseTransitionBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let mut f = Fields::new();
    f.validate(&body);
    let action = f.check(CaseAction::parse(&body.action));
    let party = f.check(body.party.as_deref().map(Party::parse).transpose());
    f.finish()?;
    let req = TransitionRequest { version: body.version, party: present(party)?, note: body.note, reason: body.reason };
    let action = present(action)?;
    let id = id.into_inner();
    let c = db::run(&state.pool, move |conn| {
        Ok(CoordinationCase::new(cases::transition(conn, &actor, id, action, req.clone())?, &actor))
    })
    .await?;
    Ok(HttpResponse::Ok().json(c))
}

/// One message of a case's thread, with whom its author spoke for.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseMessage {
    pub id: Uuid,
    pub author_name: String,
    /// `null`: the street committee.
    #[schema(value_type = Option<crate::openapi::Party>)]
    pub party: Option<String>,
    /// The residents' organisation, property company, community or street it spoke for.
    pub organization_name: Option<String>,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

impl From<cases::Message> for CaseMessage {
    fn from(m: cases::Message) -> Self {
        CaseMessage {
            id: m.id,
            author_name: m.author_name,
            party: m.party.map(|p| p.as_str().to_owned()),
            organization_name: m.organization_name,
            body: m.body,
            created_at: m.created_at,
        }
    }
}

/// The case's thread, oldest first.
#[utoipa::path(get, operation_id = "coordination_cases_messages", path = "/api/v1/coordination-cases/{id}/messages", tag = "coordination",
    security(("bearer" = [])), responses((status = 200, body = Vec<CaseMessage>), (status = 404, body = crate::error::Problem)))]
pub async fn messages(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let out = db::run(&state.pool, move |conn| {
        Ok(cases::messages(conn, &actor, id)?.into_iter().map(CaseMessage::from).collect::<Vec<_>>())
    })
    .await?;
    Ok(HttpResponse::Ok().json(out))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewCaseMessage {
    #[schema(min_length = 1, max_length = 1000)]
    pub body: String,
}

/// Write to the case's thread: its parties and the street, until it is resolved.
#[utoipa::path(post, operation_id = "coordination_cases_post", path = "/api/v1/coordination-cases/{id}/messages", tag = "coordination",
    request_body = NewCaseMessage, security(("bearer" = [])),
    responses((status = 201, body = CaseMessage), (status = 403, body = crate::error::Problem), (status = 409, body = crate::error::Problem)))]
pub async fn post(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<NewCaseMessage>,
) -> Result<HttpResponse, ApiError> {
    let text = MessageBody::parse(&body.into_inner().body)?;
    let id = id.into_inner();
    let m = db::run(&state.pool, move |conn| Ok(CaseMessage::from(cases::post(conn, &actor, id, &text)?))).await?;
    Ok(HttpResponse::Created().insert_header(("Location", format!("/api/v1/coordination-cases/{id}/messages"))).json(m))
}

/// One entry of a case's timeline.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseTimelineEntry {
    pub id: Uuid,
    #[schema(value_type = crate::openapi::CaseEventAction)]
    pub action: String,
    /// Who acted; `null` when the case escalated by itself or settled with the third
    /// confirmation.
    pub actor_name: Option<String>,
    #[schema(value_type = Option<crate::openapi::Party>)]
    pub party: Option<String>,
    pub from_state: Option<String>,
    pub to_state: Option<String>,
    /// escalate: why; resolve: how.
    pub note: Option<String>,
    pub at: DateTime<Utc>,
}

/// The case's timeline, oldest first.
#[utoipa::path(get, operation_id = "coordination_cases_events", path = "/api/v1/coordination-cases/{id}/events", tag = "coordination",
    security(("bearer" = [])), responses((status = 200, body = Vec<CaseTimelineEntry>), (status = 404, body = crate::error::Problem)))]
pub async fn events(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let out = db::run(&state.pool, move |conn| {
        cases::find_visible(conn, &actor, id)?;
        let timeline: Vec<Entry<CaseEvent>> = persistence::events::timeline(conn, id)?;
        Ok(timeline
            .into_iter()
            .map(|e| {
                let (party, note) = match &e.event {
                    CaseEvent::Confirm { party } => (Some(*party), None),
                    CaseEvent::Escalate { party, reason } => (*party, Some(reason.clone()).filter(|r| !r.is_empty())),
                    CaseEvent::Resolve { note } => (None, note.clone()),
                    CaseEvent::Message { party } => (*party, None),
                    CaseEvent::Open { .. } => (None, None),
                };
                CaseTimelineEntry {
                    id: e.id,
                    action: e.event.action().to_owned(),
                    actor_name: e.actor.map(|a| a.display_name),
                    party: party.map(|p| p.as_str().to_owned()),
                    from_state: e.from_state,
                    to_state: e.to_state,
                    note,
                    at: e.at,
                }
            })
            .collect::<Vec<_>>())
    })
    .await?;
    Ok(HttpResponse::Ok().json(out))
}
