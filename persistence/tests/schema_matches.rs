//! `src/schema.rs` is kept by hand (only the column types every backend shares), so this
//! test holds it to both migration folders: on a fresh SQLite file and a fresh PostgreSQL
//! database, every table, column, nullability and type family that the migrations create
//! must be the one `schema.rs` declares, and nothing more or less.

use std::collections::BTreeMap;

use diesel::sql_types::{BigInt, Text};
use diesel::{Connection, QueryableByName, RunQueryDsl};
use persistence::Backend;

/// The column types `schema.rs` may use (SPEC/STYLE: what MultiConnection shares).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Family {
    Text,
    BigInt,
    Integer,
    Bool,
    Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Column {
    family: Family,
    nullable: bool,
}

type Tables = BTreeMap<String, BTreeMap<String, Column>>;

fn family_of_diesel(name: &str) -> Family {
    match name {
        "Text" => Family::Text,
        "BigInt" => Family::BigInt,
        "Integer" => Family::Integer,
        "Bool" => Family::Bool,
        "Timestamp" => Family::Timestamp,
        other => panic!("schema.rs uses {other}, which not every backend shares"),
    }
}

/// The `diesel::table!` blocks of `schema.rs`, read as text: `name (keys) { col -> Type, }`.
fn declared() -> Tables {
    let source = include_str!("../src/schema.rs");
    let mut tables = Tables::new();
    let mut current: Option<String> = None;
    for line in source.lines().map(str::trim) {
        if line.starts_with("//") || line.starts_with("#[") || line.is_empty() {
            continue;
        }
        if line.starts_with("diesel::table!") {
            continue;
        }
        match &current {
            None => {
                // `org_units (id) {`
                if let Some((name, rest)) = line.split_once('(') {
                    if rest.trim_end().ends_with('{') && name.trim().chars().all(|c| c.is_alphanumeric() || c == '_') {
                        let name = name.trim().to_owned();
                        assert!(tables.insert(name.clone(), BTreeMap::new()).is_none(), "{name} declared twice");
                        current = Some(name);
                    }
                }
            }
            Some(table) => {
                if line.starts_with('}') {
                    current = None;
                    continue;
                }
                let (column, ty) = line.split_once("->").unwrap_or_else(|| panic!("cannot read {line:?} in {table}"));
                let ty = ty.trim().trim_end_matches(',').trim();
                let (nullable, inner) = match ty.strip_prefix("Nullable<").and_then(|t| t.strip_suffix('>')) {
                    Some(inner) => (true, inner),
                    None => (false, ty),
                };
                let column = column.trim().to_owned();
                let entry = Column { family: family_of_diesel(inner.trim()), nullable };
                let columns = tables.get_mut(table).expect("table opened");
                assert!(columns.insert(column.clone(), entry).is_none(), "{table}.{column} declared twice");
            }
        }
    }
    assert!(current.is_none(), "schema.rs: a table! block is not closed");
    assert!(tables.len() >= 5, "schema.rs: found only {:?}; is the parser still right?", tables.keys());
    tables
}

#[derive(QueryableByName)]
struct DbColumn {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    data_type: String,
    #[diesel(sql_type = BigInt)]
    not_null: i64,
}

fn family_of_sql(ty: &str, where_: &str) -> Family {
    match ty.to_ascii_lowercase().as_str() {
        "text" | "character varying" | "varchar" => Family::Text,
        "bigint" | "int8" => Family::BigInt,
        "integer" | "int" | "int4" => Family::Integer,
        "boolean" | "bool" => Family::Bool,
        "timestamp" | "timestamp without time zone" | "datetime" => Family::Timestamp,
        other => panic!("{where_} has type {other}, which schema.rs cannot declare"),
    }
}

fn collect(rows: Vec<DbColumn>, engine: &str) -> Tables {
    let mut tables = Tables::new();
    for row in rows {
        let where_ = format!("{engine}: {}.{}", row.table_name, row.column_name);
        let column = Column { family: family_of_sql(&row.data_type, &where_), nullable: row.not_null == 0 };
        tables.entry(row.table_name).or_default().insert(row.column_name, column);
    }
    tables
}

fn sqlite_tables() -> Tables {
    let path = std::env::temp_dir().join(format!("gongzhi-schema-{}.db", uuid::Uuid::now_v7().simple()));
    let backend = Backend::Sqlite(path.to_string_lossy().into_owned());
    persistence::connection::migrate(&backend).expect("sqlite migrations run");
    let mut conn = diesel::SqliteConnection::establish(&path.to_string_lossy()).expect("sqlite");
    // A primary key column is never NULL, whatever SQLite's pragma says about TEXT keys.
    // An `INTEGER PRIMARY KEY` is the table's 64-bit rowid (the only column AUTOINCREMENT
    // takes), so it is a BigInt.
    let rows = diesel::sql_query(
        "SELECT m.name AS table_name, p.name AS column_name, \
                CASE WHEN p.pk = 1 AND p.type = 'INTEGER' THEN 'BIGINT' ELSE p.type END AS data_type, \
                CAST(p.\"notnull\" OR p.pk > 0 AS BIGINT) AS not_null \
         FROM sqlite_master m JOIN pragma_table_info(m.name) p \
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '__diesel_schema_migrations'",
    )
    .load::<DbColumn>(&mut conn)
    .expect("sqlite columns");
    drop(conn);
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.clone().into_os_string();
        p.push(suffix);
        let _ = std::fs::remove_file(p);
    }
    collect(rows, "sqlite")
}

