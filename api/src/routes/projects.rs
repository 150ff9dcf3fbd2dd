//! `/projects` (民生实事: 党委接单 · 自治结单) and the public `/public/projects`.

use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use domain::access::{Actor, Capability};
use domain::history::History;
use domain::money::Fen;
use domain::project::{
    Beneficiaries, Part, Percent, Plan, ProgressNote, ProjectAction, ProjectCategory, ProjectDescription, ProjectState,
    ProjectTitle, RatingComment, RequiredApprovals, Score, Verdict,
};
use domain::values::SearchText;
use persistence::events::Entry;
use persistence::projects::{self, Filter, NewProject, ProjectChanges, ProjectReader, TransitionRequest};
use persistence::DbConnection;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::auth::Authenticated;
use crate::pagination::{page, PageOf};
use crate::routes::resources::Resource;
use crate::startup::AppState;
use crate::validation::{present, Fields};
use crate::{db, ApiError};

/// A project as a signed-in reader sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Project {
    pub id: Uuid,
    pub title: String,
    pub description: String,
    #[schema(value_type = crate::openapi::ProjectCategory)]
    pub category: String,
    /// The street, community or compound it serves.
    pub unit_id: Uuid,
    pub plan: String,
    pub budget_fen: i64,
    pub gov_funds_fen: i64,
    /// Confirmed co-builder money (confirmed `funds` claims).
    pub funded_fen: i64,
    /// What is still missing before the work may start: budget − government − confirmed, never negative.
    pub gap_fen: i64,
    pub required_approvals: i64,
    pub beneficiaries: i64,
    #[schema(value_type = crate::openapi::ProjectState)]
    pub state: String,
    /// The demands it was created to answer.
    pub demand_ids: Vec<Uuid>,
    /// The ones among `demand_ids` whose record you may open (`GET /demands/{id}`); the
    /// rest you read on the public board (`/public/demands/{id}`).
    pub readable_demand_ids: Vec<Uuid>,
    /// How many times supervisors sent it back (the current inspection round).
    pub rework_round: i64,
    /// The last percentage posted; what to draw is `shown_progress_percent`.
    pub progress_percent: i64,
    /// The progress to show in this state: the posted percentage while in progress, 100
    /// once completed or closed, none before the work starts or once cancelled.
    pub shown_progress_percent: Option<i64>,
    /// Where its money stands: `raising`, `secured` (the work started) or `released`
    /// (cancelled: confirmed claims went back to their resources).
    #[schema(value_type = crate::openapi::MoneyStanding)]
    pub money_standing: String,
    /// What was done, for the inspectors.
    pub completion_note: Option<String>,
    /// Why it was cancelled.
    pub cancel_reason: Option<String>,
    /// The property company that took over upkeep.
    pub maintainer_org_id: Option<Uuid>,
    pub handed_over_at: Option<DateTime<Utc>>,
    /// The property company's answer to the hand-over: pending, accepted or declined.
    #[schema(value_type = Option<crate::openapi::HandoverState>)]
    pub handover_state: Option<String>,
    /// Why it declined.
    pub handover_note: Option<String>,
    /// Upkeep steps open to you: answer the hand-over (`POST /projects/{id}/handover`),
    /// report a fault (`POST /faults`).
    #[schema(value_type = Vec<crate::openapi::UpkeepAction>)]
    pub upkeep_actions: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
    /// What you may do now: a transition (`POST /projects/{id}/transitions`), `post_progress`,
    /// `inspect`, `rate`, `claim` (`POST /claims` with one of your resources), or
    /// `request_resource` (`POST /claims` from the project's side, e.g. from its matches), or
    /// `edit` (`PATCH /projects/{id}`, a draft's fields).
    #[schema(value_type = Vec<crate::openapi::ProjectAllowedAction>)]
    pub allowed_actions: Vec<String>,
    /// Steps you could take in this state but for a further rule, each with that rule's
    /// refusal (a funding gap before `start`): why a step is not in `allowed_actions`.
    pub withheld_actions: Vec<WithheldAction>,
    /// You have rated it (only residents who asked for it rate).
    pub rated_by_me: bool,
    /// Where the current inspection round stands: on a single project's read (not in lists),
    /// `null` unless the project is `completed`.
    pub inspection_tally: Option<InspectionTally>,
}

/// The current inspection round of a completed project.
#[derive(Debug, Serialize, ToSchema)]
pub struct InspectionTally {
    /// The rework round the votes belong to (0 for the first inspection).
    pub round: i64,
    /// Passes needed to close it (as many fails send it back).
    pub required: u32,
    pub passes: u32,
    pub fails: u32,
    /// Supervisors who may vote on it; once all have voted without a decision, it goes
    /// back to work.
    pub eligible: u32,
    /// Votes cast this round.
    pub voted: u32,
}

/// A step refused now, with the refusal its request would get.
#[derive(Debug, Serialize, ToSchema)]
pub struct WithheldAction {
    #[schema(value_type = crate::openapi::ProjectAction)]
    pub action: String,
    /// The refusal's code, as in the problem the request would get (`funding_gap`).
    pub code: String,
    pub detail: String,
}

