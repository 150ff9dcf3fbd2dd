//! The books, checked whole (`gongzhi check`, and after every race and stress test): the
//! invariants of SPEC §4.4 that every write keeps, read back from the rows themselves, and
//! the figures' counts of them.
//! Read in Rust rather than summed in SQL: PostgreSQL sums BIGINT as NUMERIC, SQLite as
//! INTEGER, and a check must not depend on either.

use std::collections::HashMap;

use diesel::prelude::*;
use domain::claim::ClaimState;
use domain::resource::ResourceKind;

use crate::schema::{
    claims, coordination_cases, demand_cosigns, demands, faults, projects, resources, service_records,
    volunteer_activities, volunteer_signups,
};
use crate::{DbConnection, Result};

/// One broken invariant, said as an official would read it.
pub type Violation = String;

/// Every violation found, none when the books balance.
pub fn invariants(conn: &mut DbConnection) -> Result<Vec<Violation>> {
    let mut found = Vec::new();
    let holding = [ClaimState::Confirmed.as_str(), ClaimState::Fulfilled.as_str()];
    let held: Vec<(String, String, i64, String)> = claims::table
        .inner_join(resources::table)
        .filter(claims::state.eq_any(holding))
        .select((claims::resource_id, claims::project_id, claims::quantity, resources::kind))
        .load(conn)?;
    let mut by_resource: HashMap<&str, i64> = HashMap::new();
    let mut funds_by_project: HashMap<&str, i64> = HashMap::new();
    for (resource, project, quantity, kind) in &held {
        *by_resource.entry(resource).or_default() += quantity;
        if kind == ResourceKind::Funds.as_str() {
            *funds_by_project.entry(project).or_default() += quantity;
        }
    }
    let all_resources: Vec<(String, String, i64, i64)> = resources::table
        .select((resources::id, resources::title, resources::quantity, resources::allocated))
        .load(conn)?;
    for (id, title, quantity, allocated) in all_resources {
        let sum = by_resource.get(id.as_str()).copied().unwrap_or(0);
        if allocated != sum {
            found.push(format!(
                "resource {id} ({title}): allocated {allocated} but its confirmed and fulfilled claims hold {sum}"
            ));
        }
        if allocated < 0 || allocated > quantity {
            found.push(format!("resource {id} ({title}): allocated {allocated} outside 0..={quantity}"));
        }
    }
    let all_projects: Vec<(String, String, i64, i64, i64)> = projects::table
        .select((projects::id, projects::title, projects::budget_fen, projects::gov_funds_fen, projects::funded_fen))
        .load(conn)?;
    for (id, title, budget, gov, funded) in all_projects {
        let sum = funds_by_project.get(id.as_str()).copied().unwrap_or(0);
        if funded != sum {
            found.push(format!("project {id} ({title}): funded_fen {funded} but its funds claims hold {sum}"));
        }
        if gov + funded > budget {
            found.push(format!(
                "project {id} ({title}): government {gov} + co-builders {funded} exceed the budget {budget}"
            ));
        }
    }
    let mut pending: Vec<(String, String)> = claims::table
        .filter(claims::state.eq(ClaimState::Pending.as_str()))
        .select((claims::project_id, claims::resource_id))
        .load(conn)?;
    pending.sort_unstable();
    for pair in pending.windows(2).filter(|w| w[0] == w[1]) {
        found.push(format!("project {} and resource {}: more than one pending claim", pair[0].0, pair[0].1));
    }
    let cosigns: Vec<String> = demand_cosigns::table.select(demand_cosigns::demand_id).load(conn)?;
    let mut by_demand: HashMap<&str, i64> = HashMap::new();
    for d in &cosigns {
        *by_demand.entry(d).or_default() += 1;
    }
    let counts: Vec<(String, i64)> = demands::table.select((demands::id, demands::cosign_count)).load(conn)?;
    for (id, count) in counts {
        let rows = by_demand.get(id.as_str()).copied().unwrap_or(0);
        if count != rows {
            found.push(format!("demand {id}: cosign_count {count} but {rows} co-signs"));
        }
    }
    found.extend(volunteering(conn)?);
    found.extend(duties(conn)?);
    found.extend(crate::statistics::check_project_counts(conn)?);
    Ok(found)
}

/// An activity's count is its sign-ups, within capacity; nobody's hours pass its length,
/// and hours go only to those signed up.
fn volunteering(conn: &mut DbConnection) -> Result<Vec<Violation>> {
    let mut found = Vec::new();
    let signups: Vec<(String, String)> =
        volunteer_signups::table.select((volunteer_signups::activity_id, volunteer_signups::user_id)).load(conn)?;
    let mut by_activity: HashMap<&str, i64> = HashMap::new();
    for (a, _) in &signups {
        *by_activity.entry(a).or_default() += 1;
    }
    let activities: Vec<(String, String, i64, i64, chrono::NaiveDateTime, chrono::NaiveDateTime)> =
        volunteer_activities::table
            .select((
                volunteer_activities::id,
                volunteer_activities::title,
                volunteer_activities::signed_up,
                volunteer_activities::capacity,
                volunteer_activities::starts_at,
                volunteer_activities::ends_at,
            ))
            .load(conn)?;
    for (id, title, signed_up, capacity, starts, ends) in &activities {
        let rows = by_activity.get(id.as_str()).copied().unwrap_or(0);
        if *signed_up != rows || rows > *capacity {
            found.push(format!("activity {id} ({title}): signed_up {signed_up}, {rows} sign-ups, capacity {capacity}"));
        }
        let length = (*ends - *starts).num_minutes();
        let records: Vec<(String, i64)> = service_records::table
            .filter(service_records::activity_id.eq(id))
            .select((service_records::user_id, service_records::minutes))
            .load(conn)?;
        for (user, minutes) in records {
            if minutes > length {
                found.push(format!(
                    "activity {id} ({title}): {minutes} minutes recorded for {user}, longer than it lasted"
                ));
            }
            if !signups.iter().any(|(a, u)| a == id && *u == user) {
                found.push(format!("activity {id} ({title}): hours recorded for {user}, who is not signed up"));
            }
        }
    }
    Ok(found)
}

/// A settled case has its three confirmations or the street's note; an escalated fault
/// points at its case.
fn duties(conn: &mut DbConnection) -> Result<Vec<Violation>> {
    let mut found = Vec::new();
    let resolved: Vec<(String, bool, bool, bool, Option<String>)> = coordination_cases::table
        .filter(coordination_cases::state.eq(domain::coordination::CaseState::Resolved.as_str()))
        .select((
            coordination_cases::id,
            coordination_cases::community_confirmed,
            coordination_cases::autonomy_confirmed,
            coordination_cases::property_confirmed,
            coordination_cases::resolution,
        ))
        .load(conn)?;
    for (id, c, a, p, note) in resolved {
        if !(c && a && p) && note.is_none() {
            found.push(format!("coordination case {id}: resolved without its three parties or the street's note"));
        }
    }
    let escalated: Vec<(String, Option<String>)> = faults::table
        .filter(faults::state.eq(domain::upkeep::FaultState::Escalated.as_str()))
        .select((faults::id, faults::case_id))
        .load(conn)?;
    for (id, case) in escalated {
        if case.is_none() {
            found.push(format!("fault {id}: escalated without a coordination case"));
        }
    }
    Ok(found)
}
