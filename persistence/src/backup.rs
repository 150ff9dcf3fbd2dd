//! `gongzhi backup PATH` and `gongzhi restore PATH` (docs/OPERATIONS.md, "Backups"): a
//! consistent copy taken while the server writes, and its return into an empty database,
//! checked before anyone signs in.
//!
//! SQLite copies itself with `VACUUM INTO`, one read transaction: a snapshot of every commit
//! before it began, taken beside writers (the log keeps their work apart). PostgreSQL's copy
//! is `pg_dump`'s custom format, also one snapshot. Each is written beside its destination
//! and renamed into place, so a copy that failed half way is never taken for a backup.

use std::path::{Path, PathBuf};
use std::process::Command;

use diesel::prelude::*;

use crate::connection::{connect, Backend};
use crate::schema::{claims, demands, disclosures, events, org_units, organizations, projects, resources, users};
use crate::{DbConnection, Error, Result};

/// A SQLite database file's first bytes, and a `pg_dump` custom-format archive's.
const SQLITE_MAGIC: &[u8] = b"SQLite format 3\0";
const PG_DUMP_MAGIC: &[u8] = b"PGDMP";

/// What a restore found: the records read back, and the books' violations (none, or it
/// says so).
#[derive(Debug)]
pub struct Restored {
    pub counts: Vec<(&'static str, i64)>,
    pub violations: Vec<String>,
}

/// Copies the database to `path`, which must not exist yet.
pub fn backup(backend: &Backend, path: &Path) -> Result<()> {
    if path.exists() {
        return Err(Error::Config(format!("{} exists: a backup never overwrites a file", path.display())));
    }
    let partial = beside(path, "part");
    let _ = std::fs::remove_file(&partial);
    let made = match backend {
        Backend::Sqlite(file) => {
            let mut conn = diesel::SqliteConnection::establish(file)?;
            diesel::sql_query(format!("VACUUM INTO '{}'", quoted(&partial)?)).execute(&mut conn).map(|_| ()).map_err(Error::from)
        }
        Backend::Postgres(url) => run(with_url(Command::new("pg_dump"), url)
            .arg("--format=custom")
            .arg("--no-owner")
            .arg("--no-privileges")
            .arg(format!("--file={}", partial.display()))),
    };
    if let Err(e) = made {
        let _ = std::fs::remove_file(&partial);
        return Err(e);
    }
    std::fs::rename(&partial, path).map_err(|e| io("rename the finished copy into place", path, e))
}

/// Puts the backup at `path` into the configured database, which must hold no tables yet,
/// then migrates it to this binary's schema (refusing a backup of a newer one), checks its
/// books and counts its records.
pub fn restore(backend: &Backend, path: &Path) -> Result<Restored> {
    let head = first_bytes(path)?;
    match backend {
        Backend::Sqlite(file) => {
            if !head.starts_with(SQLITE_MAGIC) {
                return Err(Error::Config(format!("{} is not an SQLite backup (made by `gongzhi backup` with an SQLite DATABASE_URL)", path.display())));
            }
            let target = PathBuf::from(file);
            if target.exists() {
                if sqlite_tables(file)? > 0 {
                    return Err(not_empty());
                }
                // An empty file (as `touch` or a first connection leaves it) is replaced.
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{file}{suffix}"));
                }
            }
            let partial = beside(&target, "part");
            let _ = std::fs::remove_file(&partial);
            let mut source = diesel::SqliteConnection::establish(&path.to_string_lossy())?;
            diesel::sql_query(format!("VACUUM INTO '{}'", quoted(&partial)?)).execute(&mut source)?;
            std::fs::rename(&partial, &target).map_err(|e| io("move the restored file into place", &target, e))?;
        }
        Backend::Postgres(url) => {
            if !head.starts_with(PG_DUMP_MAGIC) {
                return Err(Error::Config(format!("{} is not a PostgreSQL backup (made by `gongzhi backup` with a postgres:// DATABASE_URL)", path.display())));
            }
            let mut conn = diesel::PgConnection::establish(url)?;
            let tables: i64 = diesel::dsl::sql::<diesel::sql_types::BigInt>(
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'",
            )
            .get_result(&mut conn)?;
            if tables > 0 {
                return Err(not_empty());
            }
            run(with_url(Command::new("pg_restore"), url)
                .arg("--no-owner")
                .arg("--no-privileges")
                .arg("--exit-on-error")
                .arg("--single-transaction")
                .arg(path))?;
        }
    }
    let pool = connect(backend, 1)?;
    let mut conn = pool.get()?;
    Ok(Restored { counts: counts(&mut conn)?, violations: crate::check::invariants(&mut conn)? })
}

