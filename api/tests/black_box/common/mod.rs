//! Black-box harness: the real server on a free port, real HTTP, a fresh database per
//! test on SQLite or PostgreSQL, dropped when the test ends.
#![allow(dead_code)] // each test file uses a different part of the harness

pub mod pipeline;

use api::{Application, Settings};
use diesel::{Connection, RunQueryDsl};
use persistence::Backend;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use tokio::task::JoinSet;

/// Runs each named `async fn(TestApp)` once on SQLite and once on PostgreSQL.
macro_rules! on_both_databases {
    ($($name:ident),+ $(,)?) => {$(
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                super::$name(crate::common::TestApp::spawn(crate::common::Engine::Sqlite).await).await
            }
            #[tokio::test]
            async fn postgres() {
                if crate::common::skip_postgres() {
                    return;
                }
                super::$name(crate::common::TestApp::spawn(crate::common::Engine::Postgres).await).await
            }
        }
    )+};
}
pub(crate) use on_both_databases;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

pub const PASSWORD: &str = "correct-horse-battery";
/// What a user sets for itself when the password it was given was temporary.
pub const OWN_PASSWORD: &str = "my-own-staple-horse";

/// `GONGZHI_TEST_SKIP_POSTGRES=1` (set by scripts/test when no server can be started)
/// skips the PostgreSQL half; CI never sets it.
pub fn skip_postgres() -> bool {
    let skip = std::env::var("GONGZHI_TEST_SKIP_POSTGRES").is_ok_and(|v| v == "1");
    if skip {
        eprintln!("SKIPPED: PostgreSQL half of this test (GONGZHI_TEST_SKIP_POSTGRES=1)");
    }
    skip
}

/// Without TLS: the local server offers it, and libpq's OpenSSL state torn down at process
/// exit while pool threads still hold connections crashes the test binary (SIGSEGV after
/// the test passed). Loopback needs no TLS.
fn postgres_admin_url() -> String {
    std::env::var("GONGZHI_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable".into())
}

/// A database that exists for one test.
pub enum TestDb {
    Sqlite(std::path::PathBuf),
    Postgres { admin_url: String, name: String },
}

impl TestDb {
    pub fn create(engine: Engine) -> (TestDb, Backend) {
        let tag = uuid::Uuid::now_v7().simple().to_string();
        match engine {
            Engine::Sqlite => {
                let path = std::env::temp_dir().join(format!("gongzhi-test-{tag}.db"));
                let backend = Backend::Sqlite(path.to_string_lossy().into_owned());
                (TestDb::Sqlite(path), backend)
            }
            Engine::Postgres => {
                let admin_url = postgres_admin_url();
                let name = format!("gongzhi_test_{tag}");
                let mut conn = diesel::PgConnection::establish(&admin_url)
                    .unwrap_or_else(|e| panic!("PostgreSQL at {admin_url} is needed for this test: {e}"));
                diesel::sql_query(format!("CREATE DATABASE {name}")).execute(&mut conn).expect("create test database");
                let (base, rest) = admin_url.rsplit_once('/').unwrap_or((admin_url.as_str(), ""));
                let query = rest.split_once('?').map(|(_, q)| format!("?{q}")).unwrap_or_default();
                let backend = Backend::Postgres(format!("{base}/{name}{query}"));
                (TestDb::Postgres { admin_url, name }, backend)
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match self {
            TestDb::Sqlite(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let mut p = path.clone().into_os_string();
                    p.push(suffix);
                    let _ = std::fs::remove_file(p);
                }
            }
            TestDb::Postgres { admin_url, name } => {
                if let Ok(mut conn) = diesel::PgConnection::establish(admin_url) {
                    let _ =
                        diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut conn);
                }
            }
        }
    }
}

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub engine: Engine,
    pub backend: Backend,
    /// The server's shared state, to hold its resources still in a test.
    pub state: actix_web::web::Data<api::startup::AppState>,
    _db: TestDb,
}

/// A response read whole: status, headers and JSON body (or `null`).
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Reply {
    pub fn content_type(&self) -> &str {
        self.headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("")
    }
    /// Asserts a problem+json error with this status and returns its `code`.
    pub fn problem(&self, status: u16) -> String {
        assert_eq!(self.status.as_u16(), status, "expected {status}, got {} {}", self.status, self.body);
        assert_eq!(self.content_type(), "application/problem+json", "{}", self.body);
        assert_eq!(self.body["status"], status);
        for field in ["type", "title", "detail", "code"] {
            assert!(self.body[field].is_string(), "problem lacks {field}: {}", self.body);
        }
        self.body["code"].as_str().unwrap_or_default().to_owned()
    }
    pub fn id(&self) -> String {
        self.body["id"].as_str().unwrap_or_else(|| panic!("no id in {}", self.body)).to_owned()
    }
    pub fn ok(self, status: u16) -> Value {
        assert_eq!(self.status.as_u16(), status, "expected {status}: {}", self.body);
        self.body
    }
}

