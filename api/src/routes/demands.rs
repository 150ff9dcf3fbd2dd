//! `/demands` (群众下单) and the public demand board `/public/demands`.

use std::collections::HashMap;

use actix_web::http::header::ContentType;
use actix_web::web::Bytes;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use domain::access::Actor;
use domain::demand::{
    DemandAction, DemandCategory, DemandDescription, DemandFacts, DemandMine, DemandSource, DemandState, DemandTitle,
    TimelineView,
};
use domain::history::History;
use domain::values::{mask_name, DisplayName, Phone, SearchText};
use persistence::demands::{self, Audience, NewDemand, ReaderSupport, Sort, TransitionRequest};
use persistence::events::Entry;
use persistence::projects::Summary as ProjectSummary;
use persistence::util::Page;
use persistence::DbConnection;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::auth::Authenticated;
use crate::pagination::{page, PageOf};
use crate::startup::AppState;
use crate::validation::{present, Fields};
use crate::{db, ApiError};

/// A demand as an official, or its author, sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Demand {
    pub id: Uuid,
    pub title: String,
    pub description: String,
    #[schema(value_type = crate::openapi::DemandCategory)]
    pub category: String,
    /// The community or compound it is about.
    pub unit_id: Uuid,
    #[schema(value_type = crate::openapi::DemandState)]
    pub state: String,
    #[schema(value_type = crate::openapi::DemandSource)]
    pub source: String,
    /// In full for officials and the author; masked (`张**`) for neighbours.
    pub author_name: String,
    /// The number to call the author back on: for those who handle the demand (its
    /// community worker, the street), absent for everyone else and when none is known. The
    /// one given when it was filed for someone, else the author's account's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author_phone: Option<String>,
    pub cosign_count: i64,
    pub project_id: Option<Uuid>,
    /// The project answering it, and how far it is: for residents following their demand.
    pub project: Option<DemandProject>,
    /// The coordination case (三方联动) that took it up, for a property matter.
    pub case_id: Option<Uuid>,
    pub merged_into_id: Option<Uuid>,
    /// Why it was rejected or referred; shown publicly.
    pub reason: Option<String>,
    pub referred_to: Option<String>,
    /// The deadline of its current state (verify, then answer); absent once answered.
    pub due_at: Option<DateTime<Utc>>,
    /// Past `due_at`: escalated to the unit above (吹哨).
    pub overdue: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
    /// What you may do to it now: a transition (`POST /demands/{id}/transitions`), or
    /// `cosign` (`POST /demands/{id}/cosign`) when you may co-sign it.
    #[schema(value_type = Vec<crate::openapi::DemandAllowedAction>)]
    pub allowed_actions: Vec<String>,
    /// You have co-signed it (附议); only residents co-sign, so `false` for anyone who holds
    /// no resident role now.
    pub cosigned_by_me: bool,
}

/// The project answering a demand.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DemandProject {
    pub id: Uuid,
    pub title: String,
    #[schema(value_type = crate::openapi::ProjectState)]
    pub state: String,
    pub progress_percent: i64,
    /// As on the project: the progress to show in its state (none before the work starts
    /// or once cancelled, 100 once done).
    pub shown_progress_percent: Option<i64>,
}

impl Demand {
    fn new(
        d: demands::Demand,
        actor: &Actor,
        reader: &ReaderSupport,
        projects: &[ProjectSummary],
        phones: &HashMap<Uuid, String>,
    ) -> Self {
        let allowed_actions = d.allowed_actions(actor, reader).iter().map(|a| a.as_str().to_owned()).collect();
        let author_name = author_name(actor, &d);
        Demand {
            author_phone: phones.get(&d.id).cloned(),
            cosigned_by_me: reader.cosigned(d.id),
            overdue: d.overdue(Utc::now()),
            id: d.id,
            title: d.title,
            description: d.description,
            category: d.category.as_str().to_owned(),
            unit_id: d.unit_id,
            state: d.state.as_str().to_owned(),
            source: d.source.as_str().to_owned(),
            author_name,
            cosign_count: d.cosign_count,
            project: projects.iter().find(|p| Some(p.id) == d.project_id).map(|p| DemandProject {
                id: p.id,
                title: p.title.clone(),
                state: p.state.as_str().to_owned(),
                progress_percent: p.progress_percent,
                shown_progress_percent: p.state.shown_progress(p.progress_percent),
            }),
            project_id: d.project_id,
            case_id: d.case_id,
            merged_into_id: d.merged_into_id,
            reason: d.reason,
            referred_to: d.referred_to,
            due_at: d.due_at,
            created_at: d.created_at,
            updated_at: d.updated_at,
            version: d.version,
            allowed_actions,
        }
    }
}

