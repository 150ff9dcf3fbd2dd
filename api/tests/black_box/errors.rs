//! SPEC §5's error contract: problem+json for everything a client can get wrong.

use crate::common::{on_both_databases, TestApp};
use reqwest::Method;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

on_both_databases!(every_client_mistake_gets_its_status_as_problem_json, probes_answer);

async fn every_client_mistake_gets_its_status_as_problem_json(app: TestApp) {
    let district = app.create_admin("admin").await;
    let admin = app.token("admin").await;
    let url = |p: &str| format!("{}{p}", app.address);
    let raw = |method: Method, path: &str, body: &'static str, content_type: &'static str| {
        app.client.request(method, url(path)).bearer_auth(&admin).header("content-type", content_type).body(body).send()
    };
    let problem = |resp: reqwest::Response| async move {
        let status = resp.status().as_u16();
        let ct = resp.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
        let body: serde_json::Value = resp.json().await.expect("problem body is JSON");
        assert_eq!(ct, "application/problem+json", "{body}");
        assert_eq!(body["status"], status);
        (status, body["code"].as_str().unwrap_or_default().to_owned())
    };

    // 400: not JSON at all.
    let (s, code) =
        problem(raw(Method::POST, "/api/v1/org-units", "{\"name\": ", "application/json").await.expect("sent")).await;
    assert_eq!((s, code.as_str()), (400, "malformed_json"));
    // 422: JSON, but a field is missing or of the wrong type.
    let missing = app.post("/api/v1/org-units", Some(&admin), json!({"name": "x", "kind": "street"})).await;
    assert_eq!(missing.problem(422), "invalid_body");
    assert!(missing.body["errors"]["parent_id"].is_array(), "{}", missing.body);
    let wrong_type =
        app.post("/api/v1/org-units", Some(&admin), json!({"parent_id": district, "name": 5, "kind": "street"})).await;
    wrong_type.problem(422);
    // 415: not declared as JSON.
    let (s, _) = problem(raw(Method::POST, "/api/v1/org-units", "{}", "text/plain").await.expect("sent")).await;
    assert_eq!(s, 415);
    // 413: over 1 MiB, refused before it is parsed.
    let big = format!("{{\"parent_id\": \"{district}\", \"name\": \"{}\", \"kind\": \"street\"}}", "x".repeat(1 << 20));
    let resp = app
        .client
        .post(url("/api/v1/org-units"))
        .bearer_auth(&admin)
        .header("content-type", "application/json")
        .body(big)
        .send()
        .await
        .expect("sent");
    assert_eq!(problem(resp).await.0, 413);
    // 404: unknown route, unknown id, an id that is no id.
    app.get("/api/v1/nothing-here", None).await.problem(404);
    app.get("/nothing-here", None).await.problem(404);
    app.get(&format!("/api/v1/org-units/{}", uuid::Uuid::now_v7()), None).await.problem(404);
    app.get("/api/v1/org-units/not-a-uuid", None).await.problem(404);
    // 405: a known path with a method it does not take.
    assert_eq!(
        app.request(Method::DELETE, "/api/v1/org-units", Some(&admin), None).await.problem(405),
        "method_not_allowed"
    );
    app.request(Method::PUT, &format!("/api/v1/org-units/{district}"), Some(&admin), Some(json!({})))
        .await
        .problem(405);
    app.request(Method::POST, "/api/v1/me", Some(&admin), None).await.problem(405);
    // 401 / 403.
    app.post("/api/v1/org-units", None, json!({})).await.problem(401);
    app.user(&admin, "nobody-special").await;
    let token = app.token("nobody-special").await;
    app.post("/api/v1/org-units", Some(&token), json!({"parent_id": district, "name": "x", "kind": "street"}))
        .await
        .problem(403);
    // 400: a query string that does not parse.
    app.get("/api/v1/org-units?limit=many", None).await.problem(400);

    // None of it changed anything.
    let streets = app.get("/api/v1/org-units?kind=street", None).await.ok(200);
    assert_eq!(streets["items"].as_array().map(Vec::len), Some(0));
}