impl Project {
    fn new(p: projects::Project, actor: &Actor, reader: &ProjectReader, tally: Option<projects::RoundTally>) -> Self {
        let allowed_actions = p.allowed_actions(actor, reader).iter().map(|a| a.as_str().to_owned()).collect();
        let withheld_actions = domain::project::withheld_actions(actor, &p.facts())
            .into_iter()
            .map(|(action, refusal)| WithheldAction {
                action: action.as_str().to_owned(),
                code: refusal.code().to_owned(),
                detail: refusal.to_string(),
            })
            .collect();
        Project {
            inspection_tally: tally.map(|t| InspectionTally {
                round: t.round,
                required: t.required,
                passes: t.votes.passes,
                fails: t.votes.fails,
                eligible: t.votes.eligible,
                voted: t.votes.passes + t.votes.fails,
            }),
            withheld_actions,
            rated_by_me: reader.rated(p.id),
            readable_demand_ids: p.demand_ids.iter().copied().filter(|d| reader.reads_demand(*d)).collect(),
            gap_fen: p.funding().gap().get(),
            id: p.id,
            title: p.title,
            description: p.description,
            category: p.category.as_str().to_owned(),
            unit_id: p.unit_id,
            plan: p.plan,
            budget_fen: p.budget.get(),
            gov_funds_fen: p.gov_funds.get(),
            funded_fen: p.funded.get(),
            required_approvals: i64::from(p.required_approvals.get()),
            beneficiaries: p.beneficiaries,
            state: p.state.as_str().to_owned(),
            demand_ids: p.demand_ids,
            rework_round: p.rework_round,
            progress_percent: p.progress_percent,
            shown_progress_percent: p.state.shown_progress(p.progress_percent),
            money_standing: p.state.money_standing().as_str().to_owned(),
            completion_note: p.completion_note,
            cancel_reason: p.cancel_reason,
            maintainer_org_id: p.maintainer_org_id,
            handed_over_at: p.handed_over_at,
            handover_state: p.handover_state.map(|s| s.as_str().to_owned()),
            handover_note: p.handover_note.clone(),
            upkeep_actions: domain::upkeep::project_actions(actor, p.maintainer_org_id, p.handover_state, &p.unit_path)
                .iter()
                .map(|a| a.as_str().to_owned())
                .collect(),
            created_at: p.created_at,
            updated_at: p.updated_at,
            version: p.version,
            allowed_actions,
        }
    }
}

/// Projects as `actor` sees them, with what it may do to each.
/// A page of projects: without their inspection tallies, which count eligible supervisors
/// project by project (a list stays a fixed number of queries).
fn for_reader(conn: &mut DbConnection, actor: &Actor, found: Vec<projects::Project>) -> Result<Vec<Project>, ApiError> {
    let reader = ProjectReader::load(conn, actor, &found.iter().collect::<Vec<_>>())?;
    Ok(found.into_iter().map(|p| Project::new(p, actor, &reader, None)).collect())
}

/// One project, with its inspection tally when it is completed.
pub(crate) fn one_for_reader(
    conn: &mut DbConnection,
    actor: &Actor,
    p: projects::Project,
) -> Result<Project, ApiError> {
    let reader = ProjectReader::load(conn, actor, &[&p])?;
    let tally = projects::round_tally(conn, &p)?;
    Ok(Project::new(p, actor, &reader, tally))
}

/// One residents' vote as the public sees it: what was decided and said, not by whom.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicVote {
    pub round: i64,
    #[schema(value_type = crate::openapi::Verdict)]
    pub verdict: String,
    pub comment: String,
    pub created_at: DateTime<Utc>,
}

/// A rating's comment, without its author.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicComment {
    pub score: i64,
    pub comment: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PublicRatings {
    pub count: i64,
    pub average: Option<f64>,
    /// How many gave 1, 2, 3, 4 and 5.
    pub by_score: Vec<i64>,
    /// The newest comments given with a rating (at most 50).
    pub comments: Vec<PublicComment>,
}

/// What an organisation put into the project: its confirmed and fulfilled claims.
#[derive(Debug, Serialize, ToSchema)]
pub struct Contribution {
    pub organization_name: String,
    #[schema(value_type = crate::openapi::OrganizationKind)]
    pub organization_kind: String,
    #[schema(value_type = crate::openapi::ResourceKind)]
    pub kind: String,
    pub quantity: i64,
    /// `fen` for funds, else the resource's own measure.
    pub measure: String,
}

/// What a project came to (自治结单): its inspection votes, its residents' ratings, and who
/// funded it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProjectOutcome {
    pub votes: Vec<PublicVote>,
    pub ratings: PublicRatings,
    pub gov_funds_fen: i64,
    pub contributions: Vec<Contribution>,
}

