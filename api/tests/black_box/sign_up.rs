//! Signing up and in as an older person (issue 20 §3): a name that is not a username, the
//! mobile number to sign in with, an account opened at the desk with a temporary password;
//! and the number a community worker calls the resident back on.

use serde_json::{json, Value};

use crate::common::pipeline::pipeline;
use crate::common::{all_at_once, on_both_databases, Call, TestApp, PASSWORD};

on_both_databases!(
    a_resident_signs_up_without_a_username_and_signs_in_with_the_phone,
    a_worker_opens_an_account_at_the_desk,
    the_worker_who_calls_back_sees_the_residents_number,
    one_person_opened_twice_at_once_is_one_account,
);

async fn community(app: &TestApp) -> (String, String) {
    let district = app.create_admin("admin").await;
    let admin = app.token("admin").await;
    let street = app.unit(&admin, &district, "淮河路街道", "street").await;
    (admin.clone(), app.unit(&admin, &street, "兴华南街社区", "community").await)
}

fn sign_up(name: &str, phone: Option<&str>, community: &str) -> Value {
    json!({"password": PASSWORD, "display_name": name, "phone": phone, "unit_id": community})
}

async fn a_resident_signs_up_without_a_username_and_signs_in_with_the_phone(app: TestApp) {
    let (_, community) = community(&app).await;

    let nameless = app.post("/api/v1/auth/register", None, sign_up("孙桂兰", None, &community)).await;
    assert_eq!(nameless.problem(422), "phone_required");
    assert!(nameless.body["errors"]["phone"].is_array(), "said on the phone field: {}", nameless.body);

    let created = app.post("/api/v1/auth/register", None, sign_up("孙桂兰", Some("13812341234"), &community)).await;
    let created = created.ok(201);
    assert_eq!(created["user"]["display_name"], "孙桂兰");
    assert_eq!(created["user"]["username"], "13812341234", "named by the phone");

    // Her husband shares the phone: his account is the number's second.
    let husband =
        app.post("/api/v1/auth/register", None, json!({"password": "another-passphrase", "display_name": "刘建国", "phone": "13812341234", "unit_id": community}))
            .await
            .ok(201);
    assert_eq!(husband["user"]["username"], "13812341234-2");
    // Her sign-up sent again (its answer lost) is not a third account.
    let again = app.post("/api/v1/auth/register", None, sign_up("孙桂兰", Some("13812341234"), &community)).await;
    assert_eq!(again.problem(409), "duplicate");

    // Each signs in with the number however it is written, and reaches its own account.
    let hers = app.login("138 1234 1234", PASSWORD).await.ok(200);
    assert_eq!(hers["user"]["display_name"], "孙桂兰");
    let his = app.login("138-1234-1234", "another-passphrase").await.ok(200);
    assert_eq!(his["user"]["display_name"], "刘建国");
    assert_eq!(app.login("13812341234", "not-either-password").await.problem(401), "bad_credentials");
    // A username still signs in, and a number on no account is refused like a wrong name.
    app.login("13812341234-2", "another-passphrase").await.ok(200);
    assert_eq!(app.login("13912341234", PASSWORD).await.problem(401), "bad_credentials");

    // A password must not contain the number the account is named by.
    let weak = app.post(
        "/api/v1/auth/register",
        None,
        json!({"password": "x13912341234", "display_name": "王", "phone": "13912341234", "unit_id": community}),
    );
    assert_eq!(weak.await.problem(422), "password_contains_username");
    // A chosen username still must be one: 孙桂兰 is a name, said on the username field.
    let chinese = app.post(
        "/api/v1/auth/register",
        None,
        json!({"username": "孙桂兰", "password": PASSWORD, "display_name": "孙桂兰", "phone": "13912341234", "unit_id": community}),
    );
    assert_eq!(chinese.await.problem(422), "username_charset");
    // Nothing was made by the refusals.
    assert_eq!(app.login("13912341234", PASSWORD).await.problem(401), "bad_credentials");
}

