//! Upkeep after hand-over (红色物业), black-box on both databases: the property company
//! answers a hand-over (the street sees which), residents report faults on the work it
//! maintains, it answers and closes them, and a fault not closed in time becomes a
//! coordination case by itself (the worker's clock moved on).

use std::time::Duration;

use crate::common::pipeline::{act, fresh, id, inspect, pipeline, published_project, Pipeline};
use crate::common::{assert_books_balance, on_both_databases, TestApp};
use serde_json::{json, Value};

on_both_databases!(a_handed_over_project_is_maintained_and_its_faults_answered);

fn strings(v: &Value) -> Vec<&str> {
    v.as_array().expect("array").iter().map(|a| a.as_str().expect("string")).collect()
}

async fn closed_project(app: &TestApp, p: &Pipeline) -> Value {
    let published = published_project(app, p, &p.jinxiang, "金祥花园雨棚更换", 80_000, 80_000).await;
    let started = act(app, &p.committee, &published, json!({"action": "start"})).await.ok(200);
    let completed = act(app, &p.committee, &started, json!({"action": "complete", "note": "雨棚已换新"})).await.ok(200);
    inspect(app, &p.supervisors[0], &completed, "pass", "").await.ok(200);
    let closed = inspect(app, &p.supervisors[1], &completed, "pass", "").await.ok(200);
    assert_eq!(closed["state"], "closed");
    fresh(app, &p.committee, "projects", &closed).await
}

