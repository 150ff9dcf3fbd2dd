//! The web app: built files from `frontend/dist`, and `index.html` for every other path
//! outside `/api`, so a deep link like `/demands/…` reloads into the app.

use std::path::Path;

use actix_files::{Files, NamedFile};
use actix_web::dev::{fn_service, ServiceRequest, ServiceResponse};
use actix_web::http::header::{CacheControl, CacheDirective};

use crate::error::ApiError;

pub fn service(dir: &Path) -> Files {
    let index = dir.join("index.html");
    Files::new("/", dir).index_file("index.html").default_handler(fn_service(move |req: ServiceRequest| {
        let index = index.clone();
        async move {
            let (req, _) = req.into_parts();
            // Unknown API-like paths stay problem+json, never the app's HTML.
            if req.path().starts_with("/api/") || req.path().starts_with("/open311/") {
                let resp =
                    actix_web::ResponseError::error_response(&ApiError::NotFound(format!("nothing at {}", req.path())));
                return Ok(ServiceResponse::new(req, resp));
            }
            let file = NamedFile::open_async(&index).await?;
            let mut resp = file.into_response(&req);
            // The shell must be re-fetched after a deploy; hashed assets may be cached.
            resp.headers_mut().insert(
                actix_web::http::header::CACHE_CONTROL,
                CacheControl(vec![CacheDirective::NoCache])
                    .to_string()
                    .parse()
                    .map_err(actix_web::error::ErrorInternalServerError)?,
            );
            Ok(ServiceResponse::new(req, resp))
        }
    }))
}
