//! Text a client sends is checked before it reaches the database: a NUL byte (which
//! PostgreSQL cannot store) or any other control character in any text field or `q` is the
//! client's 422 naming the field, never a 500, and nothing is written. Titles and names
//! made only of invisible characters are refused the same way.

use crate::common;
use crate::common::{on_both_databases, TestApp};
use diesel::{QueryDsl, RunQueryDsl};
use persistence::schema::{demands, events, org_units, organizations, users};
use serde_json::{json, Value};

on_both_databases!(control_characters_are_refused_in_every_text_field, invisible_titles_and_names_are_refused);

/// The characters every field is tried with: NUL, and the escape that starts a terminal
/// colour sequence.
const BAD: [&str; 2] = ["\u{0}", "\u{1b}[31m"];

/// Rows of every table a refused request could have written to.
fn counts(app: &TestApp) -> [i64; 5] {
    let mut conn = app.connection();
    let count = |n: diesel::QueryResult<i64>| n.expect("count");
    [
        count(demands::table.count().get_result(&mut conn)),
        count(events::table.count().get_result(&mut conn)),
        count(org_units::table.count().get_result(&mut conn)),
        count(organizations::table.count().get_result(&mut conn)),
        count(users::table.count().get_result(&mut conn)),
    ]
}

/// Asserts a 422 whose errors name `field` with `code`.
fn refused(reply: common::Reply, field: &str, code: &str, what: &str) {
    assert_eq!(reply.status.as_u16(), 422, "{what}: {} {}", reply.status, reply.body);
    reply.problem(422);
    assert_eq!(reply.body["error_codes"][field][0], code, "{what}: {}", reply.body);
}

struct World {
    admin: String,
    worker: String,
    xinghua: String,
    compound: String,
    organization: String,
    user_id: String,
    demand: Value,
}

async fn world(app: &TestApp) -> World {
    let root = app.create_admin("admin").await;
    let admin = app.token("admin").await;
    let street = app.unit(&admin, &root, "淮河路街道", "street").await;
    let xinghua = app.unit(&admin, &street, "兴华南街社区", "community").await;
    let compound = app.unit(&admin, &xinghua, "金祥花园", "compound").await;
    let organization = app.organization(&admin, &compound, "金祥花园业委会", "resident_autonomy").await;
    let user_id = app.user(&admin, "worker").await;
    app.grant(&admin, &user_id, json!({"role": "community_worker", "unit_id": xinghua})).await.ok(201);
    let worker = app.token("worker").await;
    let body = json!({"title": "楼道灯坏了", "description": "", "category": "repair", "unit_id": xinghua,
        "source": "visit", "author_name": "王大爷"});
    let demand = app.post("/api/v1/demands", Some(&worker), body).await.ok(201);
    World { admin, worker, xinghua, compound, organization, user_id, demand }
}

