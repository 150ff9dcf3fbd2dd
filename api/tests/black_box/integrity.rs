//! Issue 17, each finding as a test: duties kept apart (grants, inspection, confirmation,
//! rating), quorum that always ends, passwords nobody else keeps, money that adds up under
//! racing cancels, releases and offers, one tap one record, and bodies with a deadline.
//! After every race the books are checked whole ([`common::assert_books_balance`]).

use crate::common;
use crate::common::pipeline::*;
use crate::common::{all_at_once, assert_books_balance, on_both_databases, Call, TestApp, PASSWORD};
use reqwest::Method;
use serde_json::{json, Value};

on_both_databases!(
    grants_need_the_right_to_edit_the_holder,
    nobody_checks_its_own_work,
    required_approvals_fit_the_supervisors_and_an_undecided_round_ends,
    a_cancel_racing_releases_and_fulfilments_counts_each_claim_once,
    identical_offers_at_once_make_one_pending_claim,
    money_never_passes_the_gap_and_a_closed_project_keeps_it,
    passwords_chosen_by_others_are_temporary,
    a_retried_post_answers_the_first_response,
    rating_before_closing_is_a_conflict,
    the_check_finds_what_does_not_add_up,
);

async fn grants_need_the_right_to_edit_the_holder(app: TestApp) {
    let p = pipeline(&app).await;
    let me = app.get("/api/v1/me", Some(&p.committee)).await.ok(200);
    let me_id = me["id"].as_str().expect("id");
    // To itself: never, whatever the role.
    for grant in [
        json!({"role": "supervisor", "organization_id": p.autonomy_org}),
        json!({"role": "co_builder", "organization_id": p.merchant_org}),
        json!({"role": "resident", "unit_id": p.xinghua}),
    ] {
        assert_eq!(app.grant(&p.committee, me_id, grant).await.problem(403), "grant_own_roles");
    }
    assert_eq!(
        app.grant(&p.admin, &admin_id(&app, &p).await, json!({"role": "auditor", "unit_id": p.district}))
            .await
            .problem(403),
        "grant_own_roles"
    );
    // A peer on the same street: not the committee's to edit.
    let peer = app.user_with(&p.admin, "street-peer", json!({"role": "street_committee", "unit_id": p.street})).await;
    let peer_grant = json!({"role": "supervisor", "organization_id": p.autonomy_org});
    assert_eq!(app.grant(&p.committee, &peer, peer_grant).await.problem(403), "forbidden_users");
    // And the screens are told so: nothing is offered on a peer's account, or on its own.
    let seen = app.get(&format!("/api/v1/users/{peer}"), Some(&p.committee)).await.ok(200);
    assert_eq!(seen["allowed_actions"], json!([]), "{seen}");
    assert_eq!(me["allowed_actions"], json!([]), "{me}");
    // Someone who is a resident of another street (and a supervisor here): not either.
    let mixed = app.user_with(&p.admin, "mixed", json!({"role": "resident", "unit_id": p.jingguang})).await;
    app.grant(&p.admin, &mixed, json!({"role": "supervisor", "organization_id": p.autonomy_org})).await.ok(201);
    let worker_grant = json!({"role": "community_worker", "unit_id": p.xinghua});
    assert_eq!(app.grant(&p.committee, &mixed, worker_grant.clone()).await.problem(403), "forbidden_users");
    // Someone wholly its own: yes.
    let mine = app.user_with(&p.admin, "mine", json!({"role": "resident", "unit_id": p.xinghua})).await;
    let granted = app.grant(&p.committee, &mine, worker_grant).await.ok(201);
    assert_eq!(granted["allowed_actions"], json!(["edit", "disable", "grant"]));
    let history = app.get(&format!("/api/v1/users/{mine}/events"), Some(&p.admin)).await.ok(200);
    let actions: Vec<&str> = history.as_array().expect("events").iter().filter_map(|e| e["action"].as_str()).collect();
    assert_eq!(actions, ["create", "grant", "grant"], "{history}");
    assert_eq!(
        app.get(&format!("/api/v1/users/{mine}/events"), Some(&p.committee)).await.problem(403),
        "forbidden_user_events"
    );
}

