//! `/metrics`: what a Prometheus server scrapes.

use std::collections::HashMap;

use api::demo;
use crate::common::{on_both_databases, TestApp};
use diesel::prelude::*;
use persistence::schema::{demands, projects};

on_both_databases!(requests_pool_lag_and_records_by_state_are_scraped);

/// `name{labels} value` lines, by `name{labels}`.
async fn scrape(app: &TestApp) -> HashMap<String, f64> {
    let res = reqwest::get(format!("{}/metrics", app.address)).await.expect("scrapes");
    assert_eq!(res.status(), 200);
    let content_type = res.headers()["content-type"].to_str().expect("ascii").to_owned();
    assert!(content_type.starts_with("text/plain; version=0.0.4"), "{content_type}");
    let text = res.text().await.expect("text");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let (key, value) = l.rsplit_once(' ').expect("name value");
            (key.to_owned(), value.parse().expect("a number"))
        })
        .collect()
}

async fn requests_pool_lag_and_records_by_state_are_scraped(app: TestApp) {
    assert!(demo::load_if_empty(&mut app.connection()).expect("demo loads"));
    for _ in 0..3 {
        app.get("/api/v1/public/demands", None).await.ok(200);
    }
    for id in [uuid::Uuid::now_v7(), uuid::Uuid::now_v7()] {
        app.get(&format!("/api/v1/public/demands/{id}"), None).await.problem(404);
    }
    app.get("/no/such/route", None).await;
    let m = scrape(&app).await;
    let requests = |route: &str, status: &str| {
        m.get(&format!(r#"gongzhi_http_requests_total{{method="GET",route="{route}",status="{status}"}}"#))
            .copied()
            .unwrap_or(0.0)
    };
    assert!(requests("/api/v1/public/demands", "200") >= 3.0, "{m:?}");
    // Counted under the route's pattern, whatever the id: a client cannot grow the series.
    assert_eq!(requests("/api/v1/public/demands/{id}", "404"), 2.0);
    assert!(m.keys().all(|k| !k.contains("/api/v1/public/demands/0")), "no id in a label");
    assert!(requests("unmatched", "404") >= 1.0);
    assert!(m.contains_key(
        r#"gongzhi_http_request_duration_seconds_bucket{method="GET",route="/api/v1/public/demands",le="0.005"}"#
    ));
    for gauge in ["gongzhi_db_pool_in_use", "gongzhi_db_pool_idle", "gongzhi_db_pool_waiting"] {
        assert!(m.contains_key(gauge), "{gauge}");
    }
    for consumer in ["notifications", "statistics"] {
        let lag = m.get(&format!(r#"gongzhi_worker_lag_seconds{{consumer="{consumer}"}}"#)).expect("lag");
        assert!(*lag >= 0.0);
    }

    // Records by state, once the worker has counted the demands.
    let mut conn = app.connection();
    let mut expected: Vec<(String, String, i64)> = Vec::new();
    let by_state =
        |rows: Vec<(String, i64)>, kind: &'static str| rows.into_iter().map(move |(s, n)| (kind.to_owned(), s, n));
    let sql_count = || diesel::dsl::sql::<diesel::sql_types::BigInt>("CAST(COUNT(*) AS BIGINT)");
    expected.extend(by_state(
        demands::table.group_by(demands::state).select((demands::state, sql_count())).load(&mut conn).expect("demands"),
        "demand",
    ));
    expected.extend(by_state(
        projects::table
            .group_by(projects::state)
            .select((projects::state, sql_count()))
            .load(&mut conn)
            .expect("projects"),
        "project",
    ));
    for _ in 0..200 {
        let m = scrape(&app).await;
        let shown = |(kind, state, _): &(String, String, i64)| {
            m.get(&format!(r#"gongzhi_records{{kind="{kind}",state="{state}"}}"#)).copied()
        };
        if expected.iter().all(|e| shown(e) == Some(e.2 as f64)) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("records by state never matched {expected:?}");
}
