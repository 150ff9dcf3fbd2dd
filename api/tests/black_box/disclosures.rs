//! 定期公示: a street committee publishes a period's disclosure, numbered per street and
//! chained by hashes; anyone reads and verifies it; nobody edits or deletes one, and an
//! edit made behind the database's back is caught.

use api::demo;
use chrono::Duration;
use crate::common;
use crate::common::{all_at_once, on_both_databases, TestApp};
use diesel::connection::SimpleConnection;
use persistence::Backend;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

on_both_databases!(
    a_street_discloses_its_periods_in_a_chain_anyone_verifies,
    an_edit_behind_the_databases_back_is_caught,
    two_publications_at_once_make_one,
    past_the_districts_day_the_month_before_is_published_for_the_streets_that_have_not
);

async fn unit_id(app: &TestApp, name: &str) -> String {
    let found = app.get(&format!("/api/v1/org-units?q={name}"), None).await.ok(200);
    let unit = found["items"].as_array().expect("items").iter().find(|u| u["name"] == name).expect("unit");
    unit["id"].as_str().expect("id").to_owned()
}

/// Beijing's date `days` from the worker's today.
fn beijing_day(app: &TestApp, days: i64) -> String {
    let now = app.state.clock.now() + Duration::hours(8) + Duration::days(days);
    now.date_naive().to_string()
}

