//! `/volunteer-activities` (社工+义工, SPEC §4.5), a volunteer's own service
//! (`/me/volunteering`) and the volunteer figures (`/stats/volunteers`).

use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use domain::access::Actor;
use domain::volunteering::{self, ActivityDescription, ActivityTitle, CancelReason};
use persistence::volunteering::{self as store, Filter, NewActivity};
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
pub struct VolunteerActivity {
    pub id: Uuid,
    /// The volunteer team.
    pub organization_id: Uuid,
    pub organization_name: String,
    pub unit_id: Uuid,
    pub title: String,
    pub description: String,
    pub project_id: Option<Uuid>,
    pub case_id: Option<Uuid>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub capacity: i64,
    pub signed_up: i64,
    #[schema(value_type = crate::openapi::ActivityState)]
    pub state: String,
    pub cancel_reason: Option<String>,
    /// Whether the reader has signed up.
    pub signed_by_me: bool,
    pub version: i64,
    #[schema(value_type = Vec<crate::openapi::ActivityAllowedAction>)]
    pub allowed_actions: Vec<String>,
}

impl VolunteerActivity {
    fn new(a: store::Activity, reader: &Actor, signed: bool, now: DateTime<Utc>) -> Self {
        let allowed = volunteering::allowed_actions(reader, &a.facts(), signed, now);
        VolunteerActivity {
            allowed_actions: allowed.iter().map(|x| x.as_str().to_owned()).collect(),
            signed_by_me: signed,
            id: a.id,
            organization_id: a.organization_id,
            organization_name: a.organization_name,
            unit_id: a.unit_id,
            title: a.title,
            description: a.description,
            project_id: a.project_id,
            case_id: a.case_id,
            starts_at: a.starts_at,
            ends_at: a.ends_at,
            capacity: a.capacity,
            signed_up: a.signed_up,
            state: a.state.as_str().to_owned(),
            cancel_reason: a.cancel_reason,
            version: a.version,
        }
    }
}