async fn told(app: &TestApp, token: &str, kind: &str) -> Value {
    for _ in 0..250 {
        let inbox = app.get("/api/v1/me/notifications", Some(token)).await.ok(200);
        if let Some(n) = inbox["items"].as_array().expect("items").iter().find(|n| n["kind"] == kind) {
            return n.clone();
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("no {kind} notification");
}

async fn a_handed_over_project_is_maintained_and_its_faults_answered(app: TestApp) {
    let p = pipeline(&app).await;
    app.user_with(&p.admin, "yaxin-pm", json!({"role": "property_manager", "organization_id": p.property_org})).await;
    let manager = app.token("yaxin-pm").await;
    app.user_with(&p.admin, "jg-pm", json!({"role": "property_manager", "organization_id": p.other_property_org}))
        .await;
    let stranger = app.token("jg-pm").await;

    let closed = closed_project(&app, &p).await;
    let handed = act(&app, &p.committee, &closed, json!({"action": "hand_over", "maintainer_org_id": p.property_org}))
        .await
        .ok(200);
    assert_eq!(handed["handover_state"], "pending");
    told(&app, &manager, "hand_over").await;
    let path = format!("/api/v1/projects/{}", id(&handed));
    let as_manager = app.get(&path, Some(&manager)).await.ok(200);
    assert_eq!(strings(&as_manager["upkeep_actions"]), ["accept_hand_over", "decline_hand_over"]);
    assert_eq!(strings(&app.get(&path, Some(&stranger)).await.ok(200)["upkeep_actions"]), Vec::<&str>::new());

    let answer = |token: String, body: Value| {
        let app = &app;
        let path = format!("{path}/handover");
        async move { app.post(&path, Some(&token), body).await }
    };
    let v = |p: &Value| p["version"].clone();
    let refused = answer(stranger.clone(), json!({"answer": "accept", "version": v(&as_manager)})).await;
    assert_eq!(refused.problem(403), "forbidden_property");
    let report = json!({"project_id": id(&handed), "title": "雨棚漏水", "description": "3号楼雨棚接缝漏水"});
    assert_eq!(app.post("/api/v1/faults", Some(&p.zhang), report.clone()).await.problem(409), "not_maintained");
    let silent = answer(manager.clone(), json!({"answer": "decline", "version": v(&as_manager)})).await;
    assert_eq!(silent.problem(422), "note_required");
    let declined =
        answer(manager.clone(), json!({"answer": "decline", "version": v(&as_manager), "note": "合同尚未签订"}))
            .await
            .ok(200);
    assert_eq!(
        (declined["handover_state"].as_str(), declined["handover_note"].as_str()),
        (Some("declined"), Some("合同尚未签订"))
    );
    told(&app, &p.committee, "handover_declined").await;

    // Handed over again, and taken this time.
    let again = act(
        &app,
        &p.committee,
        &fresh(&app, &p.committee, "projects", &handed).await,
        json!({"action": "hand_over", "maintainer_org_id": p.property_org}),
    )
    .await
    .ok(200);
    assert_eq!((again["handover_state"].as_str(), again["handover_note"].as_str()), (Some("pending"), None));
    let accepted = answer(manager.clone(), json!({"answer": "accept", "version": v(&again)})).await.ok(200);
    assert_eq!(accepted["handover_state"], "accepted");
    let twice = answer(manager.clone(), json!({"answer": "accept", "version": v(&accepted)})).await;
    assert_eq!(twice.problem(409), "wrong_state");
    told(&app, &p.committee, "handover_accepted").await;
    let maintained =
        app.get(&format!("/api/v1/projects?maintainer_org_id={}", p.property_org), Some(&manager)).await.ok(200);
    assert_eq!(maintained["items"][0]["id"], handed["id"]);

    // 报修: a resident of the area reports; the company answers and closes; a resident of
    // another street may not report here.
    assert_eq!(strings(&app.get(&path, Some(&p.zhang)).await.ok(200)["upkeep_actions"]), ["report_fault"]);
    let fault = app.post("/api/v1/faults", Some(&p.zhang), report.clone()).await.ok(201);
    assert_eq!((fault["state"].as_str(), fault["maintainer_name"].as_str()), (Some("open"), Some("亚新物业")));
    assert_eq!(strings(&fault["allowed_actions"]), Vec::<&str>::new());
    let reported = told(&app, &manager, "fault_reported").await;
    assert_eq!(reported["entity"], "fault");
    let fault_path = format!("/api/v1/faults/{}", id(&fault));
    app.get(&fault_path, Some(&stranger)).await.problem(404);
    app.get(&fault_path, Some(&p.li)).await.problem(404);
    let seen = app.get(&fault_path, Some(&manager)).await.ok(200);
    assert_eq!(strings(&seen["allowed_actions"]), ["answer", "close"]);
    let step = |token: String, body: Value| {
        let app = &app;
        let path = format!("{fault_path}/transitions");
        async move { app.post(&path, Some(&token), body).await }
    };
    assert_eq!(step(manager.clone(), json!({"action": "answer", "version": 1})).await.problem(422), "note_required");
    assert_eq!(
        step(p.zhang.clone(), json!({"action": "close", "version": 1})).await.problem(403),
        "forbidden_property"
    );
    let answered =
        step(manager.clone(), json!({"action": "answer", "version": 1, "note": "明天上午维修"})).await.ok(200);
    assert_eq!((answered["state"].as_str(), answered["reply"].as_str()), (Some("answered"), Some("明天上午维修")));
    told(&app, &p.zhang, "fault_answered").await;
    let closed_fault = step(manager.clone(), json!({"action": "close", "version": 2})).await.ok(200);
    assert_eq!(closed_fault["state"], "closed");
    told(&app, &p.zhang, "fault_closed").await;

    // A fault left open past its deadline becomes a coordination case by itself.
    let late = app
        .post("/api/v1/faults", Some(&p.li), json!({"project_id": id(&handed), "title": "雨棚螺丝松动"}))
        .await
        .ok(201);
    app.state.clock.advance(chrono::Duration::days(8));
    let mut escalated = Value::Null;
    for _ in 0..250 {
        escalated = app.get(&format!("/api/v1/faults/{}", id(&late)), Some(&p.li)).await.ok(200);
        if escalated["state"] == "escalated" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(escalated["state"], "escalated", "{escalated}");
    let case_id = escalated["case_id"].as_str().expect("case");
    let case = app.get(&format!("/api/v1/coordination-cases/{case_id}"), Some(&manager)).await.ok(200);
    assert_eq!(case["state"], "open");
    assert!(case["title"].as_str().is_some_and(|t| t.contains("雨棚螺丝松动")), "{case}");
    assert_eq!(case["parties"][2]["organization_name"], "亚新物业");
    assert_eq!(strings(&case["my_parties"]), ["property_service"]);
    told(&app, &p.worker, "case_opened").await;
    let listed = app.get(&format!("/api/v1/faults?project_id={}", id(&handed)), Some(&manager)).await.ok(200);
    assert_eq!(listed["items"].as_array().map(Vec::len), Some(2));
    assert_books_balance(&app).await;
}
