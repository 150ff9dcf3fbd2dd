//! Keyset pages (SPEC §5): `?limit=` (1–100, default 20) and an opaque `cursor`.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use persistence::util::{Keyset, Page, Paged};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::ApiError;

pub const DEFAULT_LIMIT: i64 = 20;
pub const MAX_LIMIT: i64 = 100;

/// The cursor names the last item seen (its [`Keyset`]); it is opaque so its encoding may
/// change: the id's 16 bytes, after the key's 8 when the list has one.
pub fn encode_cursor(at: Keyset) -> String {
    let mut bytes = at.key.map(i64::to_be_bytes).map(Vec::from).unwrap_or_default();
    bytes.extend_from_slice(at.id.as_bytes());
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn decode_cursor(cursor: &str) -> Result<Keyset, ApiError> {
    let bad = || ApiError::invalid("cursor", "bad_cursor", "cursor is not one this API gave out");
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| bad())?;
    let (key, id) = match bytes.len() {
        16 => (None, bytes.as_slice()),
        24 => {
            let (key, id) = bytes.split_at(8);
            (Some(i64::from_be_bytes(key.try_into().map_err(|_| bad())?)), id)
        }
        _ => return Err(bad()),
    };
    Ok(Keyset { key, id: Uuid::from_slice(id).map_err(|_| bad())? })
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
    pub fn new(items: Vec<T>, next: Option<Keyset>) -> Self {
        PageOf { items, next_cursor: next.map(encode_cursor) }
    }

    pub fn from_paged<U>(paged: Paged<U>, f: impl Fn(U) -> T) -> Self {
        PageOf::new(paged.items.into_iter().map(f).collect(), paged.next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        let id = Uuid::now_v7();
        assert_eq!(decode_cursor(&encode_cursor(Keyset::id(id))).ok(), Some(Keyset::id(id)));
        assert_eq!(decode_cursor(&encode_cursor(Keyset::keyed(-7, id))).ok(), Some(Keyset::keyed(-7, id)));
        assert!(decode_cursor("not-a-cursor").is_err());
        assert!(decode_cursor(&URL_SAFE_NO_PAD.encode([0_u8; 20])).is_err());
        assert!(page(Some(0), None).is_err());
        assert!(page(Some(101), None).is_err());
        assert_eq!(page(None, None).map(|p| p.limit).ok(), Some(DEFAULT_LIMIT));
    }
}
