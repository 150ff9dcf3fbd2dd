//! The order pipeline in the benchmark dataset: about one published demand in forty is
//! taken into a livelihood project (one or two demands each) of its street, in the states
//! of a lived-in system; co-builders — the district's department and a merchants' alliance
//! per street, each with a `builderN` account — offer money, materials and services; the
//! started projects are funded by confirmed claims, the published ones wait on requests.
//! Rows are what the use cases would write: `funded_fen` is the sum of confirmed funds
//! claims, `allocated` the sum of claims holding a resource, and each project and claim has
//! the events of the steps that brought it to its state.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::access::Role;
use domain::claim::{ClaimEvent, ClaimSide, ClaimState};
use domain::demand::DemandState;
use domain::organization::OrganizationKind;
use domain::project::{ProjectCategory, ProjectEvent, ProjectState};
use domain::resource::ResourceKind;
use rand::rngs::StdRng;
use rand::Rng;

use super::{
    at, event_row, v7, Draft, EventRow, GrantRow, OrganizationRow, Tree, UserRow, DAY_MS, SQLITE_BATCH, STREETS,
};
use crate::schema::{claims, events, grants, organizations, project_demands, projects, resources, users};
use crate::{DbConnection, Result};

/// One published demand in this many is taken into a project.
const TAKEN_ONE_IN: f64 = 40.0;

struct Planned {
    id: String,
    street: usize,
    community: usize,
    state: ProjectState,
    created: i64,
    title: String,
    demand_ids: Vec<String>,
    budget: i64,
    gov: i64,
}

/// The projects planned so far, across chunks of demands.
#[derive(Default)]
pub(super) struct Pipeline {
    planned: Vec<Planned>,
}

#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Written {
    pub projects: usize,
    pub resources: usize,
    pub claims: usize,
    pub events: usize,
}

#[derive(Insertable)]
#[diesel(table_name = projects, treat_none_as_default_value = false)]
struct ProjectRow<'a> {
    id: &'a str,
    title: &'a str,
    description: &'a str,
    category: &'static str,
    unit_id: &'a str,
    street_id: &'a str,
    plan: &'static str,
    budget_fen: i64,
    gov_funds_fen: i64,
    funded_fen: i64,
    required_approvals: i64,
    beneficiaries: i64,
    state: &'static str,
    rework_round: i64,
    progress_percent: i64,
    completion_note: Option<&'static str>,
    cancel_reason: Option<&'static str>,
    maintainer_org_id: Option<String>,
    handed_over_at: Option<NaiveDateTime>,
    created_by_id: &'a str,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    version: i64,
}

#[derive(Insertable)]
#[diesel(table_name = project_demands, treat_none_as_default_value = false)]
struct LinkRow<'a> {
    project_id: &'a str,
    demand_id: &'a str,
}

#[derive(Insertable)]
#[diesel(table_name = resources, treat_none_as_default_value = false)]
struct ResourceRow {
    id: String,
    organization_id: String,
    kind: &'static str,
    title: String,
    description: String,
    quantity: i64,
    measure: &'static str,
    allocated: i64,
    withdrawn: bool,
    available_until: Option<NaiveDateTime>,
    unit_id: String,
    created_by_id: String,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    version: i64,
}

#[derive(Insertable)]
#[diesel(table_name = claims, treat_none_as_default_value = false)]
struct ClaimRow<'a> {
    id: String,
    project_id: &'a str,
    resource_id: String,
    quantity: i64,
    initiated_by: &'static str,
    state: &'static str,
    note: &'static str,
    created_by_id: String,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    version: i64,
}

fn claim_row<'a>(
    p: &'a Planned,
    resource: &ResourceRow,
    quantity: i64,
    (side, by): (ClaimSide, String),
    state: ClaimState,
    rng: &mut StdRng,
) -> ClaimRow<'a> {
    ClaimRow {
        id: v7(p.created + DAY_MS, rng),
        project_id: &p.id,
        resource_id: resource.id.clone(),
        quantity,
        initiated_by: side.as_str(),
        state: state.as_str(),
        note: "",
        created_by_id: by,
        created_at: at(p.created + DAY_MS),
        updated_at: at(p.created + 2 * DAY_MS),
        version: if state == ClaimState::Pending { 1 } else { 2 },
    }
}

