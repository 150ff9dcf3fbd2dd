//! The administration API: the unit tree, organisations, users, grants, and each refusal.

use domain::org_unit::OrgUnitEvent;

use crate::common;
use crate::common::{all_at_once, on_both_databases, Call, TestApp, PASSWORD};
use reqwest::Method;
use serde_json::json;

on_both_databases!(
    an_admin_builds_a_district_where_every_role_can_sign_in,
    the_tree_only_grows_one_level_at_a_time,
    organisations_take_known_kinds,
    usernames_are_unique,
    names_are_unique_under_a_parent_and_at_a_unit,
    a_street_committee_manages_only_its_street,
    grants_must_fit_the_role,
    lists_page_with_a_cursor_without_gaps_or_repeats,
    edits_need_the_current_version,
    grants_can_be_revoked,
    changes_are_written_to_the_event_log,
    phones_are_mobiles_or_landlines,
);

async fn an_admin_builds_a_district_where_every_role_can_sign_in(app: TestApp) {
    let district = app.create_admin("admin").await;
    let admin = app.token("admin").await;
    let street = app.unit(&admin, &district, "淮河路街道", "street").await;
    let community = app.unit(&admin, &street, "兴华南街社区", "community").await;
    let compound = app.unit(&admin, &community, "金祥花园", "compound").await;

    let mut orgs = std::collections::HashMap::new();
    for kind in [
        "party_org",
        "resident_autonomy",
        "property_service",
        "social_org",
        "volunteer_org",
        "government_dept",
        "stationed_unit",
        "merchant",
    ] {
        orgs.insert(kind, app.organization(&admin, &compound, &format!("金祥花园 {kind}"), kind).await);
    }

    let roles: Vec<(&str, serde_json::Value)> = vec![
        ("resident", json!({"role": "resident", "unit_id": community})),
        ("community_worker", json!({"role": "community_worker", "unit_id": community})),
        ("street_committee", json!({"role": "street_committee", "unit_id": street})),
        ("district_admin", json!({"role": "district_admin", "unit_id": district})),
        ("co_builder", json!({"role": "co_builder", "organization_id": orgs["government_dept"]})),
        ("supervisor", json!({"role": "supervisor", "organization_id": orgs["resident_autonomy"]})),
        ("property_manager", json!({"role": "property_manager", "organization_id": orgs["property_service"]})),
        ("volunteer_leader", json!({"role": "volunteer_leader", "organization_id": orgs["volunteer_org"]})),
        ("volunteer", json!({"role": "volunteer", "organization_id": orgs["volunteer_org"]})),
        ("auditor", json!({"role": "auditor", "unit_id": street})),
    ];
    for (role, grant) in roles {
        let username = role.replace('_', "-");
        let user = app.user(&admin, &username).await;
        let granted = app.grant(&admin, &user, grant.clone()).await;
        assert_eq!(granted.status.as_u16(), 201, "{role}: {}", granted.body);
        let token = app.token(&username).await;
        let me = app.get("/api/v1/me", Some(&token)).await.ok(200);
        assert_eq!(me["grants"][0]["role"], role);
        if let Some(org) = grant.get("organization_id") {
            assert_eq!(&me["grants"][0]["organization_id"], org);
            assert_eq!(me["grants"][0]["unit_id"], compound.as_str(), "an organisation's unit bounds its roles");
        }
    }
    let fetched = app.get(&format!("/api/v1/org-units/{compound}"), None).await.ok(200);
    assert_eq!(fetched["parent_id"], community.as_str());
    assert!(fetched["child_kind"].is_null(), "a compound has no children");
    let street_unit = app.get(&format!("/api/v1/org-units/{street}"), None).await.ok(200);
    assert_eq!(street_unit["child_kind"], "community");
}

