//! Coordination cases, 三方联动 (SPEC §4.6), black-box on both databases: the three parties
//! settle a property matter, or it escalates (by a party, or by itself past its deadline,
//! with the worker's clock moved on) and the street settles it.

use std::time::Duration;

use crate::common;
use crate::common::pipeline::{id, pipeline, Pipeline};
use crate::common::{all_at_once, assert_books_balance, on_both_databases, TestApp};
use serde_json::{json, Value};

on_both_databases!(
    three_parties_settle_a_case,
    an_overdue_case_escalates_by_itself_and_the_street_settles_it,
    a_case_takes_up_a_property_demand_and_settling_it_resolves_the_demand,
    parties_confirming_at_once_settle_it_once,
    overdue_cases_escalate_once_though_workers_stop_midway_and_run_side_by_side
);

async fn property_manager(app: &TestApp, p: &Pipeline, username: &str, org: &str) -> String {
    app.user_with(&p.admin, username, json!({"role": "property_manager", "organization_id": org})).await;
    app.token(username).await
}

async fn step(app: &TestApp, token: &str, case: &Value, body: Value) -> common::Reply {
    let mut body = body;
    body["version"] = case["version"].clone();
    app.post(&format!("/api/v1/coordination-cases/{}/transitions", id(case)), Some(token), body).await
}

async fn say(app: &TestApp, thread: &str, token: &str, text: &str) -> common::Reply {
    app.post(thread, Some(token), json!({"body": text})).await
}

fn strings(v: &Value) -> Vec<&str> {
    v.as_array().expect("array").iter().map(|a| a.as_str().expect("string")).collect()
}

async fn three_parties_settle_a_case(app: TestApp) {
    let p = pipeline(&app).await;
    let manager = property_manager(&app, &p, "yaxin-pm", &p.property_org).await;
    let stranger = property_manager(&app, &p, "jingguang-pm", &p.other_property_org).await;
    let supervisor = &p.supervisors[0];

    // Only a compound has cases; only its parties open them.
    let body = |unit: &str| json!({"unit_id": unit, "title": "地下车库漏水", "description": "B2 层雨天积水"});
    app.post("/api/v1/coordination-cases", Some(&p.worker), body(&p.xinghua)).await.problem(422);
    assert_eq!(
        app.post("/api/v1/coordination-cases", Some(&stranger), body(&p.jinxiang)).await.problem(403),
        "not_a_party"
    );
    assert_eq!(
        app.post("/api/v1/coordination-cases", Some(&p.zhang), body(&p.jinxiang)).await.problem(403),
        "not_a_party"
    );

    let opened = app.post("/api/v1/coordination-cases", Some(&manager), body(&p.jinxiang)).await;
    assert!(opened.headers.get("location").is_some());
    let case = opened.ok(201);
    assert_eq!(case["state"], "open");
    let parties: Vec<(&str, bool)> = case["parties"]
        .as_array()
        .expect("parties")
        .iter()
        .map(|x| (x["party"].as_str().expect("party"), x["confirmed"].as_bool().expect("confirmed")))
        .collect();
    assert_eq!(parties, [("community", false), ("resident_autonomy", false), ("property_service", false)]);
    assert_eq!(case["parties"][2]["organization_name"], "亚新物业");
    assert_eq!(strings(&case["my_parties"]), ["property_service"]);
    assert_eq!(strings(&case["allowed_actions"]), ["confirm", "escalate", "post"]);

    // Outsiders do not see it at all.
    let path = format!("/api/v1/coordination-cases/{}", id(&case));
    for outsider in [&stranger, &p.zhang, &p.merchant, &p.other_committee] {
        app.get(&path, Some(outsider)).await.problem(404);
        let listed = app.get("/api/v1/coordination-cases", Some(outsider)).await.ok(200);
        assert_eq!(listed["items"].as_array().map(Vec::len), Some(0));
    }
    // The parties and the street do, in their lists too.
    for reader in [&manager, supervisor, &p.worker, &p.committee, &p.admin] {
        let listed = app.get("/api/v1/coordination-cases", Some(reader)).await.ok(200);
        assert_eq!(listed["items"][0]["id"], case["id"]);
    }

    // The thread: each party's messages under its organisation's name; not a resident's.
    let thread_path = format!("{path}/messages");
    say(&app, &thread_path, &manager, "已安排维修班组排查").await.ok(201);
    say(&app, &thread_path, supervisor, "业委会同意动用维修资金").await.ok(201);
    say(&app, &thread_path, &p.zhang, "我也说两句").await.problem(404);
    say(&app, &thread_path, &manager, "   ").await.problem(422);
    let thread = app.get(&thread_path, Some(&p.worker)).await.ok(200);
    let voices: Vec<(&str, &str)> = thread
        .as_array()
        .expect("thread")
        .iter()
        .map(|m| (m["party"].as_str().expect("party"), m["organization_name"].as_str().expect("name")))
        .collect();
    assert_eq!(voices, [("property_service", "亚新物业"), ("resident_autonomy", "金祥花园业委会")]);

    // Each party confirms for itself, once; a stale version changes nothing.
    let case = step(&app, &manager, &case, json!({"action": "confirm"})).await.ok(200);
    assert_eq!(step(&app, &manager, &case, json!({"action": "confirm"})).await.problem(409), "already_confirmed");
    let wrong = step(&app, &p.worker, &case, json!({"action": "confirm", "party": "property_service"})).await;
    assert_eq!(wrong.problem(403), "not_that_party");
    let mut stale = case.clone();
    stale["version"] = json!(1);
    step(&app, supervisor, &stale, json!({"action": "confirm"})).await.problem(409);
    let case = step(&app, supervisor, &case, json!({"action": "confirm"})).await.ok(200);
    assert_eq!(case["state"], "open");
    let case = step(&app, &p.worker, &case, json!({"action": "confirm"})).await.ok(200);
    assert_eq!(case["state"], "resolved", "the third confirmation settles it");
    assert_eq!(strings(&case["allowed_actions"]), Vec::<&str>::new());
    say(&app, &thread_path, &manager, "收到").await.problem(409);

    let timeline = app.get(&format!("{path}/events"), Some(&p.committee)).await.ok(200);
    let steps: Vec<(&str, Option<&str>)> = timeline
        .as_array()
        .expect("timeline")
        .iter()
        .map(|e| (e["action"].as_str().expect("action"), e["party"].as_str()))
        .collect();
    assert_eq!(
        steps,
        [
            ("open", None),
            ("message", Some("property_service")),
            ("message", Some("resident_autonomy")),
            ("confirm", Some("property_service")),
            ("confirm", Some("resident_autonomy")),
            ("confirm", Some("community")),
            ("resolve", None),
        ]
    );
}