async fn admin_id(app: &TestApp, p: &Pipeline) -> String {
    app.get("/api/v1/me", Some(&p.admin)).await.ok(200)["id"].as_str().expect("id").to_owned()
}

/// A completed project of 金祥花园, fully funded by the government.
async fn completed_project(app: &TestApp, p: &Pipeline, title: &str, required: i64) -> Value {
    let d = published_demand(app, &p.zhang, &p.worker, &p.jinxiang, title).await;
    let mut body = project_body(&p.jinxiang, &[&d], 1_000_000, 1_000_000);
    body["required_approvals"] = json!(required);
    let draft = app.post("/api/v1/projects", Some(&p.committee), body).await.ok(201);
    let published = act(app, &p.committee, &draft, json!({"action": "publish"})).await.ok(200);
    let started = act(app, &p.committee, &published, json!({"action": "start"})).await.ok(200);
    act(app, &p.committee, &started, json!({"action": "complete", "note": "已完工"})).await.ok(200)
}

fn actions_of(v: &Value) -> Vec<String> {
    v["allowed_actions"].as_array().expect("actions").iter().filter_map(|a| a.as_str().map(str::to_owned)).collect()
}

async fn nobody_checks_its_own_work(app: TestApp) {
    let p = pipeline(&app).await;
    // The street committee member, granted a supervisor's role by the admin, still runs the
    // projects of its street: it does not inspect them.
    let me = app.get("/api/v1/me", Some(&p.committee)).await.ok(200);
    let me_id = me["id"].as_str().expect("id").to_owned();
    app.grant(&p.admin, &me_id, json!({"role": "supervisor", "organization_id": p.autonomy_org})).await.ok(201);
    let committee = app.token("street").await;
    let project = completed_project(&app, &p, "楼道灯不亮", 2).await;
    let seen = fresh(&app, &committee, "projects", &project).await;
    assert!(!actions_of(&seen).contains(&"inspect".to_owned()), "{seen}");
    assert_eq!(inspect(&app, &committee, &project, "pass", "").await.problem(403), "inspect_own_work");
    // A supervisor who acts for a co-builder with a claim on the project does not either.
    let sup = app.get("/api/v1/me", Some(&p.supervisors[0])).await.ok(200);
    let sup_id = sup["id"].as_str().expect("id").to_owned();
    app.grant(&p.admin, &sup_id, json!({"role": "co_builder", "organization_id": p.merchant_org})).await.ok(201);
    let supplier = app.token("sup1").await;
    let funded = published_project(&app, &p, &p.jinxiang, "单元门禁更换", 1_000_000, 600_000).await;
    let r = resource(&app, &p.merchant, &p.merchant_org, &p.street, "materials", 10).await;
    let offer = claim(&app, &supplier, &funded, &r, 2, "provider").await.ok(201);
    // Whoever starts a claim never confirms it, whatever side its other roles put it on.
    app.grant(&p.admin, &me_id, json!({"role": "co_builder", "organization_id": p.merchant_org})).await.ok(201);
    let both = app.token("street").await;
    let own = claim(&app, &both, &funded, &r, 1, "project").await;
    assert_eq!(own.problem(409), "claim_pending", "one pending per pair: the first stands");
    let r2 = resource(&app, &p.merchant, &p.merchant_org, &p.street, "venue", 1).await;
    let own = claim(&app, &both, &funded, &r2, 1, "project").await.ok(201);
    assert!(!actions_of(&own).contains(&"confirm".to_owned()), "{own}");
    assert_eq!(answer(&app, &both, &own, "confirm").await.problem(403), "confirm_own_claim");
    answer(&app, &p.committee, &offer, "confirm").await.ok(200);
    let gov_funded = act(
        &app,
        &p.committee,
        &fresh(&app, &p.committee, "projects", &funded).await,
        json!({"action": "cancel", "reason": "重复"}),
    )
    .await;
    gov_funded.ok(200);
    assert_books_balance(&app).await;
}

