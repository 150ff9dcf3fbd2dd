//! Diesel is blocking: every database call runs on the blocking pool, never on a worker.

use actix_web::web;
use persistence::{DbConnection, Pool};

use crate::ApiError;

/// Checks a connection out and runs `f` with it, both off the async workers.
pub async fn run<T, F>(pool: &Pool, f: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    let pool = pool.clone();
    web::block(move || run_here(&pool, f)).await.map_err(|e| ApiError::Internal(format!("blocking task: {e}")))?
}

/// [`run`] on a thread that may block already (an export's own).
pub fn run_here<T>(pool: &Pool, f: impl FnOnce(&mut DbConnection) -> Result<T, ApiError>) -> Result<T, ApiError> {
    let mut conn = crate::metrics::waiting_for_connection(|| pool.get()).map_err(persistence::Error::from)?;
    let out = f(&mut conn);
    if matches!(out, Err(ApiError::Internal(_)) | Err(ApiError::Unavailable(_))) {
        persistence::connection::check_after_error(&mut conn);
    }
    out
}
