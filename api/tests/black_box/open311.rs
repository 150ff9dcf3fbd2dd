//! Open311 GeoReport v2 at /open311/v2, played as a real client would: discovery and
//! services, a form-encoded POST with an API key the district issued, the request followed
//! through requests.json; and the keys themselves: who issues and revokes them, that a
//! revoked or made-up one files nothing, and that the secret is kept nowhere in clear.

use api::demo;
use crate::common::{on_both_databases, Reply, TestApp};
use diesel::prelude::*;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

on_both_databases!(
    an_integration_files_a_request_that_officials_verify_onto_the_board,
    api_keys_are_the_districts_to_issue_and_revoke
);

const PHONE: &str = "13812345678";
const EMAIL: &str = "xiaoming@example.com";
/// The resident's name as the client sends it: 王 (last) 小明 (first).
const FULL_NAME: &str = "王小明";

async fn unit_id(app: &TestApp, name: &str) -> String {
    let found = app.get(&format!("/api/v1/org-units?q={name}"), None).await.ok(200);
    let unit = found["items"].as_array().expect("items").iter().find(|u| u["name"] == name).expect("unit");
    unit["id"].as_str().expect("id").to_owned()
}

async fn organization_id(app: &TestApp, name: &str) -> String {
    let found = app.get(&format!("/api/v1/organizations?q={name}"), None).await.ok(200);
    let org = found["items"].as_array().expect("items").iter().find(|o| o["name"] == name).expect("organization");
    org["id"].as_str().expect("id").to_owned()
}

/// Asserts an error in GeoReport v2's form: `[{"code": status, "description": …}]`.
fn open311_error(reply: &Reply, status: u16) -> String {
    assert_eq!(reply.status.as_u16(), status, "expected {status}: {}", reply.body);
    assert!(reply.content_type().starts_with("application/json"), "{}: {}", reply.content_type(), reply.body);
    let errors = reply.body.as_array().unwrap_or_else(|| panic!("an array: {}", reply.body));
    assert_eq!(errors.len(), 1, "{}", reply.body);
    assert_eq!(errors[0]["code"], status, "{}", reply.body);
    errors[0]["description"].as_str().expect("description").to_owned()
}

async fn post_form(app: &TestApp, fields: &[(&str, &str)]) -> Reply {
    let resp = app
        .client
        .post(format!("{}/open311/v2/requests.json", app.address))
        .form(fields)
        .send()
        .await
        .expect("request sent");
    read(resp).await
}

async fn read(resp: reqwest::Response) -> Reply {
    let status = resp.status();
    let headers = resp.headers().clone();
    let text = resp.text().await.expect("body read");
    let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
    Reply { status, headers, body }
}

/// Every text an Open311 or public answer showed, to look for what must never leak.
struct Seen(String);

impl Seen {
    fn add(&mut self, body: &Value) -> Value {
        self.0.push_str(&body.to_string());
        body.clone()
    }
    fn assert_clean(&self) {
        for secret in [PHONE, EMAIL, FULL_NAME, "小明", "first_name", "last_name", "author_id", "user_id"] {
            assert!(!self.0.contains(secret), "{secret} leaked into a public answer");
        }
    }
}