async fn control_characters_are_refused_in_every_text_field(app: TestApp) {
    let w = world(&app).await;
    let before = counts(&app);
    let demand_id = w.demand["id"].as_str().expect("id").to_owned();
    let version = w.demand["version"].clone();
    let user = app.get(&format!("/api/v1/users/{}", w.user_id), Some(&w.admin)).await.ok(200);
    let unit = app.get(&format!("/api/v1/org-units/{}", w.compound), None).await.ok(200);
    let org = app.get(&format!("/api/v1/organizations/{}", w.organization), None).await.ok(200);

    for bad in BAD {
        let text = format!("楼道{bad}灯坏了");
        // Filing a demand: each text field in turn.
        let filing = json!({"title": "楼道灯坏了", "description": "三楼", "category": "repair", "unit_id": w.xinghua,
            "source": "visit", "author_name": "王大爷"});
        for field in ["title", "description", "author_name"] {
            let mut body = filing.clone();
            body[field] = json!(text);
            let reply = app.post("/api/v1/demands", Some(&w.worker), body).await;
            refused(reply, field, "control_characters", &format!("demand {field} {bad:?}"));
        }
        // Transitions: the reason and where it was referred to.
        let path = format!("/api/v1/demands/{demand_id}/transitions");
        let reject = json!({"action": "reject", "version": version, "reason": text});
        refused(app.post(&path, Some(&w.worker), reject).await, "reason", "control_characters", "reject reason");
        let refer = json!({"action": "refer", "version": version, "reason": text, "referred_to": "12345热线"});
        refused(app.post(&path, Some(&w.worker), refer).await, "reason", "control_characters", "refer reason");
        let refer = json!({"action": "refer", "version": version, "reason": "属城管", "referred_to": text});
        refused(app.post(&path, Some(&w.worker), refer).await, "referred_to", "control_characters", "referred_to");

        // Names of units, organisations and people, created and edited.
        let new_unit = json!({"parent_id": w.xinghua, "name": text, "kind": "compound"});
        refused(app.post("/api/v1/org-units", Some(&w.admin), new_unit).await, "name", "control_characters", "unit");
        let patch = json!({"version": unit["version"], "name": text});
        let reply = app.patch(&format!("/api/v1/org-units/{}", w.compound), Some(&w.admin), patch).await;
        refused(reply, "name", "control_characters", "unit rename");
        let new_org = json!({"unit_id": w.compound, "name": text, "kind": "volunteer_org"});
        let reply = app.post("/api/v1/organizations", Some(&w.admin), new_org).await;
        refused(reply, "name", "control_characters", "organisation");
        let patch = json!({"version": org["version"], "name": text});
        let reply = app.patch(&format!("/api/v1/organizations/{}", w.organization), Some(&w.admin), patch).await;
        refused(reply, "name", "control_characters", "organisation rename");
        let new_user = json!({"username": "newcomer", "password": common::PASSWORD, "display_name": text});
        let reply = app.post("/api/v1/users", Some(&w.admin), new_user).await;
        refused(reply, "display_name", "control_characters", "user");
        let patch = json!({"version": user["version"], "display_name": text});
        let reply = app.patch(&format!("/api/v1/users/{}", w.user_id), Some(&w.admin), patch).await;
        refused(reply, "display_name", "control_characters", "user rename");
        let register = json!({"username": "newcomer", "password": common::PASSWORD, "display_name": text,
            "unit_id": w.xinghua});
        let reply = app.post("/api/v1/auth/register", None, register).await;
        refused(reply, "display_name", "control_characters", "registration");

        // Every list's search words, as a browser would send them.
        let q: String = bad.bytes().map(|b| format!("%{b:02X}")).collect();
        for (list, token) in [
            ("/api/v1/demands", Some(w.worker.as_str())),
            ("/api/v1/public/demands", None),
            ("/api/v1/users", Some(w.admin.as_str())),
            ("/api/v1/org-units", None),
            ("/api/v1/organizations", None),
        ] {
            let reply = app.get(&format!("{list}?q=%E6%A5%BC{q}"), token).await;
            refused(reply, "q", "control_characters", &format!("{list} q={q}"));
        }
    }

    assert_eq!(counts(&app), before, "a refused request writes nothing");
    let after = app.get(&format!("/api/v1/demands/{demand_id}"), Some(&w.worker)).await.ok(200);
    assert_eq!((after["version"].clone(), after["state"].clone()), (version, json!("submitted")));
    let unit_after = app.get(&format!("/api/v1/org-units/{}", w.compound), None).await.ok(200);
    assert_eq!(unit_after["name"], "金祥花园");
    // Ordinary searches still work, and a resident's phone may send CRLF in a description.
    let found = app.get("/api/v1/demands?q=%E6%A5%BC%E9%81%93", Some(&w.worker)).await.ok(200);
    assert_eq!(found["items"][0]["id"], w.demand["id"]);
    let body = json!({"title": "路灯不亮", "description": "东门\r\n北门", "category": "repair", "unit_id": w.xinghua,
        "source": "phone"});
    let crlf = app.post("/api/v1/demands", Some(&w.worker), body).await.ok(201);
    assert_eq!(crlf["description"], "东门\n北门");
}

async fn invisible_titles_and_names_are_refused(app: TestApp) {
    let w = world(&app).await;
    let before = counts(&app);
    for blank in ["\u{200B}\u{200B}", "\u{202E}\u{202D}", "\u{2066}\u{2069}\u{2060}", "\u{FEFF}\u{200C}\u{200D}"] {
        let body = json!({"title": blank, "description": "", "category": "repair", "unit_id": w.xinghua,
            "source": "visit"});
        refused(app.post("/api/v1/demands", Some(&w.worker), body).await, "title", "invisible_only", "title");
        let new_unit = json!({"parent_id": w.xinghua, "name": blank, "kind": "compound"});
        refused(app.post("/api/v1/org-units", Some(&w.admin), new_unit).await, "name", "invisible_only", "unit");
        let new_org = json!({"unit_id": w.compound, "name": blank, "kind": "volunteer_org"});
        refused(app.post("/api/v1/organizations", Some(&w.admin), new_org).await, "name", "invisible_only", "org");
        let new_user = json!({"username": "newcomer", "password": common::PASSWORD, "display_name": blank});
        let reply = app.post("/api/v1/users", Some(&w.admin), new_user).await;
        refused(reply, "display_name", "invisible_only", "user");
    }
    assert_eq!(counts(&app), before, "a refused request writes nothing");
}