async fn the_tree_only_grows_one_level_at_a_time(app: TestApp) {
    let district = app.create_admin("admin").await;
    let admin = app.token("admin").await;
    let post = |body| app.post("/api/v1/org-units", Some(&admin), body);

    let skip =
        post(json!({"parent_id": district, "name": "兴华南街社区", "kind": "community", "community_type": "old"}))
            .await;
    assert_eq!(skip.problem(422), "unit_kind_mismatch");
    assert!(skip.body["errors"]["kind"].is_array());

    let street = app.unit(&admin, &district, "淮河路街道", "street").await;
    let untyped = post(json!({"parent_id": street, "name": "兴华南街社区", "kind": "community"})).await;
    assert_eq!(untyped.problem(422), "community_type_required");
    let unknown_type =
        post(json!({"parent_id": street, "name": "x", "kind": "community", "community_type": "modern"})).await;
    assert_eq!(unknown_type.problem(422), "unknown_community_type");
    let unknown_kind = post(json!({"parent_id": street, "name": "x", "kind": "city"})).await;
    assert_eq!(unknown_kind.problem(422), "unknown_kind");
    let no_parent = post(json!({"parent_id": uuid::Uuid::now_v7(), "name": "x", "kind": "street"})).await;
    assert_eq!(no_parent.problem(422), "unknown_unit");
    let blank = post(json!({"parent_id": district, "name": "  ", "kind": "street"})).await;
    assert_eq!(blank.problem(422), "name_length");

    let community = app.unit(&admin, &street, "兴华南街社区", "community").await;
    let compound = app.unit(&admin, &community, "金祥花园", "compound").await;
    let leaf = post(json!({"parent_id": compound, "name": "3号楼", "kind": "compound"})).await;
    assert_eq!(leaf.problem(422), "unit_leaf");

    // Children and subtree filters.
    let children = app.get(&format!("/api/v1/org-units?parent_id={district}"), None).await.ok(200);
    assert_eq!(children["items"].as_array().map(Vec::len), Some(1));
    let below = app.get(&format!("/api/v1/org-units?unit_id={street}"), None).await.ok(200);
    assert_eq!(below["items"].as_array().map(Vec::len), Some(3), "street, community, compound");
    let found = app.get("/api/v1/org-units?q=%E9%87%91%E7%A5%A5", None).await.ok(200);
    assert_eq!(found["items"][0]["name"], "金祥花园");
    let communities = app.get("/api/v1/org-units?kind=community", None).await.ok(200);
    assert_eq!(communities["items"][0]["community_type"], "old");
}

async fn organisations_take_known_kinds(app: TestApp) {
    let district = app.create_admin("admin").await;
    let admin = app.token("admin").await;
    let post = |body| app.post("/api/v1/organizations", Some(&admin), body);
    let bad_kind = post(json!({"name": "x", "kind": "club", "unit_id": district})).await;
    assert_eq!(bad_kind.problem(422), "unknown_kind");
    let red_merchant = post(json!({"name": "x", "kind": "merchant", "unit_id": district, "red_property": true})).await;
    assert_eq!(red_merchant.problem(422), "red_property_kind");
    let red = post(json!({"name": "亚新物业", "kind": "property_service", "unit_id": district, "red_property": true}))
        .await
        .ok(201);
    assert_eq!(red["red_property"], true);
    let listed = app.get("/api/v1/organizations?kind=property_service", None).await.ok(200);
    assert_eq!(listed["items"][0]["name"], "亚新物业");
    let none = app.get("/api/v1/organizations?kind=merchant", None).await.ok(200);
    assert_eq!(none["items"].as_array().map(Vec::len), Some(0));
}

async fn usernames_are_unique(app: TestApp) {
    app.create_admin("admin").await;
    let admin = app.token("admin").await;
    app.user(&admin, "wangfang").await;
    let again = app
        .post(
            "/api/v1/users",
            Some(&admin),
            json!({"username": "WangFang", "password": PASSWORD, "display_name": "王芳"}),
        )
        .await;
    assert_eq!(again.problem(409), "username_taken");
}