async fn an_overdue_case_escalates_by_itself_and_the_street_settles_it(app: TestApp) {
    let p = pipeline(&app).await;
    let manager = property_manager(&app, &p, "yaxin-pm", &p.property_org).await;
    let due = chrono::Utc::now() + chrono::Duration::days(3);
    let body = json!({"unit_id": p.jinxiang, "title": "电梯频繁故障", "due_at": due});
    let case = app.post("/api/v1/coordination-cases", Some(&p.worker), body).await.ok(201);
    let path = format!("/api/v1/coordination-cases/{}", id(&case));
    let past =
        json!({"unit_id": p.jinxiang, "title": "过期", "due_at": chrono::Utc::now() - chrono::Duration::hours(1)});
    app.post("/api/v1/coordination-cases", Some(&p.worker), past).await.problem(422);

    // The street cannot settle an open case: the parties still may.
    assert_eq!(
        step(&app, &p.committee, &case, json!({"action": "resolve", "note": "x"})).await.problem(409),
        "wrong_state"
    );
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(app.get(&path, Some(&p.worker)).await.ok(200)["state"], "open", "not before its deadline");

    // Four days later, as the worker sees it.
    app.state.clock.advance(chrono::Duration::days(4));
    let mut escalated = Value::Null;
    for _ in 0..250 {
        escalated = app.get(&path, Some(&p.committee)).await.ok(200);
        if escalated["state"] == "escalated" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(escalated["state"], "escalated", "escalated by itself: {escalated}");
    assert_eq!(strings(&escalated["allowed_actions"]), ["resolve", "post"]);
    assert_eq!(step(&app, &manager, &escalated, json!({"action": "confirm"})).await.problem(409), "wrong_state");

    // The street hears of it, and the parties too.
    for (token, who) in [(&p.committee, "street"), (&manager, "property company"), (&p.worker, "community")] {
        let mut told = false;
        for _ in 0..250 {
            let inbox = app.get("/api/v1/me/notifications", Some(token)).await.ok(200);
            if inbox["items"].as_array().expect("items").iter().any(|n| n["kind"] == "case_escalated") {
                told = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert!(told, "the {who} was told of the escalation");
    }

    let missing = step(&app, &p.committee, &escalated, json!({"action": "resolve"})).await;
    assert_eq!(missing.problem(422), "note_required");
    assert_eq!(
        step(&app, &manager, &escalated, json!({"action": "resolve", "note": "x"})).await.problem(403),
        "forbidden_cases"
    );
    let settled =
        step(&app, &p.committee, &escalated, json!({"action": "resolve", "note": "街道协调维保单位更换主板"}))
            .await
            .ok(200);
    assert_eq!(
        (settled["state"].as_str(), settled["resolution"].as_str()),
        (Some("resolved"), Some("街道协调维保单位更换主板"))
    );
    let timeline = app.get(&format!("{path}/events"), Some(&p.worker)).await.ok(200);
    let escalation = &timeline.as_array().expect("timeline")[1];
    assert_eq!((escalation["action"].as_str(), escalation["actor_name"].as_str()), (Some("escalate"), None));
    assert_books_balance(&app).await;
}

async fn a_case_takes_up_a_property_demand_and_settling_it_resolves_the_demand(app: TestApp) {
    let p = pipeline(&app).await;
    let manager = property_manager(&app, &p, "yaxin-pm", &p.property_org).await;
    let file = |category: &str| json!({"title": "楼顶防水层老化", "description": "顶楼漏雨", "category": category, "unit_id": p.jinxiang});
    let verify = |d: &Value| json!({"action": "verify", "version": d["version"]});
    let demand = app.post("/api/v1/demands", Some(&p.zhang), file("property")).await.ok(201);
    let demand = app
        .post(&format!("/api/v1/demands/{}/transitions", id(&demand)), Some(&p.worker), verify(&demand))
        .await
        .ok(200);
    let other = app.post("/api/v1/demands", Some(&p.zhang), file("repair")).await.ok(201);
    let other =
        app.post(&format!("/api/v1/demands/{}/transitions", id(&other)), Some(&p.worker), verify(&other)).await.ok(200);

    let open = |d: &Value| json!({"unit_id": p.jinxiang, "title": "楼顶漏雨", "demand_id": id(d)});
    assert_eq!(
        app.post("/api/v1/coordination-cases", Some(&p.worker), open(&other)).await.problem(422),
        "demand_category"
    );
    // Taking up a demand is the community's to do: the property company does not even see it.
    assert_eq!(
        app.post("/api/v1/coordination-cases", Some(&manager), open(&demand)).await.problem(422),
        "unknown_record"
    );
    let case = app.post("/api/v1/coordination-cases", Some(&p.worker), open(&demand)).await.ok(201);
    assert_eq!(case["demand_id"].as_str(), Some(id(&demand)));
    let taken = app.get(&format!("/api/v1/demands/{}", id(&demand)), Some(&p.zhang)).await.ok(200);
    assert_eq!((taken["state"].as_str(), taken["case_id"].as_str()), (Some("accepted"), case["id"].as_str()));
    // Once taken, it is not taken twice.
    assert_eq!(
        app.post("/api/v1/coordination-cases", Some(&p.worker), open(&demand)).await.problem(409),
        "wrong_state"
    );

    let case = step(&app, &manager, &case, json!({"action": "confirm"})).await.ok(200);
    let case = step(&app, &p.supervisors[0], &case, json!({"action": "confirm"})).await.ok(200);
    step(&app, &p.worker, &case, json!({"action": "confirm"})).await.ok(200);
    let resolved = app.get(&format!("/api/v1/demands/{}", id(&demand)), Some(&p.zhang)).await.ok(200);
    assert_eq!(resolved["state"], "resolved");
    let history = app.get(&format!("/api/v1/demands/{}/events", id(&demand)), Some(&p.worker)).await.ok(200);
    let steps: Vec<(&str, Option<&str>)> = history
        .as_array()
        .expect("events")
        .iter()
        .map(|e| (e["action"].as_str().expect("action"), e["case_id"].as_str()))
        .collect();
    assert_eq!(
        steps,
        [("create", None), ("verify", None), ("coordinate", case["id"].as_str()), ("resolve", case["id"].as_str())]
    );
    assert_books_balance(&app).await;
}

/// Two parties confirming the same version at once: one wins, the other is told to reload
/// (409), and the case holds exactly the winner's confirmation; the books stay whole.
async fn parties_confirming_at_once_settle_it_once(app: TestApp) {
    let p = pipeline(&app).await;
    let manager = property_manager(&app, &p, "yaxin-pm", &p.property_org).await;
    let body = json!({"unit_id": p.jinxiang, "title": "消防通道被占"});
    let case = app.post("/api/v1/coordination-cases", Some(&p.worker), body).await.ok(201);
    let path = format!("/api/v1/coordination-cases/{}/transitions", id(&case));
    let confirm = json!({"action": "confirm", "version": case["version"]});
    let calls = [&manager, &p.supervisors[0], &p.worker]
        .into_iter()
        .map(|t| (reqwest::Method::POST, path.clone(), t.clone(), Some(confirm.clone())))
        .collect();
    let replies = all_at_once(&app, calls).await;
    assert_eq!(replies.iter().filter(|(s, _)| *s == 200).count(), 1, "{replies:?}");
    assert!(replies.iter().filter(|(s, _)| *s != 200).all(|(s, _)| *s == 409), "{replies:?}");
    let after = app.get(&format!("/api/v1/coordination-cases/{}", id(&case)), Some(&p.worker)).await.ok(200);
    let confirmed = after["parties"].as_array().expect("parties").iter().filter(|x| x["confirmed"] == true).count();
    assert_eq!((after["state"].as_str(), confirmed), (Some("open"), 1));
    assert_books_balance(&app).await;
}

/// Each party's `case_escalated` notices, by case.
async fn escalation_notices(app: &TestApp, token: &str) -> Vec<String> {
    let inbox = app.get("/api/v1/me/notifications?limit=100", Some(token)).await.ok(200);
    let mut about: Vec<String> = inbox["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|n| n["kind"] == "case_escalated")
        .map(|n| n["entity_id"].as_str().expect("entity_id").to_owned())
        .collect();
    about.sort_unstable();
    about
}

/// The server's own worker runs throughout; a second process's worker is started and
/// stopped again and again while the overdue cases escalate (a restart mid-stream, two
/// processes behind nginx): every case escalates once, and each party hears of it once.
async fn overdue_cases_escalate_once_though_workers_stop_midway_and_run_side_by_side(app: TestApp) {
    let p = pipeline(&app).await;
    let manager = property_manager(&app, &p, "yaxin-pm", &p.property_org).await;
    let due = chrono::Utc::now() + chrono::Duration::days(3);
    let mut cases = Vec::new();
    for n in 0..6 {
        let body = json!({"unit_id": p.jinxiang, "title": format!("电梯故障第{n}次"), "due_at": due});
        let case = app.post("/api/v1/coordination-cases", Some(&p.worker), body).await.ok(201);
        cases.push(id(&case).to_owned());
    }
    app.state.clock.advance(chrono::Duration::days(4));
    for _ in 0..4 {
        let second =
            api::worker::Worker::spawn(app.state.pool.clone(), app.state.clock.clone(), Duration::from_millis(1))
                .expect("a second worker");
        tokio::time::sleep(Duration::from_millis(10)).await;
        tokio::task::spawn_blocking(move || second.stop()).await.expect("stopped");
    }
    let mut expected = cases.clone();
    expected.sort_unstable();
    for (token, who) in [(&p.committee, "street"), (&manager, "property company"), (&p.worker, "community")] {
        let mut told = Vec::new();
        for _ in 0..250 {
            told = escalation_notices(&app, token).await;
            if told.len() >= expected.len() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        // Whatever is still running has had time to repeat itself, were it to.
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert_eq!(escalation_notices(&app, token).await, expected, "the {who} is told of each case once");
        assert_eq!(told, expected, "the {who}");
    }
    for case in &cases {
        let path = format!("/api/v1/coordination-cases/{case}");
        assert_eq!(app.get(&path, Some(&p.worker)).await.ok(200)["state"], "escalated");
        let timeline = app.get(&format!("{path}/events"), Some(&p.worker)).await.ok(200);
        let escalations = timeline.as_array().expect("timeline").iter().filter(|e| e["action"] == "escalate").count();
        assert_eq!(escalations, 1, "{case} escalated once");
    }
    assert_books_balance(&app).await;
}