/// In full for officials and the author, masked (`张**`) for everyone else.
pub(crate) fn author_name(actor: &Actor, d: &demands::Demand) -> String {
    if domain::demand::shows_author(actor, &d.facts()) {
        d.author_name.clone()
    } else {
        mask_name(&d.author_name)
    }
}

/// Demands as `actor` sees them, with what it may do to each.
fn for_reader(conn: &mut DbConnection, actor: &Actor, found: Vec<demands::Demand>) -> Result<Vec<Demand>, ApiError> {
    let ids: Vec<Uuid> = found.iter().map(|d| d.id).collect();
    let reader = ReaderSupport::load(conn, actor, &ids)?;
    let project_ids: Vec<Uuid> = found.iter().filter_map(|d| d.project_id).collect();
    let projects = persistence::projects::summaries(conn, &project_ids)?;
    let phones = demands::author_phones(conn, actor, &found)?;
    Ok(found.into_iter().map(|d| Demand::new(d, actor, &reader, &projects, &phones)).collect())
}

fn one_for_reader(conn: &mut DbConnection, actor: &Actor, d: demands::Demand) -> Result<Demand, ApiError> {
    for_reader(conn, actor, vec![d])?.pop().ok_or_else(|| ApiError::Internal("a demand went missing".into()))
}