/// The admin scripts find a unit by its name under its parent and an organisation by its
/// name at its unit: a second of one name is refused, however it comes (at once included).
async fn names_are_unique_under_a_parent_and_at_a_unit(app: TestApp) {
    let district = app.create_admin("admin").await;
    let admin = app.token("admin").await;
    let street = app.unit(&admin, &district, "淮河路街道", "street").await;
    let other_street = app.unit(&admin, &district, "建中街街道", "street").await;
    let community = json!({"parent_id": street, "name": "祥云社区", "kind": "community", "community_type": "old"});
    app.post("/api/v1/org-units", Some(&admin), community.clone()).await.ok(201);
    let again = app.post("/api/v1/org-units", Some(&admin), community.clone()).await;
    assert_eq!(again.problem(409), "name_taken");
    assert!(again.body["detail"].as_str().is_some_and(|d| d.contains("parent")), "{}", again.body);
    let mut elsewhere = community.clone();
    elsewhere["parent_id"] = json!(other_street);
    app.post("/api/v1/org-units", Some(&admin), elsewhere).await.ok(201);
    let under = app.get(&format!("/api/v1/org-units?parent_id={street}"), None).await.ok(200);
    assert_eq!(under["items"].as_array().map(Vec::len), Some(1), "the refused one was not made");
    // Renamed onto a sibling's name.
    let sibling = app.unit(&admin, &street, "五里堡社区", "community").await;
    let path = format!("/api/v1/org-units/{sibling}");
    let rename = app.patch(&path, Some(&admin), json!({"version": 1, "name": "祥云社区"})).await;
    assert_eq!(rename.problem(409), "name_taken");
    // Eight of one name at once: one is made.
    let body = json!({"parent_id": street, "name": "京广南路社区", "kind": "community", "community_type": "new"});
    let calls: Vec<Call> =
        (0..8).map(|_| (Method::POST, "/api/v1/org-units".to_owned(), admin.clone(), Some(body.clone()))).collect();
    let replies = all_at_once(&app, calls).await;
    assert_eq!(replies.iter().filter(|(s, _)| *s == 201).count(), 1, "{replies:?}");
    assert!(replies.iter().all(|(s, b)| *s == 201 || (*s == 409 && b["code"] == "name_taken")), "{replies:?}");

    let org = json!({"name": "祥云小区业委会", "kind": "resident_autonomy", "unit_id": sibling});
    let first = app.post("/api/v1/organizations", Some(&admin), org.clone()).await.ok(201);
    assert_eq!(app.post("/api/v1/organizations", Some(&admin), org.clone()).await.problem(409), "name_taken");
    let mut at_street = org.clone();
    at_street["unit_id"] = json!(street);
    let second = app.post("/api/v1/organizations", Some(&admin), at_street.clone()).await.ok(201);
    at_street["unit_id"] = json!(sibling);
    at_street["name"] = json!("五里堡物业");
    at_street["kind"] = json!("property_service");
    let third = app.post("/api/v1/organizations", Some(&admin), at_street).await.ok(201);
    let rename = json!({"version": third["version"], "name": first["name"]});
    let path = format!("/api/v1/organizations/{}", third["id"].as_str().expect("id"));
    assert_eq!(app.patch(&path, Some(&admin), rename).await.problem(409), "name_taken");
    assert_ne!(second["id"], first["id"]);
}

