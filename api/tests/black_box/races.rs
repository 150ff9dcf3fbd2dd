//! Concurrent writes stay correct on both engines (SPEC §3, STYLE "Concurrency without
//! read-then-write"): co-signs racing a rejection, merges racing each other and a
//! rejection of their target, and two officials acting on the same version. Each race runs
//! several rounds so that an interleaving that breaks a rule has a chance to happen.

use crate::common;
use crate::common::{all_at_once, on_both_databases, Call, TestApp};
use diesel::{ExpressionMethods, QueryDsl, RunQueryDsl};
use persistence::schema::{demand_cosigns, demands, events};
use reqwest::Method;
use serde_json::{json, Value};

on_both_databases!(
    cosigns_racing_a_rejection_are_counted_exactly,
    merges_racing_each_other_and_a_rejection_keep_the_count,
    two_officials_on_one_version_one_wins,
);

const ROUNDS: usize = 5;
const RESIDENTS: usize = 20;

struct Street {
    worker: String,
    committee: String,
    community: String,
    residents: Vec<String>,
}

async fn street(app: &TestApp) -> Street {
    let root = app.create_admin("admin").await;
    let admin = app.token("admin").await;
    let street = app.unit(&admin, &root, "淮河路街道", "street").await;
    let community = app.unit(&admin, &street, "兴华南街社区", "community").await;
    for (username, role, unit) in [("worker", "community_worker", &community), ("street", "street_committee", &street)]
    {
        let id = app.user(&admin, username).await;
        app.grant(&admin, &id, json!({"role": role, "unit_id": unit})).await.ok(201);
    }
    let mut residents = Vec::new();
    for i in 0..RESIDENTS {
        let body = json!({"username": format!("resident{i}"), "password": common::PASSWORD,
            "display_name": format!("居民{i}"), "unit_id": community});
        // Each from its own address: sign-ups are limited per address.
        let from = format!("10.1.{}.{}", i / 200, i % 200 + 1);
        let session =
            app.request_from(&from, reqwest::Method::POST, "/api/v1/auth/register", &[], Some(body)).await.ok(201);
        residents.push(session["access_token"].as_str().expect("token").to_owned());
    }
    Street { worker: app.token("worker").await, committee: app.token("street").await, community, residents }
}

async fn file(app: &TestApp, token: &str, unit: &str, title: &str) -> Value {
    let body = json!({"title": title, "description": "", "category": "sanitation", "unit_id": unit});
    app.post("/api/v1/demands", Some(token), body).await.ok(201)
}

/// Filed by staff from a phone call, so every resident may co-sign it.
async fn file_by_phone(app: &TestApp, token: &str, unit: &str, title: &str) -> Value {
    let body = json!({"title": title, "description": "", "category": "sanitation", "unit_id": unit, "source": "phone"});
    app.post("/api/v1/demands", Some(token), body).await.ok(201)
}

fn id(d: &Value) -> String {
    d["id"].as_str().expect("id").to_owned()
}

async fn act(app: &TestApp, token: &str, demand: &Value, body: Value) -> Value {
    let mut body = body;
    body["version"] = demand["version"].clone();
    app.post(&format!("/api/v1/demands/{}/transitions", id(demand)), Some(token), body).await.ok(200)
}

fn transition(token: &str, demand: &Value, body: Value) -> Call {
    let mut body = body;
    body["version"] = demand["version"].clone();
    (Method::POST, format!("/api/v1/demands/{}/transitions", id(demand)), token.to_owned(), Some(body))
}

/// The demand's stored count, its co-sign rows, and its events of `action`.
fn behind(app: &TestApp, demand: &str, action: &str) -> (i64, i64, i64) {
    let mut conn = app.connection();
    let count: i64 = demands::table.find(demand).select(demands::cosign_count).first(&mut conn).expect("stored demand");
    let rows: i64 =
        demand_cosigns::table.filter(demand_cosigns::demand_id.eq(demand)).count().get_result(&mut conn).expect("rows");
    let actions: i64 = events::table
        .filter(events::entity_id.eq(demand))
        .filter(events::action.eq(action))
        .count()
        .get_result(&mut conn)
        .expect("events");
    (count, rows, actions)
}

