//! Claims and resources have typed timelines too: what happened, by whom (for those who may
//! know), from the same event log.

use crate::common::pipeline::{answer, claim, id, pipeline, published_project, resource};
use crate::common::{on_both_databases, TestApp};
use serde_json::{json, Value};

on_both_databases!(claims_and_resources_tell_their_history);

fn steps(v: &Value) -> Vec<&str> {
    v.as_array().expect("timeline").iter().map(|e| e["action"].as_str().expect("action")).collect()
}

async fn claims_and_resources_tell_their_history(app: TestApp) {
    let p = pipeline(&app).await;
    let project = published_project(&app, &p, &p.jinxiang, "金祥花园路灯", 100_000, 50_000).await;
    let funds = resource(&app, &p.merchant, &p.merchant_org, &p.street, "funds", 80_000).await;
    let c = claim(&app, &p.committee, &project, &funds, 50_000, "project").await.ok(201);
    answer(&app, &p.merchant, &c, "confirm").await.ok(200);
    let path = format!("/api/v1/claims/{}/events", id(&c));
    let timeline = app.get(&path, Some(&p.committee)).await.ok(200);
    assert_eq!(steps(&timeline), ["create", "confirm"]);
    assert_eq!(
        (timeline[0]["initiated_by"].as_str(), timeline[1]["actor_name"].as_str()),
        (Some("project"), Some("merchant"))
    );
    app.get(&path, Some(&p.other_committee)).await.problem(404);

    let r = app.get(&format!("/api/v1/resources/{}", id(&funds)), Some(&p.merchant)).await.ok(200);
    let body = json!({"action": "withdraw", "version": r["version"]});
    app.post(&format!("/api/v1/resources/{}/transitions", id(&funds)), Some(&p.merchant), body).await.ok(200);
    let history = format!("/api/v1/resources/{}/events", id(&funds));
    let own = app.get(&history, Some(&p.merchant)).await.ok(200);
    assert_eq!(steps(&own), ["create", "withdraw"]);
    assert_eq!((own[0]["quantity"].as_i64(), own[1]["quantity"].as_i64()), (Some(80_000), Some(30_000)));
    assert_eq!(own[1]["actor_name"], "merchant");
    let seen = app.get(&history, Some(&p.zhang)).await.ok(200);
    assert!(seen[1]["actor_name"].is_null(), "a resident sees what happened, not who did it");
}
