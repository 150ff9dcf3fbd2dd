//! SPEC §5's error contract: problem+json for everything a client can get wrong.

mod common;

use common::{on_both_databases, TestApp};
use reqwest::Method;
use serde_json::json;

on_both_databases!(every_client_mistake_gets_its_status_as_problem_json, probes_answer);

async fn every_client_mistake_gets_its_status_as_problem_json(app: TestApp) {
    let district = app.create_admin("admin").await;
    let admin = app.token("admin").await;
    let url = |p: &str| format!("{}{p}", app.address);
    let raw = |method: Method, path: &str, body: &'static str, content_type: &'static str| {
        app.client.request(method, url(path)).bearer_auth(&admin).header("content-type", content_type).body(body).send()
    };
    let problem = |resp: reqwest::Response| async move {
        let status = resp.status().as_u16();
        let ct = resp.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
        let body: serde_json::Value = resp.json().await.expect("problem body is JSON");
        assert_eq!(ct, "application/problem+json", "{body}");
        assert_eq!(body["status"], status);
        (status, body["code"].as_str().unwrap_or_default().to_owned())
    };

    // 400: not JSON at all.
    let (s, code) =
        problem(raw(Method::POST, "/api/v1/org-units", "{\"name\": ", "application/json").await.expect("sent")).await;
    assert_eq!((s, code.as_str()), (400, "malformed_json"));
    // 422: JSON, but a field is missing or of the wrong type.
    let missing = app.post("/api/v1/org-units", Some(&admin), json!({"name": "x", "kind": "street"})).await;
    assert_eq!(missing.problem(422), "invalid_body");
    assert!(missing.body["errors"]["parent_id"].is_array(), "{}", missing.body);
    let wrong_type =
        app.post("/api/v1/org-units", Some(&admin), json!({"parent_id": district, "name": 5, "kind": "street"})).await;
    wrong_type.problem(422);
    // 415: not declared as JSON.
    let (s, _) = problem(raw(Method::POST, "/api/v1/org-units", "{}", "text/plain").await.expect("sent")).await;
    assert_eq!(s, 415);
    // 413: over 1 MiB, refused before it is parsed.
    let big = format!("{{\"parent_id\": \"{district}\", \"name\": \"{}\", \"kind\": \"street\"}}", "x".repeat(1 << 20));
    let resp = app
        .client
        .post(url("/api/v1/org-units"))
        .bearer_auth(&admin)
        .header("content-type", "application/json")
        .body(big)
        .send()
        .await
        .expect("sent");
    assert_eq!(problem(resp).await.0, 413);
    // 404: unknown route, unknown id, an id that is no id.
    app.get("/api/v1/nothing-here", None).await.problem(404);
    app.get("/nothing-here", None).await.problem(404);
    app.get(&format!("/api/v1/org-units/{}", uuid::Uuid::now_v7()), None).await.problem(404);
    app.get("/api/v1/org-units/not-a-uuid", None).await.problem(404);
    // 405: a known path with a method it does not take.
    assert_eq!(
        app.request(Method::DELETE, "/api/v1/org-units", Some(&admin), None).await.problem(405),
        "method_not_allowed"
    );
    app.request(Method::PUT, &format!("/api/v1/org-units/{district}"), Some(&admin), Some(json!({})))
        .await
        .problem(405);
    app.request(Method::POST, "/api/v1/me", Some(&admin), None).await.problem(405);
    // 401 / 403.
    app.post("/api/v1/org-units", None, json!({})).await.problem(401);
    app.user(&admin, "nobody-special").await;
    let token = app.token("nobody-special").await;
    app.post("/api/v1/org-units", Some(&token), json!({"parent_id": district, "name": "x", "kind": "street"}))
        .await
        .problem(403);
    // 400: a query string that does not parse.
    app.get("/api/v1/org-units?limit=many", None).await.problem(400);

    // None of it changed anything.
    let streets = app.get("/api/v1/org-units?kind=street", None).await.ok(200);
    assert_eq!(streets["items"].as_array().map(Vec::len), Some(0));
}

async fn probes_answer(app: TestApp) {
    assert_eq!(app.get("/healthz", None).await.ok(200)["status"], "ok");
    assert_eq!(app.get("/readyz", None).await.ok(200)["status"], "ready");
    app.request(Method::POST, "/healthz", None, None).await.problem(405);
    let spec = app.get("/api/v1/openapi.json", None).await.ok(200);
    assert!(spec["paths"]["/api/v1/auth/login"].is_object());
    // Interactive docs come from the binary itself, no CDN.
    let docs = app.client.get(format!("{}/docs/", app.address)).send().await.expect("sent");
    assert_eq!(docs.status().as_u16(), 200);
    let html = docs.text().await.expect("html");
    assert!(!html.contains("cdn") && !html.contains("unpkg"), "docs must work offline");
    let js = app.client.get(format!("{}/docs/swagger-ui-bundle.js", app.address)).send().await.expect("sent");
    assert_eq!(js.status().as_u16(), 200);
}
