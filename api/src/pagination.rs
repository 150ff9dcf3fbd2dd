//! Keyset pages (SPEC §5): `?limit=` (1–100, default 20) and an opaque `cursor`.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use persistence::util::{Page, Paged};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::ApiError;

pub const DEFAULT_LIMIT: i64 = 20;
pub const MAX_LIMIT: i64 = 100;

/// The cursor names the last item seen; it is opaque so its encoding may change.
pub fn encode_cursor(after: Uuid) -> String {
    URL_SAFE_NO_PAD.encode(after.as_bytes())
}

pub fn decode_cursor(cursor: &str) -> Result<Uuid, ApiError> {
    URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|bytes| Uuid::from_slice(&bytes).ok())
        .ok_or_else(|| ApiError::invalid("cursor", "bad_cursor", "cursor is not one this API gave out"))
}

/// A cursor for lists ordered by a key before the id (co-signs, deadlines).
pub fn encode_keyed_cursor(key: i64, id: Uuid) -> String {
    let mut bytes = key.to_be_bytes().to_vec();
    bytes.extend_from_slice(id.as_bytes());
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn decode_keyed_cursor(cursor: &str) -> Result<(i64, Uuid), ApiError> {
    let bad = || ApiError::invalid("cursor", "bad_cursor", "cursor is not one this API gave out");
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| bad())?;
    let (key, id) = bytes.split_at_checked(8).ok_or_else(bad)?;
    let key = i64::from_be_bytes(key.try_into().map_err(|_| bad())?);
    Ok((key, Uuid::from_slice(id).map_err(|_| bad())?))
}

/// `limit` checked against SPEC §5's bounds.
pub fn limit(limit: Option<i64>) -> Result<i64, ApiError> {
    let limit = limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::invalid("limit", "bad_limit", format!("limit must be 1 to {MAX_LIMIT}")));
    }
    Ok(limit)
}

pub fn page(limit: Option<i64>, cursor: Option<&str>) -> Result<Page, ApiError> {
    let limit = self::limit(limit)?;
    let after = cursor.filter(|c| !c.is_empty()).map(decode_cursor).transpose()?;
    Ok(Page { after, limit })
}

/// One page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct PageOf<T> {
    pub items: Vec<T>,
    /// Pass as `cursor` for the next page; absent on the last one.
    pub next_cursor: Option<String>,
}

impl<T> PageOf<T> {
    pub fn from_paged<U>(paged: Paged<U>, f: impl Fn(U) -> T) -> Self {
        PageOf { items: paged.items.into_iter().map(f).collect(), next_cursor: paged.next_after.map(encode_cursor) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        let id = Uuid::now_v7();
        assert_eq!(decode_cursor(&encode_cursor(id)).ok(), Some(id));
        assert!(decode_cursor("not-a-cursor").is_err());
        assert!(page(Some(0), None).is_err());
        assert!(page(Some(101), None).is_err());
        assert_eq!(page(None, None).map(|p| p.limit).ok(), Some(DEFAULT_LIMIT));
        assert_eq!(decode_keyed_cursor(&encode_keyed_cursor(-7, id)).ok(), Some((-7, id)));
        assert!(decode_keyed_cursor(&encode_cursor(id)).is_err());
    }
}