/// A project on the public board (published or later): no user ids.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicProject {
    pub id: Uuid,
    pub title: String,
    pub description: String,
    #[schema(value_type = crate::openapi::ProjectCategory)]
    pub category: String,
    pub unit_id: Uuid,
    pub plan: String,
    pub budget_fen: i64,
    pub gov_funds_fen: i64,
    pub funded_fen: i64,
    pub beneficiaries: i64,
    #[schema(value_type = crate::openapi::ProjectState)]
    pub state: String,
    pub demand_ids: Vec<Uuid>,
    /// The last percentage posted; what to draw is `shown_progress_percent`.
    pub progress_percent: i64,
    /// The progress to show in this state: the posted percentage while in progress, 100
    /// once completed or closed, none before the work starts or once cancelled.
    pub shown_progress_percent: Option<i64>,
    /// Where its money stands: `raising`, `secured` (the work started) or `released`
    /// (cancelled: confirmed claims went back to their resources).
    #[schema(value_type = crate::openapi::MoneyStanding)]
    pub money_standing: String,
    pub completion_note: Option<String>,
    pub cancel_reason: Option<String>,
    pub maintainer_org_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<projects::Project> for PublicProject {
    fn from(p: projects::Project) -> Self {
        PublicProject {
            id: p.id,
            title: p.title,
            description: p.description,
            category: p.category.as_str().to_owned(),
            unit_id: p.unit_id,
            plan: p.plan,
            budget_fen: p.budget.get(),
            gov_funds_fen: p.gov_funds.get(),
            funded_fen: p.funded.get(),
            beneficiaries: p.beneficiaries,
            state: p.state.as_str().to_owned(),
            demand_ids: p.demand_ids,
            progress_percent: p.progress_percent,
            shown_progress_percent: p.state.shown_progress(p.progress_percent),
            money_standing: p.state.money_standing().as_str().to_owned(),
            completion_note: p.completion_note,
            cancel_reason: p.cancel_reason,
            maintainer_org_id: p.maintainer_org_id,
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct NewProjectRequest {
    #[schema(min_length = 2, max_length = 100)]
    pub title: String,
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub description: String,
    #[schema(value_type = crate::openapi::ProjectCategory)]
    pub category: String,
    /// A street, community or compound of your street.
    pub unit_id: Uuid,
    /// How it will be done (实施方案), 1–5000 characters.
    #[schema(max_length = 5000)]
    pub plan: String,
    #[schema(minimum = 0)]
    pub budget_fen: i64,
    /// Government money for it, at most the budget.
    #[schema(minimum = 0)]
    pub gov_funds_fen: i64,
    /// Supervisor passes needed to close it (and fails that send it back), 1–9; default 2.
    #[schema(minimum = 1, maximum = 9)]
    pub required_approvals: Option<i64>,
    /// How many residents it serves.
    #[schema(minimum = 0)]
    pub beneficiaries: Option<i64>,
    /// Published demands of the project's street it answers (1–50); they become `accepted`.
    #[schema(min_items = 1, max_items = 50)]
    #[validate(length(max = 50, message = "a project answers at most 50 demands"))]
    pub demand_ids: Vec<Uuid>,
}

/// Create a project (draft) answering published demands of your street.
#[utoipa::path(post, operation_id = "projects_create", path = "/api/v1/projects", tag = "projects", request_body = NewProjectRequest, security(("bearer" = [])),
    responses((status = 201, body = Project), (status = 403, body = crate::error::Problem), (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
pub async fn create(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    body: web::Json<NewProjectRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let mut f = Fields::new();
    f.validate(&body);
    let title = f.check(ProjectTitle::parse(&body.title));
    let description = f.check(ProjectDescription::parse(&body.description));
    let category = f.check(ProjectCategory::parse(&body.category));
    let plan = f.check(Plan::parse(&body.plan));
    let budget = f.check(Fen::parse("budget_fen", body.budget_fen));
    let gov_funds = f.check(Fen::parse("gov_funds_fen", body.gov_funds_fen));
    let required = f.check(body.required_approvals.map_or(Ok(RequiredApprovals::DEFAULT), RequiredApprovals::parse));
    let beneficiaries = f.check(Beneficiaries::parse(body.beneficiaries.unwrap_or(0)));
    f.finish()?;
    let new = NewProject {
        title: present(title)?,
        description: present(description)?,
        category: present(category)?,
        unit_id: body.unit_id,
        plan: present(plan)?,
        budget: present(budget)?,
        gov_funds: present(gov_funds)?,
        required_approvals: present(required)?,
        beneficiaries: present(beneficiaries)?,
        demand_ids: body.demand_ids,
    };
    let created = db::run(&state.pool, move |conn| {
        let p = projects::create(conn, &actor, new)?;
        one_for_reader(conn, &actor, p)
    })
    .await?;
    Ok(HttpResponse::Created().insert_header(("Location", format!("/api/v1/projects/{}", created.id))).json(created))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ListQuery {
    #[param(value_type = Option<crate::openapi::ProjectState>)]
    pub state: Option<String>,
    #[param(value_type = Option<crate::openapi::ProjectCategory>)]
    pub category: Option<String>,
    /// At this unit or below it.
    pub unit_id: Option<Uuid>,
    /// Words in the title or description.
    pub q: Option<String>,
    /// Handed over to this property company (its maintained projects).
    pub maintainer_org_id: Option<Uuid>,
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

/// The list's filters, which its export takes too.
pub(crate) fn parse_list(query: &ListQuery) -> Result<Filter, ApiError> {
    Ok(Filter {
        state: query.state.as_deref().map(ProjectState::parse).transpose()?,
        category: query.category.as_deref().map(ProjectCategory::parse).transpose()?,
        unit_id: query.unit_id,
        q: SearchText::parse(query.q.as_deref())?.map(SearchText::into_inner),
        maintainer_org_id: query.maintainer_org_id,
    })
}

/// Projects, newest first: published and later ones, and drafts where you may read them.
#[utoipa::path(get, operation_id = "projects_list", path = "/api/v1/projects", tag = "projects", params(ListQuery), security(("bearer" = [])),
    responses((status = 200, body = PageOf<Project>)))]
pub async fn list(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let filter = parse_list(&query)?;
    let page = page(query.limit, query.cursor.as_deref())?;
    let out = db::run(&state.pool, move |conn| {
        let found = projects::list(conn, Some(&actor), &filter, page)?;
        let next = found.next;
        let items = for_reader(conn, &actor, found.items)?;
        Ok(PageOf::new(items, next))
    })
    .await?;
    Ok(HttpResponse::Ok().json(out))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct CountQuery {
    #[param(value_type = Option<crate::openapi::ProjectCategory>)]
    pub category: Option<String>,
    /// At this unit or below it.
    pub unit_id: Option<Uuid>,
    /// Words in the title or description.
    pub q: Option<String>,
    pub maintainer_org_id: Option<Uuid>,
}

/// How many projects are in one state.
#[derive(Debug, Serialize, ToSchema)]
pub struct StateCount {
    #[schema(value_type = crate::openapi::ProjectState)]
    pub state: String,
    pub count: i64,
}

/// The list's projects counted by state, for its state tabs.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProjectCounts {
    /// Every state in lifecycle order, with 0 where there are none.
    pub by_state: Vec<StateCount>,
    pub total: i64,
}

/// How many of the projects `GET /projects` would list with these filters are in each state
/// (拟定 3 · 公示中 5 · …): the same reader's view, drafts only where it may read them.
#[utoipa::path(get, operation_id = "projects_counts", path = "/api/v1/projects/counts", tag = "projects", params(CountQuery),
    security(("bearer" = [])),
    responses((status = 200, body = ProjectCounts), (status = 401, body = crate::error::Problem),
        (status = 422, body = crate::error::Problem)))]
pub async fn counts(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    query: web::Query<CountQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let filter = parse_list(&ListQuery {
        state: None,
        category: query.category,
        unit_id: query.unit_id,
        q: query.q,
        maintainer_org_id: query.maintainer_org_id,
        limit: None,
        cursor: None,
    })?;
    let found = db::run(&state.pool, move |conn| Ok(projects::count_by_state(conn, Some(&actor), &filter)?)).await?;
    let by_state: Vec<StateCount> = ProjectState::ALL
        .iter()
        .map(|s| StateCount {
            state: s.as_str().to_owned(),
            count: found.iter().find(|(f, _)| f == s).map_or(0, |(_, n)| *n),
        })
        .collect();
    let total = by_state.iter().map(|c| c.count).sum();
    Ok(HttpResponse::Ok().json(ProjectCounts { by_state, total }))
}

/// Read one project.
#[utoipa::path(get, operation_id = "projects_get", path = "/api/v1/projects/{id}", tag = "projects", security(("bearer" = [])),
    responses((status = 200, body = Project)))]
pub async fn get(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let p = db::run(&state.pool, move |conn| {
        let p = projects::find_visible(conn, Some(&actor), id)?;
        one_for_reader(conn, &actor, p)
    })
    .await?;
    Ok(HttpResponse::Ok().json(p))
}

/// A draft's fields to change; those left out stay as they are.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct ProjectPatch {
    /// The version you read; a newer one on the server gives 409.
    #[schema(minimum = 1)]
    #[validate(range(min = 1, message = "version must be the positive version you read"))]
    pub version: i64,
    #[schema(min_length = 2, max_length = 100)]
    pub title: Option<String>,
    #[schema(max_length = 2000)]
    pub description: Option<String>,
    #[schema(value_type = Option<crate::openapi::ProjectCategory>)]
    pub category: Option<String>,
    #[schema(max_length = 5000)]
    pub plan: Option<String>,
    #[schema(minimum = 0)]
    pub budget_fen: Option<i64>,
    /// At most the budget (the new one, when both change).
    #[schema(minimum = 0)]
    pub gov_funds_fen: Option<i64>,
    #[schema(minimum = 1, maximum = 9)]
    pub required_approvals: Option<i64>,
    #[schema(minimum = 0)]
    pub beneficiaries: Option<i64>,
}

