//! Accounts as an attacker would try them (issue 7): who may set passwords and give roles,
//! disabled accounts, revocation on the next request, login and sign-up throttling per
//! account and address, hashing that holds no connection, and the web app's refresh cookie.

use crate::common;
use crate::common::{on_both_databases, TestApp, OWN_PASSWORD, PASSWORD};
use reqwest::Method;
use serde_json::{json, Value};

on_both_databases!(
    a_street_committee_cannot_take_over_accounts,
    a_street_committee_gives_only_community_and_partner_roles,
    disabled_accounts_are_shut_out_at_once,
    revocation_takes_effect_on_the_next_request,
    wrong_passwords_slow_one_address_not_the_account,
    parallel_guesses_get_exactly_the_free_attempts,
    unknown_and_known_usernames_answer_alike,
    forwarded_for_counts_only_from_trusted_proxies,
    sign_ups_are_limited_per_address,
    hashing_holds_no_database_connection,
    the_web_app_refreshes_through_an_http_only_cookie,
    an_account_keeps_its_holders_elder_mode,
);

/// 长辈模式 is kept in the account for its holder: it comes with `/me` and with a login on
/// another device, only the holder sets it, a manager reading the account does not see it,
/// and a bad body changes nothing.
async fn an_account_keeps_its_holders_elder_mode(app: TestApp) {
    let s = street(&app).await;
    let huaihe = app.token("huaihe").await;
    let me = app.get("/api/v1/me", Some(&huaihe)).await.ok(200);
    assert_eq!(me["preferences"], json!({"elder_mode": false}));
    let put = |token: Option<String>, body: Value| {
        let app = &app;
        async move { app.request(Method::PUT, "/api/v1/me/preferences", token.as_deref(), Some(body)).await }
    };
    assert_eq!(put(Some(huaihe.clone()), json!({"elder_mode": true})).await.ok(200), json!({"elder_mode": true}));
    let elsewhere = app.login("huaihe", PASSWORD).await.ok(200);
    assert_eq!(elsewhere["user"]["preferences"], json!({"elder_mode": true}));

    for bad in [json!({"elder_mode": "yes"}), json!({}), json!({"elder_mode": false, "theme": "dark"})] {
        assert_eq!(put(Some(huaihe.clone()), bad.clone()).await.status.as_u16(), 422, "{bad}");
    }
    assert_eq!(put(None, json!({"elder_mode": false})).await.status.as_u16(), 401);
    let id = me["id"].as_str().expect("id");
    let managed = app.get(&format!("/api/v1/users/{id}"), Some(&s.admin)).await.ok(200);
    assert!(managed.get("preferences").is_none(), "{managed}");
    assert_eq!(app.get("/api/v1/me", Some(&huaihe)).await.ok(200)["preferences"]["elder_mode"], true);
}

/// 二七区 ⊃ 淮河路街道 ⊃ 兴华南街社区, with the street's committee `huaihe`.
struct Street {
    admin: String,
    street: String,
    community: String,
    committee: String,
}

async fn street(app: &TestApp) -> Street {
    let district = app.create_admin("admin").await;
    let admin = app.token("admin").await;
    let street = app.unit(&admin, &district, "淮河路街道", "street").await;
    let community = app.unit(&admin, &street, "兴华南街社区", "community").await;
    app.user_with(&admin, "huaihe", json!({"role": "street_committee", "unit_id": street})).await;
    let committee = app.token("huaihe").await;
    Street { admin, street, community, committee }
}

fn version(user: &Value) -> i64 {
    user["version"].as_i64().expect("version")
}