fn one(
    conn: &mut persistence::DbConnection,
    actor: &Actor,
    a: store::Activity,
    now: DateTime<Utc>,
) -> Result<VolunteerActivity, ApiError> {
    let signed = store::signed_among(conn, actor.user_id, &[a.id])?.contains(&a.id);
    Ok(VolunteerActivity::new(a, actor, signed, now))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewActivityRequest {
    /// The leader's volunteer team.
    pub organization_id: Uuid,
    #[schema(min_length = 2, max_length = 100)]
    pub title: String,
    #[schema(max_length = 2000)]
    pub description: Option<String>,
    /// For a livelihood project, or a coordination case.
    pub project_id: Option<Uuid>,
    pub case_id: Option<Uuid>,
    pub starts_at: DateTime<Utc>,
    /// After `starts_at`, within 7 days of it.
    pub ends_at: DateTime<Utc>,
    #[schema(minimum = 1, maximum = 1000)]
    pub capacity: i64,
}

/// A team's leader creates an activity.
#[utoipa::path(post, operation_id = "volunteer_activities_create", path = "/api/v1/volunteer-activities", tag = "volunteers",
    request_body = NewActivityRequest, security(("bearer" = [])),
    responses((status = 201, body = VolunteerActivity), (status = 403, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
pub async fn create(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    body: web::Json<NewActivityRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let mut f = Fields::new();
    let title = f.check(ActivityTitle::parse(&body.title));
    let description = f.check(ActivityDescription::parse(body.description.as_deref().unwrap_or("")));
    f.finish()?;
    let new = NewActivity {
        organization_id: body.organization_id,
        title: present(title)?,
        description: present(description)?,
        project_id: body.project_id,
        case_id: body.case_id,
        starts_at: body.starts_at,
        ends_at: body.ends_at,
        capacity: body.capacity,
    };
    let now = state.clock.now();
    let created = db::run(&state.pool, move |conn| {
        let a = store::create(conn, &actor, new)?;
        Ok(VolunteerActivity::new(a, &actor, false, now))
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/volunteer-activities/{}", created.id)))
        .json(created))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ActivityQuery {
    pub organization_id: Option<Uuid>,
    /// At this unit or below it.
    pub unit_id: Option<Uuid>,
    /// Only those not ended nor cancelled.
    pub upcoming: Option<bool>,
    /// Only those you signed up for.
    pub mine: Option<bool>,
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

/// Volunteer activities, newest first.
#[utoipa::path(get, operation_id = "volunteer_activities_list", path = "/api/v1/volunteer-activities", tag = "volunteers",
    params(ActivityQuery), security(("bearer" = [])),
    responses((status = 200, body = PageOf<VolunteerActivity>), (status = 422, body = crate::error::Problem)))]
pub async fn list(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    query: web::Query<ActivityQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let filter = Filter {
        organization_id: query.organization_id,
        unit_id: query.unit_id,
        upcoming: query.upcoming.unwrap_or(false),
        mine: query.mine.unwrap_or(false),
    };
    let page = page(query.limit, query.cursor.as_deref())?;
    let now = state.clock.now();
    let out = db::run(&state.pool, move |conn| {
        let found = store::list(conn, &actor, &filter, page)?;
        let ids: Vec<Uuid> = found.items.iter().map(|a| a.id).collect();
        let signed = store::signed_among(conn, actor.user_id, &ids)?;
        Ok(PageOf::from_paged(found, |a| {
            let mine = signed.contains(&a.id);
            VolunteerActivity::new(a, &actor, mine, now)
        }))
    })
    .await?;
    Ok(HttpResponse::Ok().json(out))
}

/// Read one activity.
#[utoipa::path(get, operation_id = "volunteer_activities_get", path = "/api/v1/volunteer-activities/{id}", tag = "volunteers",
    security(("bearer" = [])), responses((status = 200, body = VolunteerActivity), (status = 404, body = crate::error::Problem)))]
pub async fn get(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let now = state.clock.now();
    let a = db::run(&state.pool, move |conn| {
        let a = store::find(conn, id)?;
        one(conn, &actor, a, now)
    })
    .await?;
    Ok(HttpResponse::Ok().json(a))
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct ActivityTransitionBody {
    /// `cancel` (the leader, before it ends).
    #[schema(value_type = crate::openapi::ActivityAction)]
    pub action: String,
    #[schema(minimum = 1)]
    #[validate(range(min = 1, message = "version must be the positive version you read"))]
    pub version: i64,
    #[schema(min_length = 1, max_length = 500)]
    pub reason: Option<String>,
}

/// The leader cancels an activity; those signed up are told.
#[utoipa::path(post, operation_id = "volunteer_activities_transition", path = "/api/v1/volunteer-activities/{id}/transitions", tag = "volunteers",
    request_body = ActivityTransitionBody, security(("bearer" = [])),
    responses((status = 200, body = VolunteerActivity), (status = 403, body = crate::error::Problem), (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
pub async fn transition(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<ActivityTransitionBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let mut f = Fields::new();
    f.validate(&body);
    f.check(volunteering::ActivityAction::parse(&body.action));
    let reason = f.check(CancelReason::parse(body.reason.as_deref().unwrap_or("")));
    f.finish()?;
    let reason = present(reason)?;
    let (id, version) = (id.into_inner(), body.version);
    let now = state.clock.now();
    let a = db::run(&state.pool, move |conn| {
        let a = store::cancel(conn, &actor, id, version, &reason, now)?;
        one(conn, &actor, a, now)
    })
    .await?;
    Ok(HttpResponse::Ok().json(a))
}

/// Sign up for an activity of your team: before it starts, within capacity, once.
#[utoipa::path(post, operation_id = "volunteer_activities_sign_up", path = "/api/v1/volunteer-activities/{id}/signups", tag = "volunteers",
    security(("bearer" = [])),
    responses((status = 201, body = VolunteerActivity), (status = 403, body = crate::error::Problem), (status = 409, body = crate::error::Problem, description = "`full`, `already_signed_up`, `already_started`")))]
pub async fn sign_up(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let now = state.clock.now();
    let a = db::run(&state.pool, move |conn| {
        Ok(VolunteerActivity::new(store::sign_up(conn, &actor, id, now)?, &actor, true, now))
    })
    .await?;
    Ok(HttpResponse::Created().insert_header(("Location", format!("/api/v1/volunteer-activities/{id}"))).json(a))
}

/// Withdraw your sign-up before the activity starts.
#[utoipa::path(delete, operation_id = "volunteer_activities_withdraw", path = "/api/v1/volunteer-activities/{id}/signups/mine", tag = "volunteers",
    security(("bearer" = [])),
    responses((status = 200, body = VolunteerActivity), (status = 409, body = crate::error::Problem)))]
pub async fn withdraw(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let now = state.clock.now();
    let a = db::run(&state.pool, move |conn| {
        Ok(VolunteerActivity::new(store::withdraw(conn, &actor, id, now)?, &actor, false, now))
    })
    .await?;
    Ok(HttpResponse::Ok().json(a))
}

/// A volunteer signed up, with the hours recorded for the activity.
#[derive(Debug, Serialize, ToSchema)]
pub struct VolunteerSignup {
    pub user_id: Uuid,
    pub display_name: String,
    pub party_member: bool,
    /// Recorded hours; `null` until the leader records them.
    pub hours: Option<f64>,
    pub signed_up_at: DateTime<Utc>,
}

impl From<store::ServiceRecord> for VolunteerSignup {
    fn from(r: store::ServiceRecord) -> Self {
        VolunteerSignup {
            user_id: r.user_id,
            display_name: r.display_name,
            party_member: r.party_member,
            hours: r.minutes.map(hours),
            signed_up_at: r.signed_up_at,
        }
    }
}

fn hours(minutes: i64) -> f64 {
    (minutes as f64 / 6.0).round() / 10.0
}

/// Who signed up and their hours: the team's leader and the officials over it.
#[utoipa::path(get, operation_id = "volunteer_activities_signups", path = "/api/v1/volunteer-activities/{id}/signups", tag = "volunteers",
    security(("bearer" = [])), responses((status = 200, body = Vec<VolunteerSignup>), (status = 403, body = crate::error::Problem)))]