/// The steps that brought a project to `state`, each with the instant it was taken
/// (milliseconds after its creation): published within the hour, started on the third day
/// (after its claim was confirmed on the second), done by the fifteenth, closed on the
/// twentieth; a cancelled one was cancelled on the fifth, once published.
fn project_history(state: ProjectState) -> Vec<(Option<ProjectState>, ProjectState, ProjectEvent, i64)> {
    use ProjectState as S;
    let mut steps = vec![(None, S::Draft, ProjectEvent::Create, 0)];
    if state == S::Draft {
        return steps;
    }
    steps.push((Some(S::Draft), S::Published, ProjectEvent::Publish, DAY_MS / 24));
    let path = [
        (S::Published, S::InProgress, ProjectEvent::Start, 3 * DAY_MS),
        (S::InProgress, S::Completed, ProjectEvent::Complete { note: Some("按计划完工".into()) }, 15 * DAY_MS),
        (S::Completed, S::Closed, ProjectEvent::Close { tally: None }, 20 * DAY_MS),
    ];
    match state {
        S::Cancelled => steps.push((
            Some(S::Published),
            S::Cancelled,
            ProjectEvent::Cancel { reason: "已由其他渠道解决".into() },
            5 * DAY_MS,
        )),
        _ => {
            for (from, to, event, after) in path {
                if steps.last().is_some_and(|last| last.1 == state) {
                    break;
                }
                steps.push((Some(from), to, event, after));
            }
        }
    }
    steps
}

/// The steps that brought a claim to `state` (created on its project's second day,
/// [`claim_row`]): confirmed the day after, fulfilled when its project closed.
fn claim_history(state: ClaimState, side: ClaimSide) -> Vec<(Option<ClaimState>, ClaimState, ClaimEvent, i64)> {
    let mut steps = vec![(None, ClaimState::Pending, ClaimEvent::Create { initiated_by: side }, DAY_MS)];
    if matches!(state, ClaimState::Confirmed | ClaimState::Fulfilled) {
        steps.push((Some(ClaimState::Pending), ClaimState::Confirmed, ClaimEvent::Confirm, 2 * DAY_MS));
    }
    if state == ClaimState::Fulfilled {
        steps.push((Some(ClaimState::Confirmed), ClaimState::Fulfilled, ClaimEvent::Fulfil, 20 * DAY_MS));
    }
    steps
}

fn roll_state(rng: &mut StdRng) -> ProjectState {
    match rng.gen_range(0..100) {
        0..8 => ProjectState::Draft,
        8..20 => ProjectState::Published,
        20..40 => ProjectState::InProgress,
        40..50 => ProjectState::Completed,
        50..95 => ProjectState::Closed,
        _ => ProjectState::Cancelled,
    }
}

impl Pipeline {
    /// Takes some of this chunk's published demands into projects of their street, setting
    /// their state (accepted, or resolved when the project closed) and project. A cancelled
    /// project's demand went back on the list: it stays published, with no project.
    pub(super) fn answer(&mut self, drafts: &mut [Draft], rng: &mut StdRng, end: i64) {
        let mut open: HashMap<usize, usize> = HashMap::new();
        for d in drafts.iter_mut() {
            if d.state != DemandState::Published || d.handled + 30 * DAY_MS >= end || !rng.gen_bool(1.0 / TAKEN_ONE_IN)
            {
                continue;
            }
            let joins =
                open.get(&d.street).copied().filter(|&p| self.planned[p].demand_ids.len() < 2 && rng.gen_bool(0.5));
            let p = match joins {
                Some(p) => p,
                None => {
                    let created = d.handled + rng.gen_range(DAY_MS..10 * DAY_MS);
                    let budget = rng.gen_range(20..=500) * 100_000;
                    self.planned.push(Planned {
                        id: v7(created, rng),
                        street: d.street,
                        community: d.community,
                        state: roll_state(rng),
                        created,
                        title: format!("{}整治", d.title),
                        demand_ids: Vec::new(),
                        budget,
                        gov: budget / 10 * rng.gen_range(4..=8),
                    });
                    open.insert(d.street, self.planned.len() - 1);
                    self.planned.len() - 1
                }
            };
            let project = &mut self.planned[p];
            project.demand_ids.push(d.id.clone());
            match project.state {
                ProjectState::Cancelled => {}
                ProjectState::Closed => {
                    d.state = DemandState::Resolved;
                    d.project = Some((project.id.clone(), project.created));
                }
                _ => {
                    d.state = DemandState::Accepted;
                    d.project = Some((project.id.clone(), project.created));
                }
            }
        }
    }

