//! Small conversions shared by every record module.

use chrono::{DateTime, NaiveDateTime, Timelike, Utc};
use domain::org_unit::UnitPath;
use uuid::Uuid;

use crate::{Error, Result};

/// Now, truncated to microseconds: PostgreSQL keeps no more, and both backends must
/// return what was written.
/// SHA-256 of `text`, in lowercase hex: a disclosure's hash, a refresh token's or a request's
/// fingerprint.
pub fn sha256_hex(text: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

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

/// A stored name read back as a domain value (`DemandState::parse`, `Role::parse`, …); a name
/// the domain does not know is corrupt data, not the caller's mistake.
pub fn parsed<T>(raw: &str, parse: impl Fn(&str) -> Result<T, domain::Error>, what: &'static str) -> Result<T> {
    parse(raw).map_err(|_| Error::Corrupt(what))
}

/// [`parsed`] for a nullable column.
pub fn opt_parsed<T>(
    raw: Option<&str>,
    parse: impl Fn(&str) -> Result<T, domain::Error>,
    what: &'static str,
) -> Result<Option<T>> {
    raw.map(|r| parsed(r, &parse, what)).transpose()
}

/// A keyset position: the last item a page showed. Ids are UUIDv7 and sort by creation
/// time, so a list ordered by id alone needs nothing else (`key: None`); a list ordered by
/// another column first (co-signs, a deadline) carries that column's value as `key`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Keyset {
    pub key: Option<i64>,
    pub id: Uuid,
}

impl Keyset {
    /// The position in a list ordered by id alone.
    pub fn id(id: Uuid) -> Self {
        Keyset { key: None, id }
    }

    /// The position in a list ordered by `key`, then id.
    pub fn keyed(key: i64, id: Uuid) -> Self {
        Keyset { key: Some(key), id }
    }

    /// The key a keyed list needs; a position without one was given out by another list.
    pub fn require_key(self) -> Result<i64> {
        self.key.ok_or_else(bad_cursor)
    }
}

impl From<Uuid> for Keyset {
    fn from(id: Uuid) -> Self {
        Keyset::id(id)
    }
}

fn bad_cursor() -> Error {
    domain::Error::invalid("cursor", "bad_cursor", "cursor is not one this API gave out").into()
}

/// Which page of a list: items after `after` (the first page when `None`), at most `limit`.
#[derive(Debug, Clone, Copy)]
pub struct Page {
    pub after: Option<Keyset>,
    pub limit: i64,
}

impl Page {
    pub fn first(limit: i64) -> Self {
        Page { after: None, limit }
    }

    /// Where a list ordered by id alone goes on from. A keyed position was given out by
    /// another list, and is refused like any cursor this API did not give out.
    pub fn after_id(&self) -> Result<Option<Uuid>> {
        match self.after {
            Some(Keyset { key: Some(_), .. }) => Err(bad_cursor()),
            after => Ok(after.map(|a| a.id)),
        }
    }

    /// How many rows to fetch: one more than the page holds tells whether another follows.
    pub fn fetch(&self) -> i64 {
        self.limit + 1
    }
}

/// One page of items and where the next one starts, if another follows.
#[derive(Debug, Clone)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub next: Option<Keyset>,
}

impl<T> Paged<T> {
    /// `rows` was fetched with [`Page::fetch`], so an extra row means there is a next page,
    /// which starts after the position `at` gives for the last item kept (an id, for a list
    /// ordered by id alone).
    pub fn from_rows<K: Into<Keyset>>(mut rows: Vec<T>, limit: i64, at: impl Fn(&T) -> K) -> Self {
        let limit = usize::try_from(limit).unwrap_or(0);
        let more = rows.len() > limit;
        rows.truncate(limit);
        let next = if more { rows.last().map(|r| at(r).into()) } else { None };
        Paged { items: rows, next }
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
