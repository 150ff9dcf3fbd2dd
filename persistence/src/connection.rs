//! One code path for both engines: SQLite (embedded default) and PostgreSQL (production).

use std::time::Duration;

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::pg::PgConnection;
use diesel::r2d2::{self, ManageConnection};
use diesel::sqlite::SqliteConnection;
use diesel::Connection;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use crate::{Error, Result};

#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgresql(PgConnection),
    Sqlite(SqliteConnection),
}

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgresql");

/// Which engine, chosen from the URL's scheme. An unknown scheme is refused rather than
/// taken as an SQLite file name (which would silently create `postgres:…` on disk).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backend {
    Sqlite(String),
    Postgres(String),
}

impl Backend {
    pub fn from_url(url: &str) -> Result<Self> {
        let url = url.trim();
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Backend::Postgres(url.to_owned()));
        }
        let path = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")).unwrap_or(url);
        if path.is_empty() || path.contains("://") {
            return Err(Error::Config(format!(
                "DATABASE_URL {url:?} is neither postgres://… nor an SQLite file path (or sqlite://path)"
            )));
        }
        // A pool of connections to :memory: would be as many separate databases.
        if path == ":memory:" || path.contains("mode=memory") {
            return Err(Error::Config("an in-memory SQLite database cannot be shared by a pool; use a file".into()));
        }
        Ok(Backend::Sqlite(path.to_owned()))
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, Backend::Postgres(_))
    }

    /// The URL without a password, for logs.
    pub fn redacted(&self) -> String {
        match self {
            Backend::Sqlite(path) => format!("sqlite://{path}"),
            Backend::Postgres(url) => match (url.find("://"), url.rfind('@')) {
                (Some(start), Some(at)) if at > start => {
                    let userinfo = &url[start + 3..at];
                    let user = userinfo.split(':').next().unwrap_or("");
                    format!("{}{user}:***{}", &url[..start + 3], &url[at..])
                }
                _ => url.clone(),
            },
        }
    }

    fn establish(&self) -> Result<DbConnection> {
        Ok(match self {
            Backend::Postgres(url) => DbConnection::Postgresql(PgConnection::establish(url)?),
            Backend::Sqlite(path) => {
                let mut conn = SqliteConnection::establish(path)?;
                // One PRAGMA per statement; WAL lets readers run beside the one writer.
                for pragma in [
                    "PRAGMA busy_timeout = 5000",
                    "PRAGMA journal_mode = WAL",
                    "PRAGMA synchronous = NORMAL",
                    "PRAGMA foreign_keys = ON",
                    // Checkpoints run on a thread of their own (`checkpoints`): run by the
                    // committing writer, they held every other writer up while their fsync
                    // ran. This is the backstop should that thread fall behind (≈ 400 MB).
                    "PRAGMA wal_autocheckpoint = 100000",
                ] {
                    conn.batch_execute(pragma)?;
                }
                DbConnection::Sqlite(conn)
            }
        })
    }
}

/// r2d2 manager that opens the variant the URL names, never guessing.
#[derive(Debug)]
pub struct Manager(Backend);

impl ManageConnection for Manager {
    type Connection = DbConnection;
    type Error = r2d2::Error;

    fn connect(&self) -> std::result::Result<DbConnection, r2d2::Error> {
        self.0.establish().map_err(|e| match e {
            Error::Connection(c) => r2d2::Error::ConnectionError(c),
            Error::Database(q) => r2d2::Error::QueryError(q),
            other => r2d2::Error::ConnectionError(diesel::ConnectionError::BadConnection(other.to_string())),
        })
    }

    fn is_valid(&self, conn: &mut DbConnection) -> std::result::Result<(), r2d2::Error> {
        conn.batch_execute("SELECT 1").map_err(r2d2::Error::QueryError)
    }

    // Checked on return instead of a `SELECT 1` on every checkout (r2d2's default), which
    // was one more round trip per request: a connection left in a transaction, or found
    // dead after a failed request (`check_after_error`), is dropped here and the pool
    // opens a new one.
    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        use diesel::r2d2::R2D2Connection;
        let broken = match conn {
            DbConnection::Postgresql(c) => c.is_broken(),
            DbConnection::Sqlite(c) => c.is_broken(),
        };
        broken | FOUND_DEAD.take()
    }
}

pub type Pool = r2d2::Pool<Manager>;
pub type PooledConnection = r2d2::PooledConnection<Manager>;

/// Migrate on one plain connection, then open the pool.
pub fn connect(backend: &Backend, max_size: u32) -> Result<Pool> {
    migrate(backend)?;
    let pool = r2d2::Pool::builder()
        .max_size(max_size)
        .connection_timeout(Duration::from_secs(10))
        .test_on_check_out(false)
        .build(Manager(backend.clone()))?;
    if !backend.is_postgres() {
        checkpoints(pool.clone());
    }
    Ok(pool)
}