/// A demand on the public board: no user ids, the author's name masked (SPEC §4.7).
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicDemand {
    pub id: Uuid,
    pub title: String,
    pub description: String,
    #[schema(value_type = crate::openapi::DemandCategory)]
    pub category: String,
    pub unit_id: Uuid,
    #[schema(value_type = crate::openapi::DemandState)]
    pub state: String,
    /// Like `张**`.
    pub author_name: String,
    pub cosign_count: i64,
    pub project_id: Option<Uuid>,
    pub merged_into_id: Option<Uuid>,
    pub reason: Option<String>,
    pub referred_to: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<demands::Demand> for PublicDemand {
    fn from(d: demands::Demand) -> Self {
        PublicDemand {
            id: d.id,
            title: d.title,
            description: d.description,
            category: d.category.as_str().to_owned(),
            unit_id: d.unit_id,
            state: d.state.as_str().to_owned(),
            author_name: mask_name(&d.author_name),
            cosign_count: d.cosign_count,
            project_id: d.project_id,
            merged_into_id: d.merged_into_id,
            reason: d.reason,
            referred_to: d.referred_to,
            created_at: d.created_at,
            updated_at: d.updated_at,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct NewDemandRequest {
    #[schema(min_length = 2, max_length = 100)]
    pub title: String,
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub description: String,
    #[schema(value_type = crate::openapi::DemandCategory)]
    pub category: String,
    /// A community or compound.
    pub unit_id: Uuid,
    /// `app` (a resident's own, the default); staff recording a resident's demand send
    /// `visit` or `phone`.
    #[schema(value_type = Option<crate::openapi::DemandSource>)]
    pub source: Option<String>,
    /// Staff filing on someone's behalf: the resident's name (1–50 characters, one line).
    #[schema(max_length = 50)]
    pub author_name: Option<String>,
    /// Staff filing on someone's behalf: the number to call them back on, a mobile or a
    /// landline as for an account (`phone_format`); blank means none. Ignored on a
    /// resident's own filing, like `author_name`: its account's number is read.
    pub author_phone: Option<String>,
}

/// A new demand and the live demands like it, to co-sign instead of duplicating.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedDemand {
    #[serde(flatten)]
    pub demand: Demand,
    pub similar: Vec<Demand>,
}

/// File a demand.
#[utoipa::path(post, operation_id = "demands_create", path = "/api/v1/demands", tag = "demands", request_body = NewDemandRequest, security(("bearer" = [])),
    responses((status = 201, body = CreatedDemand), (status = 403, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
pub async fn create(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    body: web::Json<NewDemandRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let mut f = Fields::new();
    let title = f.check(DemandTitle::parse(&body.title));
    let description = f.check(DemandDescription::parse(&body.description));
    let category = f.check(DemandCategory::parse(&body.category));
    let source = f.check(DemandSource::parse(body.source.as_deref().unwrap_or("app")));
    let on_behalf_of = body
        .author_name
        .as_deref()
        .filter(|n| !n.trim().is_empty())
        .map(|n| f.check(DisplayName::parse_as("author_name", n)));
    let author_phone = body
        .author_phone
        .as_deref()
        .filter(|p| !p.trim().is_empty())
        .and_then(|p| f.check(Phone::parse_as("author_phone", p)));
    f.validate(&body);
    f.finish()?;
    let new = NewDemand {
        title: present(title)?,
        description: present(description)?,
        category: present(category)?,
        unit_id: body.unit_id,
        source: present(source)?,
        on_behalf_of: on_behalf_of.flatten().map(DisplayName::into_inner),
        author_phone,
    };
    let (created, similar) = db::run(&state.pool, move |conn| {
        let (d, similar) = demands::create(conn, &actor, new)?;
        Ok((one_for_reader(conn, &actor, d)?, for_reader(conn, &actor, similar)?))
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/demands/{}", created.id)))
        .json(CreatedDemand { demand: created, similar }))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct SimilarQuery {
    /// The community or compound the demand would be filed at.
    pub unit_id: Uuid,
    /// Its title so far.
    #[param(max_length = 100)]
    pub title: String,
    /// Its first 300 characters at most: enough to compare, short enough for a URL.
    #[param(max_length = 300)]
    pub description: Option<String>,
    /// Only demands of this category; all categories when none is chosen yet.
    #[param(value_type = Option<crate::openapi::DemandCategory>)]
    pub category: Option<String>,
}

/// Live demands like the one you are writing, before you file it: up to five of its
/// community, best first, by the rule filing uses. Co-sign one instead of filing a twin.
#[utoipa::path(get, operation_id = "demands_similar", path = "/api/v1/demands/similar", tag = "demands", params(SimilarQuery), security(("bearer" = [])),
    responses((status = 200, body = Vec<Demand>), (status = 403, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
pub async fn similar(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    query: web::Query<SimilarQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let mut f = Fields::new();
    let title = f.check(DemandTitle::parse_draft(&query.title));
    let description = f.check(DemandDescription::parse_draft(query.description.as_deref().unwrap_or("")));
    let category = query.category.as_deref().and_then(|c| f.check(DemandCategory::parse(c)));
    f.finish()?;
    let text = format!("{} {}", present(title)?, present(description)?);
    let found = db::run(&state.pool, move |conn| {
        let found = demands::similar_for_draft(conn, &actor, query.unit_id, category, &text)?;
        for_reader(conn, &actor, found)
    })
    .await?;
    Ok(HttpResponse::Ok().json(found))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ListQuery {
    #[param(value_type = Option<crate::openapi::DemandState>)]
    pub state: Option<String>,
    #[param(value_type = Option<crate::openapi::DemandCategory>)]
    pub category: Option<String>,
    /// At this unit or below it.
    pub unit_id: Option<Uuid>,
    /// Words in the title or description (Chinese substring). A search reads a bounded
    /// part of the search index per page, so a page may hold fewer than `limit` items
    /// while `next_cursor` is set: follow it for the rest.
    pub q: Option<String>,
    /// Only demands past (true) or within (false) their deadline.
    pub overdue: Option<bool>,
    /// Only your own: those you filed, or those you co-signed. Signed-in lists only: the
    /// public board refuses it (422).
    #[param(value_type = Option<crate::openapi::DemandMine>)]
    pub mine: Option<String>,
    /// `newest` (default), `cosigns` (most co-signed first) or `due` (earliest deadline
    /// first, so overdue lead; only demands whose clock runs).
    pub sort: Option<String>,
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

fn parse_list(query: ListQuery) -> Result<(demands::Filter, Page), ApiError> {
    Ok((parse_filter(&query)?, page(query.limit, query.cursor.as_deref())?))
}

/// The list's filters, which its export takes too.
pub(crate) fn parse_filter(query: &ListQuery) -> Result<demands::Filter, ApiError> {
    let sort = match query.sort.as_deref() {
        None | Some("newest") => Sort::Newest,
        Some("cosigns") => Sort::Cosigns,
        Some("due") => Sort::Due,
        Some(other) => {
            return Err(ApiError::invalid(
                "sort",
                "unknown_sort",
                format!("unknown sort {other:?}; expected newest, cosigns or due"),
            ))
        }
    };
    let filter = demands::Filter {
        state: query.state.as_deref().map(DemandState::parse).transpose()?,
        category: query.category.as_deref().map(DemandCategory::parse).transpose()?,
        unit_id: query.unit_id,
        q: SearchText::parse(query.q.as_deref())?.map(SearchText::into_inner),
        overdue: query.overdue,
        mine: query.mine.as_deref().map(DemandMine::parse).transpose()?,
        sort,
    };
    Ok(filter)
}

/// Your demand queue: officials see their scopes; residents their own demands and the
/// published ones of their street.
#[utoipa::path(get, operation_id = "demands_list", path = "/api/v1/demands", tag = "demands", params(ListQuery), security(("bearer" = [])),
    responses((status = 200, body = PageOf<Demand>), (status = 401, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
pub async fn list(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let (filter, page) = parse_list(query.into_inner())?;
    let page = db::run(&state.pool, move |conn| {
        let paged = demands::list(conn, Audience::User(&actor), &filter, page)?;
        let items = for_reader(conn, &actor, paged.items)?;
        Ok(PageOf::new(items, paged.next))
    })
    .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Read one demand.
#[utoipa::path(get, operation_id = "demands_get", path = "/api/v1/demands/{id}", tag = "demands", security(("bearer" = [])),
    responses((status = 200, body = Demand), (status = 404, body = crate::error::Problem)))]
pub async fn get(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let d = db::run(&state.pool, move |conn| {
        let d = demands::find_visible(conn, &actor, id)?;
        one_for_reader(conn, &actor, d)
    })
    .await?;
    Ok(HttpResponse::Ok().json(d))
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct DemandTransitionBody {
    #[schema(value_type = crate::openapi::DemandAction)]
    pub action: String,
    /// The version you read; a newer one on the server gives 409.
    #[schema(minimum = 1)]
    #[validate(range(min = 1, message = "version must be the positive version you read"))]
    pub version: i64,
    /// reject, refer: why (shown publicly).
    pub reason: Option<String>,
    /// merge: the live demand of the same street to merge into.
    pub target_id: Option<Uuid>,
    /// refer: where it went (e.g. 12345 热线, a department).
    pub referred_to: Option<String>,
}

/// Verify, reject, merge, refer or withdraw a demand.
#[utoipa::path(post, operation_id = "demands_transition", path = "/api/v1/demands/{id}/transitions", tag = "demands", request_body = DemandTransitionBody, security(("bearer" = [])),
    responses((status = 200, body = Demand), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
        (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
pub async fn transition(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<DemandTransitionBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let mut f = Fields::new();
    f.validate(&body);
    let action = f.check(DemandAction::parse_user(&body.action));
    f.finish()?;
    let action = present(action)?;
    let req = TransitionRequest {
        version: body.version,
        reason: body.reason,
        referred_to: body.referred_to,
        target_id: body.target_id,
    };
    let id = id.into_inner();
    let d = db::run(&state.pool, move |conn| {
        let d = demands::transition(conn, &actor, id, action, req)?;
        one_for_reader(conn, &actor, d)
    })
    .await?;
    Ok(HttpResponse::Ok().json(d))
}

/// Co-sign (附议) a published demand of your street, once.
#[utoipa::path(post, operation_id = "demands_cosign", path = "/api/v1/demands/{id}/cosign", tag = "demands", security(("bearer" = [])),
    responses((status = 200, body = Demand), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
        (status = 409, body = crate::error::Problem)))]
pub async fn cosign(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let d = db::run(&state.pool, move |conn| {
        let d = demands::cosign(conn, &actor, id)?;
        one_for_reader(conn, &actor, d)
    })
    .await?;
    Ok(HttpResponse::Ok().json(d))
}

/// One entry of a demand's timeline. Officials over the demand see who acted
/// (`actor_id`, `actor_name`) and in which role; its author and neighbours see only the
/// role (`actor_role`), never a person.
#[derive(Debug, Serialize, ToSchema)]
pub struct DemandEvent {
    pub id: Uuid,
    pub action: String,
    /// Only for officials over the demand; `null` for everyone else and for the system.
    pub actor_id: Option<Uuid>,
    /// The actor's display name; only for officials over the demand.
    pub actor_name: Option<String>,
    /// The role the actor acted in (its author and co-signers: `resident`); `null` when
    /// the system acted.
    #[schema(value_type = Option<crate::openapi::Role>)]
    pub actor_role: Option<String>,
    pub from_state: Option<String>,
    pub to_state: Option<String>,
    /// What the actor wrote: the reason of a rejection or referral.
    pub note: Option<String>,
    /// create: how it came in.
    #[schema(value_type = Option<crate::openapi::DemandSource>)]
    pub source: Option<String>,
    /// refer: where it was sent.
    pub referred_to: Option<String>,
    /// merge: the demand it was merged into.
    pub merged_into_id: Option<Uuid>,
    /// merge_in: the demand merged into this one, and how many of its supporters came along.
    pub merged_from_id: Option<Uuid>,
    pub cosigns_moved: Option<i64>,
    /// accept, resolve, reopen: the project that took it.
    pub project_id: Option<Uuid>,
    /// coordinate, resolve: the coordination case that took it up.
    pub case_id: Option<Uuid>,
    /// create through Open311: the integration organisation whose API key filed it (no
    /// person acted, so `actor_id` is `null`).
    pub organization_id: Option<Uuid>,
    /// create through Open311: the key that filed it; only for officials over the demand.
    pub api_key_id: Option<Uuid>,
    pub at: DateTime<Utc>,
}

impl DemandEvent {
    fn new(entry: Entry<domain::demand::DemandEvent>, view: TimelineView, facts: &DemandFacts<'_>) -> Self {
        use domain::demand::DemandEvent as E;
        let cosign = entry.event == E::Cosign;
        let role = entry.actor.as_ref().and_then(|a| domain::demand::acting_role(&a.actor, facts, cosign));
        let (actor_id, actor_name) = match view {
            TimelineView::Full => (entry.actor_id, entry.actor.map(|a| a.display_name)),
            TimelineView::RolesOnly => (None, None),
        };
        let mut out = DemandEvent {
            id: entry.id,
            action: entry.event.action().to_owned(),
            actor_id,
            actor_name,
            actor_role: role.map(|r| r.as_str().to_owned()),
            from_state: entry.from_state,
            to_state: entry.to_state,
            note: None,
            source: None,
            referred_to: None,
            merged_into_id: None,
            merged_from_id: None,
            cosigns_moved: None,
            project_id: None,
            case_id: None,
            organization_id: None,
            api_key_id: None,
            at: entry.at,
        };
        match entry.event {
            E::Create { source, via } => {
                out.source = Some(source.as_str().to_owned());
                out.organization_id = via.map(|v| v.organization_id);
                out.api_key_id = via.filter(|_| view == TimelineView::Full).map(|v| v.api_key_id);
            }
            E::Reject { reason, .. } => out.note = Some(reason),
            E::Refer { referred_to, reason, .. } => (out.referred_to, out.note) = (Some(referred_to), Some(reason)),
            E::Merge { merged_into_id, .. } => out.merged_into_id = Some(merged_into_id),
            E::MergeIn { merged_from_id, cosigns_moved } => {
                (out.merged_from_id, out.cosigns_moved) = (Some(merged_from_id), Some(cosigns_moved));
            }
            E::Coordinate { case_id } => out.case_id = Some(case_id),
            E::Resolve { project_id, case_id } => (out.project_id, out.case_id) = (project_id, case_id),
            E::Accept { project_id } | E::Reopen { project_id } => out.project_id = project_id,
            E::Cosign | E::Verify { .. } | E::Withdraw => {}
        }
        out.note = out.note.filter(|n| !n.is_empty());
        out
    }
}

/// The demand's timeline, oldest first.
#[utoipa::path(get, operation_id = "demands_events", path = "/api/v1/demands/{id}/events", tag = "demands", security(("bearer" = [])),
    responses((status = 200, body = Vec<DemandEvent>), (status = 404, body = crate::error::Problem)))]
pub async fn events(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let events = db::run(&state.pool, move |conn| {
        let d = demands::find_visible(conn, &actor, id)?;
        let facts = d.facts();
        let view = domain::demand::timeline_view(&actor, &facts);
        let timeline = persistence::events::timeline(conn, id)?;
        Ok(timeline.into_iter().map(|e| DemandEvent::new(e, view, &facts)).collect::<Vec<DemandEvent>>())
    })
    .await?;
    Ok(HttpResponse::Ok().json(events))
}

/// The public demand board: published and later demands, names masked, no login.
///
/// Pages are served from memory for up to a second: behind a load balancer, a change made
/// through another server process may take that long to show.
#[utoipa::path(get, operation_id = "demands_public_list", path = "/api/v1/public/demands", tag = "public", params(ListQuery),
    responses((status = 200, body = PageOf<PublicDemand>), (status = 422, body = crate::error::Problem)))]
pub async fn public_list(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let json = |body: Bytes| HttpResponse::Ok().content_type(ContentType::json()).body(body);
    // Only pages that rendered are kept, so a query that parses differently is never served
    // from here.
    let key = format!("{}?{}", req.path(), req.query_string());
    if let Some(body) = state.public_cache.get(&key) {
        return Ok(json(body));
    }
    let (filter, page) = parse_list(query.into_inner())?;
    if filter.mine.is_some() {
        return Err(ApiError::invalid(
            "mine",
            "mine_needs_sign_in",
            "the public board has no reader; sign in for your own demands",
        ));
    }
    let _turn = state.public_cache.turn(&key).await;
    if let Some(body) = state.public_cache.get(&key) {
        return Ok(json(body));
    }
    let generation = state.public_cache.generation();
    let body = db::run(&state.pool, move |conn| {
        let page = PageOf::from_paged(demands::list(conn, Audience::Public, &filter, page)?, PublicDemand::from);
        serde_json::to_vec(&page).map(Bytes::from).map_err(|e| ApiError::Internal(format!("rendering a page: {e}")))
    })
    .await?;
    state.public_cache.put(key, generation, body.clone());
    Ok(json(body))
}

/// One demand of the public board.
#[utoipa::path(get, operation_id = "demands_public_get", path = "/api/v1/public/demands/{id}", tag = "public",
    responses((status = 200, body = PublicDemand), (status = 404, body = crate::error::Problem)))]
pub async fn public_get(state: web::Data<AppState>, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let d = db::run(&state.pool, move |conn| Ok(PublicDemand::from(demands::find_public(conn, id)?))).await?;
    Ok(HttpResponse::Ok().json(d))
}
