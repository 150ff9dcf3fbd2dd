//! `serve --demo`: the demo district loads once, and every demo user can sign in.

use api::demo;
use std::collections::BTreeSet;

use crate::common::{on_both_databases, TestApp};
use reqwest::StatusCode;
use serde_json::json;

on_both_databases!(
    the_demo_district_loads_once_and_every_role_signs_in,
    every_reader_lists_exactly_the_demands_it_may_open,
    every_reader_lists_exactly_the_records_it_may_open,
    each_demo_user_lands_on_its_own_work
);

async fn the_demo_district_loads_once_and_every_role_signs_in(app: TestApp) {
    let load = |app: &TestApp| {
        let mut conn = app.connection();
        demo::load_if_empty(&mut conn).expect("demo loads")
    };
    assert!(load(&app), "an empty database gets the demo");
    assert!(!load(&app), "a database with users is left alone");

    for (username, _, role, _, _) in demo::USERS {
        let session = app.login(username, demo::PASSWORD).await.ok(200);
        assert_eq!(session["user"]["grants"][0]["role"], role.as_str(), "{username}");
    }
    let streets = app.get("/api/v1/org-units?kind=street", None).await.ok(200);
    let names: Vec<&str> =
        streets["items"].as_array().expect("items").iter().filter_map(|u| u["name"].as_str()).collect();
    for street in ["淮河路街道", "京广路街道", "五里堡街道"] {
        assert!(names.contains(&street), "{names:?}");
    }
    // Demands in every state, on the board and in the queue.
    let worker = app.token_with("worker", demo::PASSWORD).await;
    let queue = app.get("/api/v1/demands?limit=100", Some(&worker)).await.ok(200);
    let mut states: Vec<&str> =
        queue["items"].as_array().expect("items").iter().filter_map(|d| d["state"].as_str()).collect();
    states.sort_unstable();
    states.dedup();
    assert_eq!(
        states,
        ["accepted", "merged", "published", "referred", "rejected", "resolved", "submitted", "withdrawn"]
    );
    // Projects in every state, as the street committee sees them; resources and claims with them.
    let committee = app.token_with("street", demo::PASSWORD).await;
    let projects = app.get("/api/v1/projects?limit=100", Some(&committee)).await.ok(200);
    let mut states: Vec<&str> =
        projects["items"].as_array().expect("items").iter().filter_map(|p| p["state"].as_str()).collect();
    states.sort_unstable();
    assert_eq!(states, ["cancelled", "closed", "completed", "draft", "in_progress", "published"]);
    let claims = app.get("/api/v1/claims?limit=100", Some(&committee)).await.ok(200);
    let mut states: Vec<&str> =
        claims["items"].as_array().expect("items").iter().filter_map(|c| c["state"].as_str()).collect();
    states.sort_unstable();
    states.dedup();
    assert_eq!(states, ["cancelled", "confirmed", "declined", "fulfilled", "pending", "released"]);
    let builder = app.token_with("builder", demo::PASSWORD).await;
    let inbox = app.get("/api/v1/claims?awaiting_me=true", Some(&builder)).await.ok(200);
    assert_eq!(inbox["items"].as_array().map(Vec::len), Some(1), "a request waits for the co-builder");
    // The demo is what a Chinese reader sees first: its sentences take full-width marks.
    for d in queue["items"].as_array().expect("items") {
        for field in ["title", "description", "reason", "referred_to"] {
            let text = d[field].as_str().unwrap_or_default();
            assert!(!text.contains([',', ':', '?', ';', '(', ')', '!']), "{field}: {text}");
        }
    }
    let board = app.get("/api/v1/public/demands?sort=cosigns", None).await.ok(200);
    assert_eq!(board["items"][0]["cosign_count"], 1, "co-signed demands lead the board");
    assert!(board.to_string().contains("张**"), "the board masks the demo residents");
    let red = app.get("/api/v1/organizations?kind=property_service&q=%E4%BA%9A%E6%96%B0", None).await.ok(200);
    assert_eq!(red["items"][0]["red_property"], true, "亚新 is the red-property example");
    // Last month's 定期公示 of each street but 淮河路街道 (whose committee publishes in the
    // walk), as the worker would have published them; each verifies.
    let disclosed = app.get("/api/v1/public/disclosures?limit=100", None).await.ok(200);
    let items = disclosed["items"].as_array().expect("items");
    let mut streets: Vec<&str> = items.iter().filter_map(|d| d["street_name"].as_str()).collect();
    streets.sort_unstable();
    assert_eq!(streets, ["五里堡街道", "京广路街道", "侯寨乡", "建中街街道"]);
    for d in items {
        assert_eq!(d["number"], 1);
        let id = d["id"].as_str().expect("id");
        let check = app.get(&format!("/api/v1/public/disclosures/{id}/verify"), None).await.ok(200);
        assert_eq!(check["valid"], true, "{check}");
    }
}