/// Copies SQLite's write-ahead log into the database file once a second, outside every
/// writer's turn. A PASSIVE checkpoint waits for nobody and nobody waits for it.
fn checkpoints(pool: Pool) {
    let spawned = std::thread::Builder::new().name("sqlite-checkpoints".into()).spawn(move || loop {
        std::thread::sleep(Duration::from_secs(1));
        if let Ok(mut conn) = pool.get() {
            if let Err(e) = conn.batch_execute("PRAGMA wal_checkpoint(PASSIVE)") {
                tracing::warn!(error = %e, "checkpoint failed");
            }
        }
    });
    if let Err(e) = spawned {
        tracing::error!(error = %e, "could not start the checkpoint thread; SQLite's log is checkpointed by writers");
    }
}

/// Runs the pending migrations of the backend's own folder, after refusing a database that
/// a newer gongzhi migrated: this binary would read and write tables it does not know.
pub fn migrate(backend: &Backend) -> Result<()> {
    let mut conn = backend.establish()?;
    refuse_newer(&mut conn)?;
    let applied: Vec<String> = match &mut conn {
        DbConnection::Postgresql(c) => {
            c.run_pending_migrations(POSTGRES_MIGRATIONS).map(|v| v.iter().map(ToString::to_string).collect())
        }
        DbConnection::Sqlite(c) => {
            c.run_pending_migrations(SQLITE_MIGRATIONS).map(|v| v.iter().map(ToString::to_string).collect())
        }
    }
    .map_err(|e| Error::Migration(e.to_string()))?;
    if !applied.is_empty() {
        tracing::info!(applied = applied.len(), "migrations applied");
    }
    // Data a migration's SQL cannot compute: the search index of the demands already filed.
    if applied.iter().any(|v| v.replace('-', "").starts_with("20261129000005")) {
        let indexed = crate::demand_terms::backfill(&mut conn)?;
        tracing::info!(indexed, "demand search index built");
    }
    Ok(())
}

/// A migration version as both lists spell it: the folder's date and number, no dashes.
fn version(v: impl ToString) -> String {
    v.to_string().replace('-', "")
}

fn refuse_newer(conn: &mut DbConnection) -> Result<()> {
    use diesel::migration::MigrationSource;
    let failed = |e: Box<dyn std::error::Error + Send + Sync>| Error::Migration(e.to_string());
    let (applied, known): (Vec<String>, Vec<String>) = match conn {
        DbConnection::Postgresql(c) => (
            c.applied_migrations().map_err(failed)?.into_iter().map(version).collect(),
            MigrationSource::<diesel::pg::Pg>::migrations(&POSTGRES_MIGRATIONS)
                .map_err(failed)?
                .iter()
                .map(|m| version(m.name().version()))
                .collect(),
        ),
        DbConnection::Sqlite(c) => (
            c.applied_migrations().map_err(failed)?.into_iter().map(version).collect(),
            MigrationSource::<diesel::sqlite::Sqlite>::migrations(&SQLITE_MIGRATIONS)
                .map_err(failed)?
                .iter()
                .map(|m| version(m.name().version()))
                .collect(),
        ),
    };
    let mut unknown: Vec<&String> = applied.iter().filter(|v| !known.contains(v)).collect();
    unknown.sort();
    match unknown.last() {
        None => Ok(()),
        Some(newest) => Err(Error::Migration(format!(
            "the database has migration {newest}, which this gongzhi does not know (it knows up to {}): a newer \
             gongzhi upgraded it. Run that version, or restore the backup made before the upgrade \
             (docs/OPERATIONS.md, \"Rollback\")",
            known.iter().max().map_or("none", String::as_str)
        ))),
    }
}

static SQLITE_WRITER: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// How often a transaction that lost a race for a lock is run again before the client is
/// told to come back (503 with `Retry-After`).
pub const WRITE_ATTEMPTS: u32 = 4;

/// An error that may mean only that another transaction got in the way: a deadlock, a
/// serialization failure, or SQLite's lock held past the busy timeout. Such a
/// transaction was rolled back whole and may be run again.
pub trait Contention {
    fn is_contention(&self) -> bool;
}

impl Contention for diesel::result::Error {
    fn is_contention(&self) -> bool {
        use diesel::result::{DatabaseErrorKind, Error as E};
        match self {
            E::DatabaseError(DatabaseErrorKind::SerializationFailure, _) => true,
            // PostgreSQL's deadlock_detected (40P01) and lock_not_available (55P03) have no
            // kind of their own in diesel; SQLite says "database is locked" (SQLITE_BUSY).
            E::DatabaseError(_, info) => {
                let m = info.message();
                m.contains("deadlock detected")
                    || m.contains("database is locked")
                    || m.contains("could not obtain lock")
            }
            _ => false,
        }
    }
}

