//! Sign-in, token rotation, logout, registration and the password policy.

use crate::common::{on_both_databases, TestApp, PASSWORD};
use serde_json::json;

on_both_databases!(
    login_gives_tokens_and_me_shows_the_grants,
    wrong_passwords_are_refused_alike_then_throttled,
    refresh_rotates_and_a_replay_ends_the_login,
    logout_revokes_the_refresh_token,
    residents_register_with_their_community,
    bad_or_missing_tokens_are_401,
);

async fn login_gives_tokens_and_me_shows_the_grants(app: TestApp) {
    let district = app.create_admin("admin").await;
    let session = app.login("Admin", PASSWORD).await.ok(200);
    assert_eq!(session["token_type"], "Bearer");
    assert_eq!(session["expires_in"], 900);
    assert!(session["refresh_token"].as_str().is_some_and(|t| t.len() >= 40));
    assert_eq!(session["user"]["username"], "admin");

    let token = session["access_token"].as_str().expect("token");
    let me = app.get("/api/v1/me", Some(token)).await.ok(200);
    assert_eq!(me["username"], "admin");
    assert_eq!(me["grants"][0]["role"], "district_admin");
    assert_eq!(me["grants"][0]["unit_id"], district.as_str());
    assert!(me.get("password_hash").is_none());
}

async fn wrong_passwords_are_refused_alike_then_throttled(app: TestApp) {
    app.create_admin("admin").await;
    let unknown = app.login("nobody", PASSWORD).await;
    let wrong = app.login("admin", "not-the-password").await;
    assert_eq!(unknown.problem(401), "bad_credentials");
    assert_eq!(wrong.problem(401), "bad_credentials");
    assert_eq!(unknown.body["detail"], wrong.body["detail"], "must not reveal which usernames exist");

    for _ in 0..4 {
        app.login("admin", "not-the-password").await.problem(401);
    }
    // Five wrong in a row: even the right password waits.
    app.login("admin", PASSWORD).await.problem(429);
}

async fn refresh_rotates_and_a_replay_ends_the_login(app: TestApp) {
    app.create_admin("admin").await;
    let first = app.login("admin", PASSWORD).await.ok(200);
    let r1 = first["refresh_token"].clone();

    let second = app.post("/api/v1/auth/refresh", None, json!({"refresh_token": r1})).await.ok(200);
    let r2 = second["refresh_token"].clone();
    assert_ne!(r1, r2, "rotated on every use");
    let token = second["access_token"].as_str().expect("token");
    app.get("/api/v1/me", Some(token)).await.ok(200);

    // Replaying the spent token is refused and ends the whole login, r2 included.
    let replay = app.post("/api/v1/auth/refresh", None, json!({"refresh_token": r1})).await;
    assert_eq!(replay.problem(401), "refresh_token_reused");
    let after = app.post("/api/v1/auth/refresh", None, json!({"refresh_token": r2})).await;
    assert_eq!(after.problem(401), "refresh_token_invalid");

    // Stored hashed: the token itself is nowhere in the database.
    use diesel::prelude::*;
    let mut conn = app.connection();
    let stored: Vec<String> = persistence::schema::refresh_tokens::table
        .select(persistence::schema::refresh_tokens::token_hash)
        .load(&mut conn)
        .expect("tokens");
    assert!(!stored.is_empty());
    assert!(stored.iter().all(|h| h.len() == 64 && Some(h.as_str()) != r2.as_str()));

    let garbage = app.post("/api/v1/auth/refresh", None, json!({"refresh_token": "made-up"})).await;
    assert_eq!(garbage.problem(401), "refresh_token_invalid");
}

async fn logout_revokes_the_refresh_token(app: TestApp) {
    app.create_admin("admin").await;
    let session = app.login("admin", PASSWORD).await.ok(200);
    let refresh = session["refresh_token"].clone();
    let out = app.post("/api/v1/auth/logout", None, json!({"refresh_token": refresh})).await;
    assert_eq!(out.status.as_u16(), 204);
    app.post("/api/v1/auth/refresh", None, json!({"refresh_token": refresh})).await.problem(401);
    // Logging out twice is harmless.
    assert_eq!(app.post("/api/v1/auth/logout", None, json!({"refresh_token": refresh})).await.status.as_u16(), 204);
}

async fn residents_register_with_their_community(app: TestApp) {
    let district = app.create_admin("admin").await;
    let admin = app.token("admin").await;
    let street = app.unit(&admin, &district, "淮河路街道", "street").await;
    let community = app.unit(&admin, &street, "兴华南街社区", "community").await;

    let body = |username: &str, password: &str, unit: &str| json!({"username": username, "password": password, "display_name": "张伟", "phone": "13812341234", "unit_id": unit});
    let created = app.post("/api/v1/auth/register", None, body("zhangwei", PASSWORD, &community)).await;
    assert_eq!(created.status.as_u16(), 201, "{}", created.body);
    assert_eq!(created.headers["location"], "/api/v1/me");
    let token = created.body["access_token"].as_str().expect("signed in");
    let me = app.get("/api/v1/me", Some(token)).await.ok(200);
    assert_eq!(me["grants"][0]["role"], "resident");
    assert_eq!(me["grants"][0]["unit_id"], community.as_str());

    let taken = app.post("/api/v1/auth/register", None, body("ZhangWei", PASSWORD, &community)).await;
    assert_eq!(taken.problem(409), "username_taken");

    let short = app.post("/api/v1/auth/register", None, body("lina", "short", &community)).await;
    assert_eq!(short.problem(422), "password_too_short");
    assert!(short.body["errors"]["password"][0].as_str().is_some_and(|m| m.contains("at least 10")));

    let weak = app.post("/api/v1/auth/register", None, body("lina", "lina-lina-lina", &community)).await;
    assert_eq!(weak.problem(422), "password_contains_username");

    let street_level = app.post("/api/v1/auth/register", None, body("lina", PASSWORD, &street)).await;
    assert_eq!(street_level.problem(422), "unit_not_community");
    assert!(street_level.body["errors"]["unit_id"].is_array());

    let several = app
        .post(
            "/api/v1/auth/register",
            None,
            json!({"username": "x", "password": "short", "display_name": " ", "unit_id": community}),
        )
        .await;
    several.problem(422);
    for field in ["username", "display_name"] {
        assert!(several.body["errors"][field].is_array(), "all field errors at once: {}", several.body);
    }
    assert_eq!(several.body["error_codes"]["username"][0], "username_length", "each message has its code");
    // Nothing was created by the refusals.
    app.login("lina", PASSWORD).await.problem(401);
}

async fn bad_or_missing_tokens_are_401(app: TestApp) {
    app.get("/api/v1/me", None).await.problem(401);
    let bad = app.get("/api/v1/me", Some("not.a.jwt")).await;
    bad.problem(401);
    assert_eq!(bad.headers["www-authenticate"], "Bearer");
    let wrong_scheme = app
        .client
        .get(format!("{}/api/v1/me", app.address))
        .header("authorization", "Basic YWRtaW46eA==")
        .send()
        .await
        .expect("sent");
    assert_eq!(wrong_scheme.status().as_u16(), 401);
}
