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
    /// A guarded write found its row changed between the locks taken and the write: only
    /// possible if a writer skipped the lock order. Rolled back and run again like a
    /// deadlock.
    #[error("{0} changed under a lock; the transaction was rolled back")]
    Moved(&'static str),
}

impl Error {
    /// A database error the client caused or could not help (a constraint another request
    /// won, contention), as opposed to a bug: the API answers 409 or 503, never 500.
    pub fn database_kind(&self) -> Option<DatabaseFault> {
        use crate::connection::Contention;
        use diesel::result::{DatabaseErrorKind as K, Error as D};
        match self {
            Error::Moved(_) => Some(DatabaseFault::Contention),
            Error::Database(e) if e.is_contention() => Some(DatabaseFault::Contention),
            Error::Database(D::DatabaseError(K::UniqueViolation, _)) => Some(DatabaseFault::Duplicate),
            Error::Database(D::DatabaseError(K::ForeignKeyViolation | K::CheckViolation | K::NotNullViolation, _)) => {
                Some(DatabaseFault::Constraint)
            }
            _ => None,
        }
    }
}

/// See [`Error::database_kind`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatabaseFault {
    /// Another transaction held the rows; retried and still in the way.
    Contention,
    /// A uniqueness rule: another request made the same record first.
    Duplicate,
    /// A record referred to was removed meanwhile, or a value broke a database check.
    Constraint,
}

impl crate::connection::Contention for Error {
    fn is_contention(&self) -> bool {
        self.database_kind() == Some(DatabaseFault::Contention)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
