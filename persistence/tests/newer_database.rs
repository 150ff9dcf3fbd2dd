//! A database that a newer gongzhi migrated is refused at start, on both backends, naming
//! the migration this binary does not know; nothing is migrated or opened.

use diesel::{Connection, RunQueryDsl};
use persistence::{Backend, Error};
use uuid::Uuid;

const NEWER: &str = "20991231000001";

fn refused(backend: &Backend) {
    {
        let pool = persistence::connection::connect(backend, 1).expect("a fresh database migrates");
        let mut conn = pool.get().expect("connection");
        diesel::sql_query(format!("INSERT INTO __diesel_schema_migrations (version) VALUES ('{NEWER}')"))
            .execute(&mut conn)
            .expect("a newer binary's migration");
    }
    match persistence::connection::migrate(backend) {
        Err(Error::Migration(message)) => {
            assert!(message.contains(NEWER) && message.contains("newer gongzhi"), "{message}");
        }
        other => panic!("a newer database was not refused: {other:?}"),
    }
    assert!(persistence::connection::connect(backend, 1).is_err(), "no pool over it either");
}

#[test]
fn a_database_a_newer_gongzhi_migrated_is_refused_on_sqlite() {
    let path = std::env::temp_dir().join(format!("gongzhi-newer-{}.db", Uuid::now_v7().simple()));
    refused(&Backend::Sqlite(path.to_string_lossy().into_owned()));
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.clone().into_os_string();
        p.push(suffix);
        let _ = std::fs::remove_file(p);
    }
}

#[test]
fn a_database_a_newer_gongzhi_migrated_is_refused_on_postgres() {
    if std::env::var("GONGZHI_TEST_SKIP_POSTGRES").is_ok_and(|v| v == "1") {
        eprintln!("SKIPPED: PostgreSQL half (GONGZHI_TEST_SKIP_POSTGRES=1)");
        return;
    }
    let admin_url = std::env::var("GONGZHI_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable".into());
    let name = format!("gongzhi_newer_{}", Uuid::now_v7().simple());
    let mut admin = diesel::PgConnection::establish(&admin_url).expect("PostgreSQL is needed for this test");
    diesel::sql_query(format!("CREATE DATABASE {name}")).execute(&mut admin).expect("create database");
    let (base, rest) = admin_url.rsplit_once('/').unwrap_or((admin_url.as_str(), ""));
    let query = rest.split_once('?').map(|(_, q)| format!("?{q}")).unwrap_or_default();
    let result = std::panic::catch_unwind(|| refused(&Backend::Postgres(format!("{base}/{name}{query}"))));
    let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut admin);
    if let Err(panic) = result {
        std::panic::resume_unwind(panic);
    }
}
