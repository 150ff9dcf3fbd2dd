//! Small conversions shared by every record module.

use chrono::{DateTime, NaiveDateTime, Timelike, Utc};
use domain::org_unit::UnitPath;
use uuid::Uuid;

use crate::{Error, Result};

/// Now, truncated to microseconds: PostgreSQL keeps no more, and both backends must
/// return what was written.
pub fn now() -> NaiveDateTime {
    let t = Utc::now().naive_utc();
    t.with_nanosecond(t.nanosecond() / 1000 * 1000).unwrap_or(t)
}

pub fn utc(t: NaiveDateTime) -> DateTime<Utc> {
    t.and_utc()
}

pub fn new_id() -> Uuid {
    Uuid::now_v7()
}

pub fn uuid(raw: &str, what: &'static str) -> Result<Uuid> {
    Uuid::parse_str(raw).map_err(|_| Error::Corrupt(what))
}

pub fn opt_uuid(raw: Option<&str>, what: &'static str) -> Result<Option<Uuid>> {
    raw.map(|r| uuid(r, what)).transpose()
}

/// `'/a/b/c/'` → the unit path a → b → c.
pub fn unit_path(raw: &str) -> Result<UnitPath> {
    let ids = raw.split('/').filter(|s| !s.is_empty()).map(|s| uuid(s, "org unit path")).collect::<Result<Vec<_>>>()?;
    UnitPath::new(ids).ok_or(Error::Corrupt("org unit path"))
}

pub fn path_string(path: &UnitPath) -> String {
    let mut s = String::from("/");
    for id in path.ids() {
        s.push_str(&id.to_string());
        s.push('/');
    }
    s
}

/// The half-open range of stored paths at or below the unit whose path is `path`: every
/// such path starts with `path`, and `'0'` is the byte after the closing `'/'`.
pub fn subtree_range(path: &str) -> (String, String) {
    let mut end = path.trim_end_matches('/').to_owned();
    end.push('0');
    (path.to_owned(), end)
}

/// Keyset page: items after `after` (ids sort by creation time), at most `limit`.
#[derive(Debug, Clone, Copy)]
pub struct Page {
    pub after: Option<Uuid>,
    pub limit: i64,
}

/// One page of items and whether another follows.
#[derive(Debug, Clone)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub next_after: Option<Uuid>,
}

impl<T> Paged<T> {
    /// `rows` was fetched with `limit + 1`, so an extra row means there is a next page.
    pub fn from_rows(mut rows: Vec<T>, limit: i64, id: impl Fn(&T) -> Uuid) -> Self {
        let limit = usize::try_from(limit).unwrap_or(0);
        let more = rows.len() > limit;
        rows.truncate(limit);
        let next_after = if more { rows.last().map(id) } else { None };
        Paged { items: rows, next_after }
    }
}

/// Maps a unique-constraint failure to a 409 on `field`.
pub fn duplicate(field: &'static str, message: &'static str) -> impl Fn(diesel::result::Error) -> Error {
    move |e| match e {
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _) => {
            Error::Duplicate { field, message: message.to_owned() }
        }
        other => Error::Database(other),
    }
}

/// A LIKE pattern (with `ESCAPE '\\'`) for the values starting with `prefix`.
pub fn like_prefix(prefix: &str) -> String {
    let mut pattern = like_pattern(prefix);
    pattern.remove(0);
    pattern
}

/// `q` made safe for LIKE: the user's `%` and `_` match themselves.
pub fn like_pattern(q: &str) -> String {
    let mut s = String::from("%");
    for c in q.chars() {
        if matches!(c, '%' | '_' | '\\') {
            s.push('\\');
        }
        s.push(c);
    }
    s.push('%');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_round_trip_and_bound_their_subtree() {
        let path = UnitPath::new(vec![Uuid::now_v7(), Uuid::now_v7()]).expect("non-empty");
        let s = path_string(&path);
        assert_eq!(unit_path(&s).expect("valid"), path);
        let (start, end) = subtree_range(&s);
        let child = path_string(&path.child(Uuid::now_v7()));
        assert!(start <= child && child < end);
        let sibling = path_string(&UnitPath::new(vec![path.ids()[0], Uuid::now_v7()]).expect("non-empty"));
        assert!(!(start <= sibling && sibling < end));
    }
}
