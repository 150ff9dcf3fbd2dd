//! The web app: built files from `frontend/dist`, and `index.html` for every other path
//! outside `/api`, so a deep link like `/demands/…` reloads into the app.
//!
//! Served by hand over `actix_files::NamedFile` (ETag, ranges, content types) rather than
//! `actix_files::Files`, so that a path no file may have (hidden, traversal, `%2F`) is a
//! problem+json 404 like any other unknown path, not a bare text/plain 400.

use std::path::{Path, PathBuf};

use actix_files::{NamedFile, PathBufWrap};
use actix_web::http::header::{self, CacheControl, CacheDirective, HeaderValue};
use actix_web::http::Method;
use actix_web::{web, HttpRequest, HttpResponse, ResponseError};

use crate::error::ApiError;

/// Where the built web app is; checked when the server starts.
#[derive(Debug, Clone)]
pub struct WebApp {
    dir: PathBuf,
}

impl WebApp {
    /// Refuses a folder without `index.html`: a server that answers every page with
    /// "No such file or directory" is worse than one that does not start.
    pub fn open(dir: &Path) -> Result<Self, String> {
        let index = dir.join("index.html");
        if index.is_file() {
            Ok(WebApp { dir: dir.to_owned() })
        } else {
            Err(format!(
                "GONGZHI_STATIC_DIR is {}, which has no index.html: build the web app \
                 (cd frontend && npm ci && npm run build) or unset GONGZHI_STATIC_DIR to serve only the API",
                dir.display()
            ))
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

/// The app's default service: a file of the build, or the shell for a client-side route.
pub async fn serve(req: HttpRequest, app: web::Data<WebApp>) -> HttpResponse {
    let path = req.path();
    let nothing = || ApiError::NotFound(format!("nothing at {path}")).error_response();
    // Unknown API-like paths stay problem+json, never the app's HTML.
    if path.starts_with("/api/") || path == "/api" || path.starts_with("/open311/") {
        return nothing();
    }
    if req.method() != Method::GET {
        let mut resp = ApiError::MethodNotAllowed.error_response();
        resp.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return resp;
    }
    // Hidden files, `..` (plain or encoded) and encoded slashes name nothing we serve.
    let decoded = path.to_ascii_lowercase().replace("%2e", ".").replace("%2f", "/");
    if decoded.split('/').any(|segment| segment == "..") {
        return nothing();
    }
    let Ok(relative) = PathBufWrap::parse_path(path, false) else {
        return nothing();
    };
    let mut file = app.dir.join(relative.as_ref());
    if file.is_dir() {
        file = file.join("index.html");
    }
    if file.is_file() {
        if let Ok(named) = NamedFile::open_async(&file).await {
            return named.into_response(&req);
        }
    }
    // A missing file (`/assets/gone.js`) is a 404: HTML in its place breaks the page in
    // confusing ways. Anything else is a route of the app.
    let last = path.rsplit('/').next().unwrap_or_default();
    if last.contains('.') {
        return nothing();
    }
    match NamedFile::open_async(app.dir.join("index.html")).await {
        Ok(index) => {
            let mut resp = index.into_response(&req);
            // The shell must be re-fetched after a deploy; hashed assets may be cached.
            if let Ok(value) = HeaderValue::from_str(&CacheControl(vec![CacheDirective::NoCache]).to_string()) {
                resp.headers_mut().insert(header::CACHE_CONTROL, value);
            }
            resp
        }
        Err(e) => ApiError::Internal(format!("the web app's index.html: {e}")).error_response(),
    }
}
