//! The built web app as a phone gets it: the precompressed form the browser accepts (br
//! before gzip), the original's content type, a year's cache for hashed assets and none for
//! the shell.

use crate::common::{on_both_databases, TestApp};
use reqwest::header::HeaderMap;

const JS: &str = "console.log('the app, plain');";
const JS_BR: &[u8] = b"pretend brotli";
const JS_GZ: &[u8] = b"pretend gzip";
const INDEX: &str = "<!doctype html><title>\u{5171}\u{6cbb}</title><script src=/assets/app-abc123.js></script>";
const INDEX_GZ: &[u8] = b"pretend gzipped shell";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// A build as `vite build` leaves it: a shell, a hashed script with both compressed forms,
/// a hashed style sheet without any, and a file from `public/` at the root.
fn built_app() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("gongzhi-web-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(dir.join("assets")).expect("dir");
    let files: [(&str, &[u8]); 7] = [
        ("index.html", INDEX.as_bytes()),
        ("index.html.gz", INDEX_GZ),
        ("assets/app-abc123.js", JS.as_bytes()),
        ("assets/app-abc123.js.br", JS_BR),
        ("assets/app-abc123.js.gz", JS_GZ),
        ("assets/style-def456.css", b"body{margin:0}"),
        ("robots.txt", b"User-agent: *"),
    ];
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes).expect("file");
    }
    dir
}

