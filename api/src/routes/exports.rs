//! `/exports/{list}.{csv|xlsx}` (SPEC §4.8): each list as a spreadsheet, filtered and scoped
//! exactly as the list itself, by the same query and the same persistence call.

use actix_web::{web, HttpResponse};
use chrono::Utc;
use domain::coordination::Party;
use domain::resource::ResourceKind;
use persistence::demands::Audience;
use persistence::util::Paged;
use persistence::volunteering::HoursFilter;
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::auth::Authenticated;
use crate::export::{self, Cell, Format, Row, Sheet, UnitNames};
use crate::routes::{claims, coordination_cases, demands, projects, resources};
use crate::startup::AppState;
use crate::ApiError;

fn rows<T>(found: Paged<T>, row: impl FnMut(T) -> Row) -> Paged<Row> {
    Paged { items: found.items.into_iter().map(row).collect(), next: found.next }
}

/// An amount of a resource: yuan for funds (stored in fen), else a count in its measure.
fn amount(kind: ResourceKind, quantity: i64) -> Cell {
    if kind == ResourceKind::Funds {
        Cell::Yuan(quantity)
    } else {
        Cell::Count(quantity)
    }
}

fn measure(kind: ResourceKind, measure: String) -> Cell {
    Cell::Text(if kind == ResourceKind::Funds { "元".to_owned() } else { measure })
}

static DEMANDS: Sheet = Sheet {
    name: "需求清单",
    ascii_name: "demands",
    columns: &[
        ("编号", 38.0),
        ("标题", 30.0),
        ("描述", 40.0),
        ("类别", 12.0),
        ("状态", 10.0),
        ("所属单位", 32.0),
        ("来源", 10.0),
        ("提出人", 10.0),
        ("附议数", 8.0),
        ("是否逾期", 8.0),
        ("办理时限", 20.0),
        ("转办至", 16.0),
        ("不予受理或转办理由", 30.0),
        ("提交时间", 20.0),
        ("更新时间", 20.0),
    ],
};

/// The demand list as a spreadsheet: the caller's demand queue (`GET /demands`), whole.
#[utoipa::path(get, operation_id = "exports_demands", path = "/api/v1/exports/demands.{format}", tag = "exports",
    params(("format" = Format, Path, description = "The file's kind: `csv` (UTF-8 with a byte order mark) or `xlsx`."), demands::ListQuery),
    security(("bearer" = [])),
    responses((status = 200, description = "The file: every row the list shows the caller under these filters; `limit` and `cursor` do not apply.",
            headers(("Content-Disposition" = String, description = "attachment; filename (ASCII) and filename* (UTF-8, Chinese)")),
            content((crate::openapi::Spreadsheet = "text/csv; charset=utf-8"), (crate::openapi::Spreadsheet = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 404, description = "neither .csv nor .xlsx", body = crate::error::Problem)))]
pub async fn demands(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    format: web::Path<String>,
    query: web::Query<demands::ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let format = Format::parse(&format)?;
    let filter = demands::parse_filter(&query)?;
    let mut units = UnitNames::default();
    export::respond(&state.pool, format, &DEMANDS, move |conn, page| {
        let found = persistence::demands::list(conn, Audience::User(&actor), &filter, page)?;
        units.load(conn, found.items.iter().map(|d| d.unit_id))?;
        let now = Utc::now();
        Ok(rows(found, |d| {
            let (author, overdue) = (demands::author_name(&actor, &d), d.overdue(now));
            vec![
                Cell::id(d.id),
                Cell::text(d.title),
                Cell::text(d.description),
                Cell::text(d.category.label_zh()),
                Cell::text(d.state.label_zh()),
                Cell::text(units.label(d.unit_id)),
                Cell::text(d.source.label_zh()),
                Cell::text(author),
                Cell::Count(d.cosign_count),
                Cell::yes_no(overdue),
                Cell::Time(d.due_at),
                Cell::opt_text(d.referred_to),
                Cell::opt_text(d.reason),
                Cell::Time(Some(d.created_at)),
                Cell::Time(Some(d.updated_at)),
            ]
        }))
    })
    .await
}

