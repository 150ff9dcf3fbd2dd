/// Everything persistence can answer besides success. `api` maps each to one status.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A rule of the domain refused (422, 403 or 409 by its own kind).
    #[error(transparent)]
    Domain(#[from] domain::Error),
    /// The named record does not exist, or the caller may not know that it does (404).
    #[error("{0} not found")]
    NotFound(&'static str),
    /// A uniqueness rule held by the database (409).
    #[error("{message}")]
    Duplicate { field: &'static str, message: String },
    /// The record changed since the caller read it (409).
    #[error("{entity} was changed by someone else (expected version {expected}); reload it and try again")]
    StaleVersion { entity: &'static str, expected: i64 },
    /// The configured database URL cannot be used.
    #[error("{0}")]
    Config(String),
    #[error("database: {0}")]
    Database(#[from] diesel::result::Error),
    #[error("database connection: {0}")]
    Connection(#[from] diesel::ConnectionError),
    #[error("connection pool: {0}")]
    Pool(#[from] diesel::r2d2::PoolError),
    #[error("migrations: {0}")]
    Migration(String),
    /// Stored data that cannot be read back as a domain value: a bug or a hand edit.
    #[error("corrupt {0} in the database")]
    Corrupt(&'static str),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