struct Got {
    status: u16,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Got {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// reqwest is built without its decompression features: bodies arrive as sent.
async fn fetch(app: &TestApp, method: reqwest::Method, path: &str, headers: &[(&str, &str)]) -> Got {
    let mut request = app.client.request(method, format!("{}{path}", app.address));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let resp = request.send().await.expect("sent");
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let body = resp.bytes().await.expect("body").to_vec();
    Got { status, headers, body }
}

async fn get(app: &TestApp, path: &str, accept_encoding: Option<&str>) -> Got {
    let headers: Vec<_> = accept_encoding.map(|v| ("accept-encoding", v)).into_iter().collect();
    fetch(app, reqwest::Method::GET, path, &headers).await
}

on_both_databases!(
    the_smallest_accepted_form_of_an_asset_is_sent,
    the_shell_is_never_cached_and_assets_are_for_a_year,
    head_is_get_without_the_body,
);

async fn the_smallest_accepted_form_of_an_asset_is_sent(app: TestApp) {
    let dir = built_app();
    let app = TestApp::spawn_with_web_app(app.engine, Some(dir.clone())).await;
    let cases: [(Option<&str>, Option<&str>, &[u8]); 9] = [
        // What Chromium sends: brotli.
        (Some("gzip, deflate, br, zstd"), Some("br"), JS_BR),
        (Some("br"), Some("br"), JS_BR),
        (Some("*"), Some("br"), JS_BR),
        // Only gzip, or brotli refused, or gzip preferred by quality.
        (Some("gzip, deflate"), Some("gzip"), JS_GZ),
        (Some("br;q=0, gzip"), Some("gzip"), JS_GZ),
        (Some("br;q=0.5, gzip;q=0.9"), Some("gzip"), JS_GZ),
        // Nothing we have: the file as it is.
        (None, None, JS.as_bytes()),
        (Some("identity"), None, JS.as_bytes()),
        (Some("deflate, zstd"), None, JS.as_bytes()),
    ];
    for (accept, encoding, body) in cases {
        let got = get(&app, "/assets/app-abc123.js", accept).await;
        assert_eq!(got.status, 200, "{accept:?}");
        assert_eq!(got.header("content-encoding"), encoding, "{accept:?}");
        assert_eq!(got.body, body, "{accept:?}");
        assert_eq!(got.header("content-type"), Some("text/javascript"), "{accept:?}: the original's type");
        assert_eq!(got.header("vary"), Some("accept-encoding"), "{accept:?}");
        assert_eq!(got.header("content-length"), Some(body.len().to_string().as_str()), "{accept:?}");
        assert_eq!(got.header("cache-control"), Some(IMMUTABLE), "{accept:?}");
        assert_eq!(got.header("content-disposition"), None, "{accept:?}");
        assert_eq!(got.header("x-content-type-options"), Some("nosniff"), "{accept:?}");
    }
    // The compressed forms are different representations, so they have different ETags.
    let mut etags = std::collections::HashSet::new();
    for accept in ["br", "gzip", "identity"] {
        etags.insert(get(&app, "/assets/app-abc123.js", Some(accept)).await.header("etag").map(str::to_owned));
    }
    assert_eq!(etags.len(), 3, "{etags:?}");
    // A range is of the stored file: served from the plain one, never a slice of brotli.
    let range = fetch(
        &app,
        reqwest::Method::GET,
        "/assets/app-abc123.js",
        &[("accept-encoding", "br"), ("range", "bytes=0-6")],
    )
    .await;
    assert_eq!((range.status, range.body.as_slice()), (206, &JS.as_bytes()[..7]));
    assert_ne!(range.header("content-encoding"), Some("br"));
    // A file without compressed forms: as it is, and nothing varies.
    let css = get(&app, "/assets/style-def456.css", Some("br, gzip")).await;
    assert_eq!((css.status, css.header("content-encoding"), css.header("vary")), (200, None, None));
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert_eq!(css.header("cache-control"), Some(IMMUTABLE));
    // A missing asset is still a problem, even when its compressed form were asked for.
    for path in ["/assets/missing.js", "/assets/app-abc123.js.br.br", "/assets/missing.js.gz"] {
        let missing = get(&app, path, Some("br, gzip")).await;
        assert_eq!(missing.status, 404, "{path}");
        assert_eq!(missing.header("content-type"), Some("application/problem+json"), "{path}");
        assert_eq!(missing.header("content-encoding"), None, "{path}");
    }
    let _ = std::fs::remove_dir_all(dir);
}

async fn the_shell_is_never_cached_and_assets_are_for_a_year(app: TestApp) {
    let dir = built_app();
    let app = TestApp::spawn_with_web_app(app.engine, Some(dir.clone())).await;
    // The shell, at its own name, at `/` and for any client-side route, gzipped when it can be.
    for path in ["/", "/index.html", "/board", "/demands/0192-some-id"] {
        let gz = get(&app, path, Some("gzip, deflate, br")).await;
        assert_eq!((gz.status, gz.header("content-encoding")), (200, Some("gzip")), "{path}");
        assert_eq!(gz.body, INDEX_GZ, "{path}");
        assert_eq!(gz.header("content-type"), Some("text/html; charset=utf-8"), "{path}");
        assert_eq!(gz.header("cache-control"), Some("no-cache"), "{path}");
        assert_eq!(gz.header("vary"), Some("accept-encoding"), "{path}");
        let plain = get(&app, path, None).await;
        assert_eq!((plain.status, plain.header("content-encoding")), (200, None), "{path}");
        assert_eq!(String::from_utf8_lossy(&plain.body), INDEX, "{path}");
        assert_eq!(plain.header("cache-control"), Some("no-cache"), "{path}");
    }
    // A file with a name that never changes is revalidated too.
    let robots = get(&app, "/robots.txt", Some("br")).await;
    assert_eq!((robots.status, robots.header("cache-control")), (200, Some("no-cache")));
    // Revalidation works: the shell's ETag gives a 304.
    let first = get(&app, "/board", Some("gzip")).await;
    let etag = first.header("etag").expect("an ETag");
    let again =
        fetch(&app, reqwest::Method::GET, "/board", &[("accept-encoding", "gzip"), ("if-none-match", etag)]).await;
    assert_eq!(again.status, 304);
    let _ = std::fs::remove_dir_all(dir);
}

async fn head_is_get_without_the_body(app: TestApp) {
    let dir = built_app();
    let app = TestApp::spawn_with_web_app(app.engine, Some(dir.clone())).await;
    for (path, accept) in
        [("/assets/app-abc123.js", "br"), ("/assets/app-abc123.js", "gzip"), ("/board", "gzip"), ("/", "")]
    {
        let got = get(&app, path, Some(accept)).await;
        let head = fetch(&app, reqwest::Method::HEAD, path, &[("accept-encoding", accept)]).await;
        assert_eq!(head.status, 200, "HEAD {path} {accept}");
        assert!(head.body.is_empty(), "HEAD {path} {accept}");
        for name in ["content-type", "content-encoding", "content-length", "cache-control", "vary", "etag"] {
            assert_eq!(head.header(name), got.header(name), "HEAD {path} {accept}: {name}");
        }
    }
    let missing = fetch(&app, reqwest::Method::HEAD, "/assets/missing.js", &[]).await;
    assert_eq!((missing.status, missing.body.len()), (404, 0));
    let _ = std::fs::remove_dir_all(dir);
}