static PROJECTS: Sheet = Sheet {
    name: "民生实事清单",
    ascii_name: "projects",
    columns: &[
        ("编号", 38.0),
        ("标题", 30.0),
        ("描述", 40.0),
        ("类别", 10.0),
        ("状态", 10.0),
        ("所属单位", 32.0),
        ("预算（元）", 14.0),
        ("政府资金（元）", 14.0),
        ("共建资金（元）", 14.0),
        ("资金缺口（元）", 14.0),
        ("受益人数", 10.0),
        ("进度（%）", 10.0),
        ("响应需求数", 10.0),
        ("创建时间", 20.0),
        ("更新时间", 20.0),
    ],
};

/// The livelihood projects as a spreadsheet: what `GET /projects` shows the caller, whole.
#[utoipa::path(get, operation_id = "exports_projects", path = "/api/v1/exports/projects.{format}", tag = "exports",
    params(("format" = Format, Path, description = "The file's kind: `csv` (UTF-8 with a byte order mark) or `xlsx`."), projects::ListQuery),
    security(("bearer" = [])),
    responses((status = 200, description = "The file: every row the list shows the caller under these filters; `limit` and `cursor` do not apply.",
            headers(("Content-Disposition" = String, description = "attachment; filename (ASCII) and filename* (UTF-8, Chinese)")),
            content((crate::openapi::Spreadsheet = "text/csv; charset=utf-8"), (crate::openapi::Spreadsheet = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 404, description = "neither .csv nor .xlsx", body = crate::error::Problem)))]
pub async fn projects(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    format: web::Path<String>,
    query: web::Query<projects::ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let format = Format::parse(&format)?;
    let filter = projects::parse_list(&query)?;
    let mut units = UnitNames::default();
    export::respond(&state.pool, format, &PROJECTS, move |conn, page| {
        let found = persistence::projects::list(conn, Some(&actor), &filter, page)?;
        units.load(conn, found.items.iter().map(|p| p.unit_id))?;
        Ok(rows(found, |p| {
            let gap = p.funding().gap().get();
            vec![
                Cell::id(p.id),
                Cell::text(p.title),
                Cell::text(p.description),
                Cell::text(p.category.label_zh()),
                Cell::text(p.state.label_zh()),
                Cell::text(units.label(p.unit_id)),
                Cell::Yuan(p.budget.get()),
                Cell::Yuan(p.gov_funds.get()),
                Cell::Yuan(p.funded.get()),
                Cell::Yuan(gap),
                Cell::Count(p.beneficiaries),
                p.state.shown_progress(p.progress_percent).map_or_else(|| Cell::text(""), Cell::Count),
                Cell::Count(i64::try_from(p.demand_ids.len()).unwrap_or(i64::MAX)),
                Cell::Time(Some(p.created_at)),
                Cell::Time(Some(p.updated_at)),
            ]
        }))
    })
    .await
}

static RESOURCES: Sheet = Sheet {
    name: "资源清单",
    ascii_name: "resources",
    columns: &[
        ("编号", 38.0),
        ("标题", 30.0),
        ("描述", 40.0),
        ("类型", 8.0),
        ("状态", 10.0),
        ("提供单位", 24.0),
        ("面向单位", 32.0),
        ("数量", 12.0),
        ("已分配", 12.0),
        ("剩余", 12.0),
        ("计量单位", 10.0),
        ("有效期至", 20.0),
        ("发布时间", 20.0),
        ("更新时间", 20.0),
    ],
};

/// The resource list as a spreadsheet: what `GET /resources` shows, whole.
#[utoipa::path(get, operation_id = "exports_resources", path = "/api/v1/exports/resources.{format}", tag = "exports",
    params(("format" = Format, Path, description = "The file's kind: `csv` (UTF-8 with a byte order mark) or `xlsx`."), resources::ListQuery),
    security(("bearer" = [])),
    responses((status = 200, description = "The file: every row the list shows the caller under these filters; `limit` and `cursor` do not apply.",
            headers(("Content-Disposition" = String, description = "attachment; filename (ASCII) and filename* (UTF-8, Chinese)")),
            content((crate::openapi::Spreadsheet = "text/csv; charset=utf-8"), (crate::openapi::Spreadsheet = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 404, description = "neither .csv nor .xlsx", body = crate::error::Problem)))]