fn postgres_tables() -> Option<Tables> {
    if std::env::var("GONGZHI_TEST_SKIP_POSTGRES").is_ok_and(|v| v == "1") {
        eprintln!("SKIPPED: the PostgreSQL half of schema_matches (GONGZHI_TEST_SKIP_POSTGRES=1)");
        return None;
    }
    let admin_url = std::env::var("GONGZHI_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable".into());
    let name = format!("gongzhi_schema_{}", uuid::Uuid::now_v7().simple());
    let mut admin = diesel::PgConnection::establish(&admin_url)
        .unwrap_or_else(|e| panic!("PostgreSQL at {admin_url} is needed for this test: {e}"));
    diesel::sql_query(format!("CREATE DATABASE {name}")).execute(&mut admin).expect("create database");
    let (base, rest) = admin_url.rsplit_once('/').unwrap_or((admin_url.as_str(), ""));
    let query = rest.split_once('?').map(|(_, q)| format!("?{q}")).unwrap_or_default();
    let url = format!("{base}/{name}{query}");
    let result = std::panic::catch_unwind(|| {
        persistence::connection::migrate(&Backend::Postgres(url.clone())).expect("postgres migrations run");
        let mut conn = diesel::PgConnection::establish(&url).expect("pg");
        diesel::sql_query(
            "SELECT table_name::text AS table_name, column_name::text AS column_name, \
                    data_type::text AS data_type, CASE WHEN is_nullable = 'NO' THEN 1::int8 ELSE 0::int8 END AS not_null \
             FROM information_schema.columns \
             WHERE table_schema = 'public' AND table_name <> '__diesel_schema_migrations'",
        )
        .load::<DbColumn>(&mut conn)
        .expect("postgres columns")
    });
    let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut admin);
    match result {
        Ok(rows) => Some(collect(rows, "postgres")),
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

/// Every difference, one per line, so a failing run names all of them at once.
fn differences(engine: &str, declared: &Tables, actual: &Tables) -> Vec<String> {
    let mut out = Vec::new();
    for (table, columns) in actual {
        let Some(declared_columns) = declared.get(table) else {
            out.push(format!("{engine}: table {table} is not in schema.rs"));
            continue;
        };
        for (column, actual_column) in columns {
            match declared_columns.get(column) {
                None => out.push(format!("{engine}: {table}.{column} ({actual_column:?}) is not in schema.rs")),
                Some(d) if d != actual_column => {
                    out.push(format!("{engine}: {table}.{column} is {actual_column:?}, schema.rs says {d:?}"))
                }
                Some(_) => {}
            }
        }
        for column in declared_columns.keys().filter(|c| !columns.contains_key(*c)) {
            out.push(format!("{engine}: schema.rs has {table}.{column}, the migrations do not"));
        }
    }
    for table in declared.keys().filter(|t| !actual.contains_key(*t)) {
        out.push(format!("{engine}: schema.rs has table {table}, the migrations do not"));
    }
    out
}

#[test]
fn schema_rs_matches_the_migrations_of_both_backends() {
    let declared = declared();
    let mut problems = differences("sqlite", &declared, &sqlite_tables());
    if let Some(pg) = postgres_tables() {
        problems.extend(differences("postgresql", &declared, &pg));
    }
    assert!(problems.is_empty(), "schema.rs and the migrations disagree:\n  {}", problems.join("\n  "));
}

#[test]
fn the_comparison_sees_a_column_schema_rs_lacks() {
    let declared = declared();
    let mut actual = declared.clone();
    let first = actual.keys().next().cloned().expect("a table");
    actual
        .get_mut(&first)
        .expect("table")
        .insert("added_by_a_migration".into(), Column { family: Family::Text, nullable: true });
    let found = differences("sqlite", &declared, &actual);
    assert_eq!(
        found,
        [format!(
            "sqlite: {first}.added_by_a_migration (Column {{ family: Text, nullable: true }}) is not in schema.rs"
        )]
    );
    let mut flipped = declared.clone();
    if let Some(c) = flipped.get_mut(&first).and_then(|t| t.values_mut().next()) {
        c.nullable = !c.nullable;
    }
    assert_eq!(differences("sqlite", &declared, &flipped).len(), 1);
}