async fn probes_answer(app: TestApp) {
    assert_eq!(app.get("/healthz", None).await.ok(200)["status"], "ok");
    assert_eq!(app.get("/readyz", None).await.ok(200)["status"], "ready");
    app.request(Method::POST, "/healthz", None, None).await.problem(405);
    // HEAD works wherever GET does: the headers of the GET, no body.
    for path in ["/healthz", "/readyz", "/api/v1/openapi.json", "/api/v1/public/demands", "/docs/"] {
        let head = app.client.head(format!("{}{path}", app.address)).send().await.expect("sent");
        assert_eq!(head.status().as_u16(), 200, "HEAD {path}");
        let get = app.client.get(format!("{}{path}", app.address)).send().await.expect("sent");
        assert_eq!(head.headers().get("content-type"), get.headers().get("content-type"), "HEAD {path}");
        assert!(head.bytes().await.expect("body").is_empty(), "HEAD {path} has no body");
    }
    // `/docs` is where people type it.
    let raw = send_raw(&app, "GET /docs HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await;
    assert_eq!((raw.status, raw.header("location")), (308, Some("/docs/")), "{raw:?}");
    let spec = app.get("/api/v1/openapi.json", None).await.ok(200);
    assert!(spec["paths"]["/api/v1/auth/login"].is_object());
    // Links name their operation as OpenAPI spells it.
    let created = &spec["paths"]["/api/v1/org-units"]["post"]["responses"]["201"]["links"]["org_units_get"];
    assert_eq!(
        (&created["operationId"], &created["parameters"]["id"]),
        (&json!("org_units_get"), &json!("$response.body#/id"))
    );
    assert!(!spec.to_string().contains("operation_id"));
    // Interactive docs come from the binary itself, no CDN.
    let docs = app.client.get(format!("{}/docs/", app.address)).send().await.expect("sent");
    assert_eq!(docs.status().as_u16(), 200);
    let html = docs.text().await.expect("html");
    assert!(!html.contains("cdn") && !html.contains("unpkg"), "docs must work offline");
    let js = app.client.get(format!("{}/docs/swagger-ui-bundle.js", app.address)).send().await.expect("sent");
    assert_eq!(js.status().as_u16(), 200);
}

/// A response read off the socket by hand.
#[derive(Debug)]
struct RawReply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl RawReply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
    fn assert_problem(&self, status: u16) -> serde_json::Value {
        assert_eq!(self.status, status, "{self:?}");
        assert_eq!(self.header("content-type"), Some("application/problem+json"), "{self:?}");
        let body: serde_json::Value = serde_json::from_str(&self.body).expect("problem body is JSON");
        assert_eq!(body["status"], status, "{self:?}");
        body
    }
}

