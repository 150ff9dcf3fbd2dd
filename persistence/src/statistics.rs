//! The figures of SPEC §4.8 for a unit, with its children and community types broken out.
//!
//! Demands, projects with their claims, and volunteers' minutes are counted from their
//! events by the worker ([`tally`], `stat_cells`): per unit, community type and month, for
//! the record's community and every unit above it, so a unit's figures read its own cells
//! and its children's. The other lists (resources, ratings, volunteers) are a few thousand
//! rows per district and are counted when asked.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use domain::access::Role;
use domain::claim::ClaimState;
use domain::demand::{DemandEvent, DemandState};
use domain::history::Entity;
use domain::org_unit::{CommunityType, UnitKind};
use domain::project::ProjectState;
use domain::resource::{ResourceKind, ResourceState};
use domain::statistics::{
    claim_step, project_standing, project_step, served, tally as counts_of, Counts, DemandCounts, Metric, Money,
    Months, ProjectBooks, Ratings, Service, Step,
};
use domain::volunteering::ActivityEvent;
use uuid::Uuid;

use crate::events::{Cursor, Stored};
use crate::schema::{claims, demands, events, grants, org_units, projects, ratings, resources, stat_cells, users};
use crate::util::{opt_parsed, parsed, utc, uuid};
use crate::{DbConnection, Error, Result};

/// The statistics consumer's name in `event_consumers`.
pub const CONSUMER: &str = "statistics";

/// A unit as the counts need it: its parent, its kind and its own community type.
type UnitFacts = (Option<String>, String, Option<String>);

/// The units a record's counts are kept for (its community, or the unit itself when it is
/// above one, and each unit above), and the community type they are kept under ('' for none).
fn chain(mut facts: impl FnMut(&str) -> Result<Option<UnitFacts>>, unit: &str) -> Result<(Vec<String>, String)> {
    let mut units = Vec::new();
    let mut community_type = None;
    let mut at = Some(unit.to_owned());
    while let Some(id) = at {
        let Some((parent, kind, own_type)) = facts(&id)? else { return Err(Error::Corrupt("a record of no unit")) };
        if kind != UnitKind::Compound.as_str() {
            units.push(id);
        }
        community_type = community_type.or(own_type);
        at = parent;
    }
    Ok((units, community_type.unwrap_or_default()))
}

fn unit_facts(conn: &mut DbConnection, id: &str) -> Result<Option<UnitFacts>> {
    Ok(org_units::table
        .find(id)
        .select((org_units::parent_id, org_units::kind, org_units::community_type))
        .first(conn)
        .optional()?)
}

/// What one event adds: the unit it is counted under, the month and the counts.
struct Delta {
    unit: String,
    month: String,
    counts: Vec<(Metric, i64)>,
}

/// Adds one event of the log to the counts (the worker calls it once per event, in order).
pub fn tally(conn: &mut DbConnection, event: &Stored) -> Result<()> {
    let delta = match event.entity {
        Entity::Demand => {
            let Some((community, filed_at)) = demands::table
                .find(event.entity_id.to_string())
                .select((demands::community_id, demands::created_at))
                .first::<(String, NaiveDateTime)>(conn)
                .optional()?
            else {
                return Err(Error::Corrupt("a demand event of no demand"));
            };
            let accepted_before = |conn: &mut DbConnection| -> Result<bool> {
                Ok(events::table
                    .filter(events::entity.eq(Entity::Demand.as_str()))
                    .filter(events::entity_id.eq(event.entity_id.to_string()))
                    .filter(events::action.eq("accept"))
                    .filter(events::seq.lt(event.seq))
                    .count()
                    .get_result::<i64>(conn)?
                    > 0)
            };
            demand_delta(event, community, &filed_at, |_| accepted_before(conn))?
        }
        Entity::VolunteerActivity => {
            let party_member = |conn: &mut DbConnection, user: Uuid| -> Result<bool> {
                Ok(users::table
                    .find(user.to_string())
                    .select(users::party_member)
                    .first(conn)
                    .optional()?
                    .unwrap_or(false))
            };
            service_delta(event, |user| party_member(conn, user))?
        }
        Entity::Project => {
            let Some(project) = project_facts(conn, &event.entity_id.to_string())? else {
                return Err(Error::Corrupt("a project event of no project"));
            };
            let (from, to) = (project_state(&event.from_state)?, project_state(&event.to_state)?);
            project.delta(project_step(from, to, project.books))
        }
        Entity::Claim => {
            let Some((project_id, quantity, kind)) = claims::table
                .inner_join(resources::table)
                .filter(claims::id.eq(event.entity_id.to_string()))
                .select((claims::project_id, claims::quantity, resources::kind))
                .first::<(String, i64, String)>(conn)
                .optional()?
            else {
                return Err(Error::Corrupt("a claim event of no claim"));
            };
            let Some(project) = project_facts(conn, &project_id)? else {
                return Err(Error::Corrupt("a claim of no project"));
            };
            let (from, to) = (claim_state(&event.from_state)?, claim_state(&event.to_state)?);
            let funds = (kind == ResourceKind::Funds.as_str()).then_some(quantity);
            project.delta(claim_step(from, to, funds))
        }
        _ => None,
    };
    let Some(delta) = delta else { return Ok(()) };
    let (units, community_type) = chain(|id| unit_facts(conn, id), &delta.unit)?;
    for unit in units {
        add(conn, &unit, &community_type, &delta.month, &delta.counts)?;
    }
    Ok(())
}