/// Edit a draft project (its street committee); once published it is refused with 409
/// `not_editable`.
#[utoipa::path(patch, operation_id = "projects_update", path = "/api/v1/projects/{id}", tag = "projects", request_body = ProjectPatch, security(("bearer" = [])),
    responses((status = 200, body = Project), (status = 403, body = crate::error::Problem), (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
pub async fn update(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<ProjectPatch>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let mut f = Fields::new();
    f.validate(&body);
    let title = body.title.as_deref().map(|v| f.check(ProjectTitle::parse(v)));
    let description = body.description.as_deref().map(|v| f.check(ProjectDescription::parse(v)));
    let category = body.category.as_deref().map(|v| f.check(ProjectCategory::parse(v)));
    let plan = body.plan.as_deref().map(|v| f.check(Plan::parse(v)));
    let budget = body.budget_fen.map(|v| f.check(Fen::parse("budget_fen", v)));
    let gov_funds = body.gov_funds_fen.map(|v| f.check(Fen::parse("gov_funds_fen", v)));
    let required = body.required_approvals.map(|v| f.check(RequiredApprovals::parse(v)));
    let beneficiaries = body.beneficiaries.map(|v| f.check(Beneficiaries::parse(v)));
    f.finish()?;
    let changes = ProjectChanges {
        version: body.version,
        title: title.map(present).transpose()?,
        description: description.map(present).transpose()?,
        category: category.map(present).transpose()?,
        plan: plan.map(present).transpose()?,
        budget: budget.map(present).transpose()?,
        gov_funds: gov_funds.map(present).transpose()?,
        required_approvals: required.map(present).transpose()?,
        beneficiaries: beneficiaries.map(present).transpose()?,
    };
    let id = id.into_inner();
    let p = db::run(&state.pool, move |conn| {
        let p = projects::update(conn, &actor, id, changes)?;
        one_for_reader(conn, &actor, p)
    })
    .await?;
    Ok(HttpResponse::Ok().json(p))
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct ProjectTransitionBody {
    #[schema(value_type = crate::openapi::ProjectAction)]
    pub action: String,
    /// The version you read; a newer one on the server gives 409.
    #[schema(minimum = 1)]
    #[validate(range(min = 1, message = "version must be the positive version you read"))]
    pub version: i64,
    /// complete: what was done (the completion note for the inspectors).
    pub note: Option<String>,
    /// cancel: why (its demands go back on the list).
    pub reason: Option<String>,
    /// hand_over: the property-service organisation of the street taking over upkeep.
    pub maintainer_org_id: Option<Uuid>,
}

/// Publish, start, complete, hand over or cancel a project. `start` is refused with 409
/// `funding_gap` until government funds and confirmed co-builder funds cover the budget.
#[utoipa::path(post, operation_id = "projects_transition", path = "/api/v1/projects/{id}/transitions", tag = "projects", request_body = ProjectTransitionBody, security(("bearer" = [])),
    responses((status = 200, body = Project), (status = 403, body = crate::error::Problem), (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
pub async fn transition(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<ProjectTransitionBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let mut f = Fields::new();
    f.validate(&body);
    let action = f.check(ProjectAction::parse_user(&body.action));
    f.finish()?;
    let action = present(action)?;
    let req = TransitionRequest {
        version: body.version,
        note: body.note,
        reason: body.reason,
        maintainer_org_id: body.maintainer_org_id,
    };
    let id = id.into_inner();
    let p = db::run(&state.pool, move |conn| {
        let p = projects::transition(conn, &actor, id, action, req)?;
        one_for_reader(conn, &actor, p)
    })
    .await?;
    Ok(HttpResponse::Ok().json(p))
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct ProgressRequest {
    /// What was done since the last update, 1–1000 characters.
    #[schema(max_length = 1000)]
    pub note: String,
    #[schema(minimum = 0, maximum = 100)]
    pub percent: i64,
}

/// One progress update (进度) of a project in progress.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProjectProgress {
    pub id: Uuid,
    pub note: String,
    pub percent: i64,
    pub created_at: DateTime<Utc>,
}

/// Post a progress update: the street committee, or a co-builder with a confirmed claim.
#[utoipa::path(post, operation_id = "projects_post_progress", path = "/api/v1/projects/{id}/progress", tag = "projects", request_body = ProgressRequest, security(("bearer" = [])),
    responses((status = 200, body = Project), (status = 403, body = crate::error::Problem), (status = 409, body = crate::error::Problem)))]
pub async fn post_progress(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<ProgressRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let mut f = Fields::new();
    let note = f.check(ProgressNote::parse(&body.note));
    let percent = f.check(Percent::parse(body.percent));
    f.finish()?;
    let (note, percent) = (present(note)?, present(percent)?);
    let id = id.into_inner();
    let p = db::run(&state.pool, move |conn| {
        let p = projects::post_progress(conn, &actor, id, note, percent)?;
        one_for_reader(conn, &actor, p)
    })
    .await?;
    Ok(HttpResponse::Ok().json(p))
}

/// The project's progress updates, oldest first.
#[utoipa::path(get, operation_id = "projects_progress", path = "/api/v1/projects/{id}/progress", tag = "projects", security(("bearer" = [])),
    responses((status = 200, body = Vec<ProjectProgress>)))]
pub async fn progress(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let out = db::run(&state.pool, move |conn| progress_of(conn, Some(&actor), id)).await?;
    Ok(HttpResponse::Ok().json(out))
}

/// The progress updates of a public project, oldest first: what residents follow without
/// signing in (no author is named).
#[utoipa::path(get, operation_id = "projects_public_progress", path = "/api/v1/public/projects/{id}/progress", tag = "public",
    responses((status = 200, body = Vec<ProjectProgress>)))]