async fn a_street_committee_manages_only_its_street(app: TestApp) {
    let district = app.create_admin("admin").await;
    let admin = app.token("admin").await;
    let street = app.unit(&admin, &district, "淮河路街道", "street").await;
    let other_street = app.unit(&admin, &district, "京广路街道", "street").await;
    let community = app.unit(&admin, &street, "兴华南街社区", "community").await;
    let other_community = app.unit(&admin, &other_street, "京广南路社区", "community").await;
    let committee = app.user(&admin, "huaihe").await;
    app.grant(&admin, &committee, json!({"role": "street_committee", "unit_id": street})).await.ok(201);
    let stranger = app.user(&admin, "jingguang-worker").await;
    app.grant(&admin, &stranger, json!({"role": "community_worker", "unit_id": other_community})).await.ok(201);

    let sc = app.token("huaihe").await;
    // It may add users with their role inside its street...
    let worker = app.user_with(&sc, "xinghua-worker", json!({"role": "community_worker", "unit_id": community})).await;
    let resident = app.user_with(&sc, "xinghua-resident", json!({"role": "resident", "unit_id": community})).await;
    app.grant(&sc, &resident, json!({"role": "community_worker", "unit_id": community})).await.ok(201);
    app.organization(&sc, &community, "兴华志愿队", "volunteer_org").await;
    // ...but not outside it, not at district level, and not the tree itself.
    let outside = app.grant(&sc, &worker, json!({"role": "community_worker", "unit_id": other_community})).await;
    assert_eq!(outside.problem(403), "forbidden_users");
    let district_role = app.grant(&sc, &worker, json!({"role": "district_admin", "unit_id": district})).await;
    district_role.problem(403);
    let unit = app
        .post(
            "/api/v1/org-units",
            Some(&sc),
            json!({"parent_id": street, "name": "新社区", "kind": "community", "community_type": "new"}),
        )
        .await;
    assert_eq!(unit.problem(403), "forbidden_org_units");
    let org = app
        .post("/api/v1/organizations", Some(&sc), json!({"name": "x", "kind": "merchant", "unit_id": other_community}))
        .await;
    org.problem(403);

    // It sees the users of its street (and itself), not those of the other street.
    let listed = app.get("/api/v1/users?limit=100", Some(&sc)).await.ok(200);
    let names: Vec<&str> =
        listed["items"].as_array().expect("items").iter().filter_map(|u| u["username"].as_str()).collect();
    assert!(names.contains(&"xinghua-worker") && names.contains(&"huaihe"), "{names:?}");
    assert!(!names.contains(&"jingguang-worker") && !names.contains(&"admin"), "{names:?}");
    app.get(&format!("/api/v1/users/{stranger}"), Some(&sc)).await.problem(404);
    let edit =
        app.patch(&format!("/api/v1/users/{stranger}"), Some(&sc), json!({"version": 1, "display_name": "x"})).await;
    edit.problem(404);

    // A community worker is no user manager at all.
    let cw = app.token("xinghua-worker").await;
    app.get("/api/v1/users", Some(&cw)).await.problem(403);
    let made = app
        .post("/api/v1/users", Some(&cw), json!({"username": "x-user", "password": PASSWORD, "display_name": "x"}))
        .await;
    made.problem(403);
    // An auditor reads but does not change.
    let auditor = app.user(&admin, "auditor").await;
    app.grant(&admin, &auditor, json!({"role": "auditor", "unit_id": street})).await.ok(201);
    let au = app.token("auditor").await;
    app.get(&format!("/api/v1/users/{worker}"), Some(&au)).await.ok(200);
    app.patch(&format!("/api/v1/users/{worker}"), Some(&au), json!({"version": 1, "display_name": "x"}))
        .await
        .problem(403);
}

async fn grants_must_fit_the_role(app: TestApp) {
    let district = app.create_admin("admin").await;
    let admin = app.token("admin").await;
    let street = app.unit(&admin, &district, "淮河路街道", "street").await;
    let party = app.organization(&admin, &street, "党工委", "party_org").await;
    let user = app.user(&admin, "someone").await;
    let cases = [
        (json!({"role": "resident", "unit_id": street}), "grant_scope_kind"),
        (json!({"role": "street_committee", "unit_id": district}), "grant_scope_kind"),
        (json!({"role": "co_builder", "organization_id": party}), "grant_scope_kind"),
        (json!({"role": "supervisor", "unit_id": street}), "grant_scope_kind"),
        (json!({"role": "mayor", "unit_id": street}), "unknown_role"),
        (json!({"role": "resident"}), "grant_scope_missing"),
        (json!({"role": "auditor", "unit_id": uuid::Uuid::now_v7()}), "unknown_unit"),
    ];
    for (grant, code) in cases {
        assert_eq!(app.grant(&admin, &user, grant.clone()).await.problem(422), code, "{grant}");
    }
    app.grant(&admin, &user, json!({"role": "auditor", "unit_id": street})).await.ok(201);
    let twice = app.grant(&admin, &user, json!({"role": "auditor", "unit_id": street})).await;
    assert_eq!(twice.problem(409), "duplicate");
    let missing =
        app.grant(&admin, &uuid::Uuid::now_v7().to_string(), json!({"role": "auditor", "unit_id": street})).await;
    missing.problem(404);
}