/// A project as its counts need it: where and when it was created, and its books.
struct ProjectFacts {
    unit: String,
    created_at: NaiveDateTime,
    books: ProjectBooks,
}

impl ProjectFacts {
    /// The counts of one of its steps (or its claims'), under its unit and month of creation.
    fn delta(&self, counts: Vec<(Metric, i64)>) -> Option<Delta> {
        let month = domain::statistics::Month::of(utc(self.created_at)).to_string();
        (!counts.is_empty()).then(|| Delta { unit: self.unit.clone(), month, counts })
    }
}

type ProjectRow = (String, NaiveDateTime, i64, i64, i64);

fn project_facts(conn: &mut DbConnection, id: &str) -> Result<Option<ProjectFacts>> {
    let row: Option<ProjectRow> = projects::table
        .find(id)
        .select((
            projects::unit_id,
            projects::created_at,
            projects::gov_funds_fen,
            projects::funded_fen,
            projects::beneficiaries,
        ))
        .first(conn)
        .optional()?;
    Ok(row.map(|(unit, created_at, gov_fen, funded_fen, beneficiaries)| ProjectFacts {
        unit,
        created_at,
        books: ProjectBooks { gov_fen, funded_fen, beneficiaries },
    }))
}

fn project_state(raw: &Option<String>) -> Result<Option<ProjectState>> {
    opt_parsed(raw.as_deref(), ProjectState::parse, "project state")
}

fn claim_state(raw: &Option<String>) -> Result<Option<ClaimState>> {
    opt_parsed(raw.as_deref(), ClaimState::parse, "claim state")
}

/// What a demand's event adds to the counts of its community and filing month; none for an
/// event that changes no count.
fn demand_delta(
    event: &Stored,
    community: String,
    filed_at: &NaiveDateTime,
    accepted_before: impl FnOnce(&DemandEvent) -> Result<bool>,
) -> Result<Option<Delta>> {
    let Some(demand_event) = event.decode::<DemandEvent>()? else { return Ok(None) };
    let state = |raw: &Option<String>| opt_parsed(raw.as_deref(), DemandState::parse, "demand state");
    let accepted_before = matches!(demand_event, DemandEvent::Accept { .. }) && accepted_before(&demand_event)?;
    let step = Step {
        event: &demand_event,
        from: state(&event.from_state)?,
        to: state(&event.to_state)?,
        at: event.at,
        filed_at: utc(*filed_at),
        accepted_before,
    };
    let counts = counts_of(&step);
    let month = domain::statistics::Month::of(step.filed_at).to_string();
    Ok((!counts.is_empty()).then_some(Delta { unit: community, month, counts }))
}

/// What an activity's event adds: the minutes recorded, in the month they were recorded,
/// under the activity's unit.
fn service_delta(event: &Stored, party_member: impl FnOnce(Uuid) -> Result<bool>) -> Result<Option<Delta>> {
    let Some(ActivityEvent::Record { user_id, minutes }) = event.decode::<ActivityEvent>()? else { return Ok(None) };
    let Some(unit) = event.unit_id else { return Err(Error::Corrupt("an activity's event of no unit")) };
    let month = domain::statistics::Month::of(event.at).to_string();
    Ok(Some(Delta { unit: unit.to_string(), month, counts: served(minutes, party_member(user_id)?) }))
}