pub async fn resources(
    state: web::Data<AppState>,
    Authenticated(_actor): Authenticated,
    format: web::Path<String>,
    query: web::Query<resources::ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let format = Format::parse(&format)?;
    let filter = resources::parse_list(&query)?;
    let mut units = UnitNames::default();
    export::respond(&state.pool, format, &RESOURCES, move |conn, page| {
        let found = persistence::resources::list(conn, false, &filter, page)?;
        units.load(conn, found.items.iter().map(|r| r.unit_id))?;
        let now = Utc::now();
        Ok(rows(found, |r| {
            let facts = r.facts();
            let (state, remaining) = (facts.state(now), facts.remaining());
            vec![
                Cell::id(r.id),
                Cell::text(r.title),
                Cell::text(r.description),
                Cell::text(r.kind.label_zh()),
                Cell::text(state.label_zh()),
                Cell::text(r.organization_name),
                Cell::text(units.label(r.unit_id)),
                amount(r.kind, r.quantity),
                amount(r.kind, r.allocated),
                amount(r.kind, remaining),
                measure(r.kind, r.measure),
                Cell::Time(r.available_until),
                Cell::Time(Some(r.created_at)),
                Cell::Time(Some(r.updated_at)),
            ]
        }))
    })
    .await
}

static CLAIMS: Sheet = Sheet {
    name: "认领清单",
    ascii_name: "claims",
    columns: &[
        ("编号", 38.0),
        ("项目", 30.0),
        ("资源", 30.0),
        ("资源类型", 8.0),
        ("提供单位", 24.0),
        ("发起方", 14.0),
        ("数量", 12.0),
        ("计量单位", 10.0),
        ("状态", 10.0),
        ("备注", 30.0),
        ("发起时间", 20.0),
        ("更新时间", 20.0),
    ],
};

/// The claims as a spreadsheet: what `GET /claims` shows the caller, whole.
#[utoipa::path(get, operation_id = "exports_claims", path = "/api/v1/exports/claims.{format}", tag = "exports",
    params(("format" = Format, Path, description = "The file's kind: `csv` (UTF-8 with a byte order mark) or `xlsx`."), claims::ListQuery),
    security(("bearer" = [])),
    responses((status = 200, description = "The file: every row the list shows the caller under these filters; `limit` and `cursor` do not apply.",
            headers(("Content-Disposition" = String, description = "attachment; filename (ASCII) and filename* (UTF-8, Chinese)")),
            content((crate::openapi::Spreadsheet = "text/csv; charset=utf-8"), (crate::openapi::Spreadsheet = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 404, description = "neither .csv nor .xlsx", body = crate::error::Problem)))]
pub async fn claims(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    format: web::Path<String>,
    query: web::Query<claims::ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let format = Format::parse(&format)?;
    let filter = claims::parse_list(&query)?;
    export::respond(&state.pool, format, &CLAIMS, move |conn, page| {
        let found = persistence::claims::list(conn, &actor, &filter, page)?;
        Ok(rows(found, |l| {
            let kind = l.resource.kind;
            vec![
                Cell::id(l.claim.id),
                Cell::text(l.project.title),
                Cell::text(l.resource.title),
                Cell::text(kind.label_zh()),
                Cell::text(l.resource.organization_name),
                Cell::text(l.claim.initiated_by.label_zh()),
                amount(kind, l.claim.quantity),
                measure(kind, l.resource.measure),
                Cell::text(l.claim.state.label_zh()),
                Cell::text(l.claim.note),
                Cell::Time(Some(l.claim.created_at)),
                Cell::Time(Some(l.claim.updated_at)),
            ]
        }))
    })
    .await
}

static CASES: Sheet = Sheet {
    name: "三方联动事项",
    ascii_name: "coordination-cases",
    columns: &[
        ("编号", 38.0),
        ("标题", 30.0),
        ("描述", 40.0),
        ("状态", 10.0),
        ("所属小区", 32.0),
        ("业委会", 20.0),
        ("物业", 20.0),
        ("已确认方数", 10.0),
        ("办理时限", 20.0),
        ("是否逾期", 8.0),
        ("街道处理结果", 30.0),
        ("关联需求编号", 38.0),
        ("提交时间", 20.0),
        ("更新时间", 20.0),
    ],
};

/// The coordination cases as a spreadsheet: what `GET /coordination-cases` shows the
/// caller, whole.
#[utoipa::path(get, operation_id = "exports_coordination_cases", path = "/api/v1/exports/coordination-cases.{format}", tag = "exports",
    params(("format" = Format, Path, description = "The file's kind: `csv` (UTF-8 with a byte order mark) or `xlsx`."), coordination_cases::ListQuery),
    security(("bearer" = [])),
    responses((status = 200, description = "The file: every row the list shows the caller under these filters; `limit` and `cursor` do not apply.",
            headers(("Content-Disposition" = String, description = "attachment; filename (ASCII) and filename* (UTF-8, Chinese)")),
            content((crate::openapi::Spreadsheet = "text/csv; charset=utf-8"), (crate::openapi::Spreadsheet = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 404, description = "neither .csv nor .xlsx", body = crate::error::Problem)))]