async fn required_approvals_fit_the_supervisors_and_an_undecided_round_ends(app: TestApp) {
    let p = pipeline(&app).await;
    let d = published_demand(&app, &p.zhang, &p.worker, &p.jinxiang, "门禁系统更新").await;
    let mut body = project_body(&p.jinxiang, &[&d], 1_000_000, 1_000_000);
    body["required_approvals"] = json!(9);
    let draft = app.post("/api/v1/projects", Some(&p.committee), body).await.ok(201);
    let refused = act(&app, &p.committee, &draft, json!({"action": "publish"})).await;
    assert_eq!(refused.problem(422), "quorum_unreachable");
    assert!(refused.body["detail"].as_str().is_some_and(|d| d.contains("only 3")), "{}", refused.body);
    // Two supervisors left: one passes, one fails, and the round ends as rework.
    let sup3 = app.get("/api/v1/me", Some(&p.supervisors[2])).await.ok(200);
    let version = sup3["version"].clone();
    app.patch(
        &format!("/api/v1/users/{}", sup3["id"].as_str().expect("id")),
        Some(&p.admin),
        json!({"version": version, "disabled": true}),
    )
    .await
    .ok(200);
    let project = completed_project(&app, &p, "门禁系统更新二期", 2).await;
    inspect(&app, &p.supervisors[0], &project, "pass", "").await.ok(200);
    let tally = fresh(&app, &p.committee, "projects", &project).await["inspection_tally"].clone();
    assert_eq!(tally, json!({"round": 0, "required": 2, "passes": 1, "fails": 0, "eligible": 2, "voted": 1}));
    let after = inspect(&app, &p.supervisors[1], &project, "fail", "读卡器失灵").await.ok(200);
    assert_eq!(after["state"], "in_progress", "{after}");
    assert_eq!(after["rework_round"], 1);
    let events = app.get(&format!("/api/v1/projects/{}/events", id(&project)), Some(&p.committee)).await.ok(200);
    let rework = events.as_array().expect("events").iter().find(|e| e["action"] == "rework").expect("rework event");
    assert_eq!(rework["tally"], json!({"passes": 1, "fails": 1, "eligible": 2}));
}

/// SPEC §4.4 under PostgreSQL's row locks: the cancellation of a project races the release
/// (by the district admin) and the fulfilment (by the co-builder) of its claims.
async fn a_cancel_racing_releases_and_fulfilments_counts_each_claim_once(app: TestApp) {
    let p = pipeline(&app).await;
    for round in 0..8 {
        let r = resource(&app, &p.merchant, &p.merchant_org, &p.street, "materials", 1000).await;
        let doomed = published_project(&app, &p, &p.jinxiang, &format!("第{round}轮 撤销项目"), 100, 100).await;
        let other = published_project(&app, &p, &p.jinxiang, &format!("第{round}轮 继续项目"), 100, 100).await;
        let released = claim(&app, &p.merchant, &doomed, &r, 100, "provider").await.ok(201);
        let released = answer(&app, &p.committee, &released, "confirm").await.ok(200);
        let r2 = resource(&app, &p.merchant, &p.merchant_org, &p.street, "service", 50).await;
        let fulfilled = claim(&app, &p.merchant, &doomed, &r2, 50, "provider").await.ok(201);
        let fulfilled = answer(&app, &p.committee, &fulfilled, "confirm").await.ok(200);
        let kept = claim(&app, &p.merchant, &other, &r, 500, "provider").await.ok(201);
        answer(&app, &p.committee, &kept, "confirm").await.ok(200);
        let doomed = fresh(&app, &p.committee, "projects", &doomed).await;
        let calls: Vec<Call> = vec![
            (
                Method::POST,
                format!("/api/v1/projects/{}/transitions", id(&doomed)),
                p.committee.clone(),
                Some(json!({"action": "cancel", "reason": "并入他项", "version": doomed["version"]})),
            ),
            (
                Method::POST,
                format!("/api/v1/claims/{}/transitions", id(&released)),
                p.admin.clone(),
                Some(json!({"action": "release", "version": released["version"]})),
            ),
            (
                Method::POST,
                format!("/api/v1/claims/{}/transitions", id(&fulfilled)),
                p.merchant.clone(),
                Some(json!({"action": "fulfil", "version": fulfilled["version"]})),
            ),
        ];
        let replies = all_at_once(&app, calls).await;
        for (status, body) in &replies {
            assert!([200, 409].contains(status), "round {round}: {status} {body}");
        }
        assert_eq!(replies[0].0, 200, "the cancel always goes through: {:?}", replies[0]);
        let r_now = fresh(&app, &p.merchant, "resources", &r).await;
        assert_eq!(r_now["allocated"], 500, "round {round}: only the other project's 500 is held");
        let f_now = fresh(&app, &p.merchant, "claims", &fulfilled).await;
        if replies[2].0 == 200 {
            assert_eq!(f_now["state"], "fulfilled", "an acknowledged fulfilment stays fulfilled");
        } else {
            assert_eq!(f_now["state"], "released");
        }
        assert_books_balance(&app).await;
    }
}

