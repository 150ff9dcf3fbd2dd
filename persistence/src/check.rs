//! The books, checked whole (`gongzhi check`, and after every race and stress test): the
//! invariants of SPEC §4.4 that every write keeps, read back from the rows themselves.
//! Read in Rust rather than summed in SQL: PostgreSQL sums BIGINT as NUMERIC, SQLite as
//! INTEGER, and a check must not depend on either.

use std::collections::HashMap;

use diesel::prelude::*;
use domain::claim::ClaimState;
use domain::resource::ResourceKind;

use crate::schema::{claims, demand_cosigns, demands, projects, resources};
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
    Ok(found)
}