pub async fn signups(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let out = db::run(&state.pool, move |conn| {
        Ok(store::signups(conn, &actor, id)?.into_iter().map(VolunteerSignup::from).collect::<Vec<_>>())
    })
    .await?;
    Ok(HttpResponse::Ok().json(out))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewServiceRecord {
    pub user_id: Uuid,
    /// More than 0, at most the activity's length (2.5 = two and a half hours).
    pub hours: f64,
}

/// The leader records a signed-up volunteer's hours, once.
#[utoipa::path(post, operation_id = "volunteer_activities_record", path = "/api/v1/volunteer-activities/{id}/service-records", tag = "volunteers",
    request_body = NewServiceRecord, security(("bearer" = [])),
    responses((status = 201, body = VolunteerSignup), (status = 403, body = crate::error::Problem), (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
pub async fn record(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<NewServiceRecord>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let minutes = volunteering::minutes_of(body.hours)?;
    let id = id.into_inner();
    let now = state.clock.now();
    let r = db::run(&state.pool, move |conn| {
        Ok(VolunteerSignup::from(store::record_hours(conn, &actor, id, body.user_id, minutes, now)?))
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/volunteer-activities/{id}/signups")))
        .json(r))
}

/// One activity of a volunteer's own service.
#[derive(Debug, Serialize, ToSchema)]
pub struct MyActivity {
    pub activity: VolunteerActivity,
    /// Recorded hours; `null` until recorded.
    pub hours: Option<f64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MyVolunteering {
    pub total_hours: f64,
    pub activities: Vec<MyActivity>,
}

/// Your own service: every activity you signed up for, with the hours recorded, and your
/// total.
#[utoipa::path(get, operation_id = "volunteering_mine", path = "/api/v1/me/volunteering", tag = "volunteers",
    security(("bearer" = [])), responses((status = 200, body = MyVolunteering)))]
pub async fn mine(state: web::Data<AppState>, Authenticated(actor): Authenticated) -> Result<HttpResponse, ApiError> {
    let now = state.clock.now();
    let out = db::run(&state.pool, move |conn| {
        let service = store::my_service(conn, &actor)?;
        let ids: Vec<Uuid> = service.activities.iter().map(|(a, _)| a.id).collect();
        let signed = store::signed_among(conn, actor.user_id, &ids)?;
        Ok(MyVolunteering {
            total_hours: hours(service.total_minutes),
            activities: service
                .activities
                .into_iter()
                .map(|(a, m)| {
                    let s = signed.contains(&a.id);
                    MyActivity { activity: VolunteerActivity::new(a, &actor, s, now), hours: m.map(hours) }
                })
                .collect(),
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(out))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct StatsQuery {
    pub unit_id: Uuid,
    /// One team only.
    pub organization_id: Option<Uuid>,
}

/// Volunteer figures of a unit (its teams below it) or of one team.
#[derive(Debug, Serialize, ToSchema)]
pub struct VolunteerStats {
    pub teams: i64,
    pub volunteers: i64,
    pub party_member_volunteers: i64,
    pub hours: f64,
    pub party_member_hours: f64,
}

/// Teams, volunteers, recorded hours and the party members' share of both (officials and
/// auditors over the unit; a team's leaders for their team).
#[utoipa::path(get, operation_id = "stats_volunteers", path = "/api/v1/stats/volunteers", tag = "volunteers", params(StatsQuery),
    security(("bearer" = [])),
    responses((status = 200, body = VolunteerStats), (status = 403, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
pub async fn stats(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    query: web::Query<StatsQuery>,
) -> Result<HttpResponse, ApiError> {
    let StatsQuery { unit_id, organization_id } = query.into_inner();
    let out = db::run(&state.pool, move |conn| {
        let unit = persistence::org_units::placement_for_field(conn, unit_id, "unit_id")?;
        volunteering::authorize_stats(&actor, &unit.path, organization_id)?;
        let s = store::stats(conn, unit_id, organization_id)?;
        Ok(VolunteerStats {
            teams: s.teams,
            volunteers: s.volunteers,
            party_member_volunteers: s.party_member_volunteers,
            hours: hours(s.minutes),
            party_member_hours: hours(s.party_member_minutes),
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(out))
}
