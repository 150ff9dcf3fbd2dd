//! The Gongzhi HTTP API: actix-web over `persistence`, every rule asked of `domain`.

pub mod auth;
pub mod config;
pub mod db;
pub mod demo;
pub mod error;
pub mod export;
pub mod idempotency;
pub mod metrics;
pub mod middleware;
pub mod openapi;
pub mod pagination;
pub mod public_cache;
pub mod routes;
pub mod spa;
pub mod startup;
pub mod validation;
pub mod worker;

pub use config::Settings;
pub use error::ApiError;
pub use startup::Application;