pub async fn public_progress(state: web::Data<AppState>, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let out = db::run(&state.pool, move |conn| progress_of(conn, None, id)).await?;
    Ok(HttpResponse::Ok().json(out))
}

fn progress_of(conn: &mut DbConnection, reader: Option<&Actor>, id: Uuid) -> Result<Vec<ProjectProgress>, ApiError> {
    Ok(projects::progress(conn, reader, id)?
        .into_iter()
        .map(|p| ProjectProgress { id: p.id, note: p.note, percent: p.percent, created_at: p.created_at })
        .collect())
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct InspectionRequest {
    #[schema(value_type = crate::openapi::Verdict)]
    pub verdict: String,
    /// What you saw; required with a fail (what must be redone), at most 500 characters.
    #[schema(max_length = 500)]
    pub comment: Option<String>,
}

/// One supervisor's vote in an inspection round.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProjectInspection {
    pub id: Uuid,
    /// The rework round it was cast in (0 for the first inspection).
    pub round: i64,
    #[schema(value_type = crate::openapi::Verdict)]
    pub verdict: String,
    pub comment: String,
    /// Yours.
    pub mine: bool,
    /// Who cast it: only for the district admin and auditors over the project.
    pub voter: Option<InspectionVoter>,
    pub created_at: DateTime<Utc>,
}

