//! The web app: built files from `frontend/dist`, and `index.html` for every other path
//! outside `/api`, so a deep link like `/demands/…` reloads into the app.
//!
//! Served by hand over `actix_files::NamedFile` (ETag, ranges, content types) rather than
//! `actix_files::Files`, so that a path no file may have (hidden, traversal, `%2F`) is a
//! problem+json 404 like any other unknown path, not a bare text/plain 400.
//!
//! The build puts `name.br` and `name.gz` next to each text file (frontend/scripts/
//! precompress.ts): the smallest form the client accepts is sent as it is, with the
//! original's content type. Nothing compresses on the fly (no `Compress` middleware), so
//! nothing is compressed twice. Vite writes only content-hashed names under `assets/`: those
//! are cached for a year; `index.html` and anything else is revalidated on every visit.

use std::path::{Path, PathBuf};

use actix_files::{NamedFile, PathBufWrap};
use actix_web::http::header::{self, CacheControl, CacheDirective, ContentEncoding, HeaderValue};
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
        let immutable = path.starts_with("/assets/");
        return send(&req, &file, immutable).await;
    }
    // A missing file (`/assets/gone.js`) is a 404: HTML in its place breaks the page in
    // confusing ways. Anything else is a route of the app.
    let last = path.rsplit('/').next().unwrap_or_default();
    if last.contains('.') {
        return nothing();
    }
    send(&req, &app.dir.join("index.html"), false).await
}

/// The precompressed forms the build writes, in the order we prefer them at equal quality.
const PRECOMPRESSED: [(ContentEncoding, &str, &str); 2] =
    [(ContentEncoding::Brotli, "br", "br"), (ContentEncoding::Gzip, "gzip", "gz")];

/// A file of the build, or its precompressed form when the client takes one.
async fn send(req: &HttpRequest, file: &Path, immutable: bool) -> HttpResponse {
    let accept = req.headers().get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let variants: Vec<_> = PRECOMPRESSED
        .iter()
        .map(|&(encoding, coding, suffix)| (encoding, coding, with_suffix(file, suffix)))
        .filter(|(_, _, path)| path.is_file())
        .collect();
    // A range is a range of the file as stored: only ever of the plain one.
    let chosen = if req.headers().contains_key(header::RANGE) {
        None
    } else {
        variants
            .iter()
            .map(|(encoding, coding, path)| (quality(accept, coding), *encoding, path))
            .filter(|(q, _, _)| *q > 0)
            // Highest quality first; at equal quality the earlier (smaller) form wins.
            .fold(None, |best: Option<(u16, ContentEncoding, &PathBuf)>, candidate| match best {
                Some(b) if b.0 >= candidate.0 => Some(b),
                _ => Some(candidate),
            })
    };
    let opened = match chosen {
        Some((_, encoding, path)) => NamedFile::open_async(path).await.map(|named| {
            let extension = file.extension().and_then(|e| e.to_str()).unwrap_or_default();
            named.set_content_type(actix_files::file_extension_to_mime(extension)).set_content_encoding(encoding)
        }),
        None => NamedFile::open_async(file).await,
    };
    let named = match opened {
        Ok(named) => named.disable_content_disposition(),
        Err(e) => return ApiError::Internal(format!("the web app's {}: {e}", file.display())).error_response(),
    };
    let mut resp = named.into_response(req);
    let headers = resp.headers_mut();
    let cache = if immutable {
        CacheControl(vec![
            CacheDirective::Public,
            CacheDirective::MaxAge(31_536_000),
            CacheDirective::Extension("immutable".into(), None),
        ])
    } else {
        // The shell must be re-fetched after a deploy; hashed assets may be cached.
        CacheControl(vec![CacheDirective::NoCache])
    };
    if let Ok(value) = HeaderValue::from_str(&cache.to_string()) {
        headers.insert(header::CACHE_CONTROL, value);
    }
    if !variants.is_empty() {
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    resp
}

/// `app.js` → `app.js.br`.
fn with_suffix(file: &Path, suffix: &str) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

/// How much the client wants `coding`, in thousandths, from its `Accept-Encoding`
/// (RFC 9110 §12.5.3): its own entry, else `*`'s, else 0 (not acceptable).
fn quality(accept: &str, coding: &str) -> u16 {
    let mut wildcard = None;
    for item in accept.split(',') {
        let mut parts = item.split(';');
        let name = parts.next().unwrap_or_default().trim();
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q=").or_else(|| p.trim().strip_prefix("Q=")))
            .find_map(|v| v.trim().parse::<f32>().ok())
            .map_or(1000, |v| (v.clamp(0.0, 1.0) * 1000.0).round() as u16);
        if name.eq_ignore_ascii_case(coding) || (coding == "gzip" && name.eq_ignore_ascii_case("x-gzip")) {
            return q;
        }
        if name == "*" {
            wildcard = Some(q);
        }
    }
    wildcard.unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::quality;

    #[test]
    fn accept_encoding_qualities() {
        let cases = [
            ("gzip, deflate, br, zstd", "br", 1000),
            ("gzip, deflate, br, zstd", "gzip", 1000),
            ("gzip, deflate", "br", 0),
            ("", "gzip", 0),
            ("identity", "gzip", 0),
            ("br;q=0, gzip", "br", 0),
            ("br;q=0.5, gzip;q=0.8", "br", 500),
            ("*", "br", 1000),
            ("*;q=0.1, gzip;q=0", "gzip", 0),
            ("*;q=0.1, gzip;q=0", "br", 100),
            ("x-gzip", "gzip", 1000),
            (" BR ; q=1.0", "br", 1000),
            ("br;q=nonsense", "br", 1000),
        ];
        for (accept, coding, expected) in cases {
            assert_eq!(quality(accept, coding), expected, "{accept:?} {coding}");
        }
    }
}