/// The records a district is made of, as an operator would check them against the server
/// the backup came from.
fn counts(conn: &mut DbConnection) -> Result<Vec<(&'static str, i64)>> {
    Ok(vec![
        ("org_units", org_units::table.count().get_result(conn)?),
        ("organizations", organizations::table.count().get_result(conn)?),
        ("users", users::table.count().get_result(conn)?),
        ("demands", demands::table.count().get_result(conn)?),
        ("projects", projects::table.count().get_result(conn)?),
        ("resources", resources::table.count().get_result(conn)?),
        ("claims", claims::table.count().get_result(conn)?),
        ("disclosures", disclosures::table.count().get_result(conn)?),
        ("events", events::table.count().get_result(conn)?),
    ])
}

fn not_empty() -> Error {
    Error::Config("the database of DATABASE_URL has tables already: a backup is restored into an empty one".into())
}

fn sqlite_tables(file: &str) -> Result<i64> {
    let mut conn = diesel::SqliteConnection::establish(file)?;
    Ok(diesel::dsl::sql::<diesel::sql_types::BigInt>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'")
        .get_result(&mut conn)?)
}

fn first_bytes(path: &Path) -> Result<Vec<u8>> {
    use std::io::Read;
    let mut head = vec![0; 16];
    let mut file = std::fs::File::open(path).map_err(|e| io("open the backup", path, e))?;
    let n = file.read(&mut head).map_err(|e| io("read the backup", path, e))?;
    head.truncate(n);
    Ok(head)
}

/// `path` with `.suffix` added: the file a copy is written to before it is renamed.
fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(format!(".{suffix}"));
    PathBuf::from(name)
}

/// A path inside SQL quotes. `VACUUM INTO` takes an expression, not a bound parameter on
/// every SQLite diesel builds against, so the quote is doubled and a NUL refused.
fn quoted(path: &Path) -> Result<String> {
    let text = path.to_str().ok_or_else(|| Error::Config(format!("{} is not UTF-8", path.display())))?;
    if text.contains('\0') {
        return Err(Error::Config("a path with a NUL character".into()));
    }
    Ok(text.replace('\'', "''"))
}

/// The database for PostgreSQL's tools, its password in `PGPASSWORD` rather than on the
/// command line, where every local user's `ps` would read it.
fn with_url(mut command: Command, url: &str) -> Command {
    let mut shown = url.to_owned();
    if let Ok(mut parsed) = url::Url::parse(url) {
        if let Some(password) = parsed.password() {
            command.env("PGPASSWORD", percent_encoding::percent_decode_str(password).decode_utf8_lossy().as_ref());
            if parsed.set_password(None).is_ok() {
                shown = parsed.to_string();
            }
        }
    }
    command.arg(format!("--dbname={shown}"));
    command
}

fn run(command: &mut Command) -> Result<()> {
    let program = command.get_program().to_string_lossy().into_owned();
    let output = command
        .output()
        .map_err(|e| Error::Config(format!("{program} could not be run ({e}): install PostgreSQL's client tools")))?;
    if output.status.success() {
        return Ok(());
    }
    Err(Error::Config(format!("{program} failed: {}", String::from_utf8_lossy(&output.stderr).trim())))
}

fn io(what: &str, path: &Path, e: std::io::Error) -> Error {
    Error::Config(format!("could not {what} ({}): {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(url: &str) -> (String, Option<String>) {
        let command = with_url(Command::new("pg_dump"), url);
        let arg = command.get_args().next().map(|a| a.to_string_lossy().into_owned()).unwrap_or_default();
        let password = command
            .get_envs()
            .find(|(k, _)| *k == "PGPASSWORD")
            .and_then(|(_, v)| v.map(|v| v.to_string_lossy().into_owned()));
        (arg, password)
    }

    #[test]
    fn the_password_goes_to_the_environment_not_the_command_line() {
        assert_eq!(
            shown("postgres://gongzhi:s%40cret%3A1@db.example:5432/gongzhi?sslmode=require"),
            ("--dbname=postgres://gongzhi@db.example:5432/gongzhi?sslmode=require".into(), Some("s@cret:1".into()))
        );
        assert_eq!(
            shown("postgres://postgres@127.0.0.1:5432/gongzhi"),
            ("--dbname=postgres://postgres@127.0.0.1:5432/gongzhi".into(), None)
        );
    }

    #[test]
    fn a_path_is_quoted_for_sql() {
        assert_eq!(quoted(Path::new("/srv/o'brien/b.db")).ok(), Some("/srv/o''brien/b.db".to_owned()));
    }
}