/// The supervisor behind a vote, and the residents' organisation it voted for.
#[derive(Debug, Serialize, ToSchema)]
pub struct InspectionVoter {
    pub user_id: Uuid,
    pub display_name: String,
    pub organization_id: Option<Uuid>,
    pub organization_name: Option<String>,
}

/// Vote pass or fail on a completed project (supervisors of a residents' organisation at or
/// below its unit, once per round). `required_approvals` passes (more than the fails) close
/// it; that many fails send it back to work.
#[utoipa::path(post, operation_id = "projects_inspect", path = "/api/v1/projects/{id}/inspections", tag = "projects", request_body = InspectionRequest, security(("bearer" = [])),
    responses((status = 200, body = Project), (status = 403, body = crate::error::Problem), (status = 409, body = crate::error::Problem)))]
pub async fn inspect(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<InspectionRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let mut f = Fields::new();
    let verdict = f.check(Verdict::parse(&body.verdict));
    f.finish()?;
    let verdict = present(verdict)?;
    let comment = body.comment.unwrap_or_default();
    let id = id.into_inner();
    let p = db::run(&state.pool, move |conn| {
        let p = projects::inspect(conn, &actor, id, verdict, &comment)?;
        one_for_reader(conn, &actor, p)
    })
    .await?;
    Ok(HttpResponse::Ok().json(p))
}

/// The votes cast on a project, every round, oldest first; with the voters' names for
/// the district admin and auditors over it.
#[utoipa::path(get, operation_id = "projects_inspections", path = "/api/v1/projects/{id}/inspections", tag = "projects", security(("bearer" = [])),
    responses((status = 200, body = Vec<ProjectInspection>)))]
pub async fn inspections(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let me = actor.user_id;
    let out = db::run(&state.pool, move |conn| {
        let found = projects::inspections(conn, Some(&actor), id)?;
        Ok(found
            .into_iter()
            .map(|i| ProjectInspection {
                id: i.id,
                round: i.round,
                verdict: i.verdict.as_str().to_owned(),
                comment: i.comment,
                mine: i.inspector_id == me,
                voter: i.voter.map(|v| InspectionVoter {
                    user_id: i.inspector_id,
                    display_name: v.display_name,
                    organization_id: v.organization.as_ref().map(|(id, _)| *id),
                    organization_name: v.organization.map(|(_, name)| name),
                }),
                created_at: i.created_at,
            })
            .collect::<Vec<_>>())
    })
    .await?;
    Ok(HttpResponse::Ok().json(out))
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct RatingRequest {
    #[schema(minimum = 1, maximum = 5)]
    pub score: i64,
    #[schema(max_length = 500)]
    pub comment: Option<String>,
}

/// Rate a closed project 1–5, once: the authors and co-signers of its demands.
#[utoipa::path(post, operation_id = "projects_rate", path = "/api/v1/projects/{id}/ratings", tag = "projects", request_body = RatingRequest, security(("bearer" = [])),
    responses((status = 200, body = Project), (status = 403, body = crate::error::Problem), (status = 409, body = crate::error::Problem)))]
