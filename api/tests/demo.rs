//! `serve --demo`: the demo district loads once, and every demo user can sign in.

mod common;

use api::demo;
use common::{on_both_databases, TestApp};

on_both_databases!(the_demo_district_loads_once_and_every_role_signs_in);

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
    // Demands in every state a person can bring about, on the board and in the queue.
    let worker = app.token_with("worker", demo::PASSWORD).await;
    let queue = app.get("/api/v1/demands?limit=100", Some(&worker)).await.ok(200);
    let mut states: Vec<&str> =
        queue["items"].as_array().expect("items").iter().filter_map(|d| d["state"].as_str()).collect();
    states.sort_unstable();
    states.dedup();
    assert_eq!(states, ["merged", "published", "referred", "rejected", "submitted", "withdrawn"]);
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
}