async fn identical_offers_at_once_make_one_pending_claim(app: TestApp) {
    let p = pipeline(&app).await;
    let project = published_project(&app, &p, &p.jinxiang, "小区绿化补种", 1_000_000, 0).await;
    let r = resource(&app, &p.merchant, &p.merchant_org, &p.street, "funds", 100_000).await;
    let body =
        json!({"project_id": id(&project), "resource_id": id(&r), "quantity": 10_000, "initiated_by": "provider"});
    let calls: Vec<Call> =
        (0..16).map(|_| (Method::POST, "/api/v1/claims".to_owned(), p.merchant.clone(), Some(body.clone()))).collect();
    let replies = all_at_once(&app, calls).await;
    let created = replies.iter().filter(|(s, _)| *s == 201).count();
    assert_eq!(created, 1, "{replies:?}");
    assert!(replies.iter().all(|(s, b)| *s == 201 || (*s == 409 && b["code"] == "claim_pending")), "{replies:?}");
    let listed =
        app.get(&format!("/api/v1/claims?project_id={}&state=pending", id(&project)), Some(&p.committee)).await.ok(200);
    assert_eq!(listed["items"].as_array().map(Vec::len), Some(1));
    assert_books_balance(&app).await;
}

async fn money_never_passes_the_gap_and_a_closed_project_keeps_it(app: TestApp) {
    let p = pipeline(&app).await;
    let project = published_project(&app, &p, &p.jinxiang, "雨棚修缮", 2_000_000, 500_000).await;
    let big = resource(&app, &p.merchant, &p.merchant_org, &p.street, "funds", 5_000_000).await;
    let over = claim(&app, &p.merchant, &project, &big, 2_000_000, "provider").await;
    assert_eq!(over.problem(409), "over_gap");
    assert!(over.body["detail"].as_str().is_some_and(|d| d.contains("15,000")), "{}", over.body);
    let from_dept = resource(&app, &p.dept, &p.dept_org, &p.district, "funds", 5_000_000).await;
    let first = claim(&app, &p.merchant, &project, &big, 1_000_000, "provider").await.ok(201);
    let second = claim(&app, &p.dept, &project, &from_dept, 1_000_000, "provider").await.ok(201);
    answer(&app, &p.committee, &first, "confirm").await.ok(200);
    let second = fresh(&app, &p.committee, "claims", &second).await;
    assert!(!actions_of(&second).contains(&"confirm".to_owned()), "{second}");
    let withheld = &second["withheld_actions"][0];
    assert_eq!(
        (withheld["action"].as_str(), withheld["code"].as_str()),
        (Some("confirm"), Some("over_gap")),
        "{second}"
    );
    assert_eq!(answer(&app, &p.committee, &second, "confirm").await.problem(409), "over_gap");
    let now = fresh(&app, &p.committee, "projects", &project).await;
    assert_eq!((now["funded_fen"].as_i64(), now["gap_fen"].as_i64()), (Some(1_000_000), Some(500_000)));
    assert_books_balance(&app).await;
    // Closed: what was confirmed is final.
    let d = published_demand(&app, &p.zhang, &p.worker, &p.jinxiang, "楼顶防水").await;
    let draft = app
        .post("/api/v1/projects", Some(&p.committee), project_body(&p.jinxiang, &[&d], 1_000_000, 600_000))
        .await
        .ok(201);
    let published = act(&app, &p.committee, &draft, json!({"action": "publish"})).await.ok(200);
    let offer = claim(&app, &p.merchant, &published, &big, 400_000, "provider").await.ok(201);
    let confirmed = answer(&app, &p.committee, &offer, "confirm").await.ok(200);
    let started =
        act(&app, &p.committee, &fresh(&app, &p.committee, "projects", &published).await, json!({"action": "start"}))
            .await
            .ok(200);
    let completed = act(&app, &p.committee, &started, json!({"action": "complete", "note": "完工"})).await.ok(200);
    inspect(&app, &p.supervisors[0], &completed, "pass", "").await.ok(200);
    let closed = inspect(&app, &p.supervisors[1], &completed, "pass", "").await.ok(200);
    assert_eq!(closed["state"], "closed");
    assert_eq!(answer(&app, &p.committee, &confirmed, "release").await.problem(409), "money_final");
    assert_books_balance(&app).await;
}