async fn a_street_committee_cannot_take_over_accounts(app: TestApp) {
    let s = street(&app).await;
    let resident = app.user_with(&s.committee, "zhangwei", json!({"role": "resident", "unit_id": s.community})).await;
    let user = app.get(&format!("/api/v1/users/{resident}"), Some(&s.committee)).await.ok(200);

    // It edits the resident's profile, but never sets its password.
    let reset = app
        .patch(
            &format!("/api/v1/users/{resident}"),
            Some(&s.committee),
            json!({"version": version(&user), "password": "a-new-long-passphrase"}),
        )
        .await;
    assert_eq!(reset.problem(403), "forbidden_password_reset");
    app.token("zhangwei").await;

    // An account without a role belongs to the district alone: the committee neither makes
    // one nor sees, edits or grants one the district made.
    let bare = app
        .post(
            "/api/v1/users",
            Some(&s.committee),
            json!({"username": "orphan", "password": PASSWORD, "display_name": "orphan"}),
        )
        .await;
    assert_eq!(bare.problem(422), "grant_required");
    let waiting = app.user(&s.admin, "waiting").await;
    app.get(&format!("/api/v1/users/{waiting}"), Some(&s.committee)).await.problem(404);
    app.patch(
        &format!("/api/v1/users/{waiting}"),
        Some(&s.committee),
        json!({"version": 1, "password": "a-new-long-passphrase"}),
    )
    .await
    .problem(404);
    app.grant(&s.committee, &waiting, json!({"role": "resident", "unit_id": s.community})).await.problem(404);
    let listed = app.get("/api/v1/users?limit=100", Some(&s.committee)).await.ok(200);
    assert!(listed["items"].as_array().expect("items").iter().all(|u| u["username"] != "waiting"), "{listed}");

    // The district admin resets a password: every login of that user ends at once.
    let session = app.login("zhangwei", PASSWORD).await.ok(200);
    let access = session["access_token"].as_str().expect("token").to_owned();
    app.get("/api/v1/me", Some(&access)).await.ok(200);
    let user = app.get(&format!("/api/v1/users/{resident}"), Some(&s.admin)).await.ok(200);
    app.patch(
        &format!("/api/v1/users/{resident}"),
        Some(&s.admin),
        json!({"version": version(&user), "password": "a-new-long-passphrase"}),
    )
    .await
    .ok(200);
    assert_eq!(app.get("/api/v1/me", Some(&access)).await.problem(401), "session_ended");
    let refresh = app.post("/api/v1/auth/refresh", None, json!({"refresh_token": session["refresh_token"]})).await;
    refresh.problem(401);
    app.login("zhangwei", PASSWORD).await.problem(401);
    app.token_with("zhangwei", "a-new-long-passphrase").await;

    // What the screens offer follows the same rules.
    let mine = app.get("/api/v1/me/permissions", Some(&s.committee)).await.ok(200);
    assert_eq!(mine["reset_passwords"], false);
    assert_eq!(mine["manage_ungranted_users"], false);
    assert_eq!(mine["grant_units"], json!([s.street]), "its pickers offer its own street only");
    let roles: Vec<&str> =
        mine["grantable_roles"].as_array().expect("roles").iter().filter_map(Value::as_str).collect();
    assert_eq!(
        roles,
        [
            "resident",
            "community_worker",
            "co_builder",
            "supervisor",
            "property_manager",
            "volunteer_leader",
            "volunteer"
        ]
    );
    // Nobody takes away its own roles (the district could lose its last administrator).
    let me = app.get("/api/v1/me", Some(&s.admin)).await.ok(200);
    let (my_id, my_grant) = (me["id"].as_str().expect("id"), me["grants"][0]["id"].as_str().expect("grant"));
    let own =
        app.request(Method::DELETE, &format!("/api/v1/users/{my_id}/grants/{my_grant}"), Some(&s.admin), None).await;
    assert_eq!(own.problem(403), "revoke_own_grant");
    let admins = app.get("/api/v1/me/permissions", Some(&s.admin)).await.ok(200);
    assert_eq!(admins["reset_passwords"], true);
    assert_eq!(admins["grantable_roles"].as_array().expect("roles").len(), 10);
}

async fn a_street_committee_gives_only_community_and_partner_roles(app: TestApp) {
    let s = street(&app).await;
    let volunteers = app.organization(&s.admin, &s.community, "兴华志愿队", "volunteer_org").await;
    let worker =
        app.user_with(&s.committee, "worker", json!({"role": "community_worker", "unit_id": s.community})).await;
    app.grant(&s.committee, &worker, json!({"role": "volunteer_leader", "organization_id": volunteers})).await.ok(201);
    for (role, unit) in [("street_committee", &s.street), ("auditor", &s.street), ("auditor", &s.community)] {
        let refused = app.grant(&s.committee, &worker, json!({"role": role, "unit_id": unit})).await;
        assert_eq!(refused.problem(403), "forbidden_role", "{role}");
    }
    // Nor as the first role of a new account.
    let made = app
        .post(
            "/api/v1/users",
            Some(&s.committee),
            json!({"username": "peer", "password": PASSWORD, "display_name": "peer",
                   "grant": {"role": "street_committee", "unit_id": s.street}}),
        )
        .await;
    assert_eq!(made.problem(403), "forbidden_role");
    let peers = app.get("/api/v1/users?q=peer", Some(&s.admin)).await.ok(200);
    assert_eq!(peers["items"], json!([]), "nothing was created");
    // A fellow committee member is out of its reach.
    let peer = app.user_with(&s.admin, "peer2", json!({"role": "street_committee", "unit_id": s.street})).await;
    let edit =
        app.patch(&format!("/api/v1/users/{peer}"), Some(&s.committee), json!({"version": 1, "disabled": true})).await;
    assert_eq!(edit.problem(403), "forbidden_users");
}

