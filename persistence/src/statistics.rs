//! The figures of SPEC §4.8 for a unit, with its children and community types broken out.
//!
//! Demands are counted from their events by the worker ([`tally`], `stat_cells`), per
//! community and month of filing; the other lists are a few thousand rows per district and
//! are counted when asked.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use domain::claim::ClaimState;
use domain::demand::{DemandEvent, DemandState};
use domain::history::Entity;
use domain::org_unit::{CommunityType, UnitKind};
use domain::project::ProjectState;
use domain::resource::{ResourceKind, ResourceState};
use domain::statistics::{tally as counts_of, DemandCounts, Metric, Money, Months, Ratings, Step};
use uuid::Uuid;

use crate::events::{Cursor, Stored};
use crate::schema::{
    claims, demands, events, org_units, projects, ratings, resources, service_records, stat_cells, users,
    volunteer_activities,
};
use crate::util::{opt_parsed, parsed, utc, uuid};
use crate::{DbConnection, Error, Result};

/// The statistics consumer's name in `event_consumers`.
pub const CONSUMER: &str = "statistics";

/// Adds one event of the log to the counts (the worker calls it once per event, in order).
pub fn tally(conn: &mut DbConnection, event: &Stored) -> Result<()> {
    if event.entity != Entity::Demand {
        return Ok(());
    }
    let Some(demand) = demands::table
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
    let Some((month, counts)) = counts(event, &demand.1, |_| accepted_before(conn))? else { return Ok(()) };
    for (metric, delta) in counts {
        add(conn, &demand.0, &month, &metric.key(), delta)?;
    }
    Ok(())
}

/// A filing month (YYYY-MM) and what to add to its counts.
type MonthCounts = (String, Vec<(Metric, i64)>);

/// What a demand's event adds to the counts of its filing month (YYYY-MM); none for an
/// event of another record.
fn counts(
    event: &Stored,
    filed_at: &NaiveDateTime,
    accepted_before: impl FnOnce(&DemandEvent) -> Result<bool>,
) -> Result<Option<MonthCounts>> {
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
    Ok(Some((domain::statistics::Month::of(step.filed_at).to_string(), counts_of(&step))))
}