fn hex_sha256(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

async fn publish(app: &TestApp, token: &str, unit: &str, from: &str, to: &str) -> common::Reply {
    let body = json!({"unit_id": unit, "period_start": from, "period_end": to});
    app.post("/api/v1/disclosures", Some(token), body).await
}

async fn verify(app: &TestApp, disclosure: &Value) -> Value {
    let id = disclosure["id"].as_str().expect("id");
    app.get(&format!("/api/v1/public/disclosures/{id}/verify"), None).await.ok(200)
}

/// The demo district, and the period from a month ago to today, which the clock then
/// moves past so it can be disclosed.
async fn demo_period(app: &TestApp) -> (String, String, String, String) {
    assert!(demo::load_if_empty(&mut app.connection()).expect("demo loads"));
    let street = app.token_with("street", demo::PASSWORD).await;
    let huaihe = unit_id(app, "淮河路街道").await;
    let (from, to) = (beijing_day(app, -30), beijing_day(app, 0));
    app.state.clock.advance(Duration::days(1));
    (street, huaihe, from, to)
}

async fn a_street_discloses_its_periods_in_a_chain_anyone_verifies(app: TestApp) {
    let (street, huaihe, from, to) = demo_period(&app).await;

    // Only for a period that has ended, only for a street, only by its committee.
    let today = beijing_day(&app, 0);
    assert_eq!(publish(&app, &street, &huaihe, &from, &today).await.problem(422), "period_not_over");
    assert_eq!(publish(&app, &street, &huaihe, &to, &from).await.problem(422), "period_order");
    let community = unit_id(&app, "兴华南街社区").await;
    assert_eq!(publish(&app, &street, &community, &from, &to).await.problem(422), "street_only");
    for username in ["auditor", "worker", "resident"] {
        let token = app.token_with(username, demo::PASSWORD).await;
        assert_eq!(
            publish(&app, &token, &huaihe, &from, &to).await.problem(403),
            "forbidden_disclosures",
            "{username}"
        );
    }
    let other = unit_id(&app, "京广路街道").await;
    assert_eq!(publish(&app, &street, &other, &from, &to).await.problem(403), "forbidden_disclosures");
    // The district admin publishes for any street of its district (SPEC §2: everything
    // below it): 京广路's day after the demo's month.
    let admin = app.token_with("admin", demo::PASSWORD).await;
    let by_admin = publish(&app, &admin, &other, &to, &to).await.ok(201);
    assert_eq!((by_admin["number"].as_i64(), by_admin["street_name"].as_str()), (Some(2), Some("京广路街道")));
    let permissions = |token: String| {
        let app = &app;
        async move { app.get("/api/v1/me/permissions", Some(&token)).await.ok(200)["disclosure_streets"].clone() }
    };
    assert_eq!(permissions(street.clone()).await, json!([huaihe]));
    assert_eq!(permissions(admin.clone()).await.as_array().map(Vec::len), Some(5));
    assert_eq!(permissions(app.token_with("worker", demo::PASSWORD).await).await, json!([]));
    let body = json!({"unit_id": huaihe, "period_start": "2026-13-01", "period_end": to});
    app.post("/api/v1/disclosures", Some(&street), body).await.problem(422);
    app.post("/api/v1/disclosures", None, json!({"unit_id": huaihe, "period_start": from, "period_end": to}))
        .await
        .problem(401);

    let first = publish(&app, &street, &huaihe, &from, &to).await.ok(201);
    assert_eq!((first["number"].as_i64(), first["previous_sha256"].as_str()), (Some(1), None));
    let canonical = first["canonical"].as_str().expect("canonical");
    assert_eq!(first["sha256"].as_str(), Some(hex_sha256(canonical).as_str()), "anyone can recompute the hash");
    let snapshot: Value = serde_json::from_str(canonical).expect("canonical JSON");
    assert_eq!((snapshot["format"].as_i64(), snapshot["number"].as_i64()), (Some(1), Some(1)));
    let demands = snapshot["demands"].as_array().expect("demands");
    assert!(!demands.is_empty(), "the street's demands of the period: {snapshot}");
    let states: Vec<&str> = demands.iter().filter_map(|d| d["state"].as_str()).collect();
    assert!(states.iter().all(|s| !["submitted", "withdrawn"].contains(s)), "public ones only: {states:?}");
    assert!(!snapshot["projects"].as_array().expect("projects").is_empty());
    assert!(snapshot["projects"].as_array().expect("projects").iter().all(|p| p["state"] != "draft"));
    // Nobody's name or phone: the demo's people (not its offices) appear nowhere in it.
    use domain::access::Role;
    let people = [Role::Resident, Role::Supervisor, Role::VolunteerLeader, Role::Volunteer];
    for (_, name, role, ..) in demo::USERS.iter().filter(|u| people.contains(&u.2)) {
        assert!(!canonical.contains(name), "{name} ({role:?}) is in the disclosure");
    }
    // Public fields only: no author, phone or account on any record.
    let keys = |v: &Value| {
        let mut k: Vec<String> = v.as_object().expect("record").keys().cloned().collect();
        k.sort_unstable();
        k.join(",")
    };
    assert_eq!(keys(&demands[0]), "category,cosign_count,filed_at,id,state,title,unit_name");
    assert_eq!(
        keys(&snapshot["projects"][0]),
        "beneficiaries,budget_fen,category,created_at,funded_fen,gov_funds_fen,id,state,title"
    );
    let ids: Vec<&str> = demands.iter().filter_map(|d| d["id"].as_str()).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "canonical order: by id");
    assert_eq!(verify(&app, &first).await, json!({"valid": true, "sha256": first["sha256"], "previous_sha256": null}));

    // The next period may not share a day with it; the one after chains to it.
    assert_eq!(publish(&app, &street, &huaihe, &to, &to).await.problem(409), "period_disclosed");
    let next_day = beijing_day(&app, 0);
    app.state.clock.advance(Duration::days(1));
    let second = publish(&app, &street, &huaihe, &next_day, &next_day).await.ok(201);
    assert_eq!(second["number"], 2);
    assert_eq!(second["previous_sha256"], first["sha256"]);
    assert_eq!(verify(&app, &second).await["valid"], true);

    // Anyone lists and reads them, without logging in; no route edits or deletes one.
    let listed = app.get(&format!("/api/v1/public/disclosures?unit_id={huaihe}"), None).await.ok(200);
    let numbers: Vec<i64> =
        listed["items"].as_array().expect("items").iter().filter_map(|d| d["number"].as_i64()).collect();
    assert_eq!(numbers, [2, 1], "newest first");
    let elsewhere = app.get(&format!("/api/v1/public/disclosures?unit_id={other}"), None).await.ok(200);
    let elsewhere = elsewhere["items"].as_array().expect("items");
    assert!(elsewhere.iter().all(|d| d["street_id"] == json!(other)), "only the other street's: {elsewhere:?}");
    let id = first["id"].as_str().expect("id");
    let read = app.get(&format!("/api/v1/public/disclosures/{id}"), None).await.ok(200);
    assert_eq!(read["canonical"], first["canonical"]);
    // Each links to its neighbours in the street's chain.
    assert_eq!((&second["previous_id"], &second["next_id"]), (&first["id"], &json!(null)));
    assert_eq!((&read["previous_id"], &read["next_id"]), (&json!(null), &second["id"]));
    let path = format!("/api/v1/public/disclosures/{id}");
    assert_eq!(app.request(reqwest::Method::DELETE, &path, Some(&street), None).await.status.as_u16(), 405);
    app.get(&format!("/api/v1/public/disclosures/{}/verify", uuid::Uuid::now_v7()), None).await.problem(404);
}