async fn lists_page_with_a_cursor_without_gaps_or_repeats(app: TestApp) {
    let district = app.create_admin("admin").await;
    let admin = app.token("admin").await;
    for i in 0..23 {
        app.unit(&admin, &district, &format!("街道{i:02}"), "street").await;
    }
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/org-units?kind=street&limit=10&cursor={c}"),
            None => "/api/v1/org-units?kind=street&limit=10".into(),
        };
        let page = app.get(&path, None).await.ok(200);
        pages += 1;
        for item in page["items"].as_array().expect("items") {
            seen.push(item["name"].as_str().expect("name").to_owned());
        }
        if pages == 1 {
            // Added while paging: appears on a later page, nothing shifts.
            app.unit(&admin, &district, "街道99", "street").await;
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    let mut expected: Vec<String> = (0..23).map(|i| format!("街道{i:02}")).collect();
    expected.push("街道99".into());
    assert_eq!(seen, expected);

    app.get("/api/v1/org-units?limit=0", None).await.problem(422);
    assert_eq!(app.get("/api/v1/org-units?limit=101", None).await.problem(422), "bad_limit");
    assert_eq!(app.get("/api/v1/org-units?cursor=garbage", None).await.problem(422), "bad_cursor");
    app.get("/api/v1/org-units?limit=ten", None).await.problem(400);
}

async fn edits_need_the_current_version(app: TestApp) {
    let district = app.create_admin("admin").await;
    let admin = app.token("admin").await;
    let street = app.unit(&admin, &district, "淮河路街道", "street").await;
    let path = format!("/api/v1/org-units/{street}");
    let renamed = app.patch(&path, Some(&admin), json!({"version": 1, "name": "淮河路街道办"})).await.ok(200);
    assert_eq!(renamed["version"], 2);
    assert_eq!(renamed["name"], "淮河路街道办");
    let stale = app.patch(&path, Some(&admin), json!({"version": 1, "name": "旧名"})).await;
    assert_eq!(stale.problem(409), "stale_version");
    assert_eq!(app.get(&path, None).await.ok(200)["name"], "淮河路街道办", "a refused edit changes nothing");
    let zero = app.patch(&path, Some(&admin), json!({"version": 0, "name": "x"})).await;
    zero.problem(422);
    assert_eq!(zero.body["error_codes"]["version"][0], "invalid_field", "{}", zero.body);
    let typed = app.patch(&path, Some(&admin), json!({"version": 2, "community_type": "old"})).await;
    assert_eq!(typed.problem(422), "community_type_not_allowed");

    let user = app.user(&admin, "lina").await;
    let upath = format!("/api/v1/users/{user}");
    let edited = app
        .patch(&upath, Some(&admin), json!({"version": 1, "phone": "13800000000", "party_member": true}))
        .await
        .ok(200);
    assert_eq!(edited["phone"], "13800000000");
    assert_eq!(edited["party_member"], true);
    let cleared = app.patch(&upath, Some(&admin), json!({"version": 2, "phone": null})).await.ok(200);
    assert!(cleared["phone"].is_null());
    let weak = app.patch(&upath, Some(&admin), json!({"version": 3, "password": "short"})).await;
    assert_eq!(weak.problem(422), "password_too_short");
    app.patch(&upath, Some(&admin), json!({"version": 3, "password": "a-brand-new-secret"})).await.ok(200);
    app.login("lina", PASSWORD).await.problem(401);
    app.login("lina", "a-brand-new-secret").await.ok(200);
}

async fn grants_can_be_revoked(app: TestApp) {
    let district = app.create_admin("admin").await;
    let admin = app.token("admin").await;
    let street = app.unit(&admin, &district, "淮河路街道", "street").await;
    let user = app.user(&admin, "lina").await;
    let granted = app.grant(&admin, &user, json!({"role": "auditor", "unit_id": street})).await.ok(201);
    let grant = granted["grants"][0]["id"].as_str().expect("grant id").to_owned();
    let path = format!("/api/v1/users/{user}/grants/{grant}");
    let after = app.request(reqwest::Method::DELETE, &path, Some(&admin), None).await.ok(200);
    assert_eq!(after["grants"].as_array().map(Vec::len), Some(0));
    app.request(reqwest::Method::DELETE, &path, Some(&admin), None).await.problem(404);
}