/// Every id on every page of a demand list.
/// A resident of another street (祥云社区), `far_resident`; returns its community.
async fn far_resident(app: &TestApp, admin: &str) -> String {
    let communities = app.get("/api/v1/org-units?kind=community&limit=100", Some(admin)).await.ok(200);
    let far = communities["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|u| u["name"] == "祥云社区")
        .and_then(|u| u["id"].as_str())
        .expect("祥云社区")
        .to_owned();
    app.user_with(admin, "far_resident", json!({"role": "resident", "unit_id": far})).await;
    far
}

async fn listed(app: &TestApp, path: &str, token: Option<&str>) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    let mut cursor = String::new();
    loop {
        let reply = app.get(&format!("{path}?limit=100&cursor={cursor}"), token).await;
        // A reader refused the whole list (users, for those who manage none) lists nothing.
        if reply.status == StatusCode::FORBIDDEN {
            return ids;
        }
        let page = reply.ok(200);
        ids.extend(page["items"].as_array().expect("items").iter().filter_map(|d| d["id"].as_str().map(String::from)));
        match page["next_cursor"].as_str() {
            Some(c) => cursor = c.to_owned(),
            None => return ids,
        }
    }
}

/// Visibility is one rule (`domain::demand::sees`) read two ways, for one demand and as a
/// list's SQL: for every demo role, a resident of another street, and the public board,
/// each demand is in the reader's list and opens by id, or neither.
async fn every_reader_lists_exactly_the_demands_it_may_open(app: TestApp) {
    assert!(demo::load_if_empty(&mut app.connection()).expect("demo loads"));
    let admin = app.token_with("admin", demo::PASSWORD).await;
    // A resident of another street, who files a demand of its own there.
    let far = far_resident(&app, &admin).await;
    let far_token = app.token("far_resident").await;
    let body = json!({"title": "祥云小区路灯不亮", "description": "", "category": "repair", "unit_id": far});
    app.post("/api/v1/demands", Some(&far_token), body).await.ok(201);

    let all = listed(&app, "/api/v1/demands", Some(&admin)).await;
    assert!(all.len() > 10, "the demo has demands: {}", all.len());
    let mut readers: Vec<(String, String)> = Vec::new();
    for (username, ..) in demo::USERS {
        readers.push((username.to_string(), app.token_with(username, demo::PASSWORD).await));
    }
    readers.push(("far_resident".into(), far_token));
    for (name, token) in &readers {
        let list = listed(&app, "/api/v1/demands", Some(token)).await;
        for id in &all {
            let status = app.get(&format!("/api/v1/demands/{id}"), Some(token)).await.status;
            let opens = status == StatusCode::OK;
            assert!(opens || status == StatusCode::NOT_FOUND, "{name} {id}: {status}");
            assert_eq!(list.contains(id), opens, "{name}: demand {id} listed {} but opens {opens}", list.contains(id));
        }
        assert!(list.is_subset(&all), "{name} lists a demand the district does not hold");
    }
    let board = listed(&app, "/api/v1/public/demands", None).await;
    for id in &all {
        let status = app.get(&format!("/api/v1/public/demands/{id}"), None).await.status;
        assert_eq!(board.contains(id), status == StatusCode::OK, "public {id}: {status}");
    }
}