impl TestApp {
    pub async fn spawn(engine: Engine) -> TestApp {
        Self::spawn_with(engine, |_| {}).await
    }

    /// The server serving a built web app from `static_dir` too.
    pub async fn spawn_with_web_app(engine: Engine, static_dir: Option<std::path::PathBuf>) -> TestApp {
        Self::spawn_with(engine, |s| s.static_dir = static_dir).await
    }

    /// A server whose settings `adjust` changes first.
    pub async fn spawn_with(engine: Engine, adjust: impl FnOnce(&mut Settings)) -> TestApp {
        let (db, backend) = TestDb::create(engine);
        let mut settings = Settings {
            database: backend.clone(),
            bind: "127.0.0.1:0".into(),
            jwt_secret: b"test-secret-test-secret-test-secret".to_vec(),
            demo: false,
            pool_size: 4,
            static_dir: None,
            // Tests play clients at many addresses through X-Forwarded-For.
            trusted_proxies: vec!["127.0.0.1".parse().expect("ip")],
            // Tests wait for the worker's effects: a short rest keeps the waits short.
            worker_interval: std::time::Duration::from_millis(20),
        };
        adjust(&mut settings);
        let app = Application::build(settings, Some(1)).await.expect("application starts");
        let address = format!("http://127.0.0.1:{}", app.port());
        let state = app.state();
        tokio::spawn(app.run_until_stopped());
        TestApp { address, client: reqwest::Client::new(), engine, backend, state, _db: db }
    }