async fn a_worker_opens_an_account_at_the_desk(app: TestApp) {
    let p = pipeline(&app).await;
    let desk = |name: &str, phone: &str, unit: &str| json!({"display_name": name, "phone": phone, "unit_id": unit});

    // Who may: the community's worker and its street; the screens learn where.
    let permissions = app.get("/api/v1/me/permissions", Some(&p.worker)).await.ok(200);
    assert_eq!(permissions["desk_registration_units"], json!([p.xinghua]));
    let street = app.get("/api/v1/me/permissions", Some(&p.committee)).await.ok(200);
    assert_eq!(street["desk_registration_units"], json!([p.xinghua]), "the street's communities");
    let resident = app.get("/api/v1/me/permissions", Some(&p.zhang)).await.ok(200);
    assert_eq!(resident["desk_registration_units"], json!([]));

    for (token, who) in [(&p.zhang, "a resident"), (&p.merchant, "a co-builder"), (&p.supervisors[0], "a supervisor")] {
        let refused = app.post("/api/v1/residents", Some(token), desk("孙桂兰", "13812341234", &p.xinghua)).await;
        assert_eq!(refused.problem(403), "forbidden_users", "{who}");
    }
    let elsewhere = app.post("/api/v1/residents", Some(&p.worker), desk("孙桂兰", "13812341234", &p.jingguang)).await;
    assert_eq!(elsewhere.problem(403), "forbidden_users", "another street's community");
    let compound = app.post("/api/v1/residents", Some(&p.worker), desk("孙桂兰", "13812341234", &p.jinxiang)).await;
    assert_eq!(compound.problem(422), "unit_not_community");
    let bad = app.post("/api/v1/residents", Some(&p.worker), json!({"display_name": " ", "phone": "12345", "unit_id": p.xinghua})).await;
    bad.problem(422);
    for field in ["display_name", "phone"] {
        assert!(bad.body["errors"][field].is_array(), "every field at once: {}", bad.body);
    }
    assert_eq!(app.post("/api/v1/residents", None, desk("孙桂兰", "13812341234", &p.xinghua)).await.problem(401), "unauthorized");

    let opened = app.post("/api/v1/residents", Some(&p.worker), desk("孙桂兰", "13812341234", &p.xinghua)).await;
    assert_eq!(opened.headers["cache-control"], "no-store", "a password is not kept by caches");
    let opened = opened.ok(201);
    let temporary = opened["temporary_password"].as_str().expect("a password to read out").to_owned();
    assert!(temporary.len() == 12 && temporary.bytes().all(|b| b.is_ascii_digit()), "{temporary}");
    assert_eq!(opened["user"]["username"], "13812341234");
    assert_eq!(opened["user"]["password_change_required"], true);
    assert_eq!(opened["user"]["grants"][0]["role"], "resident");
    assert_eq!(opened["user"]["grants"][0]["unit_id"], p.xinghua.as_str());

    // She signs in with the number and must set her own password before anything else.
    let session = app.login("13812341234", &temporary).await.ok(200);
    let token = session["access_token"].as_str().expect("token").to_owned();
    assert_eq!(app.get("/api/v1/demands?limit=1", Some(&token)).await.problem(403), "password_change_required");
    let change = json!({"current_password": temporary, "new_password": "sun-guilan-own-words"});
    assert_eq!(app.post("/api/v1/me/password", Some(&token), change).await.status.as_u16(), 204);
    app.login("13812341234", "sun-guilan-own-words").await.ok(200);
    app.login("13812341234", &temporary).await.problem(401);

    // The account's history says who opened it.
    let events = app.get(&format!("/api/v1/users/{}/events", opened["user"]["id"].as_str().expect("id")), Some(&app.token("admin").await)).await.ok(200);
    let worker_id = app.get("/api/v1/me", Some(&p.worker)).await.ok(200)["id"].clone();
    assert_eq!(events[0]["actor_id"], worker_id, "{events}");
}

