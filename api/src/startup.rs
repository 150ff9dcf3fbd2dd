//! Builds the application from settings; tests bind port 0 and talk real HTTP to it.

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::{web, App, HttpServer};
use persistence::Pool;
use utoipa_swagger_ui::SwaggerUi;

use crate::auth::password::Hashing;
use crate::auth::token::Tokens;
use crate::error::{json_error, not_found, path_error, query_error};
use crate::public_cache::PublicCache;
use crate::spa::WebApp;
use crate::worker::{Clock, Worker};
use crate::{demo, middleware, public_cache, routes, spa, Settings};

/// Bodies above this are refused with 413 (SPEC §5).
pub const MAX_BODY_BYTES: usize = 1 << 20;

pub struct AppState {
    pub pool: Pool,
    pub tokens: Tokens,
    /// Password hashing's own bounded pool.
    pub hashing: Hashing,
    /// Proxies whose `X-Forwarded-For` names the client (`GONGZHI_TRUSTED_PROXIES`).
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The public board's rendered pages.
    pub public_cache: PublicCache,
    pub metrics: crate::metrics::Metrics,
    /// Time as the background worker sees it.
    pub clock: Arc<Clock>,
}

pub struct Application {
    port: u16,
    server: Server,
    state: web::Data<AppState>,
    worker: Worker,
}

fn other(e: impl std::fmt::Display) -> std::io::Error {
    std::io::Error::other(e.to_string())
}

/// Migrates, opens the pool and (for `--demo`) loads the demo district. Blocking.
pub fn open_database(settings: &Settings) -> std::io::Result<Pool> {
    let pool = persistence::connection::connect(&settings.database, settings.pool_size).map_err(other)?;
    if settings.demo {
        let mut conn = pool.get().map_err(other)?;
        demo::load_if_empty(&mut conn).map_err(other)?;
    }
    Ok(pool)
}

impl Application {
    pub async fn build(settings: Settings, workers: Option<usize>) -> std::io::Result<Self> {
        // A web app folder that is not there is refused before anything else happens.
        let web_app = settings.static_dir.as_deref().map(WebApp::open).transpose().map_err(std::io::Error::other)?;
        let s = settings.clone();
        let pool = web::block(move || open_database(&s)).await.map_err(other)??;
        let listener = TcpListener::bind(&settings.bind)?;
        let clock = Arc::new(Clock::default());
        let worker = Worker::spawn(pool.clone(), clock.clone(), settings.worker_interval)?;
        let port = listener.local_addr()?.port();
        let state = web::Data::new(AppState {
            pool,
            tokens: Tokens::new(&settings.jwt_secret),
            hashing: Hashing::new(),
            trusted_proxies: settings.trusted_proxies.clone(),
            public_cache: PublicCache::default(),
            metrics: crate::metrics::Metrics::default(),
            clock,
        });
        let shared = state.clone();
        if let Some(web_app) = &web_app {
            tracing::info!(dir = %web_app.dir().display(), "serving the web app");
        }
        let mut server = HttpServer::new(move || {
            let app = App::new()
                .wrap(actix_web::middleware::from_fn(crate::idempotency::middleware))
                .wrap(actix_web::middleware::from_fn(public_cache::forget_on_write))
                .wrap(actix_web::middleware::from_fn(middleware::body_deadline))
                .wrap(actix_web::middleware::from_fn(middleware::harden))
                .wrap(actix_web::middleware::from_fn(crate::metrics::record))
                .wrap(actix_web::middleware::from_fn(middleware::request_log))
                .app_data(state.clone())
                .app_data(web::JsonConfig::default().limit(MAX_BODY_BYTES).error_handler(json_error))
                .app_data(web::PayloadConfig::default().limit(MAX_BODY_BYTES))
                .app_data(web::QueryConfig::default().error_handler(query_error))
                .app_data(web::PathConfig::default().error_handler(path_error))
                .service(routes::ops::docs_resource())
                .service(SwaggerUi::new("/docs/{_:.*}").config(utoipa_swagger_ui::Config::from("/api/v1/openapi.json")))
                .configure(routes::configure);
            match &web_app {
                Some(web_app) => app.app_data(web::Data::new(web_app.clone())).default_service(web::to(spa::serve)),
                None => app.default_service(web::to(not_found)),
            }
        })
        .listen(listener)?
        // Every blocking task waits for a pooled connection, so threads beyond the pool's
        // size only wait too; actix's default of 512 per worker let a burst start dozens,
        // each with its own malloc arena (SQLite's RSS was 200 MiB under filing at 1M).
        .worker_max_blocking_threads(usize::try_from(settings.pool_size).unwrap_or(8).max(2));
        if let Some(n) = workers {
            server = server.workers(n);
        }
        Ok(Application { port, server: server.run(), state: shared, worker })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn state(&self) -> web::Data<AppState> {
        self.state.clone()
    }

    /// Serves until the server stops (SIGTERM, SIGINT: in-flight requests finish), then
    /// stops the worker at an event boundary.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let served = self.server.await;
        let worker = self.worker;
        web::block(move || worker.stop()).await.map_err(other)?;
        served
    }
}