    /// Writes the co-builders (an organisation and a `builderN` account each), their
    /// resources, the projects, the demands they answer and the claims funding them.
    pub(super) fn write(
        self,
        conn: &mut DbConnection,
        tree: &Tree,
        committees: &[&str],
        password_hash: &str,
        rng: &mut StdRng,
        t0: i64,
    ) -> Result<(Written, usize)> {
        // Co-builders: builder0 the district's department, builder1… a street's merchants.
        let mut orgs = Vec::with_capacity(STREETS + 1);
        let mut builders = Vec::with_capacity(STREETS + 1);
        let mut builder_grants = Vec::with_capacity(STREETS + 1);
        for n in 0..=STREETS {
            let (name, kind, unit) = match n {
                0 => ("二七区住建局".to_owned(), OrganizationKind::GovernmentDept, tree.district.clone()),
                s => (format!("第{s}街道商户联盟"), OrganizationKind::Merchant, tree.streets[s - 1].clone()),
            };
            let ms = t0 + 30_000_000 + i64::try_from(n).unwrap_or(0);
            let org = OrganizationRow {
                id: v7(ms, rng),
                name,
                kind: kind.as_str(),
                unit_id: unit,
                red_property: false,
                created_at: at(t0),
                updated_at: at(t0),
                version: 1,
            };
            builders.push(UserRow {
                id: v7(ms, rng),
                username: format!("builder{n}"),
                password_hash,
                display_name: format!("{}对接人", org.name),
                phone: None,
                party_member: true,
                created_at: at(t0),
                updated_at: at(t0),
                version: 1,
                disabled: false,
                auth_version: 1,
            });
            orgs.push(org);
        }
        for (org, builder) in orgs.iter().zip(&builders) {
            builder_grants.push(GrantRow {
                id: v7(t0 + 30_000_500, rng),
                user_id: &builder.id,
                role: Role::CoBuilder.as_str(),
                unit_id: &org.unit_id,
                organization_id: Some(org.id.clone()),
                created_at: at(t0),
            });
        }
        bulk_insert!(conn, organizations::table, &orgs, SQLITE_BATCH);
        bulk_insert!(conn, users::table, &builders, SQLITE_BATCH);
        bulk_insert!(conn, grants::table, &builder_grants, SQLITE_BATCH);

        // Money first: the district's fund covers whatever the streets' merchants cannot.
        let started =
            |s: ProjectState| matches!(s, ProjectState::InProgress | ProjectState::Completed | ProjectState::Closed);
        let needed: i64 = self.planned.iter().filter(|p| started(p.state)).map(|p| p.budget - p.gov).sum();
        let mut resource_rows = Vec::new();
        let offer = |rows: &mut Vec<ResourceRow>,
                     rng: &mut StdRng,
                     n: usize,
                     kind: ResourceKind,
                     title: String,
                     quantity,
                     measure| {
            let org = &orgs[n];
            rows.push(ResourceRow {
                id: v7(t0 + 31_000_000 + i64::try_from(rows.len()).unwrap_or(0), rng),
                organization_id: org.id.clone(),
                kind: kind.as_str(),
                title,
                description: String::new(),
                quantity,
                measure,
                allocated: 0,
                withdrawn: false,
                available_until: None,
                unit_id: org.unit_id.clone(),
                created_by_id: builders[n].id.clone(),
                created_at: at(t0),
                updated_at: at(t0),
                version: 1,
            });
            rows.len() - 1
        };
        let district_fund = offer(
            &mut resource_rows,
            rng,
            0,
            ResourceKind::Funds,
            "老旧小区微改造专项资金".into(),
            needed * 2 + 100_000_000,
            "fen",
        );
        offer(&mut resource_rows, rng, 0, ResourceKind::Materials, "LED声控楼道灯".into(), 20_000, "盏");
        let mut street_funds = Vec::with_capacity(STREETS);
        for s in 1..=STREETS {
            street_funds.push(offer(
                &mut resource_rows,
                rng,
                s,
                ResourceKind::Funds,
                format!("第{s}街道商户共建基金"),
                50_000_000,
                "fen",
            ));
            offer(&mut resource_rows, rng, s, ResourceKind::Service, "商户志愿服务".into(), 500, "人次");
            offer(&mut resource_rows, rng, s, ResourceKind::Venue, "活动场地".into(), 4, "处");
        }

        let mut project_rows = Vec::with_capacity(self.planned.len());
        let mut links = Vec::new();
        let mut claim_rows = Vec::new();
        let mut event_rows: Vec<EventRow> = Vec::new();
        for p in &self.planned {
            let street_fund = street_funds[p.street];
            let gap = p.budget - p.gov;
            let mut funded = 0;
            if started(p.state) {
                let from = if resource_rows[street_fund].quantity - resource_rows[street_fund].allocated >= gap {
                    street_fund
                } else {
                    district_fund
                };
                let state = if p.state == ProjectState::Closed { ClaimState::Fulfilled } else { ClaimState::Confirmed };
                let by = resource_rows[from].created_by_id.clone();
                claim_rows.push(claim_row(p, &resource_rows[from], gap, (ClaimSide::Provider, by), state, rng));
                resource_rows[from].allocated += gap;
                funded = gap;
            } else if p.state == ProjectState::Published && gap > 0 {
                let by = committees[p.street].to_owned();
                let side = (ClaimSide::Project, by);
                claim_rows.push(claim_row(p, &resource_rows[district_fund], gap, side, ClaimState::Pending, rng));
            }
            let category =
                [ProjectCategory::MicroRenovation, ProjectCategory::MicroGovernance, ProjectCategory::MicroImprovement]
                    [p.demand_ids.len() % 3];
            let done = matches!(p.state, ProjectState::Completed | ProjectState::Closed);
            project_rows.push(ProjectRow {
                id: &p.id,
                title: &p.title,
                description: "",
                category: category.as_str(),
                unit_id: &tree.communities[p.community],
                street_id: &tree.streets[p.street],
                plan: "按居民需求分期实施，完工后由业委会验收。",
                budget_fen: p.budget,
                gov_funds_fen: p.gov,
                funded_fen: funded,
                required_approvals: 2,
                beneficiaries: rng.gen_range(50..2_000),
                state: p.state.as_str(),
                rework_round: 0,
                progress_percent: match p.state {
                    ProjectState::InProgress => rng.gen_range(10..90),
                    _ if done => 100,
                    _ => 0,
                },
                completion_note: done.then_some("按计划完工"),
                cancel_reason: (p.state == ProjectState::Cancelled).then_some("已由其他渠道解决"),
                maintainer_org_id: None,
                handed_over_at: None,
                created_by_id: committees[p.street],
                created_at: at(p.created),
                updated_at: at(p.created + 20 * DAY_MS),
                version: 1,
            });
            for d in &p.demand_ids {
                links.push(LinkRow { project_id: &p.id, demand_id: d });
            }
            let place = (tree.communities[p.community].as_str(), tree.streets[p.street].as_str());
            let committee = Some(committees[p.street]);
            for (from, to, event, after) in project_history(p.state) {
                let t = p.created + after;
                let states = (from.map(ProjectState::as_str), to.as_str());
                event_rows.push(event_row(v7(t, rng), &p.id, committee, states, &event, place, at(t))?);
            }
        }
        let planned: HashMap<&str, &Planned> = self.planned.iter().map(|p| (p.id.as_str(), p)).collect();
        for c in &claim_rows {
            let p = planned[c.project_id];
            let place = (tree.communities[p.community].as_str(), tree.streets[p.street].as_str());
            let side = ClaimSide::parse(c.initiated_by).map_err(|_| crate::Error::Corrupt("claim side"))?;
            let state = ClaimState::parse(c.state).map_err(|_| crate::Error::Corrupt("claim state"))?;
            for (from, to, event, after) in claim_history(state, side) {
                let t = p.created + after;
                let states = (from.map(ClaimState::as_str), to.as_str());
                let actor = Some(c.created_by_id.as_str());
                event_rows.push(event_row(v7(t, rng), &c.id, actor, states, &event, place, at(t))?);
            }
        }
        bulk_insert!(conn, resources::table, &resource_rows, SQLITE_BATCH);
        bulk_insert!(conn, projects::table, &project_rows, SQLITE_BATCH);
        bulk_insert!(conn, project_demands::table, &links, SQLITE_BATCH);
        bulk_insert!(conn, claims::table, &claim_rows, SQLITE_BATCH);
        bulk_insert!(conn, events::table, &event_rows, SQLITE_BATCH);
        let written = Written {
            projects: project_rows.len(),
            resources: resource_rows.len(),
            claims: claim_rows.len(),
            events: event_rows.len(),
        };
        Ok((written, builders.len()))
    }
}