/// A read-write transaction. On SQLite it begins IMMEDIATE: a deferred transaction that
/// reads and then writes fails with SQLITE_BUSY when another writer got in between,
/// while an immediate one waits its turn (busy_timeout).
///
/// `f` runs again, up to [`WRITE_ATTEMPTS`] times in all, when it fails through
/// [`Contention`]: every write path takes its row locks in one order (project, then
/// resources, then claims: see `claims`), so deadlocks are rare, but PostgreSQL may still
/// pick a victim. The last contention error is returned for the caller to answer 503.
pub fn write<T, E>(
    conn: &mut DbConnection,
    mut f: impl FnMut(&mut DbConnection) -> std::result::Result<T, E>,
) -> std::result::Result<T, E>
where
    E: From<diesel::result::Error> + Contention,
{
    let mut attempt = 1;
    loop {
        match write_once(conn, &mut f) {
            Err(e) if e.is_contention() && attempt < WRITE_ATTEMPTS => {
                tracing::debug!(attempt, "transaction lost a race for a lock; running it again");
                // Staggered, so that two transactions that deadlocked do not meet again.
                std::thread::sleep(Duration::from_millis(u64::from(attempt) * 7 + u64::from(std::process::id() % 5)));
                attempt += 1;
            }
            other => return other,
        }
    }
}

fn write_once<T, E>(
    conn: &mut DbConnection,
    f: &mut impl FnMut(&mut DbConnection) -> std::result::Result<T, E>,
) -> std::result::Result<T, E>
where
    E: From<diesel::result::Error>,
{
    // SQLite has one writer at a time. Writers that find the lock taken sleep in its busy
    // handler for 1, 2, 5, 10 … 100 ms before trying again, whether or not the lock was freed
    // a moment later: with 8 connections filing demands, most of them slept most of the
    // time (350 filings/s, p99 0.6 s). Waiting in turn on a lock of the process hands the
    // database over as soon as it is free. (One process per SQLite file; the busy timeout
    // still covers any other, such as `gongzhi migrate`.)
    let _turn = match conn {
        DbConnection::Sqlite(_) => Some(SQLITE_WRITER.lock().unwrap_or_else(std::sync::PoisonError::into_inner)),
        DbConnection::Postgresql(_) => None,
    };
    match conn {
        DbConnection::Sqlite(c) => AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?,
        DbConnection::Postgresql(c) => AnsiTransactionManager::begin_transaction(c)?,
    }
    match f(conn) {
        Ok(value) => match commit(conn) {
            Ok(()) => Ok(value),
            Err(e) => {
                let _ = rollback(conn);
                Err(e.into())
            }
        },
        Err(e) => {
            rollback(conn)?;
            Err(e)
        }
    }
}

fn commit(conn: &mut DbConnection) -> diesel::QueryResult<()> {
    match conn {
        DbConnection::Sqlite(c) => AnsiTransactionManager::commit_transaction(c),
        DbConnection::Postgresql(c) => AnsiTransactionManager::commit_transaction(c),
    }
}

fn rollback(conn: &mut DbConnection) -> diesel::QueryResult<()> {
    match conn {
        DbConnection::Sqlite(c) => AnsiTransactionManager::rollback_transaction(c),
        DbConnection::Postgresql(c) => AnsiTransactionManager::rollback_transaction(c),
    }
}

thread_local! {
    /// Set by `check_after_error` for the connection this thread is about to return.
    static FOUND_DEAD: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// After a request failed on `conn`: if the connection itself no longer answers (the
/// database restarted, the network dropped it), it is discarded when returned to the pool
/// instead of failing the next requests too. Call on the thread that returns it.
pub fn check_after_error(conn: &mut DbConnection) {
    if conn.batch_execute("SELECT 1").is_err() {
        FOUND_DEAD.set(true);
    }
}

/// Whether the database answers: `/readyz`.
pub fn ping(conn: &mut DbConnection) -> Result<()> {
    conn.batch_execute("SELECT 1")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backend_is_chosen_by_scheme() {
        assert_eq!(Backend::from_url("gongzhi.db").ok(), Some(Backend::Sqlite("gongzhi.db".into())));
        assert_eq!(Backend::from_url("sqlite:///tmp/x.db").ok(), Some(Backend::Sqlite("/tmp/x.db".into())));
        assert!(Backend::from_url("postgres://u@h/db").is_ok_and(|b| b.is_postgres()));
        assert!(Backend::from_url("postgresql://u@h/db").is_ok_and(|b| b.is_postgres()));
        assert!(Backend::from_url("mysql://u@h/db").is_err());
        assert!(Backend::from_url(":memory:").is_err());
        assert!(Backend::from_url("").is_err());
    }

    #[test]
    fn passwords_are_not_logged() {
        let b = Backend::from_url("postgres://app:s3cret@db:5432/gongzhi").expect("valid");
        assert_eq!(b.redacted(), "postgres://app:***@db:5432/gongzhi");
    }
}