async fn passwords_chosen_by_others_are_temporary(app: TestApp) {
    let p = pipeline(&app).await;
    let body = json!({"username": "newsup", "password": PASSWORD, "display_name": "新监督员",
        "grant": {"role": "supervisor", "organization_id": p.autonomy_org}});
    let created = app.post("/api/v1/users", Some(&p.committee), body).await.ok(201);
    assert_eq!(created["password_change_required"], true);
    let first = app.login("newsup", PASSWORD).await.ok(200);
    assert_eq!(first["user"]["password_change_required"], true);
    let token = first["access_token"].as_str().expect("token").to_owned();
    assert_eq!(app.get("/api/v1/projects", Some(&token)).await.problem(403), "password_change_required");
    app.get("/api/v1/me", Some(&token)).await.ok(200);
    let other_login = app.token("newsup").await;
    let wrong = json!({"current_password": "not-the-password", "new_password": "mine-own-passphrase"});
    assert_eq!(app.post("/api/v1/me/password", Some(&token), wrong).await.problem(403), "wrong_password");
    let right = json!({"current_password": PASSWORD, "new_password": "mine-own-passphrase"});
    let changed = app.post("/api/v1/me/password", Some(&token), right).await;
    assert_eq!(changed.status.as_u16(), 204, "{}", changed.body);
    app.get("/api/v1/projects", Some(&token)).await.ok(200);
    assert_eq!(app.get("/api/v1/me", Some(&other_login)).await.problem(401), "session_ended");
    assert_eq!(app.login("newsup", PASSWORD).await.problem(401), "bad_credentials");
    // Nobody changes its own password with only an access token.
    let me = app.get("/api/v1/me", Some(&p.admin)).await.ok(200);
    let patch = json!({"version": me["version"], "password": "tall-grass-rivers-88"});
    let refused = app.patch(&format!("/api/v1/users/{}", me["id"].as_str().expect("id")), Some(&p.admin), patch).await;
    assert_eq!(refused.problem(403), "own_password_here");
    let history =
        app.get(&format!("/api/v1/users/{}/events", created["id"].as_str().expect("id")), Some(&p.admin)).await.ok(200);
    let actions: Vec<&str> = history.as_array().expect("events").iter().filter_map(|e| e["action"].as_str()).collect();
    assert_eq!(actions, ["create", "grant", "change_password"]);

    // The district admin's are lasting, unless it asks otherwise (staff it imports).
    let by_admin = |username: &str, temporary: Option<bool>| {
        let mut body = json!({"username": username, "password": PASSWORD, "display_name": "街道干部",
            "grant": {"role": "street_committee", "unit_id": p.street}});
        if let Some(t) = temporary {
            body["temporary_password"] = json!(t);
        }
        let app = &app;
        let admin = p.admin.clone();
        async move { app.post("/api/v1/users", Some(&admin), body).await.ok(201) }
    };
    assert_eq!(by_admin("lasting", None).await["password_change_required"], false);
    assert_eq!(by_admin("handed-out", Some(true)).await["password_change_required"], true);
    assert_eq!(app.login("handed-out", PASSWORD).await.ok(200)["user"]["password_change_required"], true);
}

