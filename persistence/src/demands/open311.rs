//! Demands as Open311 GeoReport v2 service requests (SPEC §5): filed with an integration's
//! API key, read as the public board reads them.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use domain::demand::{ApiKeyFiler, DemandCategory, DemandSource, DemandState};
use uuid::Uuid;

use super::{find, insert, resident_name, Demand, Filing, NewDemand, Row};
use crate::connection::write;
use crate::schema::{demands, org_units};
use crate::{api_keys, org_units as units, DbConnection, Error, Result};

/// Files `new` as an Open311 request through the key whose secret the client sent, inside
/// the same transaction that finds the key live: a key revoked meanwhile files nothing.
/// A secret no live key has is `NotFound("api key")`.
pub fn file(conn: &mut DbConnection, secret: &str, new: NewDemand) -> Result<Demand> {
    let new = NewDemand { source: DemandSource::Open311, ..new };
    write(conn, |conn| {
        let key = api_keys::authenticate(conn, secret)?.ok_or(Error::NotFound("api key"))?;
        let unit = units::placement_for_field(conn, new.unit_id, "address_id")?;
        domain::api_key::authorize_filing(&key.unit_path, unit.kind, &unit.path)?;
        let filing = Filing {
            author_id: None,
            author_name: resident_name(new.on_behalf_of.as_deref()),
            author_phone: new.author_phone.clone(),
            filed_by_id: None,
            via: Some(ApiKeyFiler { organization_id: key.organization_id, api_key_id: key.api_key_id }),
        };
        let id = insert(conn, &unit.path, &new, filing)?;
        find(conn, id)
    })
}

/// At most this many requests in one answer, as GeoReport v2 suggests.
pub const MAX_REQUESTS: i64 = 1_000;

/// GeoReport v2's `GET requests` filters.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// These requests only; when given, the other filters are ignored (as the standard says).
    pub ids: Vec<Uuid>,
    /// Any of these services; all when empty.
    pub categories: Vec<DemandCategory>,
    /// `open` (true) or `closed` (false); both when `None`.
    pub open: Option<bool>,
    pub start: Option<DateTime<Utc>>,
    pub end: Option<DateTime<Utc>>,
}

/// The public board's demands (`listed`) matching `filter`, newest first, at most
/// [`MAX_REQUESTS`].
pub fn list(conn: &mut DbConnection, filter: &Filter) -> Result<Vec<Demand>> {
    let mut query = demands::table
        .inner_join(org_units::table)
        .filter(demands::listed.eq(true))
        .select((Row::as_select(), org_units::path))
        .order(demands::id.desc())
        .limit(MAX_REQUESTS)
        .into_boxed();
    if filter.ids.is_empty() {
        if !filter.categories.is_empty() {
            query = query.filter(demands::category.eq_any(filter.categories.iter().map(|c| c.as_str())));
        }
        if let Some(open) = filter.open {
            let states = DemandState::ALL.iter().filter(|s| s.is_open() == open).map(|s| s.as_str());
            query = query.filter(demands::state.eq_any(states.collect::<Vec<_>>()));
        }
        if let Some(start) = filter.start {
            query = query.filter(demands::created_at.ge(start.naive_utc()));
        }
        if let Some(end) = filter.end {
            query = query.filter(demands::created_at.le(end.naive_utc()));
        }
    } else {
        query = query.filter(demands::id.eq_any(filter.ids.iter().map(Uuid::to_string).collect::<Vec<_>>()));
    }
    let rows: Vec<(Row, String)> = query.load(conn)?;
    rows.into_iter().map(Demand::try_from).collect()
}