async fn disabled_accounts_are_shut_out_at_once(app: TestApp) {
    let s = street(&app).await;
    let worker =
        app.user_with(&s.committee, "worker", json!({"role": "community_worker", "unit_id": s.community})).await;
    app.set_own_password("worker").await;
    let session = app.login("worker", OWN_PASSWORD).await.ok(200);
    let access = session["access_token"].as_str().expect("token").to_owned();
    app.get("/api/v1/demands", Some(&access)).await.ok(200);

    let user = app.get(&format!("/api/v1/users/{worker}"), Some(&s.committee)).await.ok(200);
    let disabled = app
        .patch(
            &format!("/api/v1/users/{worker}"),
            Some(&s.committee),
            json!({"version": version(&user), "disabled": true}),
        )
        .await
        .ok(200);
    assert_eq!(disabled["disabled"], true);
    assert_eq!(app.get("/api/v1/demands", Some(&access)).await.problem(401), "session_ended");
    let refresh = app.post("/api/v1/auth/refresh", None, json!({"refresh_token": session["refresh_token"]})).await;
    assert_eq!(refresh.problem(401), "refresh_token_invalid");
    assert_eq!(app.login("worker", OWN_PASSWORD).await.problem(401), "account_disabled");
    assert_eq!(app.login("worker", "not-the-password").await.problem(401), "bad_credentials");

    let enabled = app
        .patch(
            &format!("/api/v1/users/{worker}"),
            Some(&s.committee),
            json!({"version": version(&disabled), "disabled": false}),
        )
        .await
        .ok(200);
    assert_eq!(enabled["disabled"], false);
    app.token_with("worker", OWN_PASSWORD).await;
}

async fn revocation_takes_effect_on_the_next_request(app: TestApp) {
    let s = street(&app).await;
    let worker =
        app.user_with(&s.committee, "worker", json!({"role": "community_worker", "unit_id": s.community})).await;
    app.set_own_password("worker").await;
    app.grant(&s.committee, &worker, json!({"role": "resident", "unit_id": s.community})).await.ok(201);
    let session = app.login("worker", OWN_PASSWORD).await.ok(200);
    let access = session["access_token"].as_str().expect("token").to_owned();
    app.get("/api/v1/demands", Some(&access)).await.ok(200);
    // A role given leaves the token good: it claims less than its holder has.
    let volunteers = app.organization(&s.admin, &s.community, "兴华志愿队", "volunteer_org").await;
    app.grant(&s.committee, &worker, json!({"role": "volunteer", "organization_id": volunteers})).await.ok(201);
    app.get("/api/v1/demands", Some(&access)).await.ok(200);

    // Taking the worker role away: the old token is refused at once; a refresh gives a
    // token with what is left.
    let user = app.get(&format!("/api/v1/users/{worker}"), Some(&s.committee)).await.ok(200);
    let grant = user["grants"]
        .as_array()
        .and_then(|g| g.iter().find(|g| g["role"] == "community_worker"))
        .and_then(|g| g["id"].as_str())
        .expect("worker grant")
        .to_owned();
    let revoked =
        app.request(Method::DELETE, &format!("/api/v1/users/{worker}/grants/{grant}"), Some(&s.committee), None).await;
    revoked.ok(200);
    assert_eq!(app.get("/api/v1/demands", Some(&access)).await.problem(401), "token_stale");
    let renewed =
        app.post("/api/v1/auth/refresh", None, json!({"refresh_token": session["refresh_token"]})).await.ok(200);
    let roles: Vec<&str> =
        renewed["user"]["grants"].as_array().expect("grants").iter().filter_map(|g| g["role"].as_str()).collect();
    assert_eq!(roles, ["resident", "volunteer"]);
    let access = renewed["access_token"].as_str().expect("token").to_owned();
    app.get("/api/v1/me", Some(&access)).await.ok(200);
    app.get("/api/v1/users", Some(&access)).await.problem(403);

    // Logging out ends the access token too, not only the refresh token.
    let out = app.post("/api/v1/auth/logout", None, json!({"refresh_token": renewed["refresh_token"]})).await;
    assert_eq!(out.status.as_u16(), 204);
    assert_eq!(app.get("/api/v1/me", Some(&access)).await.problem(401), "session_ended");
}