async fn the_worker_who_calls_back_sees_the_residents_number(app: TestApp) {
    let p = pipeline(&app).await;
    let admin = app.token("admin").await;
    let zhang_id = app.get("/api/v1/me", Some(&p.zhang)).await.ok(200)["id"].clone();
    let zhang_version = app.get(&format!("/api/v1/users/{}", zhang_id.as_str().expect("id")), Some(&admin)).await.ok(200)["version"].clone();
    app.patch(&format!("/api/v1/users/{}", zhang_id.as_str().expect("id")), Some(&admin), json!({"version": zhang_version, "phone": "13812341234"}))
        .await
        .ok(200);

    let demand = |extra: Value| {
        let mut body = json!({"title": "楼道灯不亮", "description": "三号楼二单元", "category": "repair", "unit_id": p.jinxiang});
        body.as_object_mut().expect("object").extend(extra.as_object().expect("object").clone());
        body
    };
    let own = app.post("/api/v1/demands", Some(&p.zhang), demand(json!({"author_phone": "13999999999"}))).await.ok(201);
    let visit = app
        .post("/api/v1/demands", Some(&p.worker), demand(json!({"source": "visit", "author_name": "孙桂兰", "author_phone": "0371-12345678"})))
        .await
        .ok(201);
    let bad = app.post("/api/v1/demands", Some(&p.worker), demand(json!({"source": "visit", "author_phone": "12345"}))).await;
    assert_eq!(bad.problem(422), "phone_format");
    assert!(bad.body["errors"]["author_phone"].is_array(), "{}", bad.body);

    let phone_of = |reply: &Value| reply.get("author_phone").cloned();
    for (token, who, own_phone, visit_phone) in [
        (&p.worker, "the community's worker", Some(json!("13812341234")), Some(json!("0371-12345678"))),
        (&p.committee, "the street", Some(json!("13812341234")), Some(json!("0371-12345678"))),
        (&p.zhang, "the author (its own number is its own)", None, None),
        (&p.li, "a neighbour", None, None),
        (&p.other_committee, "another street", None, None),
    ] {
        for (d, expected) in [(&own, &own_phone), (&visit, &visit_phone)] {
            let read = app.get(&format!("/api/v1/demands/{}", d["id"].as_str().expect("id")), Some(token)).await;
            let read = if read.status.as_u16() == 200 { read.body } else { json!({}) };
            assert_eq!(phone_of(&read), expected.clone(), "{who}: the account's number, not one typed on its own filing");
        }
    }
    let list = app.get("/api/v1/demands?limit=50", Some(&p.worker)).await.ok(200);
    assert!(list["items"].as_array().expect("items").iter().all(|d| d.get("author_phone").is_some()), "on the queue too: {list}");
    let public = app.get(&format!("/api/v1/public/demands/{}", own["id"].as_str().expect("id")), None).await;
    assert!(!public.body.to_string().contains("1381234"), "never on the public board");
}

async fn one_person_opened_twice_at_once_is_one_account(app: TestApp) {
    // Two officials (or two taps without a key) open the same resident's account at once:
    // both would take the number's first free name; the unique index lets one through.
    let p = pipeline(&app).await;
    for round in 0..3 {
        let phone = format!("1381234{:04}", round);
        let body = json!({"display_name": "孙桂兰", "phone": phone, "unit_id": p.xinghua});
        let calls: Vec<Call> = (0..4)
            .map(|i| {
                let token = if i % 2 == 0 { &p.worker } else { &p.committee };
                (reqwest::Method::POST, "/api/v1/residents".to_owned(), token.clone(), Some(body.clone()))
            })
            .collect();
        let replies = all_at_once(&app, calls).await;
        let opened = replies.iter().filter(|(status, _)| *status == 201).count();
        assert_eq!(opened, 1, "round {round}: {replies:?}");
        assert!(replies.iter().all(|(status, body)| *status == 201 || (*status == 409 && body["code"].is_string())), "{replies:?}");
        let admin = app.token("admin").await;
        let found = app.get(&format!("/api/v1/users?q={phone}"), Some(&admin)).await.ok(200);
        assert_eq!(found["items"].as_array().expect("items").len(), 1, "round {round}: one account");
    }
}
