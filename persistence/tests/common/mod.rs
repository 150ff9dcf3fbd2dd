//! Fresh databases for the tests that work below the pool: a migration's data, a database
//! another version left.

use diesel::{Connection, RunQueryDsl};
use diesel_migrations::{FileBasedMigrations, MigrationHarness};
use uuid::Uuid;

/// Runs `test` with the path of a new SQLite file, removed after with its journal.
pub fn on_sqlite_file(prefix: &str, test: impl FnOnce(&str)) {
    let path = std::env::temp_dir().join(format!("{prefix}-{}.db", Uuid::now_v7().simple()));
    test(&path.to_string_lossy());
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.clone().into_os_string();
        p.push(suffix);
        let _ = std::fs::remove_file(p);
    }
}

/// Runs `test` with the URL of a new PostgreSQL database, dropped after whatever happens;
/// skipped, saying so, when `GONGZHI_TEST_SKIP_POSTGRES=1`.
pub fn on_postgres_database(prefix: &str, test: impl FnOnce(&str) + std::panic::UnwindSafe) {
    if std::env::var("GONGZHI_TEST_SKIP_POSTGRES").is_ok_and(|v| v == "1") {
        eprintln!("SKIPPED: PostgreSQL half (GONGZHI_TEST_SKIP_POSTGRES=1)");
        return;
    }
    let admin_url = std::env::var("GONGZHI_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable".into());
    let name = format!("{prefix}_{}", Uuid::now_v7().simple());
    let mut admin = diesel::PgConnection::establish(&admin_url).expect("PostgreSQL is needed for this test");
    diesel::sql_query(format!("CREATE DATABASE {name}")).execute(&mut admin).expect("create database");
    let (base, rest) = admin_url.rsplit_once('/').unwrap_or((admin_url.as_str(), ""));
    let query = rest.split_once('?').map(|(_, q)| format!("?{q}")).unwrap_or_default();
    let url = format!("{base}/{name}{query}");
    let result = std::panic::catch_unwind(|| test(&url));
    let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut admin);
    if let Err(panic) = result {
        std::panic::resume_unwind(panic);
    }
}

/// Takes a fresh database through the first `count` migrations of `folder`, as a binary of
/// that time would have.
#[allow(dead_code)] // Not every test binary starts from an earlier migration.
pub fn migrate_first<C, B>(conn: &mut C, folder: &str, count: usize)
where
    C: Connection<Backend = B> + MigrationHarness<B>,
    B: diesel::backend::Backend,
{
    let migrations = FileBasedMigrations::from_path(folder).expect("migrations folder");
    for _ in 0..count {
        conn.run_next_migration(migrations.clone()).expect("an earlier migration runs");
    }
}

/// A SQLite database `seed`ed as an earlier version left it, then opened as on start (which
/// migrates it) and handed to `check`.
#[allow(dead_code)] // Not every test binary starts from an earlier migration.
pub fn migrated_on_sqlite(
    prefix: &str,
    seed: impl FnOnce(&mut diesel::SqliteConnection),
    check: impl FnOnce(&mut persistence::DbConnection),
) {
    on_sqlite_file(prefix, |file| {
        seed(&mut diesel::SqliteConnection::establish(file).expect("sqlite"));
        let pool = persistence::connection::connect(&persistence::Backend::Sqlite(file.to_owned()), 1).expect("migrates");
        check(&mut pool.get().expect("connection"));
    });
}

/// The same on PostgreSQL.
#[allow(dead_code)] // Not every test binary starts from an earlier migration.
pub fn migrated_on_postgres(
    prefix: &str,
    seed: impl FnOnce(&mut diesel::PgConnection) + std::panic::UnwindSafe,
    check: impl FnOnce(&mut persistence::DbConnection) + std::panic::UnwindSafe,
) {
    on_postgres_database(prefix, |url| {
        seed(&mut diesel::PgConnection::establish(url).expect("pg"));
        let pool =
            persistence::connection::connect(&persistence::Backend::Postgres(url.to_owned()), 1).expect("migrates");
        check(&mut pool.get().expect("connection"));
    });
}
