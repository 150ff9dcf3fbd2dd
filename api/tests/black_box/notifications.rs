//! People are told what needs them (issue 18 §5): the worker reads the event log and writes
//! each person's inbox; the log is consumed once, in order, across restarts and processes.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::common::pipeline::{act, answer, claim, id, pipeline, project_body, published_demand, resource};
use crate::common::{on_both_databases, TestApp};
use persistence::events;
use serde_json::{json, Value};

on_both_databases!(people_are_told_what_needs_them, the_log_is_taken_once_across_restarts);

/// The reader's notifications once at least `at_least` of `kind` have arrived.
async fn inbox_with(app: &TestApp, token: &str, kind: &str, at_least: usize) -> Vec<Value> {
    for _ in 0..250 {
        let page = app.get("/api/v1/me/notifications?limit=100", Some(token)).await.ok(200);
        let items = page["items"].as_array().expect("items").clone();
        if items.iter().filter(|n| n["kind"] == kind).count() >= at_least {
            return items;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("no {kind} notification arrived");
}

fn kinds(items: &[Value]) -> Vec<&str> {
    items.iter().map(|n| n["kind"].as_str().expect("kind")).collect()
}

async fn people_are_told_what_needs_them(app: TestApp) {
    let p = pipeline(&app).await;
    // The resident hears that its demand was taken up, and by which record.
    let d = published_demand(&app, &p.zhang, &p.worker, &p.jinxiang, "楼道灯不亮").await;
    let inbox = inbox_with(&app, &p.zhang, "demand_verified", 1).await;
    let verified = inbox.iter().find(|n| n["kind"] == "demand_verified").expect("verified");
    assert_eq!((verified["entity"].as_str(), verified["entity_id"].as_str()), (Some("demand"), Some(id(&d))));
    assert_eq!(verified["title"], "楼道灯不亮");
    assert!(verified["read_at"].is_null());
    // The worker who verified it is not told of its own step.
    let own = app.get("/api/v1/me/notifications", Some(&p.worker)).await.ok(200);
    assert_eq!(own["items"].as_array().map(Vec::len), Some(0), "{own}");

    let draft = app.post("/api/v1/projects", Some(&p.committee), project_body(&p.jinxiang, &[&d], 100_000, 0)).await;
    let project = act(&app, &p.committee, &draft.ok(201), json!({"action": "publish"})).await.ok(200);
    inbox_with(&app, &p.zhang, "demand_accepted", 1).await;

    // A request for a co-builder's money waits in the co-builder's inbox; its answer goes
    // back to the committee member who asked.
    let funds = resource(&app, &p.merchant, &p.merchant_org, &p.street, "funds", 500_000).await;
    let c = claim(&app, &p.committee, &project, &funds, 100_000, "project").await.ok(201);
    let awaiting = inbox_with(&app, &p.merchant, "claim_awaiting", 1).await;
    assert_eq!(awaiting[0]["entity_id"].as_str(), Some(id(&c)));
    assert_eq!(kinds(&inbox_with(&app, &p.dept, "claim_awaiting", 0).await), Vec::<&str>::new(), "another co-builder");
    answer(&app, &p.merchant, &c, "confirm").await.ok(200);
    inbox_with(&app, &p.committee, "claim_confirmed", 1).await;

    // Finished work asks the supervisors for their vote.
    let project = app.get(&format!("/api/v1/projects/{}", id(&project)), Some(&p.committee)).await.ok(200);
    let project = act(&app, &p.committee, &project, json!({"action": "start"})).await.ok(200);
    act(&app, &p.committee, &project, json!({"action": "complete", "note": "已完工"})).await.ok(200);
    for s in &p.supervisors {
        inbox_with(&app, s, "inspection_requested", 1).await;
    }

    // Read one: the bell counts one fewer; another person's notification is not found.
    let count = |v: Value| v["unread"].as_i64().expect("unread");
    let before = count(app.get("/api/v1/me/notifications/unread", Some(&p.zhang)).await.ok(200));
    assert_eq!(before, 2);
    let first = id(&inbox_with(&app, &p.zhang, "demand_verified", 1).await[0]).to_owned();
    let read = app.post(&format!("/api/v1/me/notifications/{first}/read"), Some(&p.zhang), json!({})).await;
    assert_eq!(read.status.as_u16(), 204);
    assert_eq!(count(app.get("/api/v1/me/notifications/unread", Some(&p.zhang)).await.ok(200)), 1);
    let unread = app.get("/api/v1/me/notifications?unread=true", Some(&p.zhang)).await.ok(200);
    assert_eq!(unread["items"].as_array().map(Vec::len), Some(1));
    let theirs = app.post(&format!("/api/v1/me/notifications/{first}/read"), Some(&p.li), json!({})).await;
    assert_eq!(theirs.problem(404), "not_found");
    let all = app.post("/api/v1/me/notifications/read", Some(&p.zhang), json!({})).await;
    assert_eq!(all.status.as_u16(), 204);
    assert_eq!(count(app.get("/api/v1/me/notifications/unread", Some(&p.zhang)).await.ok(200)), 0);
    assert_eq!(app.get("/api/v1/me/notifications", None).await.problem(401), "unauthorized");
}

/// A consumer that stops after any batch (a crash, a restart) resumes at its cursor; two
/// processes consuming at once take each event once between them.
async fn the_log_is_taken_once_across_restarts(app: TestApp) {
    let p = pipeline(&app).await;
    for title in ["路灯不亮", "垃圾清运", "楼道杂物", "井盖松动"] {
        published_demand(&app, &p.zhang, &p.worker, &p.jinxiang, title).await;
    }
    let backend = app.backend.clone();
    let all: Vec<i64> = tokio::task::spawn_blocking(move || {
        let mut conn = backend_connection(&backend);
        let mut seen = Vec::new();
        // Batches of three; between batches the consumer is gone and comes back.
        loop {
            let mut conn2 = backend_connection(&backend);
            let taken = events::consume(&mut conn2, "restart-test", 3, |_, e| {
                seen.push(e.seq);
                Ok(())
            })
            .expect("consume");
            if taken == 0 {
                break;
            }
        }
        let everything: Vec<i64> =
            events::since(&mut conn, events::Cursor::START, 10_000).expect("log").iter().map(|e| e.seq).collect();
        assert_eq!(seen, everything, "every event once, in log order");
        everything
    })
    .await
    .expect("consumer");
    assert!(all.len() > 10, "the pipeline wrote history: {}", all.len());

    // Two processes at once (threads with their own connections).
    let taken = Arc::new(Mutex::new(Vec::new()));
    let mut threads = Vec::new();
    for _ in 0..2 {
        let backend = app.backend.clone();
        let taken = taken.clone();
        threads.push(std::thread::spawn(move || {
            let mut conn = backend_connection(&backend);
            loop {
                let mut batch = Vec::new();
                let n = events::consume(&mut conn, "parallel-test", 2, |_, e| {
                    batch.push(e.seq);
                    Ok(())
                })
                .expect("consume");
                taken.lock().expect("lock").extend(batch);
                if n == 0 {
                    break;
                }
            }
        }));
    }
    for t in threads {
        t.join().expect("consumer thread");
    }
    let taken = taken.lock().expect("lock").clone();
    let distinct: BTreeSet<i64> = taken.iter().copied().collect();
    assert_eq!(taken.len(), distinct.len(), "an event was taken twice: {taken:?}");
    assert_eq!(distinct.len(), all.len(), "every event was taken");
}

fn backend_connection(backend: &persistence::Backend) -> persistence::DbConnection {
    use diesel::Connection;
    match backend {
        persistence::Backend::Sqlite(p) => {
            let mut c = diesel::SqliteConnection::establish(p).expect("sqlite");
            diesel::connection::SimpleConnection::batch_execute(&mut c, "PRAGMA busy_timeout = 5000")
                .expect("busy timeout");
            persistence::DbConnection::Sqlite(c)
        }
        persistence::Backend::Postgres(u) => {
            persistence::DbConnection::Postgresql(diesel::PgConnection::establish(u).expect("pg"))
        }
    }
}