async fn an_integration_files_a_request_that_officials_verify_onto_the_board(app: TestApp) {
    assert!(demo::load_if_empty(&mut app.connection()).expect("demo loads"));
    let admin = app.token_with("admin", demo::PASSWORD).await;
    let worker = app.token_with("worker", demo::PASSWORD).await;
    let huaihe = unit_id(&app, "淮河路街道").await;
    let jinxiang = unit_id(&app, "金祥花园").await;
    let elsewhere = unit_id(&app, "京广南路社区").await;
    let hotline = app.organization(&admin, &huaihe, "12345热线平台", "integration").await;
    let key = app
        .post(&format!("/api/v1/organizations/{hotline}/api-keys"), Some(&admin), json!({"name": "热线对接"}))
        .await
        .ok(201);
    let secret = key["secret"].as_str().expect("secret").to_owned();
    let mut seen = Seen(String::new());

    // Discovery and services, as a client finds its way.
    let discovery = app.get("/open311/v2/discovery.json", None).await.ok(200);
    let endpoint = &discovery["endpoints"][0];
    assert_eq!(endpoint["specification"], "http://wiki.open311.org/GeoReport_v2");
    assert!(endpoint["url"].as_str().expect("url").ends_with("/open311/v2"), "{discovery}");
    assert_eq!(endpoint["formats"], json!(["application/json"]));
    let services = app.get("/open311/v2/services.json", None).await.ok(200);
    let services = services.as_array().expect("services");
    assert_eq!(services.len(), domain::demand::DemandCategory::ALL.len());
    let repair = services.iter().find(|s| s["service_code"] == "repair").expect("repair");
    assert_eq!(
        (&repair["service_name"], &repair["type"], &repair["metadata"]),
        (&json!("设施维修"), &json!("realtime"), &json!(true))
    );
    assert!(repair["keywords"].as_str().expect("keywords").contains("repair") && repair["group"].is_string());
    let definition = app.get("/open311/v2/services/repair.json", None).await.ok(200);
    assert_eq!(
        (&definition["service_code"], &definition["attributes"][0]["code"]),
        (&json!("repair"), &json!("title"))
    );
    open311_error(&app.get("/open311/v2/services/noise.json", None).await, 404);
    for xml in [
        "/open311/v2/services.xml",
        "/open311/v2/services/repair.xml",
        "/open311/v2/requests.xml",
        "/open311/v2/nothing",
    ] {
        open311_error(&app.get(xml, None).await, 404);
    }
    let wrong_method = app.request(reqwest::Method::DELETE, "/open311/v2/requests.json", None, None).await;
    open311_error(&wrong_method, 405);

    // Filing: a form, the key, a compound of the key's street.
    let form = |service: &'static str, place: &str| -> Vec<(&'static str, String)> {
        vec![
            ("api_key", secret.clone()),
            ("service_code", service.into()),
            ("address_id", place.to_owned()),
            ("description", "楼道灯坏了\n3号楼2单元的楼道灯一直不亮，晚上上下楼很危险。".into()),
            ("first_name", "小明".into()),
            ("last_name", "王".into()),
            ("email", EMAIL.into()),
            ("phone", PHONE.into()),
        ]
    };
    let send = |fields: Vec<(&'static str, String)>| {
        let app = &app;
        async move {
            let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            post_form(app, &pairs).await
        }
    };
    let filed = send(form("repair", &jinxiang)).await.ok(201);
    let receipt = seen.add(&filed);
    assert_eq!(receipt.as_array().map(Vec::len), Some(1), "{receipt}");
    assert!(receipt[0]["service_notice"].is_string());
    let id = receipt[0]["service_request_id"].as_str().expect("service_request_id").to_owned();

    // Officials see it with its source and who filed it: the integration, through its key.
    let demand = app.get(&format!("/api/v1/demands/{id}"), Some(&worker)).await.ok(200);
    assert_eq!(
        (&demand["source"], &demand["state"], &demand["title"], &demand["author_name"]),
        (&json!("open311"), &json!("submitted"), &json!("楼道灯坏了"), &json!(FULL_NAME))
    );
    let events = app.get(&format!("/api/v1/demands/{id}/events"), Some(&worker)).await.ok(200);
    let created = &events[0];
    assert_eq!((&created["action"], &created["source"]), (&json!("create"), &json!("open311")));
    assert_eq!((&created["organization_id"], &created["api_key_id"]), (&json!(hotline), &key["id"]));
    assert!(created["actor_id"].is_null(), "no person filed it: {created}");

    // Not on the board until verified: neither here nor in Open311.
    open311_error(&app.get(&format!("/open311/v2/requests/{id}.json"), None).await, 404);
    let before = app.get(&format!("/open311/v2/requests.json?service_request_id={id}"), None).await.ok(200);
    assert_eq!(before, json!([]));
    let verified = app
        .post(&format!("/api/v1/demands/{id}/transitions"), Some(&worker), json!({"action": "verify", "version": 1}))
        .await
        .ok(200);
    assert_eq!(verified["state"], "published");

    let one = seen.add(&app.get(&format!("/open311/v2/requests/{id}.json"), None).await.ok(200));
    assert_eq!(one.as_array().map(Vec::len), Some(1));
    let request = &one[0];
    assert_eq!((&request["service_request_id"], &request["status"]), (&json!(id), &json!("open")));
    assert_eq!((&request["service_code"], &request["service_name"]), (&json!("repair"), &json!("设施维修")));
    assert_eq!(request["address"], "淮河路街道 兴华南街社区 金祥花园");
    assert_eq!(request["address_id"], json!(jinxiang));
    assert!(request["description"].as_str().expect("description").contains("楼道灯"));
    let public = seen.add(&app.get(&format!("/api/v1/public/demands/{id}"), None).await.ok(200));
    assert_eq!(public["author_name"], "王**");
    seen.add(&app.get("/api/v1/public/demands", None).await.ok(200));

    // The standard's filters.
    let ids = |reply: Value| -> Vec<String> {
        reply
            .as_array()
            .expect("requests")
            .iter()
            .map(|r| r["service_request_id"].as_str().expect("id").to_owned())
            .collect()
    };
    let list = |query: String| {
        let app = &app;
        async move { app.get(&format!("/open311/v2/requests.json{query}"), None).await }
    };
    let all = seen.add(&list(String::new()).await.ok(200));
    assert!(ids(all.clone()).contains(&id));
    assert!(all.as_array().expect("requests").iter().all(|r| r["status"] == "open" || r["status"] == "closed"));
    assert!(ids(list("?service_code=repair&status=open".into()).await.ok(200)).contains(&id));
    assert!(ids(list("?service_code=repair,safety&status=open,closed".into()).await.ok(200)).contains(&id));
    assert!(!ids(list("?status=closed".into()).await.ok(200)).contains(&id));
    assert!(!ids(list("?service_code=greening".into()).await.ok(200)).contains(&id));
    assert_eq!(ids(list(format!("?service_request_id={id}&service_code=greening")).await.ok(200)), vec![id.clone()]);
    assert!(ids(list("?start_date=2099-01-01T00:00:00Z".into()).await.ok(200)).is_empty());
    assert!(ids(list("?start_date=2020-01-01T00:00:00%2B08:00".into()).await.ok(200)).contains(&id));
    assert!(ids(list("?end_date=2020-01-01T00:00:00Z".into()).await.ok(200)).is_empty());
    open311_error(&list("?start_date=yesterday".into()).await, 400);
    open311_error(&list("?status=pending".into()).await, 400);
    open311_error(&list("?service_request_id=42".into()).await, 400);
    open311_error(&list("?service_code=noise".into()).await, 404);
    open311_error(&app.get("/open311/v2/requests/42.json", None).await, 404);

    // What a client gets wrong, each in the standard's form and never a 500.
    let mut no_place = form("repair", "");
    no_place.retain(|(k, _)| *k != "address_id");
    no_place.extend([("lat", "34.7466".to_owned()), ("long", "113.6254".to_owned())]);
    assert!(open311_error(&send(no_place).await, 400).contains("address_id"));
    open311_error(&send(form("repair", "not-an-id")).await, 400);
    open311_error(&send(form("repair", &huaihe)).await, 400);
    open311_error(&send(form("repair", &uuid::Uuid::now_v7().to_string())).await, 400);
    open311_error(&send(form("noise", &jinxiang)).await, 404);
    assert!(open311_error(&send(form("repair", &elsewhere)).await, 403).contains("below"));
    let mut no_service = form("repair", &jinxiang);
    no_service.retain(|(k, _)| *k != "service_code");
    open311_error(&send(no_service).await, 400);
    let mut no_text = form("repair", &jinxiang);
    no_text.retain(|(k, _)| *k != "description");
    open311_error(&send(no_text).await, 400);
    let mut no_key = form("repair", &jinxiang);
    no_key.retain(|(k, _)| *k != "api_key");
    open311_error(&send(no_key).await, 403);
    let mut made_up = form("repair", &jinxiang);
    made_up[0].1 = format!("gz311_{}", "0".repeat(64));
    open311_error(&send(made_up).await, 403);
    let as_json = app
        .post(
            "/open311/v2/requests.json",
            None,
            json!({"api_key": secret, "service_code": "repair", "address_id": jinxiang}),
        )
        .await;
    open311_error(&as_json, 400);

    // A title of its own, through the definition's attribute.
    let mut titled = form("safety", &jinxiang);
    titled.push(("attribute[title]", "消防通道被占".into()));
    let titled = send(titled).await.ok(201);
    let titled_id = titled[0]["service_request_id"].as_str().expect("id");
    let titled = app.get(&format!("/api/v1/demands/{titled_id}"), Some(&worker)).await.ok(200);
    assert_eq!((&titled["title"], &titled["category"]), (&json!("消防通道被占"), &json!("safety")));

    seen.assert_clean();
}