/// Counts the whole log again in one pass, as the consumer would have event by event: for
/// a generated district's millions of events, which the worker would take an hour over.
pub fn rebuild(conn: &mut DbConnection) -> Result<()> {
    crate::events::rebuild(conn, CONSUMER, |conn| {
        diesel::delete(stat_cells::table).execute(conn)?;
        let units: HashMap<String, UnitFacts> = org_units::table
            .select((org_units::id, (org_units::parent_id, org_units::kind, org_units::community_type)))
            .load::<(String, UnitFacts)>(conn)?
            .into_iter()
            .collect();
        let mut chains: HashMap<String, (Vec<String>, String)> = HashMap::new();
        let mut cells: HashMap<(String, String, String), Counts> = HashMap::new();
        let mut count = |delta: Delta| -> Result<()> {
            if !chains.contains_key(&delta.unit) {
                let found = chain(|id| Ok(units.get(id).cloned()), &delta.unit)?;
                chains.insert(delta.unit.clone(), found);
            }
            let (ancestors, community_type) = &chains[&delta.unit];
            for unit in ancestors {
                let cell = cells.entry((unit.clone(), community_type.clone(), delta.month.clone())).or_default();
                for (metric, n) in &delta.counts {
                    cell.add(*metric, *n);
                }
            }
            Ok(())
        };
        let mut accepted: HashSet<Uuid> = HashSet::new();
        let mut cursor = Cursor::START;
        loop {
            let batch = crate::events::since(conn, cursor, 10_000)?;
            let Some(last) = batch.last() else { break };
            cursor = Cursor { tx: last.tx, seq: last.seq };
            let ids = |entity: Entity| -> Vec<String> {
                let mut ids: Vec<String> =
                    batch.iter().filter(|e| e.entity == entity).map(|e| e.entity_id.to_string()).collect();
                ids.sort_unstable();
                ids.dedup();
                ids
            };
            let facts: HashMap<String, (String, NaiveDateTime)> = demands::table
                .filter(demands::id.eq_any(ids(Entity::Demand)))
                .select((demands::id, demands::community_id, demands::created_at))
                .load::<(String, String, NaiveDateTime)>(conn)?
                .into_iter()
                .map(|(id, community, filed)| (id, (community, filed)))
                .collect();
            let mut people: Vec<String> = batch
                .iter()
                .filter_map(|e| match e.decode::<ActivityEvent>() {
                    Ok(Some(ActivityEvent::Record { user_id, .. })) => Some(user_id.to_string()),
                    _ => None,
                })
                .collect();
            people.sort_unstable();
            people.dedup();
            let party_members: HashSet<String> = users::table
                .filter(users::id.eq_any(&people))
                .filter(users::party_member.eq(true))
                .select(users::id)
                .load::<String>(conn)?
                .into_iter()
                .collect();
            for event in &batch {
                let delta = match event.entity {
                    Entity::Demand => {
                        let Some((community, filed_at)) = facts.get(&event.entity_id.to_string()) else {
                            tracing::error!(seq = event.seq, "a demand event of no demand: passed over");
                            continue;
                        };
                        demand_delta(event, community.clone(), filed_at, |_| Ok(!accepted.insert(event.entity_id)))?
                    }
                    Entity::VolunteerActivity => {
                        service_delta(event, |user| Ok(party_members.contains(&user.to_string())))?
                    }
                    _ => None,
                };
                let Some(delta) = delta else { continue };
                count(delta)?;
            }
        }
        // Projects and claims from their rows, which hold what their steps would have added:
        // a generated district's have no history. Only the generator rebuilds, with nothing
        // else writing, so the rows are those the log read describes.
        let mut claim_counts: HashMap<String, Vec<(Metric, i64)>> = HashMap::new();
        let claim_rows: Vec<(String, String, i64)> = claims::table
            .group_by((claims::project_id, claims::state))
            .select((claims::project_id, claims::state, sql::<BigInt>("CAST(COUNT(*) AS BIGINT)")))
            .load(conn)?;
        for (project, raw, n) in claim_rows {
            let state = parsed(&raw, ClaimState::parse, "claim state")?;
            claim_counts.entry(project).or_default().push((Metric::ClaimInState(state), n));
        }
        let project_rows: Vec<(String, String, ProjectRow)> = projects::table
            .select((
                projects::id,
                projects::state,
                (
                    projects::unit_id,
                    projects::created_at,
                    projects::gov_funds_fen,
                    projects::funded_fen,
                    projects::beneficiaries,
                ),
            ))
            .load(conn)?;
        for (id, raw, (unit, created_at, gov_fen, funded_fen, beneficiaries)) in project_rows {
            let project = ProjectFacts { unit, created_at, books: ProjectBooks { gov_fen, funded_fen, beneficiaries } };
            let mut counts = project_standing(parsed(&raw, ProjectState::parse, "project state")?, project.books);
            counts.extend(claim_counts.remove(&id).unwrap_or_default());
            if let Some(delta) = project.delta(counts) {
                count(delta)?;
            }
        }
        let rows: Vec<_> = cells
            .into_iter()
            .map(|((unit, community_type, month), counts)| {
                (
                    stat_cells::unit_id.eq(unit),
                    stat_cells::community_type.eq(community_type),
                    stat_cells::month.eq(month),
                    stat_cells::counts.eq(counts.encode()),
                )
            })
            .collect();
        // Many rows to a statement, which diesel writes for each backend but not for both.
        for chunk in rows.chunks(1_000) {
            match conn {
                DbConnection::Sqlite(c) => diesel::insert_into(stat_cells::table).values(chunk).execute(c)?,
                DbConnection::Postgresql(c) => diesel::insert_into(stat_cells::table).values(chunk).execute(c)?,
            };
        }
        Ok(cursor)
    })
}