fn retry_after(reply: &common::Reply) -> i64 {
    reply.headers.get("retry-after").and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok()).expect("Retry-After")
}

async fn wrong_passwords_slow_one_address_not_the_account(app: TestApp) {
    app.create_admin("admin").await;
    let guesser = "203.0.113.7";
    for _ in 0..5 {
        assert_eq!(app.login_from(guesser, "admin", "not-the-password").await.problem(401), "bad_credentials");
    }
    let waiting = app.login_from(guesser, "admin", PASSWORD).await;
    assert_eq!(waiting.problem(429), "too_many_requests");
    assert!((1..=900).contains(&retry_after(&waiting)), "{:?}", waiting.headers);
    // The admin, elsewhere, is not locked out.
    app.login_from("198.51.100.20", "admin", PASSWORD).await.ok(200);
    app.login("admin", PASSWORD).await.ok(200);
    // Kept in the database, where every process behind a load balancer sees it.
    use diesel::prelude::*;
    let mut conn = app.connection();
    let blocked: i64 = persistence::schema::throttles::table
        .filter(persistence::schema::throttles::blocked_until.is_not_null())
        .count()
        .get_result(&mut conn)
        .expect("throttles");
    assert_eq!(blocked, 1);
}

async fn parallel_guesses_get_exactly_the_free_attempts(app: TestApp) {
    app.create_admin("admin").await;
    let guesses = (0..30).map(|_| app.login_from("203.0.113.8", "admin", "not-the-password"));
    let replies = futures::future::join_all(guesses).await;
    let checked = replies.iter().filter(|r| r.status.as_u16() == 401).count();
    let throttled = replies.iter().filter(|r| r.status.as_u16() == 429).count();
    assert_eq!((checked, throttled), (5, 25), "exactly the five free attempts are checked");
}

async fn unknown_and_known_usernames_answer_alike(app: TestApp) {
    app.create_admin("admin").await;
    let address = "203.0.113.9";
    for _ in 0..5 {
        let known = app.login_from(address, "admin", "not-the-password").await;
        let unknown = app.login_from(address, "nobody", "not-the-password").await;
        assert_eq!(known.problem(401), unknown.problem(401));
        assert_eq!(known.body, unknown.body);
    }
    let known = app.login_from(address, "admin", "not-the-password").await;
    let unknown = app.login_from(address, "nobody", "not-the-password").await;
    assert_eq!(known.problem(429), unknown.problem(429));
    assert_eq!(known.body, unknown.body, "a throttled account tells nothing about its existence");
    assert_eq!(retry_after(&known), retry_after(&unknown));
}

async fn forwarded_for_counts_only_from_trusted_proxies(app: TestApp) {
    // Another server on the same database, trusting no proxy: a client cannot pick its own
    // address by sending X-Forwarded-For.
    let engine = app.engine;
    let backend = app.backend.clone();
    app.create_admin("admin").await;
    let direct = TestApp::spawn_with(engine, |s| {
        s.database = backend;
        s.trusted_proxies = vec![];
    })
    .await;
    for n in 0..5 {
        direct.login_from(&format!("198.51.100.{n}"), "admin", "not-the-password").await.problem(401);
    }
    direct.login_from("198.51.100.99", "admin", PASSWORD).await.problem(429);
}

async fn sign_ups_are_limited_per_address(app: TestApp) {
    let s = street(&app).await;
    let sign_up = |n: usize, from: &'static str| {
        let body = json!({"username": format!("resident{n}"), "password": PASSWORD, "display_name": "居民",
                          "unit_id": s.community});
        app.request_from(from, Method::POST, "/api/v1/auth/register", &[], Some(body))
    };
    for n in 0..10 {
        sign_up(n, "203.0.113.10").await.ok(201);
    }
    let refused = sign_up(10, "203.0.113.10").await;
    assert_eq!(refused.problem(429), "too_many_requests");
    assert!(retry_after(&refused) >= 60);
    sign_up(11, "203.0.113.11").await.ok(201);
}