async fn api_keys_are_the_districts_to_issue_and_revoke(app: TestApp) {
    assert!(demo::load_if_empty(&mut app.connection()).expect("demo loads"));
    let admin = app.token_with("admin", demo::PASSWORD).await;
    let huaihe = unit_id(&app, "淮河路街道").await;
    let jinxiang = unit_id(&app, "金祥花园").await;
    let hotline = app.organization(&admin, &huaihe, "城市服务App", "integration").await;
    let keys = format!("/api/v1/organizations/{hotline}/api-keys");

    for username in ["street", "worker", "auditor", "resident", "builder"] {
        let token = app.token_with(username, demo::PASSWORD).await;
        assert_eq!(
            app.post(&keys, Some(&token), json!({"name": "x"})).await.problem(403),
            "forbidden_api_keys",
            "{username}"
        );
        assert_eq!(app.get(&keys, Some(&token)).await.problem(403), "forbidden_api_keys", "{username}");
    }
    app.post(&keys, None, json!({"name": "x"})).await.problem(401);
    let social = organization_id(&app, "幸福里社工服务中心").await;
    let refused =
        app.post(&format!("/api/v1/organizations/{social}/api-keys"), Some(&admin), json!({"name": "x"})).await;
    assert_eq!(refused.problem(422), "api_key_organization_kind");
    let nowhere = format!("/api/v1/organizations/{}/api-keys", uuid::Uuid::now_v7());
    app.post(&nowhere, Some(&admin), json!({"name": "x"})).await.problem(404);
    assert_eq!(app.post(&keys, Some(&admin), json!({"name": " "})).await.problem(422), "name_length");

    // Issued: the secret once, never again; only its hash in the database.
    let reply = app
        .request_from(
            "127.0.0.9",
            reqwest::Method::POST,
            &keys,
            &[("authorization", &format!("Bearer {admin}")), ("idempotency-key", "issue-1")],
            Some(json!({"name": "App 对接"})),
        )
        .await;
    assert_eq!(reply.headers.get("cache-control").and_then(|v| v.to_str().ok()), Some("no-store"));
    let issued = reply.ok(201);
    let secret = issued["secret"].as_str().expect("secret").to_owned();
    assert!(secret.starts_with("gz311_") && secret.len() == 6 + 64, "{secret}");
    assert!(secret.starts_with(issued["prefix"].as_str().expect("prefix")));
    assert!(issued["revoked_at"].is_null());
    let listed = app.get(&keys, Some(&admin)).await.ok(200);
    assert_eq!(listed.as_array().map(Vec::len), Some(1));
    assert_eq!((&listed[0]["id"], &listed[0]["name"]), (&issued["id"], &json!("App 对接")));
    assert!(listed[0].get("secret").is_none() && !listed.to_string().contains(&secret), "{listed}");

    let mut conn = app.connection();
    use persistence::schema::{api_keys, idempotency_keys};
    let stored: Vec<(String, String, String, String)> = api_keys::table
        .select((api_keys::id, api_keys::name, api_keys::prefix, api_keys::secret_sha256))
        .load(&mut conn)
        .expect("keys");
    let hash: String = Sha256::digest(secret.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].3, hash);
    assert!(stored.iter().all(|(a, b, c, d)| ![a, b, c, d].iter().any(|v| v.contains(&secret[6..]))), "in clear");
    let replies: Vec<Option<String>> =
        idempotency_keys::table.select(idempotency_keys::response_body).load(&mut conn).expect("idempotency");
    assert!(replies.iter().flatten().all(|body| !body.contains(&secret[6..])), "a replay kept the secret");

    // It files; revoked, it does not, and saying so again changes nothing.
    let form = |key: &str| {
        vec![
            ("api_key", key.to_owned()),
            ("service_code", "greening".into()),
            ("address_id", jinxiang.clone()),
            ("description", "草坪无人修剪".into()),
        ]
    };
    let file = |key: String| {
        let app = &app;
        let fields = form(&key);
        async move {
            let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            post_form(app, &pairs).await
        }
    };
    file(secret.clone()).await.ok(201);
    let revoke = format!("{keys}/{}/revoke", issued["id"].as_str().expect("id"));
    let street = app.token_with("street", demo::PASSWORD).await;
    assert_eq!(app.post(&revoke, Some(&street), json!({})).await.problem(403), "forbidden_api_keys");
    let revoked = app.post(&revoke, Some(&admin), json!({})).await.ok(200);
    assert!(revoked["revoked_at"].is_string() && revoked.get("secret").is_none());
    assert!(open311_error(&file(secret.clone()).await, 403).contains("revoked"));
    let again = app.post(&revoke, Some(&admin), json!({})).await.ok(200);
    assert_eq!(again["revoked_at"], revoked["revoked_at"]);
    app.post(&format!("{keys}/{}/revoke", uuid::Uuid::now_v7()), Some(&admin), json!({})).await.problem(404);
    let listed = app.get(&keys, Some(&admin)).await.ok(200);
    assert_eq!(listed[0]["revoked_at"], revoked["revoked_at"]);
}