/// The projects' and claims' counts the worker keeps, against a count of their rows (for
/// `gongzhi check`): the cells of the units at the top of the tree hold every project. The
/// counts follow the log, so they are compared only when the worker has taken in all of it,
/// and only if it still has when the rows have been read (a write meanwhile adds to the log).
pub fn check_project_counts(conn: &mut DbConnection) -> Result<Vec<String>> {
    let caught_up = |conn: &mut DbConnection| -> Result<Option<Cursor>> {
        let at = crate::events::position(conn, CONSUMER)?;
        Ok((at == crate::events::end(conn)?).then_some(at))
    };
    let Some(before) = caught_up(conn)? else { return Ok(Vec::new()) };
    let tops: Vec<String> = org_units::table.filter(org_units::parent_id.is_null()).select(org_units::id).load(conn)?;
    let mut kept = Counts::default();
    for raw in
        stat_cells::table.filter(stat_cells::unit_id.eq_any(&tops)).select(stat_cells::counts).load::<String>(conn)?
    {
        kept.projects.merge(&Counts::decode(&raw).projects);
    }
    let mut rows = Counts::default();
    let projects: Vec<(String, i64, i64, i64)> = projects::table
        .select((projects::state, projects::gov_funds_fen, projects::funded_fen, projects::beneficiaries))
        .load(conn)?;
    for (raw, gov_fen, funded_fen, beneficiaries) in projects {
        let state = parsed(&raw, ProjectState::parse, "project state")?;
        for (metric, n) in project_standing(state, ProjectBooks { gov_fen, funded_fen, beneficiaries }) {
            rows.add(metric, n);
        }
    }
    for raw in claims::table.select(claims::state).load::<String>(conn)? {
        rows.add(Metric::ClaimInState(parsed(&raw, ClaimState::parse, "claim state")?), 1);
    }
    if caught_up(conn)? != Some(before) {
        return Ok(Vec::new());
    }
    // The stored form leaves out what has come back to zero.
    let (kept, rows) = (kept.encode(), rows.encode());
    Ok(if kept == rows {
        Vec::new()
    } else {
        vec![format!("the figures count the projects and claims as [{kept}] but their rows say [{rows}]")]
    })
}