/// Counts the whole log again in one pass, as the consumer would have event by event: for
/// a generated district's millions of events, which the worker would take an hour over.
pub fn rebuild(conn: &mut DbConnection) -> Result<()> {
    crate::events::rebuild(conn, CONSUMER, |conn| {
        diesel::delete(stat_cells::table).execute(conn)?;
        let mut cells: HashMap<(String, String, String), i64> = HashMap::new();
        let mut accepted: HashSet<Uuid> = HashSet::new();
        let mut cursor = Cursor::START;
        loop {
            let batch = crate::events::since(conn, cursor, 10_000)?;
            let Some(last) = batch.last() else { break };
            cursor = Cursor { tx: last.tx, seq: last.seq };
            let mut ids: Vec<String> =
                batch.iter().filter(|e| e.entity == Entity::Demand).map(|e| e.entity_id.to_string()).collect();
            ids.sort_unstable();
            ids.dedup();
            let facts: HashMap<String, (String, NaiveDateTime)> = demands::table
                .filter(demands::id.eq_any(&ids))
                .select((demands::id, demands::community_id, demands::created_at))
                .load::<(String, String, NaiveDateTime)>(conn)?
                .into_iter()
                .map(|(id, community, filed)| (id, (community, filed)))
                .collect();
            for event in batch.iter().filter(|e| e.entity == Entity::Demand) {
                let Some((community, filed_at)) = facts.get(&event.entity_id.to_string()) else {
                    tracing::error!(seq = event.seq, "a demand event of no demand: passed over");
                    continue;
                };
                let found = counts(event, filed_at, |_| Ok(!accepted.insert(event.entity_id)))?;
                let Some((month, counts)) = found else { continue };
                for (metric, delta) in counts {
                    *cells.entry((community.clone(), month.clone(), metric.key())).or_default() += delta;
                }
            }
        }
        let rows: Vec<_> = cells
            .into_iter()
            .filter(|(_, value)| *value != 0)
            .map(|((community, month, metric), value)| {
                (
                    stat_cells::community_id.eq(community),
                    stat_cells::month.eq(month),
                    stat_cells::metric.eq(metric),
                    stat_cells::value.eq(value),
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

/// Only the consumer writes the counts, one batch at a time under its lock: an update
/// that finds no row can insert it without a race.
fn add(conn: &mut DbConnection, community_id: &str, month: &str, metric: &str, delta: i64) -> Result<()> {
    let cell = stat_cells::table
        .filter(stat_cells::community_id.eq(community_id))
        .filter(stat_cells::month.eq(month))
        .filter(stat_cells::metric.eq(metric));
    let updated = diesel::update(cell).set(stat_cells::value.eq(stat_cells::value + delta)).execute(conn)?;
    if updated == 0 {
        diesel::insert_into(stat_cells::table)
            .values((
                stat_cells::community_id.eq(community_id),
                stat_cells::month.eq(month),
                stat_cells::metric.eq(metric),
                stat_cells::value.eq(delta),
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

impl Figures {
    fn merge(&mut self, other: &Figures) {
        self.demands.merge(&other.demands);
        self.overdue += other.overdue;
        for (s, n) in &other.projects {
            *self.projects.entry(*s).or_default() += n;
        }
        self.ratings.merge(&other.ratings);
        self.money.gov_fen += other.money.gov_fen;
        self.money.social_fen += other.money.social_fen;
        self.beneficiaries += other.beneficiaries;
    }
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
    let from = months.from.to_string();
    let to = months.to.to_string();
    let (since, until) = (months.from.start().naive_utc(), months.to.next().start().naive_utc());
    let mut by_unit: HashMap<String, Figures> = HashMap::new();

    let cells: Vec<(String, String, i64)> = stat_cells::table
        .filter(stat_cells::community_id.eq_any(&tree.communities))
        .filter(stat_cells::month.ge(&from))
        .filter(stat_cells::month.le(&to))
        .group_by((stat_cells::community_id, stat_cells::metric))
        .select((stat_cells::community_id, stat_cells::metric, sql::<BigInt>("CAST(SUM(value) AS BIGINT)")))
        .load(conn)?;
    for (community, key, value) in cells {
        if let Some(metric) = Metric::from_key(&key) {
            by_unit.entry(community).or_default().demands.add(metric, value);
        }
    }

    let overdue: Vec<(String, i64)> = demands::table
        .filter(demands::state.eq(DemandState::Submitted.as_str()))
        .filter(demands::due_at.lt(now.naive_utc()))
        .filter(demands::created_at.ge(since))
        .filter(demands::created_at.lt(until))
        .filter(demands::community_id.eq_any(&tree.communities))
        .group_by(demands::community_id)
        .select((demands::community_id, sql::<BigInt>("CAST(COUNT(*) AS BIGINT)")))
        .load(conn)?;
    for (community, n) in overdue {
        by_unit.entry(community).or_default().overdue += n;
    }

    // A district has a few hundred units: naming them all is cheaper than a join per row.
    let units: Vec<&String> = tree.place.keys().collect();

    let project_rows: Vec<(String, String, i64, i64, i64)> = projects::table
        .filter(projects::unit_id.eq_any(&units))
        .filter(projects::created_at.ge(since))
        .filter(projects::created_at.lt(until))
        .group_by((projects::unit_id, projects::state))
        .select((
            projects::unit_id,
            projects::state,
            sql::<BigInt>("CAST(COUNT(*) AS BIGINT)"),
            sql::<BigInt>("CAST(SUM(gov_funds_fen) AS BIGINT)"),
            sql::<BigInt>("CAST(SUM(beneficiaries) AS BIGINT)"),
        ))
        .load(conn)?;
    for (unit_id, raw_state, n, gov, beneficiaries) in project_rows {
        let state = parsed(&raw_state, ProjectState::parse, "project state")?;
        let f = by_unit.entry(unit_id).or_default();
        *f.projects.entry(state).or_default() += n;
        // Money a draft only plans and a cancelled project never spent is no one's.
        if !matches!(state, ProjectState::Draft | ProjectState::Cancelled) {
            f.money.gov_fen += gov;
        }
        if state == ProjectState::Closed {
            f.beneficiaries += beneficiaries;
        }
    }

    let holding: Vec<&str> = ClaimState::ALL.iter().filter(|s| s.holds_allocation()).map(|s| s.as_str()).collect();
    let social: Vec<(String, i64)> = claims::table
        .inner_join(projects::table.on(projects::id.eq(claims::project_id)))
        .inner_join(resources::table.on(resources::id.eq(claims::resource_id)))
        .filter(projects::unit_id.eq_any(&units))
        .filter(projects::created_at.ge(since))
        .filter(projects::created_at.lt(until))
        .filter(projects::state.ne_all([ProjectState::Draft.as_str(), ProjectState::Cancelled.as_str()]))
        .filter(resources::kind.eq(ResourceKind::Funds.as_str()))
        .filter(claims::state.eq_any(&holding))
        .group_by(projects::unit_id)
        .select((projects::unit_id, sql::<BigInt>("CAST(SUM(claims.quantity) AS BIGINT)")))
        .load(conn)?;
    for (unit_id, fen) in social {
        by_unit.entry(unit_id).or_default().money.social_fen += fen;
    }

    let rated: Vec<(String, i64, i64)> = ratings::table
        .inner_join(projects::table.on(projects::id.eq(ratings::project_id)))
        .filter(projects::unit_id.eq_any(&units))
        .filter(ratings::created_at.ge(since))
        .filter(ratings::created_at.lt(until))
        .group_by((projects::unit_id, ratings::score))
        .select((projects::unit_id, ratings::score, sql::<BigInt>("CAST(COUNT(*) AS BIGINT)")))
        .load(conn)?;
    for (unit_id, score, n) in rated {
        by_unit.entry(unit_id).or_default().ratings.add(score, n);
    }

    // Roll the units' figures up into the whole, each child and each community type.
    let mut figures = Figures::default();
    let mut children: Vec<Child> = tree
        .children
        .iter()
        .map(|(id, name, kind)| Child { unit_id: *id, name: name.clone(), kind: *kind, figures: Figures::default() })
        .collect();
    let mut community_types: BTreeMap<CommunityType, Figures> = BTreeMap::new();
    for (unit_id, f) in &by_unit {
        figures.merge(f);
        let (child, community_type) = tree.place.get(unit_id).copied().unwrap_or((None, None));
        if let Some(c) = child.and_then(|i| children.get_mut(i)) {
            c.figures.merge(f);
        }
        if let Some(t) = community_type {
            community_types.entry(t).or_default().merge(f);
        }
    }

    let series: Vec<(String, String, i64)> = stat_cells::table
        .filter(stat_cells::community_id.eq_any(&tree.communities))
        .filter(stat_cells::month.ge(&from))
        .filter(stat_cells::month.le(&to))
        .filter(stat_cells::metric.not_like("days:%"))
        .group_by((stat_cells::month, stat_cells::metric))
        .select((stat_cells::month, stat_cells::metric, sql::<BigInt>("CAST(SUM(value) AS BIGINT)")))
        .load(conn)?;
    let mut by_month: BTreeMap<String, DemandCounts> =
        months.each().map(|m| (m.to_string(), DemandCounts::default())).collect();
    for (month, key, value) in series {
        if let (Some(counts), Some(metric)) = (by_month.get_mut(&month), Metric::from_key(&key)) {
            counts.add(metric, value);
        }
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
        claims: claim_states(conn, &units, (since, until))?,
        volunteers: volunteers(conn, &units, (since, until))?,
        compounds: compounds.len() as i64,
        compounds_covered: compounds.iter().filter(|c| c.coverage.missing().is_empty()).count() as i64,
    })
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

/// Claims on the projects of the period, by state.
fn claim_states(
    conn: &mut DbConnection,
    units: &[&String],
    (since, until): (NaiveDateTime, NaiveDateTime),
) -> Result<BTreeMap<ClaimState, i64>> {
    let rows: Vec<(String, i64)> = claims::table
        .inner_join(projects::table.on(projects::id.eq(claims::project_id)))
        .filter(projects::unit_id.eq_any(units))
        .filter(projects::created_at.ge(since))
        .filter(projects::created_at.lt(until))
        .group_by(claims::state)
        .select((claims::state, sql::<BigInt>("CAST(COUNT(*) AS BIGINT)")))
        .load(conn)?;
    rows.into_iter().map(|(s, n)| Ok((parsed(&s, ClaimState::parse, "claim state")?, n))).collect()
}

/// People who served in the subtree's volunteer activities in the period, and their time.
fn volunteers(
    conn: &mut DbConnection,
    units: &[&String],
    (since, until): (NaiveDateTime, NaiveDateTime),
) -> Result<Volunteers> {
    let served: Vec<(String, bool, i64)> = service_records::table
        .inner_join(volunteer_activities::table.on(volunteer_activities::id.eq(service_records::activity_id)))
        .inner_join(users::table.on(users::id.eq(service_records::user_id)))
        .filter(volunteer_activities::unit_id.eq_any(units))
        .filter(service_records::created_at.ge(since))
        .filter(service_records::created_at.lt(until))
        .group_by((service_records::user_id, users::party_member))
        .select((service_records::user_id, users::party_member, sql::<BigInt>("CAST(SUM(minutes) AS BIGINT)")))
        .load(conn)?;
    let mut v = Volunteers::default();
    for (_, party_member, minutes) in served {
        v.volunteers += 1;
        v.minutes += minutes;
        if party_member {
            v.party_member_volunteers += 1;
            v.party_member_minutes += minutes;
        }
    }
    Ok(v)
}