async fn cosigns_racing_a_rejection_are_counted_exactly(app: TestApp) {
    let s = street(&app).await;
    for round in 0..ROUNDS {
        let d = file_by_phone(&app, &s.worker, &s.community, &format!("第{round}轮:楼道堆物")).await;
        let d = act(&app, &s.worker, &d, json!({"action": "verify"})).await;
        let mut calls: Vec<Call> = s
            .residents
            .iter()
            .map(|t| (Method::POST, format!("/api/v1/demands/{}/cosign", id(&d)), t.clone(), Some(json!({}))))
            .collect();
        // The rejection lands somewhere in the middle of the co-signs.
        let at = (round * 7) % RESIDENTS;
        calls.insert(at, transition(&s.committee, &d, json!({"action": "reject", "reason": "重复"})));
        let replies = all_at_once(&app, calls).await;

        let (status, body) = &replies[at];
        assert_eq!(*status, 200, "round {round}: the rejection: {body}");
        let mut accepted = 0;
        for (i, (status, body)) in replies.iter().enumerate().filter(|(i, _)| *i != at) {
            match status {
                200 => {
                    assert_eq!(body["state"], "published", "round {round}, co-sign {i} counted on a closed demand");
                    accepted += 1;
                }
                409 => assert_eq!(body["code"], "wrong_state", "round {round}, co-sign {i}: {body}"),
                other => panic!("round {round}, co-sign {i}: {other} {body}"),
            }
        }
        let (count, rows, cosign_events) = behind(&app, &id(&d), "cosign");
        assert_eq!((count, rows, cosign_events), (accepted, accepted, accepted), "round {round}");
    }
}

async fn merges_racing_each_other_and_a_rejection_keep_the_count(app: TestApp) {
    let s = street(&app).await;
    for round in 0..ROUNDS {
        let target = file(&app, &s.residents[0], &s.community, &format!("第{round}轮:东门路灯不亮")).await;
        let target = act(&app, &s.worker, &target, json!({"action": "verify"})).await;
        let mut calls = Vec::new();
        for i in 1..=10 {
            let source = file(&app, &s.residents[i], &s.community, &format!("第{round}轮:路灯坏了{i}")).await;
            let mut source = act(&app, &s.worker, &source, json!({"action": "verify"})).await;
            // Supporters overlap from one source to the next and with the target.
            for c in [11 + i % 5, 16 + i % 4] {
                let path = format!("/api/v1/demands/{}/cosign", id(&source));
                source = app.post(&path, Some(&s.residents[c]), json!({})).await.ok(200);
            }
            calls.push(transition(&s.worker, &source, json!({"action": "merge", "target_id": id(&target)})));
        }
        let at = round * 2;
        calls.insert(at, transition(&s.committee, &target, json!({"action": "reject", "reason": "已统一处理"})));
        let replies = all_at_once(&app, calls).await;

        for (i, (status, body)) in replies.iter().enumerate() {
            match status {
                200 => {}
                409 => assert!(body["code"].is_string(), "round {round}, call {i}: {body}"),
                // Read after the rejection committed: the target names no live demand.
                422 => assert_eq!(body["code"], "merge_target_not_live", "round {round}, call {i}: {body}"),
                other => panic!("round {round}, call {i}: {other} {body}"),
            }
        }
        assert_eq!(replies[at].0, 200, "round {round}: the rejection {}", replies[at].1);
        let merged = replies.iter().enumerate().filter(|(i, (s, _))| *i != at && *s == 200).count();
        let (count, rows, merge_events) = behind(&app, &id(&target), "merge_in");
        assert_eq!(count, rows, "round {round}: the target's count is its rows");
        assert_eq!(merge_events, i64::try_from(merged).expect("small"), "round {round}");
        let stored = app.get(&format!("/api/v1/demands/{}", id(&target)), Some(&s.worker)).await.ok(200);
        assert_eq!(stored["state"], "rejected");
    }
}

async fn two_officials_on_one_version_one_wins(app: TestApp) {
    let s = street(&app).await;
    for round in 0..ROUNDS {
        let d = file(&app, &s.residents[round], &s.community, &format!("第{round}轮:垃圾清运不及时")).await;
        let calls = vec![
            transition(&s.worker, &d, json!({"action": "verify"})),
            transition(&s.committee, &d, json!({"action": "reject", "reason": "不属实"})),
        ];
        let replies = all_at_once(&app, calls).await;
        let mut statuses: Vec<u16> = replies.iter().map(|(s, _)| *s).collect();
        statuses.sort_unstable();
        assert_eq!(statuses, [200, 409], "round {round}: {replies:?}");
        let loser = replies.iter().find(|(s, _)| *s == 409).map(|(_, b)| b["code"].clone());
        assert!(
            loser == Some(json!("stale_version")) || loser == Some(json!("wrong_state")),
            "round {round}: {loser:?}"
        );
        let mut conn = app.connection();
        let written: i64 = events::table
            .filter(events::entity_id.eq(id(&d)))
            .filter(events::action.eq_any(["verify", "reject"]))
            .count()
            .get_result(&mut conn)
            .expect("events");
        assert_eq!(written, 1, "round {round}: one transition, one event");
    }
}