/// The same for every other kind of record whose list is SQL and whose single read is the
/// domain's rule: each demo reader (and a resident of another street) lists a record if and
/// only if it may open it. The records are the demo district's, in every state.
async fn every_reader_lists_exactly_the_records_it_may_open(app: TestApp) {
    assert!(demo::load_if_empty(&mut app.connection()).expect("demo loads"));
    let admin = app.token_with("admin", demo::PASSWORD).await;
    far_resident(&app, &admin).await;
    let mut readers: Vec<(String, String)> = Vec::new();
    for (username, ..) in demo::USERS {
        readers.push((username.to_string(), app.token_with(username, demo::PASSWORD).await));
    }
    readers.push(("far_resident".into(), app.token("far_resident").await));
    for collection in
        ["projects", "claims", "resources", "users", "coordination-cases", "faults", "volunteer-activities"]
    {
        // Every record of the kind: what the district admin and the auditor list, and what
        // anyone else lists (a fault's reporter sees its own).
        let mut all = BTreeSet::new();
        for (_, token) in &readers {
            all.extend(listed(&app, &format!("/api/v1/{collection}"), Some(token)).await);
        }
        assert!(!all.is_empty(), "the demo has {collection}");
        for (name, token) in &readers {
            let list = listed(&app, &format!("/api/v1/{collection}"), Some(token)).await;
            for id in &all {
                let status = app.get(&format!("/api/v1/{collection}/{id}"), Some(token)).await.status;
                let opens = status == StatusCode::OK;
                let refused = [StatusCode::NOT_FOUND, StatusCode::FORBIDDEN];
                assert!(opens || refused.contains(&status), "{name} {collection} {id}: {status}");
                assert_eq!(
                    list.contains(id),
                    opens,
                    "{name}: {collection} {id} listed {} but opens {opens}",
                    list.contains(id)
                );
            }
        }
    }
}

/// Signed in as each demo user, the first screen's counts name that person's work, and the
/// demo district gives each something to do.
async fn each_demo_user_lands_on_its_own_work(app: TestApp) {
    assert!(demo::load_if_empty(&mut app.connection()).expect("demo loads"));
    let expected: &[(&str, &str)] = &[
        ("street", "cases_escalated"),
        ("worker", "cases_open"),
        ("worker", "demands_to_verify"),
        ("builder", "claims_awaiting"),
        ("supervisor", "projects_to_inspect"),
        ("yaxin-supervisor", "cases_open"),
        ("property", "faults_open"),
        ("property", "cases_open"),
        ("leader", "activities_upcoming"),
        ("volunteer", "my_signups"),
        ("neighbour", "ratings_to_give"),
        ("resident", "my_demands_open"),
        ("auditor", "cases_escalated"),
    ];
    for (username, ..) in demo::USERS {
        let token = app.token_with(username, demo::PASSWORD).await;
        let bench = app.get("/api/v1/me/workbench", Some(&token)).await.ok(200);
        let items = bench["items"].as_array().expect("items");
        assert!(items.len() >= 2, "{username}: {bench}");
        for (who, item) in expected.iter().filter(|(who, _)| who == username) {
            let found =
                items.iter().find(|i| i["item"] == *item).unwrap_or_else(|| panic!("{who} has no {item}: {bench}"));
            assert!(found["count"].as_i64().unwrap_or(0) > 0, "{who} has {item} waiting: {bench}");
        }
    }
    assert_eq!(app.get("/api/v1/me/workbench", None).await.problem(401), "unauthorized");
}
