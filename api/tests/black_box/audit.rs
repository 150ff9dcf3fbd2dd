//! The auditor's overview: every account's history it may audit in one list, and the names
//! behind the inspection votes, on the demo district.

use std::collections::{BTreeMap, BTreeSet};

use api::demo;
use crate::common;
use crate::common::{on_both_databases, TestApp};
use serde_json::{json, Value};

on_both_databases!(
    the_account_history_lists_exactly_the_accounts_the_reader_may_audit,
    auditors_read_who_cast_each_inspection_vote
);

fn items(page: &Value) -> &Vec<Value> {
    page["items"].as_array().expect("items")
}

/// Every item of a paged list, following its cursors.
async fn all_pages(app: &TestApp, path: &str, token: &str) -> Vec<Value> {
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let sep = if path.contains('?') { '&' } else { '?' };
        let url = match &cursor {
            Some(c) => format!("{path}{sep}cursor={c}"),
            None => path.to_owned(),
        };
        let page = app.get(&url, Some(token)).await.ok(200);
        out.extend(items(&page).iter().cloned());
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => return out,
        }
    }
}

async fn street_id(app: &TestApp, name: &str) -> String {
    let streets = app.get("/api/v1/org-units?kind=street", None).await.ok(200);
    let street = items(&streets).iter().find(|u| u["name"] == name).expect("street");
    street["id"].as_str().expect("id").to_owned()
}

async fn the_account_history_lists_exactly_the_accounts_the_reader_may_audit(app: TestApp) {
    assert!(demo::load_if_empty(&mut app.connection()).expect("demo loads"));
    let admin = app.token_with("admin", demo::PASSWORD).await;
    // An auditor of one street: it audits the accounts held only inside that street.
    let street = street_id(&app, "淮河路街道").await;
    app.user_with(&admin, "street-auditor", json!({"role": "auditor", "unit_id": street})).await;
    let other = street_id(&app, "京广路街道").await;
    // Someone with a role in the street and one outside it is not the street's alone.
    let both = app.user_with(&admin, "two-streets", json!({"role": "auditor", "unit_id": other})).await;
    let worker = app.get("/api/v1/org-units?q=兴华南街社区", None).await.ok(200);
    let community = items(&worker)[0]["id"].as_str().expect("id").to_owned();
    app.grant(&admin, &both, json!({"role": "resident", "unit_id": community})).await.ok(201);

    for (auditor, password) in [("auditor", demo::PASSWORD), ("street-auditor", common::PASSWORD)] {
        let token = app.token_with(auditor, password).await;
        let listed = all_pages(&app, "/api/v1/account-events?limit=7", &token).await;
        let mut per_user: BTreeMap<String, usize> = BTreeMap::new();
        for e in &listed {
            *per_user.entry(e["user_id"].as_str().expect("user").to_owned()).or_default() += 1;
            assert!(e["user_name"].as_str().is_some_and(|n| !n.is_empty()), "{e}");
        }
        let times: Vec<&str> = listed.iter().map(|e| e["event"]["at"].as_str().expect("at")).collect();
        assert!(times.windows(2).all(|w| w[0] >= w[1]), "{auditor}: newest first");
        let ids: BTreeSet<&str> = listed.iter().map(|e| e["event"]["id"].as_str().expect("id")).collect();
        assert_eq!(ids.len(), listed.len(), "{auditor}: each entry once across pages");

        // Listed exactly when the account's own history opens for it, and all of that history.
        let users = all_pages(&app, "/api/v1/users?limit=100", &token).await;
        let mut audited = 0;
        for user in &users {
            let id = user["id"].as_str().expect("id");
            let history = app.get(&format!("/api/v1/users/{id}/events"), Some(&token)).await;
            match history.status.as_u16() {
                200 => {
                    audited += 1;
                    let n = history.ok(200).as_array().expect("events").len();
                    assert_eq!(per_user.get(id).copied().unwrap_or(0), n, "{auditor} on {}", user["username"]);
                }
                403 => assert!(!per_user.contains_key(id), "{auditor} lists {}", user["username"]),
                s => panic!("{auditor} reading {id}: {s}"),
            }
        }
        assert_eq!(per_user.len(), audited, "{auditor}: nobody listed it may not open");
        assert!(audited > 3, "{auditor}: {audited}");
        let names: BTreeSet<&str> = listed.iter().filter_map(|e| e["user_name"].as_str()).collect();
        if auditor == "street-auditor" {
            assert!(names.contains("张伟"), "{names:?}");
            assert!(!names.contains("two-streets") && !names.contains("区委管理员"), "{names:?}");
        } else {
            assert!(names.contains("two-streets") && names.contains("区委管理员"), "{names:?}");
        }
    }

    for (username, status) in [("street", 403), ("worker", 403), ("resident", 403), ("supervisor", 403)] {
        let token = app.token_with(username, demo::PASSWORD).await;
        app.get("/api/v1/account-events", Some(&token)).await.problem(status);
    }
    app.get("/api/v1/account-events", None).await.problem(401);
}

async fn auditors_read_who_cast_each_inspection_vote(app: TestApp) {
    assert!(demo::load_if_empty(&mut app.connection()).expect("demo loads"));
    let committee = app.token_with("street", demo::PASSWORD).await;
    let closed = app.get("/api/v1/projects?state=closed&limit=100", Some(&committee)).await.ok(200);
    let mut voted = None;
    for p in items(&closed) {
        let id = p["id"].as_str().expect("id").to_owned();
        let votes = app.get(&format!("/api/v1/projects/{id}/inspections"), Some(&committee)).await.ok(200);
        if !votes.as_array().expect("votes").is_empty() {
            voted = Some(id);
            break;
        }
    }
    let project = voted.expect("a closed demo project with votes");
    let path = format!("/api/v1/projects/{project}/inspections");

    let auditor = app.token_with("auditor", demo::PASSWORD).await;
    let named = app.get(&path, Some(&auditor)).await.ok(200);
    for vote in named.as_array().expect("votes") {
        let voter = &vote["voter"];
        assert!(voter["display_name"].as_str().is_some_and(|n| !n.is_empty()), "{vote}");
        assert!(
            voter["organization_name"].as_str().is_some_and(|n| n.contains("业主委员会") || n.contains("自治")),
            "{vote}"
        );
    }
    let voters: BTreeSet<&str> =
        named.as_array().expect("votes").iter().filter_map(|v| v["voter"]["display_name"].as_str()).collect();
    assert!(voters.contains("王芳") || voters.contains("赵敏"), "{voters:?}");

    for username in ["street", "worker", "supervisor"] {
        let token = app.token_with(username, demo::PASSWORD).await;
        let anonymous = app.get(&path, Some(&token)).await.ok(200);
        assert!(anonymous.as_array().expect("votes").iter().all(|v| v["voter"].is_null()), "{username}: {anonymous}");
    }
}