/// Turns the database's refusal off, as someone with the server's keys could.
fn bypass_refusal(app: &TestApp, conn: &mut persistence::DbConnection) {
    let sql = match app.backend {
        Backend::Sqlite(_) => "DROP TRIGGER disclosures_no_update",
        Backend::Postgres(_) => "ALTER TABLE disclosures DISABLE TRIGGER disclosures_no_update",
    };
    conn.batch_execute(sql).expect("refusal bypassed");
}

async fn an_edit_behind_the_databases_back_is_caught(app: TestApp) {
    let (street, huaihe, from, to) = demo_period(&app).await;
    let first = publish(&app, &street, &huaihe, &from, &to).await.ok(201);
    let next_day = beijing_day(&app, 0);
    app.state.clock.advance(Duration::days(1));
    let second = publish(&app, &street, &huaihe, &next_day, &next_day).await.ok(201);
    let id = first["id"].as_str().expect("id");

    let mut conn = app.connection();
    for sql in [
        format!("UPDATE disclosures SET period_end = period_end WHERE id = '{id}'"),
        format!("DELETE FROM disclosures WHERE id = '{id}'"),
    ] {
        assert!(conn.batch_execute(&sql).is_err(), "the database refuses: {sql}");
    }

    // A demand's title changed in the stored snapshot: its hash no longer matches.
    bypass_refusal(&app, &mut conn);
    let canonical = first["canonical"].as_str().expect("canonical");
    let demand = serde_json::from_str::<Value>(canonical).expect("json")["demands"][0]["title"]
        .as_str()
        .expect("a demand")
        .to_owned();
    let forged = canonical.replace(&demand, "一切正常");
    let quoted = forged.replace('\'', "''");
    conn.batch_execute(&format!("UPDATE disclosures SET snapshot = '{quoted}' WHERE id = '{id}'")).expect("edited");
    let checked = verify(&app, &first).await;
    assert_eq!(checked["valid"], false, "{checked}");
    assert_eq!(checked["sha256"].as_str(), Some(hex_sha256(&forged).as_str()));
    assert_eq!(verify(&app, &second).await["valid"], true, "the next one is as it was");

    // Its hash rewritten to match: now the next one no longer links to it.
    let rehashed = hex_sha256(&forged);
    conn.batch_execute(&format!("UPDATE disclosures SET sha256 = '{rehashed}' WHERE id = '{id}'")).expect("rehashed");
    assert_eq!(verify(&app, &first).await["valid"], true, "a first disclosure has nothing before it to contradict it");
    assert_eq!(verify(&app, &second).await["valid"], false, "the chain breaks at the next one");
}

async fn two_publications_at_once_make_one(app: TestApp) {
    let (street, huaihe, from, to) = demo_period(&app).await;
    let body = json!({"unit_id": huaihe, "period_start": from, "period_end": to});
    let calls = (0..6)
        .map(|_| (reqwest::Method::POST, "/api/v1/disclosures".to_owned(), street.clone(), Some(body.clone())))
        .collect();
    let answers = all_at_once(&app, calls).await;
    let statuses: Vec<u16> = answers.iter().map(|(s, _)| *s).collect();
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 1, "{answers:?}");
    assert!(statuses.iter().all(|s| [201, 409].contains(s)), "{answers:?}");
    let listed = app.get(&format!("/api/v1/public/disclosures?unit_id={huaihe}"), None).await.ok(200);
    assert_eq!(listed["items"].as_array().expect("items").len(), 1);
    assert_eq!(verify(&app, &listed["items"][0]).await["valid"], true);
}

