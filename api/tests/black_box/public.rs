//! Everything anyone can read without signing in, read whole: no person's name or phone
//! in any of it (SPEC §4.7), the demo's people included, however the record reached it.

use api::demo;
use chrono::Duration;
use crate::common::{on_both_databases, TestApp};
use diesel::prelude::*;
use persistence::schema::{demands, organizations, users};
use serde_json::{json, Value};

on_both_databases!(no_public_response_names_or_reaches_a_person);

/// Every page of a public list, following `next_cursor`.
async fn every_page(app: &TestApp, path: &str) -> Vec<Value> {
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let sep = if path.contains('?') { '&' } else { '?' };
        let url = match &cursor {
            Some(c) => format!("{path}{sep}limit=100&cursor={c}"),
            None => format!("{path}{sep}limit=100"),
        };
        let page = app.get(&url, None).await.ok(200);
        items.extend(page["items"].as_array().expect("items").iter().cloned());
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => return items,
        }
    }
}

async fn no_public_response_names_or_reaches_a_person(app: TestApp) {
    assert!(demo::load_if_empty(&mut app.connection()).expect("demo loads"));
    let mut conn = app.connection();
    let street_token = app.token_with("street", demo::PASSWORD).await;
    let huaihe: String = persistence::schema::org_units::table
        .filter(persistence::schema::org_units::name.eq("淮河路街道"))
        .select(persistence::schema::org_units::id)
        .first(&mut conn)
        .expect("street");
    // A disclosure of the month up to today, once today is over, so the demo's records are in it.
    let day = |d: i64| (app.state.clock.now() + Duration::hours(8) + Duration::days(d)).date_naive().to_string();
    let (from, to) = (day(-30), day(0));
    app.state.clock.advance(Duration::days(1));
    app.post(
        "/api/v1/disclosures",
        Some(&street_token),
        json!({"unit_id": huaihe, "period_start": from, "period_end": to}),
    )
    .await
    .ok(201);

    let mut bodies: Vec<(String, String)> = Vec::new();
    let mut read = |path: String, body: &Value| bodies.push((path, body.to_string()));
    for list in ["demands", "projects", "resources", "disclosures"] {
        let path = format!("/api/v1/public/{list}");
        let items = every_page(&app, &path).await;
        assert!(!items.is_empty(), "{path}");
        read(path.clone(), &json!(items));
        for item in &items {
            let id = item["id"].as_str().expect("id");
            let one = format!("{path}/{id}");
            read(one.clone(), &app.get(&one, None).await.ok(200));
            let more: &[&str] = match list {
                "projects" => &["progress", "outcome"],
                "disclosures" => &["verify"],
                _ => &[],
            };
            for tail in more {
                let p = format!("{one}/{tail}");
                read(p.clone(), &app.get(&p, None).await.ok(200));
            }
        }
    }
    read("/api/v1/public/stats".into(), &app.get("/api/v1/public/stats", None).await.ok(200));
    let p = format!("/api/v1/public/stats?unit_id={huaihe}");
    read(p.clone(), &app.get(&p, None).await.ok(200));
    for path in ["/open311/v2/services.json", "/open311/v2/requests.json", "/open311/v2/discovery.json"] {
        let res = reqwest::get(format!("{}{path}", app.address)).await.expect("reads");
        assert_eq!(res.status(), 200, "{path}");
        let body: Value = res.json().await.expect("json");
        read(path.into(), &body);
    }

    // The people: every account's name and phone, and every name a demand was filed under,
    // except accounts named after their organisation (an office is named in public).
    let orgs: Vec<String> = organizations::table.select(organizations::name).load(&mut conn).expect("orgs");
    let accounts: Vec<(String, Option<String>)> =
        users::table.select((users::display_name, users::phone)).load(&mut conn).expect("users");
    let authors: Vec<String> = demands::table.select(demands::author_name).distinct().load(&mut conn).expect("authors");
    let names: Vec<String> = accounts
        .iter()
        .map(|(n, _)| n.clone())
        .chain(authors)
        .filter(|n| n.chars().count() >= 2 && !orgs.iter().any(|o| o.contains(n.as_str())))
        .collect();
    let phones: Vec<String> = accounts.into_iter().filter_map(|(_, p)| p).collect();
    assert!(!phones.is_empty() && names.len() > 5, "the demo has people with phones");
    let user_ids: Vec<String> = users::table.select(users::id).load(&mut conn).expect("ids");
    for (path, body) in &bodies {
        for name in &names {
            assert!(!body.contains(name.as_str()), "{name} in {path}: {body}");
        }
        for phone in &phones {
            assert!(!body.contains(phone.as_str()), "{phone} in {path}");
        }
        for id in &user_ids {
            assert!(!body.contains(id.as_str()), "a user id in {path}");
        }
    }
}