pub async fn coordination_cases(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    format: web::Path<String>,
    query: web::Query<coordination_cases::ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let format = Format::parse(&format)?;
    let filter = coordination_cases::parse_list(&query)?;
    let mut units = UnitNames::default();
    export::respond(&state.pool, format, &CASES, move |conn, page| {
        let found = persistence::coordination_cases::list(conn, &actor, &filter, page)?;
        units.load(conn, found.items.iter().map(|c| c.unit_id))?;
        let now = Utc::now();
        Ok(rows(found, |c| {
            let confirmed = Party::ALL.iter().filter(|p| c.confirmed.of(**p)).count();
            let open = c.state == domain::coordination::CaseState::Open;
            vec![
                Cell::id(c.id),
                Cell::text(c.title),
                Cell::text(c.description),
                Cell::text(c.state.label_zh()),
                Cell::text(units.label(c.unit_id)),
                Cell::opt_text(c.autonomy_org.map(|(_, name)| name)),
                Cell::opt_text(c.property_org.map(|(_, name)| name)),
                Cell::Count(i64::try_from(confirmed).unwrap_or(0)),
                Cell::Time(c.due_at),
                Cell::yes_no(open && c.due_at.is_some_and(|d| d < now)),
                Cell::opt_text(c.resolution),
                Cell::opt_id(c.demand_id),
                Cell::Time(Some(c.created_at)),
                Cell::Time(Some(c.updated_at)),
            ]
        }))
    })
    .await
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct HoursQuery {
    /// One volunteer team's.
    pub organization_id: Option<Uuid>,
    /// Of activities at this unit or below it.
    pub unit_id: Option<Uuid>,
}

static HOURS: Sheet = Sheet {
    name: "志愿服务时长",
    ascii_name: "volunteer-hours",
    columns: &[
        ("编号", 38.0),
        ("志愿者", 12.0),
        ("是否党员", 8.0),
        ("服务时长（小时）", 14.0),
        ("活动", 30.0),
        ("志愿队", 24.0),
        ("所属单位", 32.0),
        ("活动开始时间", 20.0),
        ("登记时间", 20.0),
    ],
};

/// The recorded volunteer hours (service records) as a spreadsheet, newest first: a team
/// leader's of its teams, an official's or auditor's of the activities under its units —
/// whoever sees an activity's roster. Anyone else: 403.
#[utoipa::path(get, operation_id = "exports_volunteer_hours", path = "/api/v1/exports/volunteer-hours.{format}", tag = "exports",
    params(("format" = Format, Path, description = "The file's kind: `csv` (UTF-8 with a byte order mark) or `xlsx`."), HoursQuery),
    security(("bearer" = [])),
    responses((status = 200, description = "The file: every recorded service the caller sees under these filters.",
            headers(("Content-Disposition" = String, description = "attachment; filename (ASCII) and filename* (UTF-8, Chinese)")),
            content((crate::openapi::Spreadsheet = "text/csv; charset=utf-8"), (crate::openapi::Spreadsheet = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 404, description = "neither .csv nor .xlsx", body = crate::error::Problem)))]
pub async fn volunteer_hours(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    format: web::Path<String>,
    query: web::Query<HoursQuery>,
) -> Result<HttpResponse, ApiError> {
    let format = Format::parse(&format)?;
    let HoursQuery { organization_id, unit_id } = query.into_inner();
    let filter = HoursFilter { organization_id, unit_id };
    let mut units = UnitNames::default();
    export::respond(&state.pool, format, &HOURS, move |conn, page| {
        let found = persistence::volunteering::service_hours(conn, &actor, &filter, page)?;
        units.load(conn, found.items.iter().map(|h| h.unit_id))?;
        Ok(rows(found, |h| {
            vec![
                Cell::id(h.id),
                Cell::text(h.volunteer_name),
                Cell::yes_no(h.party_member),
                Cell::Hours(h.minutes),
                Cell::text(h.activity_title),
                Cell::text(h.organization_name),
                Cell::text(units.label(h.unit_id)),
                Cell::Time(Some(h.starts_at)),
                Cell::Time(Some(h.recorded_at)),
            ]
        }))
    })
    .await
}