async fn hashing_holds_no_database_connection(app: TestApp) {
    // One connection in the pool and every hashing permit held: logins wait for a permit,
    // and while they wait the rest of the API must still reach the database.
    let engine = app.engine;
    let backend = app.backend.clone();
    app.create_admin("admin").await;
    let one = TestApp::spawn_with(engine, |s| {
        s.database = backend;
        s.pool_size = 1;
    })
    .await;
    // Every hashing thread busy until released.
    let mut releases = Vec::new();
    let mut busy = Vec::new();
    for _ in 0..one.state.hashing.threads() {
        let (release, wait) = std::sync::mpsc::channel::<()>();
        releases.push(release);
        let state = one.state.clone();
        busy.push(tokio::spawn(async move { state.hashing.run(move || wait.recv().is_ok()).await }));
    }
    let logins: Vec<_> = (0..4)
        .map(|_| {
            let (client, url) = (one.client.clone(), format!("{}/api/v1/auth/login", one.address));
            tokio::spawn(async move {
                client
                    .post(url)
                    .json(&json!({"username": "admin", "password": PASSWORD}))
                    .send()
                    .await
                    .map(|r| r.status())
            })
        })
        .collect();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    one.get("/readyz", None).await.ok(200);
    one.get("/api/v1/public/demands", None).await.ok(200);
    drop(releases);
    for job in busy {
        assert!(job.await.expect("task").is_ok());
    }
    for login in logins {
        assert_eq!(login.await.expect("task").expect("sent").as_u16(), 200);
    }
}

fn set_cookie(reply: &common::Reply) -> String {
    reply.headers.get("set-cookie").and_then(|v| v.to_str().ok()).expect("Set-Cookie").to_owned()
}

fn cookie_value(set_cookie: &str) -> String {
    set_cookie.split(';').next().and_then(|kv| kv.split_once('=')).map(|(_, v)| v.to_owned()).expect("cookie value")
}

async fn the_web_app_refreshes_through_an_http_only_cookie(app: TestApp) {
    app.create_admin("admin").await;
    let body = json!({"username": "admin", "password": PASSWORD, "refresh_cookie": true});
    let login = app.request_from("192.0.2.1", Method::POST, "/api/v1/auth/login", &[], Some(body.clone())).await;
    let cookie = set_cookie(&login);
    let session = login.ok(200);
    assert!(session.get("refresh_token").is_none(), "script never sees the refresh token: {session}");
    for part in ["gongzhi_refresh=", "HttpOnly", "SameSite=Strict", "Path=/api/v1/auth"] {
        assert!(cookie.contains(part), "{part} in {cookie}");
    }
    assert!(!cookie.contains("Secure"), "plain HTTP on loopback: {cookie}");
    let https = app
        .request_from("192.0.2.1", Method::POST, "/api/v1/auth/login", &[("x-forwarded-proto", "https")], Some(body))
        .await;
    assert!(set_cookie(&https).contains("Secure"));

    // Refresh by cookie: a new cookie, still nothing in the body.
    let first = format!("gongzhi_refresh={}", cookie_value(&cookie));
    let renewed = app
        .request_from("192.0.2.1", Method::POST, "/api/v1/auth/refresh", &[("cookie", &first)], Some(json!({})))
        .await;
    let next = set_cookie(&renewed);
    let renewed = renewed.ok(200);
    assert!(renewed.get("refresh_token").is_none());
    assert_ne!(cookie_value(&next), cookie_value(&cookie), "rotated");
    let access = renewed["access_token"].as_str().expect("token").to_owned();

    // Logout by cookie clears it and ends the login.
    let second = format!("gongzhi_refresh={}", cookie_value(&next));
    let out = app
        .request_from("192.0.2.1", Method::POST, "/api/v1/auth/logout", &[("cookie", &second)], Some(json!({})))
        .await;
    assert_eq!(out.status.as_u16(), 204);
    assert!(set_cookie(&out).contains("Max-Age=0"));
    app.get("/api/v1/me", Some(&access)).await.problem(401);
    let again = app
        .request_from("192.0.2.1", Method::POST, "/api/v1/auth/refresh", &[("cookie", &second)], Some(json!({})))
        .await;
    again.problem(401);
    // No cookie and no token: 401, not 500.
    app.post("/api/v1/auth/refresh", None, json!({})).await.problem(401);
}
