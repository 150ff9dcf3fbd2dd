//! What the server writes about its requests (issue 21 §3): every request has an id, given
//! by the caller or made, echoed in `X-Request-Id` and on each of its log lines; the real
//! binary's JSON logs of a resident's sign-up, sign-in and demand hold none of the names,
//! phones, passwords or tokens that passed through; SIGTERM stops it cleanly.

use std::io::Read;
use std::process::{Command, Stdio};

use crate::common::{on_both_databases, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

on_both_databases!(each_request_has_an_id_it_is_answered_with);

async fn each_request_has_an_id_it_is_answered_with(app: TestApp) {
    let id = |reply: &crate::common::Reply| {
        reply.headers.get("x-request-id").and_then(|v| v.to_str().ok()).map(str::to_owned).unwrap_or_default()
    };
    let given = app.request_from("10.0.0.1", Method::GET, "/api/v1/public/demands", &[("x-request-id", "desk-7.a_1:2")], None).await;
    assert_eq!(id(&given), "desk-7.a_1:2");
    // Made when none is given, and when the given one is not a plain token.
    let made = app.get("/api/v1/demands/no-such-id", None).await;
    assert!(uuid::Uuid::parse_str(&id(&made)).is_ok(), "{:?}", made.headers);
    for odd in ["has space", &"x".repeat(65), "名字"] {
        let reply = app.request_from("10.0.0.1", Method::GET, "/healthz", &[("x-request-id", odd)], None).await;
        assert!(uuid::Uuid::parse_str(&id(&reply)).is_ok(), "{odd:?} was kept: {:?}", reply.headers);
    }
}

const NAME: &str = "孙桂兰";
const PHONE: &str = "13912345678";
const PASSWORD: &str = "guilan-home-2026";
const WRONG: &str = "not-her-password-9";
const CALLER_PHONE: &str = "13700001111";

#[tokio::test]
async fn the_servers_logs_hold_no_personal_data_and_sigterm_stops_it() {
    let folder = std::env::temp_dir().join(format!("gongzhi-logs-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&folder).expect("folder");
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("free port");
        listener.local_addr().expect("address").port()
    };
    let mut server = Command::new(env!("CARGO_BIN_EXE_gongzhi"))
        .args(["serve", "--demo"])
        .env("DATABASE_URL", folder.join("logs.db"))
        .env("GONGZHI_BIND", format!("127.0.0.1:{port}"))
        .env("GONGZHI_LOG_FORMAT", "json")
        .env("RUST_LOG", "info")
        .env_remove("GONGZHI_CONFIG")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the server starts");
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    let mut ready = false;
    for _ in 0..200 {
        if client.get(format!("{base}/readyz")).send().await.is_ok_and(|r| r.status().is_success()) {
            ready = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(ready, "the demo server answered /readyz");
    let post = |path: &str, token: Option<&str>, body: Value| {
        let mut req = client.post(format!("{base}{path}")).json(&body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        async move { req.send().await.expect("sent").json::<Value>().await.unwrap_or(Value::Null) }
    };

    // A resident signs up and in with her phone; a wrong password is tried; the worker files
    // a demand for a caller with the caller's phone; someone searches the board for her.
    let worker = post("/api/v1/auth/login", None, json!({"username": "worker", "password": "gongzhi-demo"})).await;
    let worker_token = worker["access_token"].as_str().expect("worker token").to_owned();
    let me = client.get(format!("{base}/api/v1/me")).bearer_auth(&worker_token).send().await.expect("me");
    let community = me.json::<Value>().await.expect("me")["grants"][0]["unit_id"].clone();
    let signed_up = post(
        "/api/v1/auth/register",
        None,
        json!({"display_name": NAME, "phone": PHONE, "password": PASSWORD, "unit_id": community}),
    )
    .await;
    let access = signed_up["access_token"].as_str().expect("signed up").to_owned();
    let refresh = signed_up["refresh_token"].as_str().unwrap_or("no-refresh-token").to_owned();
    post("/api/v1/auth/login", None, json!({"username": PHONE, "password": WRONG})).await;
    let hers = post("/api/v1/auth/login", None, json!({"username": PHONE, "password": PASSWORD})).await;
    assert!(hers["access_token"].is_string(), "{hers}");
    let filed = post(
        "/api/v1/demands",
        Some(&worker_token),
        json!({"title": "楼道灯不亮", "description": "", "category": "sanitation", "unit_id": community,
            "source": "phone", "author_phone": CALLER_PHONE}),
    )
    .await;
    assert!(filed["id"].is_string(), "{filed}");
    let q: String = url_encoded(NAME);
    client.get(format!("{base}/api/v1/public/demands?q={q}")).send().await.expect("search");

    // SIGTERM: in-flight requests finish, the worker stops, the process exits 0.
    let stopped = Command::new("kill").args(["-TERM", &server.id().to_string()]).status().expect("kill");
    assert!(stopped.success());
    let mut status = None;
    for _ in 0..300 {
        if let Some(s) = server.try_wait().expect("wait") {
            status = Some(s);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let Some(status) = status else {
        let _ = server.kill();
        panic!("the server did not stop within 30 s of SIGTERM");
    };
    assert!(status.success(), "exit after SIGTERM: {status}");
    let mut logs = String::new();
    server.stdout.take().expect("stdout").read_to_string(&mut logs).expect("stdout");
    server.stderr.take().expect("stderr").read_to_string(&mut logs).expect("stderr");
    let _ = std::fs::remove_dir_all(&folder);

    let lines: Vec<Value> = logs
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|_| panic!("not a JSON log line: {l}")))
        .collect();
    let requests: Vec<&Value> = lines.iter().filter(|l| l["message"] == "request").collect();
    assert!(requests.len() >= 8, "a line per request: {logs}");
    assert!(requests.iter().all(|l| l["span"]["request_id"].is_string() && l["route"].is_string() && l["status"].is_number()));
    for secret in [NAME, PHONE, PASSWORD, WRONG, "gongzhi-demo", CALLER_PHONE, &access, &refresh, &worker_token, &q] {
        assert!(!logs.contains(secret), "the logs hold {secret:?}:\n{logs}");
    }
}

fn url_encoded(text: &str) -> String {
    text.bytes().map(|b| format!("%{b:02X}")).collect()
}
