//! A database that a newer gongzhi migrated is refused at start, on both backends, naming
//! the migration this binary does not know; nothing is migrated or opened.

mod common;

use diesel::RunQueryDsl;
use persistence::{Backend, Error};

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
    common::on_sqlite_file("gongzhi-newer", |file| refused(&Backend::Sqlite(file.to_owned())));
}

#[test]
fn a_database_a_newer_gongzhi_migrated_is_refused_on_postgres() {
    common::on_postgres_database("gongzhi_newer", |url| refused(&Backend::Postgres(url.to_owned())));
}