pub async fn rate(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<RatingRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let mut f = Fields::new();
    let score = f.check(Score::parse(body.score));
    let comment = f.check(RatingComment::parse(body.comment.as_deref().unwrap_or("")));
    f.finish()?;
    let (score, comment) = (present(score)?, present(comment)?);
    let id = id.into_inner();
    let p = db::run(&state.pool, move |conn| {
        let p = projects::rate(conn, &actor, id, score, comment)?;
        one_for_reader(conn, &actor, p)
    })
    .await?;
    Ok(HttpResponse::Ok().json(p))
}

/// One entry of a project's timeline. Officials who read the project's drafts see who acted;
/// everyone else sees what happened.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProjectEvent {
    pub id: Uuid,
    pub action: String,
    /// Only for officials over the project.
    pub actor_name: Option<String>,
    /// The role the actor took part in (a vote: `supervisor`, a rating: `resident`); `null`
    /// when the system acted.
    #[schema(value_type = Option<crate::openapi::Role>)]
    pub actor_role: Option<String>,
    pub from_state: Option<String>,
    pub to_state: Option<String>,
    /// What the actor wrote: the completion note, the cancel reason, the progress text, the
    /// inspection comment.
    pub note: Option<String>,
    /// progress: how far the work is, 0–100.
    pub percent: Option<i64>,
    /// inspect: the vote.
    #[schema(value_type = Option<crate::openapi::Verdict>)]
    pub verdict: Option<String>,
    /// rate: 1–5.
    pub score: Option<i64>,
    /// hand_over: the property company that took over upkeep.
    pub maintainer_org_id: Option<Uuid>,
    /// close, rework: the round's votes when it settled.
    pub tally: Option<VoteCount>,
    pub at: DateTime<Utc>,
}

/// Votes of an inspection round.
#[derive(Debug, Serialize, ToSchema)]
pub struct VoteCount {
    pub passes: u32,
    pub fails: u32,
    /// The supervisors who may vote on the project (of its unit or below, independent of
    /// the work), whether or not they have.
    pub eligible: u32,
}

impl From<domain::project::Votes> for VoteCount {
    fn from(v: domain::project::Votes) -> Self {
        VoteCount { passes: v.passes, fails: v.fails, eligible: v.eligible }
    }
}

/// The project's timeline, oldest first.
#[utoipa::path(get, operation_id = "projects_events", path = "/api/v1/projects/{id}/events", tag = "projects", security(("bearer" = [])),
    responses((status = 200, body = Vec<ProjectEvent>)))]
pub async fn events(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let out = db::run(&state.pool, move |conn| {
        let p = projects::find_visible(conn, Some(&actor), id)?;
        let official = actor.may(Capability::ReadProjects, &p.unit_path);
        let facts = p.facts();
        Ok(persistence::events::timeline(conn, id)?
            .into_iter()
            .map(|entry: Entry<domain::project::ProjectEvent>| {
                use domain::project::ProjectEvent as E;
                let part = Part::of_event(entry.event.action());
                let mut out = ProjectEvent {
                    id: entry.id,
                    actor_role: entry
                        .actor
                        .as_ref()
                        .and_then(|a| domain::project::acting_role(&a.actor, &facts, part))
                        .map(|r| r.as_str().to_owned()),
                    actor_name: entry.actor.filter(|_| official).map(|a| a.display_name),
                    action: entry.event.action().to_owned(),
                    from_state: entry.from_state,
                    to_state: entry.to_state,
                    note: None,
                    percent: None,
                    verdict: None,
                    score: None,
                    maintainer_org_id: None,
                    tally: None,
                    at: entry.at,
                };
                match entry.event {
                    E::Progress { percent, note } => (out.percent, out.note) = (Some(percent), Some(note)),
                    E::Complete { note } => out.note = note,
                    E::Inspect { verdict, comment } => {
                        (out.verdict, out.note) = (Some(verdict.as_str().to_owned()), comment);
                    }
                    E::Close { tally } | E::Rework { tally } => out.tally = tally.map(VoteCount::from),
                    E::HandOver { maintainer_org_id } => out.maintainer_org_id = Some(maintainer_org_id),
                    E::Cancel { reason } => out.note = Some(reason),
                    E::Rate { score } => out.score = Some(score),
                    E::AcceptHandOver { maintainer_org_id } => out.maintainer_org_id = Some(maintainer_org_id),
                    E::DeclineHandOver { maintainer_org_id, note } => {
                        (out.maintainer_org_id, out.note) = (Some(maintainer_org_id), Some(note));
                    }
                    E::Create | E::Edit | E::Publish | E::Start => {}
                }
                out.note = out.note.filter(|n| !n.is_empty());
                out
            })
            .collect::<Vec<ProjectEvent>>())
    })
    .await?;
    Ok(HttpResponse::Ok().json(out))
}

/// Why a resource suits a project, one part of its score.
#[derive(Debug, Serialize, ToSchema)]
pub struct MatchReason {
    #[schema(value_type = crate::openapi::MatchFactor)]
    pub factor: String,
    pub points: u32,
    /// In Chinese, for the street official (本街道的资源，就近对接 · 项目仍有资金缺口 ¥12,000 · …).
    pub detail: String,
}