async fn changes_are_written_to_the_event_log(app: TestApp) {
    let district = app.create_admin("admin").await;
    let admin = app.token("admin").await;
    let street = app.unit(&admin, &district, "淮河路街道", "street").await;
    app.patch(&format!("/api/v1/org-units/{street}"), Some(&admin), json!({"version": 1, "name": "淮河路"}))
        .await
        .ok(200);
    let refused =
        app.patch(&format!("/api/v1/org-units/{street}"), Some(&admin), json!({"version": 1, "name": "x"})).await;
    refused.problem(409);
    let mut conn = app.connection();
    let id = uuid::Uuid::parse_str(&street).expect("uuid");
    let timeline: Vec<persistence::events::Entry<OrgUnitEvent>> =
        persistence::events::timeline(&mut conn, id).expect("timeline");
    let changes: Vec<&OrgUnitEvent> = timeline.iter().map(|e| &e.event).collect();
    let named = |name: &str| name.to_owned();
    assert_eq!(
        changes,
        [&OrgUnitEvent::Create { name: named("淮河路街道") }, &OrgUnitEvent::Update { name: named("淮河路") }],
        "one event per change, none for the refusal"
    );
    assert!(timeline.iter().all(|e| e.actor_id.is_some()));

    // Append-only, enforced by the database itself.
    use diesel::prelude::*;
    let tampered = diesel::update(persistence::schema::events::table)
        .set(persistence::schema::events::payload.eq("x"))
        .execute(&mut conn);
    assert!(tampered.is_err());
    let deleted = diesel::delete(persistence::schema::events::table).execute(&mut conn);
    assert!(deleted.is_err());
}

async fn phones_are_mobiles_or_landlines(app: TestApp) {
    let district = app.create_admin("admin").await;
    let admin = app.token("admin").await;
    let street = app.unit(&admin, &district, "淮河路街道", "street").await;
    let community = app.unit(&admin, &street, "兴华南街社区", "community").await;
    let refused = |reply: common::Reply, what: &str| {
        assert_eq!(reply.problem(422), "phone_format", "{what}: {}", reply.body);
        assert_eq!(reply.body["error_codes"]["phone"][0], "phone_format", "{what}: {}", reply.body);
        let message = reply.body["errors"]["phone"][0].as_str().unwrap_or_default();
        assert!(message.contains("mobile") && message.contains("landline"), "{what} says what is wanted: {message}");
    };

    let new_user = |username: &str, phone: &str| json!({"username": username, "password": PASSWORD, "display_name": "周磊", "phone": phone});
    for (i, phone) in ["13812341234", "010-12345678", "0571-1234567", "0371-12345678-801"].iter().enumerate() {
        let created = app.post("/api/v1/users", Some(&admin), new_user(&format!("ok{i}"), phone)).await.ok(201);
        assert_eq!(created["phone"], *phone);
    }
    for (i, phone) in
        ["12345", "1381234123", "23812341234", "+8613812341234", "010-123456", "0371-1234-5678"].iter().enumerate()
    {
        refused(app.post("/api/v1/users", Some(&admin), new_user(&format!("bad{i}"), phone)).await, phone);
    }
    app.login("bad0", PASSWORD).await.problem(401);

    let user = app.user(&admin, "lina").await;
    let path = format!("/api/v1/users/{user}");
    refused(app.patch(&path, Some(&admin), json!({"version": 1, "phone": "138-1234-1234"})).await, "an edit");
    let registered = json!({"username": "zhangwei", "password": PASSWORD, "display_name": "张伟", "phone": "5551234",
        "unit_id": community});
    refused(app.post("/api/v1/auth/register", None, registered).await, "a sign-up");
    app.login("zhangwei", PASSWORD).await.problem(401);
}