/// Only the consumer writes the counts, one batch at a time under its lock: a cell read,
/// added to and written back cannot race another writer, and one not found can be inserted.
fn add(conn: &mut DbConnection, unit: &str, community_type: &str, month: &str, delta: &[(Metric, i64)]) -> Result<()> {
    let cell = stat_cells::table.find((unit, month, community_type));
    let stored: Option<String> = cell.select(stat_cells::counts).first(conn).optional()?;
    let mut counts = stored.as_deref().map(Counts::decode).unwrap_or_default();
    for (metric, n) in delta {
        counts.add(*metric, *n);
    }
    if stored.is_some() {
        diesel::update(cell).set(stat_cells::counts.eq(counts.encode())).execute(conn)?;
    } else {
        diesel::insert_into(stat_cells::table)
            .values((
                stat_cells::unit_id.eq(unit),
                stat_cells::community_type.eq(community_type),
                stat_cells::month.eq(month),
                stat_cells::counts.eq(counts.encode()),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// What is counted for a unit, a child of it, or a community type.
#[derive(Debug, Clone, Default)]
pub struct Figures {
    pub demands: DemandCounts,
    /// Demands still waiting for their first decision past their deadline.
    pub overdue: i64,
    pub projects: BTreeMap<ProjectState, i64>,
    pub ratings: Ratings,
    pub money: Money,
    /// People served by the projects closed (结单).
    pub beneficiaries: i64,
}

/// One month of the demands filed in it.
#[derive(Debug, Clone)]
pub struct MonthFigures {
    pub month: String,
    pub demands: DemandCounts,
}

#[derive(Debug, Clone, Default)]
pub struct Volunteers {
    pub volunteers: i64,
    pub party_member_volunteers: i64,
    pub minutes: i64,
    pub party_member_minutes: i64,
}

#[derive(Debug, Clone)]
pub struct Child {
    pub unit_id: Uuid,
    pub name: String,
    pub kind: UnitKind,
    pub figures: Figures,
}

#[derive(Debug, Clone)]
pub struct Overview {
    pub unit_id: Uuid,
    pub name: String,
    pub kind: UnitKind,
    pub months: Months,
    pub figures: Figures,
    pub children: Vec<Child>,
    /// By the type of the community each record is in; records of no community (a
    /// street's own projects) are in none.
    pub community_types: BTreeMap<CommunityType, Figures>,
    pub by_month: Vec<MonthFigures>,
    pub resources: BTreeMap<ResourceState, i64>,
    pub claims: BTreeMap<ClaimState, i64>,
    pub volunteers: Volunteers,
    /// Compounds below the unit, and those with all three kinds of organisation (三类组织).
    pub compounds: i64,
    pub compounds_covered: i64,
}

/// Each unit below the asked one: which of its children it is under, and the type of its
/// community.
struct Tree {
    children: Vec<(Uuid, String, UnitKind)>,
    /// unit id → (index in `children`, community type)
    place: HashMap<String, (Option<usize>, Option<CommunityType>)>,
    communities: Vec<String>,
}

/// id, name, kind, parent, path, community type
type UnitRow = (String, String, String, Option<String>, String, Option<String>);

fn tree(conn: &mut DbConnection, unit: Uuid) -> Result<(Tree, String, UnitKind)> {
    let (start, end) = crate::org_units::subtree_of(conn, unit, "unit_id")?;
    let mut rows: Vec<UnitRow> = org_units::table
        .filter(org_units::path.ge(&start))
        .filter(org_units::path.lt(&end))
        .select((
            org_units::id,
            org_units::name,
            org_units::kind,
            org_units::parent_id,
            org_units::path,
            org_units::community_type,
        ))
        .load(conn)?;
    // Parents before children: a path extends its parent's.
    rows.sort_by(|a, b| a.4.cmp(&b.4));
    let own = unit.to_string();
    let mut name = String::new();
    let mut kind = UnitKind::District;
    let mut t = Tree { children: Vec::new(), place: HashMap::new(), communities: Vec::new() };
    for (id, unit_name, raw_kind, parent, _, raw_type) in rows {
        let unit_kind = parsed(&raw_kind, UnitKind::parse, "org unit kind")?;
        let community_type = opt_parsed(raw_type.as_deref(), CommunityType::parse, "community type")?;
        if id == own {
            name = unit_name;
            kind = unit_kind;
            t.place.insert(id.clone(), (None, community_type));
        } else {
            let above = parent.as_ref().and_then(|p| t.place.get(p)).copied().unwrap_or((None, None));
            let child = if parent.as_deref() == Some(own.as_str()) {
                t.children.push((uuid(&id, "org unit id")?, unit_name, unit_kind));
                Some(t.children.len() - 1)
            } else {
                above.0
            };
            t.place.insert(id.clone(), (child, community_type.or(above.1)));
        }
        if unit_kind == UnitKind::Community {
            t.communities.push(id);
        }
    }
    Ok((t, name, kind))
}

/// The figures of `unit` and everything below it, for the demands and projects of `months`
/// (by when they were filed or created), as of `now`.
pub fn overview(conn: &mut DbConnection, unit: Uuid, months: Months, now: DateTime<Utc>) -> Result<Overview> {
    let (tree, name, kind) = tree(conn, unit)?;
    let (since, until) = (months.from.start().naive_utc(), months.to.next().start().naive_utc());
    let own = unit.to_string();

    // The counts: the unit's own cells give its figures, its community types and its months;
    // each child's cells give the child's.
    let child_of: HashMap<String, usize> =
        tree.children.iter().enumerate().map(|(i, (id, _, _))| (id.to_string(), i)).collect();
    let mut cell_units: Vec<&String> = child_of.keys().collect();
    cell_units.push(&own);
    let cells: Vec<(String, String, String, String)> = stat_cells::table
        .filter(stat_cells::unit_id.eq_any(&cell_units))
        .filter(stat_cells::month.ge(months.from.to_string()))
        .filter(stat_cells::month.le(months.to.to_string()))
        .select((stat_cells::unit_id, stat_cells::community_type, stat_cells::month, stat_cells::counts))
        .load(conn)?;
    let mut counts = Counts::default();
    let mut child_counts = vec![Counts::default(); tree.children.len()];
    let mut type_counts: BTreeMap<CommunityType, Counts> = BTreeMap::new();
    let mut by_month: BTreeMap<String, DemandCounts> =
        months.each().map(|m| (m.to_string(), DemandCounts::default())).collect();
    for (cell_unit, community_type, month, raw) in cells {
        let cell = Counts::decode(&raw);
        if cell_unit == own {
            counts.merge(&cell);
            if let Ok(t) = CommunityType::parse(&community_type) {
                type_counts.entry(t).or_default().merge(&cell);
            }
            if let Some(m) = by_month.get_mut(&month) {
                m.merge(&cell.demands);
            }
        } else if let Some(i) = child_of.get(&cell_unit) {
            child_counts[*i].merge(&cell);
        }
    }

    // Overdue: the demands still waiting for a first decision, less those whose deadline
    // has not passed (the few filed in the last days), which are read from the demands.
    let fresh = fresh_demands(conn, &tree, (since, until), now)?;

    // A district has a few hundred units: naming them all is cheaper than a join per row.
    let units: Vec<&String> = tree.place.keys().collect();

    let rated: Vec<(String, i64, i64)> = ratings::table
        .inner_join(projects::table.on(projects::id.eq(ratings::project_id)))
        .filter(projects::unit_id.eq_any(&units))
        .filter(ratings::created_at.ge(since))
        .filter(ratings::created_at.lt(until))
        .group_by((projects::unit_id, ratings::score))
        .select((projects::unit_id, ratings::score, sql::<BigInt>("CAST(COUNT(*) AS BIGINT)")))
        .load(conn)?;
    let mut rated_by_unit: HashMap<String, Ratings> = HashMap::new();
    for (unit_id, score, n) in rated {
        rated_by_unit.entry(unit_id).or_default().add(score, n);
    }

    // Roll the units' ratings up into the whole, each child and each community type, then
    // put the counts beside them.
    let with_counts = |f: &mut Figures, c: &Counts, fresh: i64| {
        f.demands = c.demands.clone();
        f.projects = c.projects.by_state.clone();
        f.money = c.projects.money;
        f.beneficiaries = c.projects.beneficiaries;
        let waiting = c.demands.by_state.get(&DemandState::Submitted).copied().unwrap_or(0);
        // The counts follow the log a moment behind the demands: never below none.
        f.overdue = (waiting - fresh).max(0);
    };
    let mut figures = Figures::default();
    let mut children: Vec<Child> = tree
        .children
        .iter()
        .map(|(id, name, kind)| Child { unit_id: *id, name: name.clone(), kind: *kind, figures: Figures::default() })
        .collect();
    let mut community_types: BTreeMap<CommunityType, Figures> = BTreeMap::new();
    for (unit_id, r) in &rated_by_unit {
        figures.ratings.merge(r);
        let (child, community_type) = tree.place.get(unit_id).copied().unwrap_or((None, None));
        if let Some(c) = child.and_then(|i| children.get_mut(i)) {
            c.figures.ratings.merge(r);
        }
        if let Some(t) = community_type {
            community_types.entry(t).or_default().ratings.merge(r);
        }
    }
    with_counts(&mut figures, &counts, fresh.total);
    for (i, c) in children.iter_mut().enumerate() {
        with_counts(&mut c.figures, &child_counts[i], fresh.by_child.get(&i).copied().unwrap_or(0));
    }
    for (t, c) in &type_counts {
        let f = community_types.entry(*t).or_default();
        with_counts(f, c, fresh.by_type.get(t).copied().unwrap_or(0));
    }

    let compounds = crate::organizations::coverage(conn, unit)?;
    Ok(Overview {
        unit_id: unit,
        name,
        kind,
        months,
        figures,
        children,
        community_types,
        by_month: by_month.into_iter().map(|(month, demands)| MonthFigures { month, demands }).collect(),
        resources: resource_states(conn, &units, now)?,
        claims: counts.projects.claims.clone(),
        volunteers: volunteers(conn, &units, counts.service)?,
        compounds: compounds.len() as i64,
        compounds_covered: compounds.iter().filter(|c| c.coverage.missing().is_empty()).count() as i64,
    })
}

/// Demands of the period waiting for a first decision whose deadline has not passed (or
/// that have none), by where they are: the few filed in the last days.
#[derive(Default)]
struct Fresh {
    total: i64,
    by_child: HashMap<usize, i64>,
    by_type: HashMap<CommunityType, i64>,
}

fn fresh_demands(
    conn: &mut DbConnection,
    tree: &Tree,
    (since, until): (NaiveDateTime, NaiveDateTime),
    now: DateTime<Utc>,
) -> Result<Fresh> {
    // By state and deadline only, which the index (state, due_at) answers; the place is
    // sorted out here, as a list of a street's communities would lead the planner to read
    // every waiting demand of each.
    let waiting = || {
        demands::table
            .filter(demands::state.eq(DemandState::Submitted.as_str()))
            .filter(demands::created_at.ge(since))
            .filter(demands::created_at.lt(until))
            .select(demands::community_id)
    };
    let mut rows: Vec<String> = waiting().filter(demands::due_at.ge(now.naive_utc())).load(conn)?;
    rows.extend(waiting().filter(demands::due_at.is_null()).load::<String>(conn)?);
    let mut out = Fresh::default();
    for community in rows {
        let Some((child, community_type)) = tree.place.get(&community).copied() else { continue };
        out.total += 1;
        if let Some(i) = child {
            *out.by_child.entry(i).or_default() += 1;
        }
        if let Some(t) = community_type {
            *out.by_type.entry(t).or_default() += 1;
        }
    }
    Ok(out)
}

/// Resources offered in the subtree, by their state now (a state is worked out, not kept).
fn resource_states(
    conn: &mut DbConnection,
    units: &[&String],
    now: DateTime<Utc>,
) -> Result<BTreeMap<ResourceState, i64>> {
    let rows: Vec<(bool, i64, i64, Option<chrono::NaiveDateTime>)> = resources::table
        .filter(resources::unit_id.eq_any(units))
        .select((resources::withdrawn, resources::quantity, resources::allocated, resources::available_until))
        .load(conn)?;
    let mut out = BTreeMap::new();
    for (withdrawn, quantity, allocated, until) in rows {
        let state = domain::resource::state_of(withdrawn, quantity - allocated, until.map(utc), now);
        *out.entry(state).or_default() += 1;
    }
    Ok(out)
}

/// The volunteers registered in the subtree's teams now (注册志愿者), and the minutes served
/// in the period, from the counts. Counted by the database, which reads the grants of the
/// two roles from `grants_role_unit` and the party members among them from the partial index
/// `users_party_members`: a district's ten thousand volunteers and twenty thousand party
/// members, brought out row by row to be counted here, were a third of its figures' time.
fn volunteers(conn: &mut DbConnection, units: &[&String], served: Service) -> Result<Volunteers> {
    let roles = [Role::Volunteer.as_str(), Role::VolunteerLeader.as_str()];
    let in_teams = || grants::table.filter(grants::role.eq_any(roles)).filter(grants::unit_id.eq_any(units));
    let volunteers: i64 =
        in_teams().select(sql::<BigInt>("CAST(COUNT(DISTINCT grants.user_id) AS BIGINT)")).first(conn)?;
    // `party_member` as the bare column, not compared with a bound value: the partial index
    // (WHERE party_member) then answers it on both engines.
    let party_member_volunteers: i64 = users::table
        .filter(users::party_member)
        .filter(users::id.eq_any(in_teams().select(grants::user_id)))
        .count()
        .get_result(conn)?;
    Ok(Volunteers {
        volunteers,
        party_member_volunteers,
        minutes: served.minutes,
        party_member_minutes: served.party_member_minutes,
    })
}