    /// Sends a request as a client at `from` would through the trusted proxy
    /// (`X-Forwarded-For`), with extra headers.
    pub async fn request_from(
        &self,
        from: &str,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<Value>,
    ) -> Reply {
        let mut req = self.client.request(method, format!("{}{path}", self.address)).header("x-forwarded-for", from);
        for (name, value) in headers {
            req = req.header(*name, *value);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        Self::read(req).await
    }

    pub async fn login_from(&self, from: &str, username: &str, password: &str) -> Reply {
        let body = json!({"username": username, "password": password});
        self.request_from(from, Method::POST, "/api/v1/auth/login", &[], Some(body)).await
    }

    pub async fn request(&self, method: Method, path: &str, token: Option<&str>, body: Option<Value>) -> Reply {
        let mut req = self.client.request(method, format!("{}{path}", self.address));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        Self::read(req).await
    }

    async fn read(req: reqwest::RequestBuilder) -> Reply {
        let resp = req.send().await.expect("request sent");
        let status = resp.status();
        let headers = resp.headers().clone();
        let text = resp.text().await.expect("body read");
        let body =
            if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or(Value::String(text)) };
        Reply { status, headers, body }
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Reply {
        self.request(Method::GET, path, token, None).await
    }
    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> Reply {
        self.request(Method::POST, path, token, Some(body)).await
    }
    pub async fn patch(&self, path: &str, token: Option<&str>, body: Value) -> Reply {
        self.request(Method::PATCH, path, token, Some(body)).await
    }

    /// A blocking connection to this test's database, for looking behind the API.
    pub fn connection(&self) -> persistence::DbConnection {
        match &self.backend {
            Backend::Sqlite(p) => {
                let mut c = diesel::SqliteConnection::establish(p).expect("sqlite");
                // The server's worker writes too: wait for it rather than fail.
                diesel::connection::SimpleConnection::batch_execute(&mut c, "PRAGMA busy_timeout = 5000")
                    .expect("busy timeout");
                persistence::DbConnection::Sqlite(c)
            }
            Backend::Postgres(u) => {
                persistence::DbConnection::Postgresql(diesel::PgConnection::establish(u).expect("pg"))
            }
        }
    }

    /// What `gongzhi create-admin` does: the root district and its admin. Returns the
    /// district id.
    pub async fn create_admin(&self, username: &str) -> String {
        let backend = self.backend.clone();
        let username = username.to_owned();
        tokio::task::spawn_blocking(move || {
            use domain::values::{DisplayName, Name, Username};
            let pool = persistence::connection::connect(&backend, 1).expect("connect");
            let mut conn = pool.get().expect("conn");
            let district =
                persistence::org_units::ensure_root_district(&mut conn, &Name::parse("二七区").expect("name"))
                    .expect("district");
            let new = persistence::users::NewUser {
                username: Username::parse(&username).expect("username"),
                password_hash: api::auth::password::hash(PASSWORD).expect("hash"),
                display_name: DisplayName::parse(&username).expect("name"),
                phone: None,
                party_member: false,
            };
            persistence::users::create_with_grant(&mut conn, new, domain::access::Role::DistrictAdmin, district.id)
                .expect("admin");
            district.id.to_string()
        })
        .await
        .expect("blocking task")
    }

    pub async fn login(&self, username: &str, password: &str) -> Reply {
        self.post("/api/v1/auth/login", None, json!({"username": username, "password": password})).await
    }

    /// Signs in and returns the access token.
    pub async fn token(&self, username: &str) -> String {
        self.token_with(username, PASSWORD).await
    }

    pub async fn token_with(&self, username: &str, password: &str) -> String {
        let body = self.login(username, password).await.ok(200);
        body["access_token"].as_str().expect("access token").to_owned()
    }

    /// Creates a unit below `parent` and returns its id.
    pub async fn unit(&self, token: &str, parent: &str, name: &str, kind: &str) -> String {
        let mut body = json!({"parent_id": parent, "name": name, "kind": kind});
        if kind == "community" {
            body["community_type"] = json!("old");
        }
        self.post("/api/v1/org-units", Some(token), body).await.ok(201)["id"].as_str().expect("id").to_owned()
    }

    pub async fn organization(&self, token: &str, unit: &str, name: &str, kind: &str) -> String {
        let body = json!({"unit_id": unit, "name": name, "kind": kind});
        self.post("/api/v1/organizations", Some(token), body).await.ok(201)["id"].as_str().expect("id").to_owned()
    }

    /// Creates a user with [`PASSWORD`] and returns its id.
    pub async fn user(&self, token: &str, username: &str) -> String {
        let body = json!({"username": username, "password": PASSWORD, "display_name": username});
        self.post("/api/v1/users", Some(token), body).await.ok(201)["id"].as_str().expect("id").to_owned()
    }

    /// Creates a user with [`PASSWORD`] and its first role in one request; returns its id.
    pub async fn user_with(&self, token: &str, username: &str, grant: Value) -> String {
        let body = json!({"username": username, "password": PASSWORD, "display_name": username, "grant": grant});
        self.post("/api/v1/users", Some(token), body).await.ok(201)["id"].as_str().expect("id").to_owned()
    }

    /// Signs in with the temporary [`PASSWORD`] a street committee gave and sets
    /// [`OWN_PASSWORD`], as its holder must before anything else.
    pub async fn set_own_password(&self, username: &str) {
        let token = self.token(username).await;
        let body = json!({"current_password": PASSWORD, "new_password": OWN_PASSWORD});
        let reply = self.post("/api/v1/me/password", Some(&token), body).await;
        assert_eq!(reply.status.as_u16(), 204, "{}", reply.body);
    }

    pub async fn grant(&self, token: &str, user: &str, grant: Value) -> Reply {
        self.post(&format!("/api/v1/users/{user}/grants"), Some(token), grant).await
    }
}

/// One request to run alongside others: method, path, token, body.
pub type Call = (Method, String, String, Option<Value>);

/// Sends every call at once and returns (status, body) in the order given.
pub async fn all_at_once(app: &TestApp, calls: Vec<Call>) -> Vec<(u16, Value)> {
    let mut set = JoinSet::new();
    for (i, (method, path, token, body)) in calls.into_iter().enumerate() {
        let mut req = app.client.request(method, format!("{}{path}", app.address)).bearer_auth(token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        set.spawn(async move {
            let resp = req.send().await.expect("request sent");
            let status = resp.status().as_u16();
            let body = resp.json::<Value>().await.unwrap_or(Value::Null);
            (i, status, body)
        });
    }
    let mut replies = Vec::new();
    while let Some(done) = set.join_next().await {
        replies.push(done.expect("task"));
    }
    replies.sort_by_key(|(i, _, _)| *i);
    replies.into_iter().map(|(_, s, b)| (s, b)).collect()
}

/// Asserts the books balance (`gongzhi check`): every resource's `allocated`, every
/// project's funding and every demand's co-sign count against the rows behind them.
/// Waits until the worker has taken in every event.
pub async fn settled(app: &TestApp) {
    for _ in 0..600 {
        let mut conn = app.connection();
        let end = persistence::events::end(&mut conn).expect("end");
        let at = persistence::events::position(&mut conn, persistence::statistics::CONSUMER).expect("cursor");
        if at == end {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the statistics consumer did not catch up");
}

pub async fn assert_books_balance(app: &TestApp) {
    // The figures' counts are checked with the rows once the worker has counted them.
    settled(app).await;
    let mut conn = app.connection();
    let violations =
        tokio::task::spawn_blocking(move || persistence::check::invariants(&mut conn).expect("check runs"))
            .await
            .expect("blocking task");
    assert!(violations.is_empty(), "the books do not balance:\n{}", violations.join("\n"));
}