async fn past_the_districts_day_the_month_before_is_published_for_the_streets_that_have_not(app: TestApp) {
    assert!(demo::load_if_empty(&mut app.connection()).expect("demo loads"));
    let admin = app.token_with("admin", demo::PASSWORD).await;
    let street = app.token_with("street", demo::PASSWORD).await;
    let district = unit_id(&app, "二七区").await;
    let huaihe = unit_id(&app, "淮河路街道").await;
    // The demo comes with last month's of the other streets.
    let count = |listed: &Value| listed["items"].as_array().map_or(0, Vec::len);
    let demo_made = count(&app.get("/api/v1/public/disclosures?limit=100", None).await.ok(200));
    // Into next month, before its 3rd, the district sets the 3rd: nothing is due yet.
    // 淮河路 discloses part of the month gone by itself.
    let today = beijing_day(&app, 0);
    let first_of_month = format!("{}01", &today[..8]);
    let mut to_next = 0;
    while beijing_day(&app, to_next)[..7] == today[..7] {
        to_next += 1;
    }
    app.state.clock.advance(Duration::days(to_next));
    let path = format!("/api/v1/org-units/{district}");
    let unit = app.get(&path, Some(&admin)).await.ok(200);
    let body = json!({"version": unit["version"], "disclosure_day": 3});
    assert_eq!(app.patch(&path, Some(&admin), body).await.ok(200)["disclosure_day"], 3);
    let body = json!({"version": 1, "disclosure_day": 3});
    let street_patch = app.patch(&format!("/api/v1/org-units/{huaihe}"), Some(&admin), body).await;
    assert_eq!(street_patch.problem(422), "deadlines_district_only");
    let body = json!({"version": unit["version"].as_i64().unwrap_or(0) + 1, "disclosure_day": 29});
    app.patch(&path, Some(&admin), body).await.problem(422);
    let own = publish(&app, &street, &huaihe, &first_of_month, &today).await.ok(201);
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let listed = app.get("/api/v1/public/disclosures?limit=100", None).await.ok(200);
    assert_eq!(count(&listed), demo_made + 1, "nothing due before the 3rd");

    // On the 3rd, each other street gets the whole month before, published by the system.
    app.state.clock.advance(Duration::days(2));
    let streets = app.get("/api/v1/org-units?kind=street", None).await.ok(200);
    let expected = streets["items"].as_array().expect("items").len() + demo_made;
    let mut items = Vec::new();
    for _ in 0..250 {
        let listed = app.get("/api/v1/public/disclosures?limit=100", None).await.ok(200);
        items = listed["items"].as_array().expect("items").clone();
        if items.len() >= expected {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let listed = app.get("/api/v1/public/disclosures?limit=100", None).await.ok(200);
    assert_eq!(count(&listed), expected, "one for each street, once: {listed}");
    for d in &items {
        assert_eq!(verify(&app, d).await["valid"], true, "{d}");
        if d["period_start"].as_str() < Some(first_of_month.as_str()) {
            continue;
        }
        if d["street_id"] == huaihe.as_str() {
            assert_eq!(d["id"], own["id"], "淮河路 had disclosed days of the month: left alone");
        } else {
            // Each after the demo's of the month before, in its chain.
            assert_eq!((d["number"].as_i64(), d["period_start"].as_str()), (Some(2), Some(first_of_month.as_str())));
            assert_eq!(d["period_end"].as_str(), Some(today[..8].to_owned() + &last_day(&today)).as_deref());
        }
    }

    // A patch without the day leaves it; null clears it.
    let unit = app.get(&path, Some(&admin)).await.ok(200);
    let kept = app.patch(&path, Some(&admin), json!({"version": unit["version"], "verify_days": 3})).await.ok(200);
    assert_eq!(kept["disclosure_day"], 3);
    let cleared =
        app.patch(&path, Some(&admin), json!({"version": kept["version"], "disclosure_day": null})).await.ok(200);
    assert_eq!(cleared["disclosure_day"], json!(null));
}

/// The last day of `date`'s month, two digits.
fn last_day(date: &str) -> String {
    let first: chrono::NaiveDate = format!("{}01", &date[..8]).parse().expect("date");
    let next = first + Duration::days(32);
    let last = next - Duration::days(i64::from(chrono::Datelike::day(&next)));
    format!("{:02}", chrono::Datelike::day(&last))
}