/// What reqwest will not send: paths it would normalise, heads actix-http refuses.
async fn send_raw(app: &TestApp, request: &str) -> RawReply {
    let addr = app.address.trim_start_matches("http://");
    let stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    // The server may answer and close before it has read all of an oversized head: read
    // while writing, and keep what arrived before a reset.
    let (mut reader, mut writer) = stream.into_split();
    let read = tokio::spawn(async move {
        let mut bytes = Vec::new();
        let _ = reader.read_to_end(&mut bytes).await;
        bytes
    });
    let _ = writer.write_all(request.as_bytes()).await;
    let bytes = read.await.expect("reader");
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((text.as_str(), ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {text:?}"));
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    RawReply { status, headers, body: body.to_owned() }
}

fn get(path: &str) -> String {
    format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
}

/// A built web app as the SPA module expects it.
fn web_app_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("gongzhi-web-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(dir.join("assets")).expect("dir");
    std::fs::write(dir.join("index.html"), "<!doctype html><title>共治</title><script src=/assets/app.js></script>")
        .expect("index");
    std::fs::write(dir.join("assets/app.js"), "console.log('app')").expect("asset");
    std::fs::write(dir.join(".env"), "SECRET=1").expect("hidden file");
    dir
}

on_both_databases!(odd_paths_are_problem_json_too, every_response_carries_the_security_headers);

async fn odd_paths_are_problem_json_too(app: TestApp) {
    let dir = web_app_dir();
    let app = TestApp::spawn_with_web_app(app.engine, Some(dir.clone())).await;
    // The app and its files; a client-side route gets the shell.
    assert!(send_raw(&app, &get("/")).await.body.contains("共治"));
    let js = send_raw(&app, &get("/assets/app.js")).await;
    assert_eq!((js.status, js.header("content-type")), (200, Some("text/javascript")), "{js:?}");
    let deep = send_raw(&app, &get("/demands/0192-some-id")).await;
    assert_eq!(deep.status, 200);
    assert!(deep.body.contains("共治") && deep.header("cache-control") == Some("no-cache"), "{deep:?}");
    let head = send_raw(&app, "HEAD /demands/x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await;
    assert_eq!((head.status, head.body.as_str()), (200, ""), "{head:?}");
    // Hidden files, traversal (plain and with an encoded slash), a missing asset: nothing there.
    for path in
        ["/.env", "/assets/..%2f..%2f.env", "/assets/..%2f..", "/../../etc/passwd", "/assets/gone.js", "/.git/config"]
    {
        let body = send_raw(&app, &get(path)).await.assert_problem(404);
        assert_eq!(body["code"], "not_found", "{path}");
        assert!(!body.to_string().contains("SECRET"));
    }
    // The API never falls back to the app's HTML.
    send_raw(&app, &get("/api/v1/nothing")).await.assert_problem(404);
    send_raw(&app, &get("/api/nothing")).await.assert_problem(404);
    // The web app takes GET and HEAD only.
    let post =
        send_raw(&app, "POST /demands HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").await;
    post.assert_problem(405);
    assert_eq!(post.header("allow"), Some("GET, HEAD"));
    // Swagger UI's own 404 for a file it does not have, reached with `..`.
    send_raw(&app, &get("/docs/../x")).await.assert_problem(404);
    send_raw(&app, &get("/docs/no-such-file.js")).await.assert_problem(404);
    // A URL past 8 KiB is refused before routing.
    let long = format!("/api/v1/public/demands?q={}", "x".repeat(9 * 1024));
    assert_eq!(send_raw(&app, &get(&long)).await.assert_problem(414)["code"], "uri_too_long");

    // What actix-http answers before any of our code runs, so it cannot be problem+json
    // (actix-web 4 has no setting for these limits): more than 96 headers, or a head over
    // 128 KiB, is an empty 431; a request line that does not parse is an empty 400. Both
    // close the connection. Pinned here so that a change in actix-http shows.
    let many: String = (0..100).map(|i| format!("X-H{i}: v\r\n")).collect();
    let reply = send_raw(&app, &format!("GET /healthz HTTP/1.1\r\nHost: x\r\n{many}Connection: close\r\n\r\n")).await;
    assert_eq!((reply.status, reply.body.as_str()), (431, ""), "{reply:?}");
    let huge = send_raw(&app, &get(&format!("/{}", "x".repeat(140 * 1024)))).await;
    assert_eq!((huge.status, huge.body.as_str()), (431, ""), "{:?}", huge.headers);
    let reply = send_raw(&app, "GET /a b c HTTP/1.1\r\nHost: x\r\n\r\n").await;
    assert_eq!((reply.status, reply.body.as_str()), (400, ""), "{reply:?}");
    let _ = std::fs::remove_dir_all(dir);
}

async fn every_response_carries_the_security_headers(app: TestApp) {
    let dir = web_app_dir();
    let app = TestApp::spawn_with_web_app(app.engine, Some(dir.clone())).await;
    let kinds = [
        ("200 JSON", get("/healthz"), 200),
        ("404 problem", get("/api/v1/nothing"), 404),
        ("401 problem", get("/api/v1/me"), 401),
        ("405 problem", "DELETE /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_owned(), 405),
        ("the web app", get("/"), 200),
        ("a client-side route", get("/board"), 200),
        ("a static file", get("/assets/app.js"), 200),
        ("a refused path", get("/.env"), 404),
        ("API docs", get("/docs/"), 200),
        ("API docs' files", get("/docs/swagger-ui.css"), 200),
        ("the contract", get("/api/v1/openapi.json"), 200),
        ("a redirect", get("/docs"), 308),
        ("414", get(&format!("/{}", "x".repeat(9000))), 414),
    ];
    for (what, request, status) in kinds {
        let reply = send_raw(&app, &request).await;
        assert_eq!(reply.status, status, "{what}: {reply:?}");
        let csp = reply.header("content-security-policy").unwrap_or_else(|| panic!("{what}: no CSP"));
        for directive in ["script-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'"] {
            assert!(csp.contains(directive), "{what}: {csp}");
        }
        assert!(
            !csp.contains("unsafe-eval")
                && !csp
                    .split("script-src")
                    .nth(1)
                    .is_some_and(|s| s.split(';').next().is_some_and(|d| d.contains("unsafe-inline")))
        );
        assert_eq!(reply.header("x-content-type-options"), Some("nosniff"), "{what}");
        assert_eq!(reply.header("x-frame-options"), Some("DENY"), "{what}");
        assert_eq!(reply.header("referrer-policy"), Some("no-referrer"), "{what}");
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn a_web_app_folder_without_index_html_is_refused_at_start() {
    let settings = api::Settings {
        database: persistence::Backend::Sqlite(
            std::env::temp_dir().join(format!("gongzhi-never-{}.db", uuid::Uuid::now_v7())).display().to_string(),
        ),
        bind: "127.0.0.1:0".into(),
        jwt_secret: b"test-secret-test-secret-test-secret".to_vec(),
        demo: false,
        pool_size: 1,
        static_dir: Some("/nonexistent/gongzhi/dist".into()),
        trusted_proxies: vec![],
        worker_interval: std::time::Duration::from_secs(1),
    };
    let error = api::Application::build(settings, Some(1)).await.err().expect("refused");
    let message = error.to_string();
    assert!(message.contains("GONGZHI_STATIC_DIR") && message.contains("/nonexistent/gongzhi/dist"), "{message}");
}
