//! What `/metrics` reads from the database at each scrape: records by state and how far
//! the worker's consumers are behind the log.

use chrono::{DateTime, Utc};
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::BigInt;

use domain::statistics::Counts;

use crate::schema::{claims, coordination_cases, faults, org_units, projects, stat_cells, volunteer_activities};
use crate::{events, DbConnection, Result};

/// (record kind, state, how many). Demands are summed from the statistics' counts of the
/// units at the top (a few hundred rows, where counting the demands would read a million);
/// the other records are few.
pub fn records_by_state(conn: &mut DbConnection) -> Result<Vec<(&'static str, String, i64)>> {
    let count = || sql::<BigInt>("CAST(COUNT(*) AS BIGINT)");
    let mut out = Vec::new();
    let roots: Vec<String> = org_units::table.filter(org_units::parent_id.is_null()).select(org_units::id).load(conn)?;
    let tops: Vec<String> =
        stat_cells::table.filter(stat_cells::unit_id.eq_any(&roots)).select(stat_cells::counts).load(conn)?;
    let mut demands = Counts::default();
    for raw in tops {
        demands.merge(&Counts::decode(&raw));
    }
    for (state, n) in demands.demands.by_state {
        out.push(("demand", state.as_str().to_owned(), n));
    }
    let mut add =
        |kind: &'static str, rows: Vec<(String, i64)>| out.extend(rows.into_iter().map(|(s, n)| (kind, s, n)));
    add("project", projects::table.group_by(projects::state).select((projects::state, count())).load(conn)?);
    add("claim", claims::table.group_by(claims::state).select((claims::state, count())).load(conn)?);
    add(
        "coordination_case",
        coordination_cases::table
            .group_by(coordination_cases::state)
            .select((coordination_cases::state, count()))
            .load(conn)?,
    );
    add("fault", faults::table.group_by(faults::state).select((faults::state, count())).load(conn)?);
    add(
        "volunteer_activity",
        volunteer_activities::table
            .group_by(volunteer_activities::state)
            .select((volunteer_activities::state, count()))
            .load(conn)?,
    );
    Ok(out)
}

/// Seconds since the oldest event consumer `name` has not taken in yet; 0 when it has
/// taken in everything.
pub fn consumer_lag(conn: &mut DbConnection, name: &str, now: DateTime<Utc>) -> Result<f64> {
    let at = events::position(conn, name)?;
    Ok(events::since(conn, at, 1)?
        .first()
        .map_or(0.0, |oldest| (now - oldest.at).num_milliseconds().max(0) as f64 / 1000.0))
}
