//! Migration 26 makes a unit's name unique under its parent and an organisation's at its
//! unit. Names taken twice before it keep their first holder; the later ones get the end of
//! their id, on both backends, and then no second one can be written.

mod common;

use diesel::prelude::*;
use diesel_migrations::MigrationHarness;
use persistence::schema::{org_units, organizations};
use persistence::DbConnection;

/// Migrations before the unique names.
const BEFORE: usize = 25;

const DISTRICT: &str = "00000000-0000-7000-8000-000000000001";
const STREET: &str = "00000000-0000-7000-8000-000000000002";
const OTHER_STREET: &str = "00000000-0000-7000-8000-000000000003";
const FIRST: &str = "00000000-0000-7000-8000-0000000000c1";
const SECOND: &str = "00000000-0000-7000-8000-0000000000c2";
const ELSEWHERE: &str = "00000000-0000-7000-8000-0000000000c3";

fn seed<C, B>(conn: &mut C, folder: &str)
where
    C: Connection<Backend = B> + MigrationHarness<B>,
    B: diesel::backend::Backend,
    diesel::query_builder::SqlQuery: diesel::query_dsl::methods::ExecuteDsl<C>,
{
    common::migrate_first(conn, folder, BEFORE);
    let at = "'2026-12-01 08:00:00'";
    let units = [
        (DISTRICT, "二七区", "district", None),
        (STREET, "淮河路街道", "street", Some(DISTRICT)),
        (OTHER_STREET, "建中街街道", "street", Some(DISTRICT)),
        // 祥云社区 twice under one street (the second a later id), and once under another.
        (FIRST, "祥云社区", "community", Some(STREET)),
        (SECOND, "祥云社区", "community", Some(STREET)),
        (ELSEWHERE, "祥云社区", "community", Some(OTHER_STREET)),
    ];
    for (id, name, kind, parent) in units {
        let path = match parent {
            None => format!("/{id}/"),
            Some(DISTRICT) => format!("/{DISTRICT}/{id}/"),
            Some(p) => format!("/{DISTRICT}/{p}/{id}/"),
        };
        let parent = parent.map_or("NULL".to_owned(), |p| format!("'{p}'"));
        diesel::sql_query(format!(
            "INSERT INTO org_units (id, name, kind, parent_id, path, created_at, updated_at, version) \
             VALUES ('{id}', '{name}', '{kind}', {parent}, '{path}', {at}, {at}, 1)"
        ))
        .execute(conn)
        .expect("unit");
    }
    for (n, unit) in [(1, FIRST), (2, FIRST), (3, SECOND)] {
        diesel::sql_query(format!(
            "INSERT INTO organizations (id, name, kind, unit_id, red_property, created_at, updated_at, version) \
             VALUES ('00000000-0000-7000-8000-0000000000d{n}', '祥云小区业委会', 'resident_autonomy', '{unit}', \
             FALSE, {at}, {at}, 1)"
        ))
        .execute(conn)
        .expect("organization");
    }
}

fn check(conn: &mut DbConnection) {
    let unit = |conn: &mut DbConnection, id: &str| -> String {
        org_units::table.find(id).select(org_units::name).first(conn).expect("unit")
    };
    assert_eq!(unit(conn, FIRST), "祥云社区", "the first holder keeps the name");
    assert_eq!(unit(conn, SECOND), "祥云社区（000000c2）", "the later one is told apart by its id");
    assert_eq!(unit(conn, ELSEWHERE), "祥云社区", "a name under another parent is another name");
    let orgs: Vec<(String, String)> = organizations::table
        .order(organizations::id)
        .select((organizations::unit_id, organizations::name))
        .load(conn)
        .expect("organizations");
    assert_eq!(
        orgs,
        [
            (FIRST.to_owned(), "祥云小区业委会".to_owned()),
            (FIRST.to_owned(), "祥云小区业委会（000000d2）".to_owned()),
            (SECOND.to_owned(), "祥云小区业委会".to_owned()),
        ]
    );
    let again = diesel::update(org_units::table.find(SECOND)).set(org_units::name.eq("祥云社区")).execute(conn);
    assert!(
        matches!(again, Err(diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _))),
        "{again:?}"
    );
}

#[test]
fn names_taken_twice_are_told_apart_and_never_again_on_sqlite() {
    common::migrated_on_sqlite("gongzhi-names", |conn| seed(conn, "migrations/sqlite"), check);
}

#[test]
fn names_taken_twice_are_told_apart_and_never_again_on_postgres() {
    common::migrated_on_postgres("gongzhi_names", |conn| seed(conn, "migrations/postgresql"), check);
}