async fn a_retried_post_answers_the_first_response(app: TestApp) {
    let p = pipeline(&app).await;
    let body = json!({"title": "东门雨棚破损漏雨", "description": "", "category": "repair", "unit_id": p.jinxiang});
    let bearer = format!("Bearer {}", p.zhang);
    let send = |key: &'static str, body: Value| {
        let bearer = bearer.clone();
        let app = &app;
        async move {
            let headers = [("authorization", bearer.as_str()), ("idempotency-key", key)];
            app.request_from("10.0.0.1", Method::POST, "/api/v1/demands", &headers, Some(body)).await
        }
    };
    let first = send("tap-1", body.clone()).await;
    let again = send("tap-1", body.clone()).await;
    assert_eq!((first.status.as_u16(), again.status.as_u16()), (201, 201));
    assert_eq!(first.body["id"], again.body["id"]);
    assert_eq!(again.headers.get("idempotent-replayed").and_then(|v| v.to_str().ok()), Some("true"));
    let mut other = body.clone();
    other["title"] = json!("另一件事：路灯不亮");
    assert_eq!(send("tap-1", other).await.problem(422), "idempotency_key_reused");
    // Eight taps at once with one key: one demand.
    let headers = [("idempotency-key", "tap-2")];
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let req = app
            .client
            .post(format!("{}/api/v1/demands", app.address))
            .bearer_auth(&p.zhang)
            .header(headers[0].0, headers[0].1)
            .json(&body);
        set.spawn(async move {
            let resp = req.send().await.expect("sent");
            (resp.status().as_u16(), resp.json::<Value>().await.expect("json"))
        });
    }
    let mut ids = Vec::new();
    while let Some(done) = set.join_next().await {
        let (status, body) = done.expect("task");
        assert_eq!(status, 201, "{body}");
        ids.push(body["id"].clone());
    }
    ids.dedup();
    assert_eq!(ids.len(), 1, "{ids:?}");
    let mine = app.get("/api/v1/demands?mine=filed&limit=100", Some(&p.zhang)).await.ok(200);
    assert_eq!(mine["items"].as_array().map(Vec::len), Some(2), "{mine}");
}

async fn rating_before_closing_is_a_conflict(app: TestApp) {
    let p = pipeline(&app).await;
    let project = completed_project(&app, &p, "健身器材维修", 2).await;
    let rated =
        app.post(&format!("/api/v1/projects/{}/ratings", id(&project)), Some(&p.zhang), json!({"score": 5})).await;
    assert_eq!(rated.problem(409), "wrong_state");
}

/// A body trickled a byte every 5 seconds is cut off at the deadline with 408.
#[tokio::test]
async fn a_trickled_body_gets_408() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = TestApp::spawn(common::Engine::Sqlite).await;
    let address = app.address.trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(address).await.expect("connect");
    let head =
        "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{";
    stream.write_all(head.as_bytes()).await.expect("head");
    let started = std::time::Instant::now();
    let mut answer = Vec::new();
    let reading = async {
        let mut buf = [0_u8; 4096];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&buf[..n]),
            }
            if answer.windows(4).any(|w| w == b"\r\n\r\n") {
                break;
            }
        }
    };
    tokio::time::timeout(std::time::Duration::from_secs(40), reading).await.expect("answered within 40 s");
    let text = String::from_utf8_lossy(&answer);
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    assert!(text.to_lowercase().contains("application/problem+json"), "{text}");
    assert!(started.elapsed() >= std::time::Duration::from_secs(10), "not before the deadline");
}

async fn the_check_finds_what_does_not_add_up(app: TestApp) {
    use diesel::{ExpressionMethods, RunQueryDsl};
    use persistence::schema::resources;
    let p = pipeline(&app).await;
    let r = resource(&app, &p.merchant, &p.merchant_org, &p.street, "materials", 10).await;
    assert_books_balance(&app).await;
    let mut conn = app.connection();
    let found = tokio::task::spawn_blocking(move || {
        diesel::update(resources::table).set(resources::allocated.eq(3_i64)).execute(&mut conn).expect("update");
        persistence::check::invariants(&mut conn).expect("check")
    })
    .await
    .expect("task");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains(id(&r)) && found[0].contains("allocated 3"), "{found:?}");
}
