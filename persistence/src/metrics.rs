//! What `/metrics` reads from the database at each scrape: records by state and how far
//! the worker's consumers are behind the log.

use chrono::{DateTime, Utc};
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::BigInt;

use crate::schema::{claims, coordination_cases, faults, projects, stat_cells, volunteer_activities};
use crate::{events, DbConnection, Result};

/// (record kind, state, how many). Demands are summed from the statistics' counts (a few
/// thousand rows, where counting the demands would read a million); the other records are
/// few.
pub fn records_by_state(conn: &mut DbConnection) -> Result<Vec<(&'static str, String, i64)>> {
    let count = || sql::<BigInt>("CAST(COUNT(*) AS BIGINT)");
    let mut out = Vec::new();
    let demands: Vec<(String, i64)> = stat_cells::table
        .filter(stat_cells::metric.like("state:%"))
        .group_by(stat_cells::metric)
        .select((stat_cells::metric, sql::<BigInt>("CAST(SUM(value) AS BIGINT)")))
        .load(conn)?;
    for (metric, n) in demands {
        out.push(("demand", metric.trim_start_matches("state:").to_owned(), n));
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
