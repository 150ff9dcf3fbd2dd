//! 三率 and the other figures (SPEC §4.8): for the officials and auditors over a unit, and
//! the same figures for anyone on the public board.

use actix_web::http::header::ContentType;
use actix_web::web::{self, Bytes};
use actix_web::{HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use domain::claim::ClaimState;
use domain::demand::DemandState;
use domain::org_unit::{CommunityType, UnitKind};
use domain::project::ProjectState;
use domain::resource::ResourceState;
use domain::statistics::{DemandCounts, Months, Ratio, Span};
use persistence::statistics::{self, Figures, Overview};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::auth::Authenticated;
use crate::startup::AppState;
use crate::{db, ApiError};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OverviewQuery {
    /// A district, street or community (the public figures default to the district).
    pub unit_id: Option<Uuid>,
    /// First month (YYYY-MM, Beijing time) of the demands and projects counted, by when
    /// they were filed or created; default the eleven months before `to`.
    pub from: Option<String>,
    /// Last month counted (YYYY-MM); default this month.
    pub to: Option<String>,
}

/// A rate with what it divides: `value` is `numerator / denominator`, none when nothing was
/// counted.
#[derive(Debug, Serialize, ToSchema)]
pub struct Rate {
    pub numerator: i64,
    pub denominator: i64,
    pub value: Option<f64>,
}

impl From<Ratio> for Rate {
    fn from(r: Ratio) -> Self {
        Rate { numerator: r.numerator, denominator: r.denominator, value: r.value() }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DemandStateCount {
    #[schema(value_type = crate::openapi::DemandState)]
    pub state: DemandState,
    pub count: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProjectStateCount {
    #[schema(value_type = crate::openapi::ProjectState)]
    pub state: ProjectState,
    pub count: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ResourceStateCount {
    #[schema(value_type = crate::openapi::ResourceState)]
    pub state: ResourceState,
    pub count: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ClaimStateCount {
    #[schema(value_type = crate::openapi::ClaimState)]
    pub state: ClaimState,
    pub count: i64,
}

/// Median whole days from filing; none when no demand got that far. Exact to the day up to
/// 60 days, then to the 30-day step.
#[derive(Debug, Serialize, ToSchema)]
pub struct MedianDays {
    pub to_verification: Option<f64>,
    pub to_acceptance: Option<f64>,
    pub to_resolution: Option<f64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MoneyFigures {
    /// Government money in the period's projects (not drafts, not cancelled).
    pub gov_funds_fen: i64,
    /// Social money drawn in: confirmed and fulfilled `funds` claims on those projects.
    pub social_funds_fen: i64,
    /// social ÷ government; none without government money.
    pub leverage: Option<f64>,
}

/// The figures of a unit, one of its children, or a community type.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnitFigures {
    /// Demands filed in the period.
    pub demands_filed: i64,
    /// Those demands by their state now (every state, zeros included).
    pub demands_by_state: Vec<DemandStateCount>,
    /// Of those, still waiting for a first decision past their deadline.
    pub demands_overdue: i64,
    pub median_days: MedianDays,
    /// 响应率: first decisions (verify, reject, refer, merge) before the deadline then in
    /// force ÷ demands decided or overdue.
    pub response_rate: Rate,
    /// 已回应: demands given a first decision, on time or late ÷ demands decided or overdue.
    pub answered_rate: Rate,
    /// 解决率: resolved ÷ verified.
    pub resolution_rate: Rate,
    /// 满意率: ratings of 4–5 ÷ all ratings given in the period.
    pub satisfaction_rate: Rate,
    pub ratings: i64,
    pub average_rating: Option<f64>,
    /// Projects created in the period, by their state now.
    pub projects_by_state: Vec<ProjectStateCount>,
    /// Completed projects accepted by their residents (结单) ÷ projects past their draft
    /// and not cancelled.
    pub completion_rate: Rate,
    pub money: MoneyFigures,
    /// People the period's closed projects served.
    pub beneficiaries: i64,
}

impl From<&Figures> for UnitFigures {
    fn from(f: &Figures) -> Self {
        let d: &DemandCounts = &f.demands;
        let projects = |s: ProjectState| f.projects.get(&s).copied().unwrap_or(0);
        let live: i64 = ProjectState::ALL
            .iter()
            .filter(|s| !matches!(s, ProjectState::Draft | ProjectState::Cancelled))
            .map(|s| projects(*s))
            .sum();
        UnitFigures {
            demands_filed: d.filed,
            demands_by_state: DemandState::ALL
                .iter()
                .map(|s| DemandStateCount { state: *s, count: d.by_state.get(s).copied().unwrap_or(0) })
                .collect(),
            demands_overdue: f.overdue,
            median_days: MedianDays {
                to_verification: d.median_days(Span::Verify),
                to_acceptance: d.median_days(Span::Accept),
                to_resolution: d.median_days(Span::Resolve),
            },
            response_rate: d.response_rate(f.overdue).into(),
            answered_rate: d.answered_rate(f.overdue).into(),
            resolution_rate: d.resolution_rate().into(),
            satisfaction_rate: f.ratings.satisfaction_rate().into(),
            ratings: f.ratings.count(),
            average_rating: f.ratings.average(),
            projects_by_state: ProjectState::ALL
                .iter()
                .map(|s| ProjectStateCount { state: *s, count: projects(*s) })
                .collect(),
            completion_rate: Ratio { numerator: projects(ProjectState::Closed), denominator: live }.into(),
            money: MoneyFigures {
                gov_funds_fen: f.money.gov_fen,
                social_funds_fen: f.money.social_fen,
                leverage: f.money.leverage(),
            },
            beneficiaries: f.beneficiaries,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ChildFigures {
    pub unit_id: Uuid,
    pub name: String,
    #[schema(value_type = crate::openapi::UnitKind)]
    pub kind: UnitKind,
    pub figures: UnitFigures,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CommunityTypeFigures {
    #[schema(value_type = crate::openapi::CommunityType)]
    pub community_type: CommunityType,
    pub figures: UnitFigures,
}

/// The demands filed in one month.
#[derive(Debug, Serialize, ToSchema)]
pub struct MonthFigures {
    /// YYYY-MM.
    pub month: String,
    pub demands_filed: i64,
    pub response_rate: Rate,
    pub resolution_rate: Rate,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct VolunteerFigures {
    /// People registered in the unit's volunteer teams now (注册志愿者).
    pub volunteers: i64,
    pub party_member_volunteers: i64,
    /// Hours recorded in the period (服务时长), and those of party members.
    pub hours: f64,
    pub party_member_hours: f64,
    /// Party members' share of the volunteers and of the hours (党员占比).
    pub party_member_share: Rate,
    pub party_member_hours_share: Option<f64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CoverageFigures {
    /// Compounds below the unit.
    pub compounds: i64,
    /// Those with a party organisation, a residents' self-governance organisation and a
    /// volunteer team (三类组织全覆盖).
    pub covered: i64,
    pub rate: Rate,
}

/// A unit's figures for the months asked, with its children and community types broken out.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatsOverview {
    pub unit_id: Uuid,
    pub name: String,
    #[schema(value_type = crate::openapi::UnitKind)]
    pub kind: UnitKind,
    /// YYYY-MM
    pub from: String,
    /// YYYY-MM
    pub to: String,
    /// When the figures were read. Demands are counted as their events are taken in, a
    /// moment after each change.
    pub as_of: DateTime<Utc>,
    pub figures: UnitFigures,
    /// Each unit directly below, in the tree's order.
    pub children: Vec<ChildFigures>,
    /// By the seed's 分类施治 (老旧, 新型, 安置回迁, 村); only types with communities below.
    pub community_types: Vec<CommunityTypeFigures>,
    /// Every month of the period, in order.
    pub months: Vec<MonthFigures>,
    /// Resources offered below the unit, by their state now.
    pub resources_by_state: Vec<ResourceStateCount>,
    /// Claims on the period's projects, by state.
    pub claims_by_state: Vec<ClaimStateCount>,
    pub volunteers: VolunteerFigures,
    pub coverage: CoverageFigures,
}

fn hours(minutes: i64) -> f64 {
    (minutes as f64 / 60.0 * 10.0).round() / 10.0
}

impl StatsOverview {
    fn of(o: Overview, now: DateTime<Utc>) -> Self {
        let v = &o.volunteers;
        StatsOverview {
            unit_id: o.unit_id,
            name: o.name,
            kind: o.kind,
            from: o.months.from.to_string(),
            to: o.months.to.to_string(),
            as_of: now,
            figures: UnitFigures::from(&o.figures),
            children: o
                .children
                .iter()
                .map(|c| ChildFigures {
                    unit_id: c.unit_id,
                    name: c.name.clone(),
                    kind: c.kind,
                    figures: UnitFigures::from(&c.figures),
                })
                .collect(),
            community_types: o
                .community_types
                .iter()
                .map(|(t, f)| CommunityTypeFigures { community_type: *t, figures: UnitFigures::from(f) })
                .collect(),
            months: o
                .by_month
                .iter()
                .map(|m| MonthFigures {
                    month: m.month.clone(),
                    demands_filed: m.demands.filed,
                    // Overdue demands are not counted per month: the month's rate is of
                    // those decided.
                    response_rate: m.demands.response_rate(0).into(),
                    resolution_rate: m.demands.resolution_rate().into(),
                })
                .collect(),
            resources_by_state: ResourceState::ALL
                .iter()
                .map(|s| ResourceStateCount { state: *s, count: o.resources.get(s).copied().unwrap_or(0) })
                .collect(),
            claims_by_state: ClaimState::ALL
                .iter()
                .map(|s| ClaimStateCount { state: *s, count: o.claims.get(s).copied().unwrap_or(0) })
                .collect(),
            volunteers: VolunteerFigures {
                volunteers: v.volunteers,
                party_member_volunteers: v.party_member_volunteers,
                hours: hours(v.minutes),
                party_member_hours: hours(v.party_member_minutes),
                party_member_share: Ratio { numerator: v.party_member_volunteers, denominator: v.volunteers }.into(),
                party_member_hours_share: Ratio { numerator: v.party_member_minutes, denominator: v.minutes }.value(),
            },
            coverage: CoverageFigures {
                compounds: o.compounds,
                covered: o.compounds_covered,
                rate: Ratio { numerator: o.compounds_covered, denominator: o.compounds }.into(),
            },
        }
    }
}

/// The figures of a unit in the caller's scope (officials and auditors over it).
#[utoipa::path(get, operation_id = "stats_overview", path = "/api/v1/stats/overview", tag = "administration",
    params(OverviewQuery), security(("bearer" = [])),
    responses((status = 200, body = StatsOverview), (status = 401, body = crate::error::Problem),
        (status = 403, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
pub async fn overview(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    query: web::Query<OverviewQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let now = state.clock.now();
    let months = Months::parse(query.from.as_deref(), query.to.as_deref(), now)?;
    let Some(unit_id) = query.unit_id else {
        return Err(ApiError::invalid("unit_id", "unit_id_required", "name the unit whose figures to read"));
    };
    let out = db::run(&state.pool, move |conn| {
        let unit = persistence::org_units::placement_for_field(conn, unit_id, "unit_id")?;
        domain::statistics::authorize_overview(&actor, &unit.path)?;
        domain::statistics::check_unit_kind(unit.kind)?;
        Ok(statistics::overview(conn, unit_id, months, now)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(StatsOverview::of(out, now)))
}

/// The same figures for anyone: counts, rates and sums, nothing of a person. Served from
/// memory for up to a second, like the rest of the board.
#[utoipa::path(get, operation_id = "stats_public", path = "/api/v1/public/stats", tag = "public", params(OverviewQuery),
    responses((status = 200, body = StatsOverview), (status = 422, body = crate::error::Problem)))]
pub async fn public(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<OverviewQuery>,
) -> Result<HttpResponse, ApiError> {
    let json = |body: Bytes| HttpResponse::Ok().content_type(ContentType::json()).body(body);
    let key = format!("{}?{}", req.path(), req.query_string());
    if let Some(body) = state.public_cache.get(&key) {
        return Ok(json(body));
    }
    let query = query.into_inner();
    let now = state.clock.now();
    let months = Months::parse(query.from.as_deref(), query.to.as_deref(), now)?;
    let _turn = state.public_cache.turn(&key).await;
    if let Some(body) = state.public_cache.get(&key) {
        return Ok(json(body));
    }
    let generation = state.public_cache.generation();
    let body = db::run(&state.pool, move |conn| {
        let unit_id = match query.unit_id {
            Some(id) => id,
            None => persistence::org_units::root_district(conn)?
                .map(|d| d.id)
                .ok_or_else(|| ApiError::invalid("unit_id", "unit_id_required", "no district is set up yet"))?,
        };
        let unit = persistence::org_units::placement_for_field(conn, unit_id, "unit_id")?;
        domain::statistics::check_unit_kind(unit.kind)?;
        let out = StatsOverview::of(statistics::overview(conn, unit_id, months, now)?, now);
        serde_json::to_vec(&out).map(Bytes::from).map_err(|e| ApiError::Internal(format!("rendering figures: {e}")))
    })
    .await?;
    state.public_cache.put(key, generation, body.clone());
    Ok(json(body))
}