/// A resource that could serve the project, with its score explained.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResourceMatch {
    pub resource: Resource,
    /// Sorts the matches; the reasons and the summary say what it means.
    pub score: u32,
    pub reasons: Vec<MatchReason>,
    /// The score in words, in Chinese: 推荐：同街道、补足资金缺口 (推荐 when it fills what the
    /// project lacks, 可选 when the project has that already).
    pub summary: String,
}

/// How many candidate resources matching reads for one project.
const MATCH_CANDIDATES: i64 = 500;

/// Available resources for the project, best first (精准对接): its own street before
/// district-wide ones; kinds it still lacks, the money it cannot start without first; how
/// much of the need is left; soonest expiry.
#[utoipa::path(get, operation_id = "projects_matches", path = "/api/v1/projects/{id}/matches", tag = "projects", security(("bearer" = [])),
    responses((status = 200, body = Vec<ResourceMatch>)))]
pub async fn matches(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let out = db::run(&state.pool, move |conn| {
        let p = projects::find_visible(conn, Some(&actor), id)?;
        let candidates = persistence::resources::candidates(conn, &p.unit_path, MATCH_CANDIDATES)?;
        let held: Vec<domain::resource::ResourceKind> = persistence::claims::held_by_project(conn, id)?
            .iter()
            .filter_map(|k| domain::resource::ResourceKind::parse(k).ok())
            .collect();
        let offers: Vec<domain::matching::Offer<'_>> =
            candidates.iter().map(|r| domain::matching::Offer { resource: r.facts(), measure: &r.measure }).collect();
        let ranked =
            domain::matching::rank(&p.facts(), domain::matching::Holdings { kinds: &held }, &offers, Utc::now());
        let now = Utc::now();
        Ok(ranked
            .into_iter()
            .filter_map(|m| {
                let r = candidates.iter().find(|r| r.id == m.resource_id)?;
                Some(ResourceMatch {
                    resource: Resource::new(r.clone(), &actor, now),
                    score: m.score,
                    summary: m.summary,
                    reasons: m
                        .reasons
                        .into_iter()
                        .map(|x| MatchReason {
                            factor: x.factor.as_str().to_owned(),
                            points: x.points,
                            detail: x.detail,
                        })
                        .collect(),
                })
            })
            .collect::<Vec<_>>())
    })
    .await?;
    Ok(HttpResponse::Ok().json(out))
}

/// The public project board: published and later projects, no login.
#[utoipa::path(get, operation_id = "projects_public_list", path = "/api/v1/public/projects", tag = "public", params(ListQuery),
    responses((status = 200, body = PageOf<PublicProject>)))]
pub async fn public_list(state: web::Data<AppState>, query: web::Query<ListQuery>) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let filter = parse_list(&query)?;
    let page = page(query.limit, query.cursor.as_deref())?;
    let out = db::run(&state.pool, move |conn| {
        let found = projects::list(conn, None, &filter, page)?;
        Ok(PageOf::from_paged(found, PublicProject::from))
    })
    .await?;
    Ok(HttpResponse::Ok().json(out))
}

/// What a project came to, for anyone: its inspection, ratings and contributions.
#[utoipa::path(get, operation_id = "projects_public_outcome", path = "/api/v1/public/projects/{id}/outcome", tag = "public",
    responses((status = 200, body = ProjectOutcome), (status = 404, body = crate::error::Problem)))]
pub async fn public_outcome(state: web::Data<AppState>, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let out = db::run(&state.pool, move |conn| {
        let o = projects::outcome::outcome(conn, id)?;
        Ok(ProjectOutcome {
            votes: o
                .votes
                .into_iter()
                .map(|v| PublicVote {
                    round: v.round,
                    verdict: v.verdict.as_str().to_owned(),
                    comment: v.comment,
                    created_at: v.at,
                })
                .collect(),
            ratings: PublicRatings {
                count: o.ratings.count(),
                average: o.ratings.average(),
                by_score: o.ratings.0.to_vec(),
                comments: o
                    .comments
                    .into_iter()
                    .map(|c| PublicComment { score: c.score, comment: c.comment, created_at: c.at })
                    .collect(),
            },
            gov_funds_fen: o.gov_funds_fen,
            contributions: o
                .contributions
                .into_iter()
                .map(|c| Contribution {
                    organization_name: c.organization_name,
                    organization_kind: c.organization_kind.as_str().to_owned(),
                    kind: c.kind.as_str().to_owned(),
                    quantity: c.quantity,
                    measure: c.measure,
                })
                .collect(),
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(out))
}

/// One project of the public board.
#[utoipa::path(get, operation_id = "projects_public_get", path = "/api/v1/public/projects/{id}", tag = "public",
    responses((status = 200, body = PublicProject)))]
pub async fn public_get(state: web::Data<AppState>, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let p = db::run(&state.pool, move |conn| Ok(PublicProject::from(projects::find_visible(conn, None, id)?))).await?;
    Ok(HttpResponse::Ok().json(p))
}
