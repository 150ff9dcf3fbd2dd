//! 定期公示: a street's disclosures, each a frozen snapshot of its three lists for a period,
//! stored as the canonical JSON its SHA-256 is taken of, chained to the street's previous
//! one. The database refuses to edit or delete a row (triggers, both backends); whoever
//! gets round that is caught by [`verify`].

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::access::Actor;
use domain::disclosure::{self, DisclosedDemand, DisclosedProject, DisclosedResource, Period, Snapshot, Stored};
use domain::org_unit::UnitKind;
use domain::project::ProjectState;
use uuid::Uuid;

use crate::connection::write;
use crate::schema::{demands, disclosures, org_units, organizations, projects, resources};
use crate::util::{duplicate, new_id, sha256_hex, utc, uuid, Page, Paged};
use crate::{org_units as units, DbConnection, Error, Result};

/// A disclosure as published; `snapshot` is the canonical JSON, exactly as hashed.
#[derive(Debug, Clone)]
pub struct Disclosure {
    pub id: Uuid,
    pub street_id: Uuid,
    pub street_name: String,
    pub number: i64,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub sha256: String,
    pub previous_sha256: Option<String>,
    pub published_at: DateTime<Utc>,
    pub snapshot: String,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = disclosures)]
struct Row {
    id: String,
    street_id: String,
    number: i64,
    period_start: String,
    period_end: String,
    snapshot: String,
    sha256: String,
    previous_sha256: Option<String>,
    published_at: NaiveDateTime,
}

fn date(raw: &str) -> Result<NaiveDate> {
    raw.parse().map_err(|_| Error::Corrupt("disclosure period"))
}

impl Row {
    fn into_disclosure(self, street_name: String) -> Result<Disclosure> {
        Ok(Disclosure {
            id: uuid(&self.id, "disclosure id")?,
            street_id: uuid(&self.street_id, "disclosure street")?,
            street_name,
            number: self.number,
            period_start: date(&self.period_start)?,
            period_end: date(&self.period_end)?,
            sha256: self.sha256,
            previous_sha256: self.previous_sha256,
            published_at: utc(self.published_at),
            snapshot: self.snapshot,
        })
    }
}

/// The streets `actor` publishes disclosures for: a street committee's own, every street of
/// the district for its admin.
pub fn publishing_streets(conn: &mut DbConnection, actor: &Actor) -> Result<Vec<Uuid>> {
    let roots = actor.scope_units(domain::access::Capability::PublishDisclosures);
    units::of_kind_under(conn, &roots, UnitKind::Street)
}

/// Publishes the street's next disclosure (第N期) for `period`, which must not share a day
/// with one already published for it. Two at once for one street: one wins the number,
/// the other is refused (409) and changes nothing.
pub fn publish(
    conn: &mut DbConnection,
    actor: &Actor,
    street_id: Uuid,
    period: Period,
    at: DateTime<Utc>,
) -> Result<Disclosure> {
    write(conn, |conn| publish_as(conn, Some(actor), street_id, period, at))
}

/// Publishes as the system: what the worker does past the district's disclosure day for a
/// street that has not published, and the demo for the streets it leaves no committee's work.
pub fn publish_unattended(conn: &mut DbConnection, street_id: Uuid, period: Period, at: DateTime<Utc>) -> Result<Disclosure> {
    write(conn, |conn| publish_as(conn, None, street_id, period, at))
}

/// Publishes as `by`, or as the system (the worker, past the district's disclosure day).
fn publish_as(
    conn: &mut DbConnection,
    by: Option<&Actor>,
    street_id: Uuid,
    period: Period,
    at: DateTime<Utc>,
) -> Result<Disclosure> {
    let placement = units::placement_for_field(conn, street_id, "unit_id")?;
    match by {
        Some(actor) => disclosure::authorize_publish(actor, placement.kind, &placement.path)?,
        None if placement.kind != UnitKind::Street => {
            return Err(Error::Corrupt("a disclosure of a unit not a street"))
        }
        None => {}
    }
    let street = street_id.to_string();
    let published: Vec<(i64, String, String, String)> = disclosures::table
        .filter(disclosures::street_id.eq(&street))
        .order(disclosures::number.desc())
        .select((disclosures::number, disclosures::period_start, disclosures::period_end, disclosures::sha256))
        .load(conn)?;
    for (number, start, end, _) in &published {
        if period.overlaps(date(start)?, date(end)?) {
            return Err(domain::Error::conflict(
                "period_disclosed",
                format!("第{number}期 already discloses days of this period ({start} to {end})"),
            )
            .into());
        }
    }
    let number = published.first().map_or(1, |(n, ..)| n + 1);
    let previous = published.first().map(|(.., sha)| sha.clone());
    let street_name: String = org_units::table.find(&street).select(org_units::name).first(conn)?;
    let snapshot = Snapshot::new(
        street_id,
        street_name.clone(),
        number,
        period,
        previous.clone(),
        disclosed_demands(conn, &street, period)?,
        disclosed_projects(conn, &street, period)?,
        disclosed_resources(conn, street_id, period)?,
    );
    let text = serde_json::to_string(&snapshot).map_err(|_| Error::Corrupt("disclosure snapshot"))?;
    let sha256 = sha256_hex(&text);
    let id = new_id();
    diesel::insert_into(disclosures::table)
        .values((
            disclosures::id.eq(id.to_string()),
            disclosures::street_id.eq(&street),
            disclosures::number.eq(number),
            disclosures::period_start.eq(period.start().to_string()),
            disclosures::period_end.eq(period.end().to_string()),
            disclosures::snapshot.eq(&text),
            disclosures::sha256.eq(&sha256),
            disclosures::previous_sha256.eq(&previous),
            disclosures::published_by_id.eq(by.map(|a| a.user_id.to_string())),
            disclosures::published_at.eq(at.naive_utc()),
        ))
        .execute(conn)
        .map_err(duplicate("number", "another disclosure of this street was published at the same moment"))?;
    Ok(Disclosure {
        id,
        street_id,
        street_name,
        number,
        period_start: period.start(),
        period_end: period.end(),
        sha256,
        previous_sha256: previous,
        published_at: at,
        snapshot: text,
    })
}

/// The worker's job: past each district's disclosure day, its streets' disclosures of the
/// month before, for the streets that have published none sharing a day with that month.
/// Two workers at once: the second finds the period disclosed, or the number taken, and
/// leaves it.
pub fn publish_due(conn: &mut DbConnection, now: DateTime<Utc>) -> Result<usize> {
    let today = disclosure::beijing_today(now);
    let districts: Vec<(String, Option<i32>)> = org_units::table
        .filter(org_units::kind.eq(UnitKind::District.as_str()))
        .filter(org_units::disclosure_day.is_not_null())
        .select((org_units::id, org_units::disclosure_day))
        .load(conn)?;
    let mut published = 0;
    for (district, day) in districts {
        let Some(period) = day.and_then(|d| u32::try_from(d).ok()).and_then(|d| disclosure::due_month(today, d)) else {
            continue;
        };
        let (start, end) = (period.start().to_string(), period.end().to_string());
        let disclosed = disclosures::table
            .filter(disclosures::period_start.le(end))
            .filter(disclosures::period_end.ge(start))
            .select(disclosures::street_id);
        let due: Vec<String> = org_units::table
            .filter(org_units::parent_id.eq(&district))
            .filter(org_units::kind.eq(UnitKind::Street.as_str()))
            .filter(org_units::id.ne_all(disclosed))
            .select(org_units::id)
            .load(conn)?;
        for street in due {
            let street = uuid(&street, "street id")?;
            match publish_unattended(conn, street, period, now) {
                Ok(_) => published += 1,
                Err(Error::Duplicate { .. }) => {}
                Err(Error::Domain(domain::Error::Conflict { code: "period_disclosed", .. })) => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok(published)
}

#[derive(Queryable)]
struct DemandRow {
    id: String,
    title: String,
    category: String,
    unit_name: String,
    state: String,
    cosign_count: i64,
    created_at: NaiveDateTime,
}

#[derive(Queryable)]
struct ProjectRow {
    id: String,
    title: String,
    category: String,
    state: String,
    budget_fen: i64,
    gov_funds_fen: i64,
    funded_fen: i64,
    beneficiaries: i64,
    created_at: NaiveDateTime,
}

#[derive(Queryable)]
struct ResourceRow {
    id: String,
    title: String,
    kind: String,
    organization_name: String,
    quantity: i64,
    measure: String,
    withdrawn: bool,
    created_at: NaiveDateTime,
}

fn disclosed_demands(conn: &mut DbConnection, street: &str, period: Period) -> Result<Vec<DisclosedDemand>> {
    let (from, to) = period.instants();
    let rows: Vec<DemandRow> = demands::table
        .inner_join(org_units::table.on(org_units::id.eq(demands::unit_id)))
        .filter(demands::street_id.eq(street))
        .filter(demands::listed.eq(true))
        .filter(demands::created_at.ge(from))
        .filter(demands::created_at.lt(to))
        .select((
            demands::id,
            demands::title,
            demands::category,
            org_units::name,
            demands::state,
            demands::cosign_count,
            demands::created_at,
        ))
        .load(conn)?;
    rows.into_iter()
        .map(|r| {
            Ok(DisclosedDemand {
                id: uuid(&r.id, "demand id")?,
                title: r.title,
                category: r.category,
                unit_name: r.unit_name,
                state: r.state,
                cosign_count: r.cosign_count,
                filed_at: utc(r.created_at),
            })
        })
        .collect()
}

fn disclosed_projects(conn: &mut DbConnection, street: &str, period: Period) -> Result<Vec<DisclosedProject>> {
    let (from, to) = period.instants();
    let public: Vec<&str> = ProjectState::ALL.iter().filter(|s| s.is_public()).map(|s| s.as_str()).collect();
    let rows: Vec<ProjectRow> = projects::table
        .filter(projects::street_id.eq(street))
        .filter(projects::state.eq_any(public))
        .filter(projects::created_at.ge(from))
        .filter(projects::created_at.lt(to))
        .select((
            projects::id,
            projects::title,
            projects::category,
            projects::state,
            projects::budget_fen,
            projects::gov_funds_fen,
            projects::funded_fen,
            projects::beneficiaries,
            projects::created_at,
        ))
        .load(conn)?;
    rows.into_iter()
        .map(|r| {
            Ok(DisclosedProject {
                id: uuid(&r.id, "project id")?,
                title: r.title,
                category: r.category,
                state: r.state,
                budget_fen: r.budget_fen,
                gov_funds_fen: r.gov_funds_fen,
                funded_fen: r.funded_fen,
                beneficiaries: r.beneficiaries,
                created_at: utc(r.created_at),
            })
        })
        .collect()
}

fn disclosed_resources(conn: &mut DbConnection, street: Uuid, period: Period) -> Result<Vec<DisclosedResource>> {
    let (from, to) = period.instants();
    let under = units::ids_under(conn, &[street], "unit_id")?;
    let rows: Vec<ResourceRow> = resources::table
        .inner_join(organizations::table)
        .filter(resources::unit_id.eq_any(under))
        .filter(resources::created_at.ge(from))
        .filter(resources::created_at.lt(to))
        .select((
            resources::id,
            resources::title,
            resources::kind,
            organizations::name,
            resources::quantity,
            resources::measure,
            resources::withdrawn,
            resources::created_at,
        ))
        .load(conn)?;
    rows.into_iter()
        .map(|r| {
            Ok(DisclosedResource {
                id: uuid(&r.id, "resource id")?,
                title: r.title,
                kind: r.kind,
                organization_name: r.organization_name,
                quantity: r.quantity,
                measure: r.measure,
                withdrawn: r.withdrawn,
                offered_at: utc(r.created_at),
            })
        })
        .collect()
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// One street's disclosures.
    pub street_id: Option<Uuid>,
}

/// Disclosures, newest first (anyone may read them).
pub fn list(conn: &mut DbConnection, filter: &Filter, page: Page) -> Result<Paged<Disclosure>> {
    let mut query = disclosures::table
        .inner_join(org_units::table.on(org_units::id.eq(disclosures::street_id)))
        .select((Row::as_select(), org_units::name))
        .order(disclosures::id.desc())
        .into_boxed();
    if let Some(street) = filter.street_id {
        query = query.filter(disclosures::street_id.eq(street.to_string()));
    }
    if let Some(after) = page.after_id()? {
        query = query.filter(disclosures::id.lt(after.to_string()));
    }
    let rows: Vec<(Row, String)> = query.limit(page.fetch()).load(conn)?;
    let items = rows.into_iter().map(|(r, name)| r.into_disclosure(name)).collect::<Result<Vec<_>>>()?;
    Ok(Paged::from_rows(items, page.limit, |d| d.id))
}

pub fn find(conn: &mut DbConnection, id: Uuid) -> Result<Disclosure> {
    let (row, name): (Row, String) = disclosures::table
        .inner_join(org_units::table.on(org_units::id.eq(disclosures::street_id)))
        .filter(disclosures::id.eq(id.to_string()))
        .select((Row::as_select(), org_units::name))
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound("disclosure"))?;
    row.into_disclosure(name)
}

/// The street's disclosures just before and after `d` (第N-1期, 第N+1期), to walk the chain.
pub fn neighbours(conn: &mut DbConnection, d: &Disclosure) -> Result<(Option<Uuid>, Option<Uuid>)> {
    let mut at = |number: i64| -> Result<Option<Uuid>> {
        let id: Option<String> = disclosures::table
            .filter(disclosures::street_id.eq(d.street_id.to_string()))
            .filter(disclosures::number.eq(number))
            .select(disclosures::id)
            .first(conn)
            .optional()?;
        id.map(|id| uuid(&id, "disclosure id")).transpose()
    };
    Ok((at(d.number - 1)?, at(d.number + 1)?))
}

/// A disclosure checked as stored: its hash recomputed from its snapshot, which must name
/// its own street, number and period and the hash of the street's disclosure before it.
pub struct Verification {
    pub valid: bool,
    /// The hash recomputed from the stored snapshot.
    pub sha256: String,
    pub previous_sha256: Option<String>,
}

pub fn verify(conn: &mut DbConnection, id: Uuid) -> Result<Verification> {
    let d = find(conn, id)?;
    let before: Option<String> = disclosures::table
        .filter(disclosures::street_id.eq(d.street_id.to_string()))
        .filter(disclosures::number.eq(d.number - 1))
        .select(disclosures::sha256)
        .first(conn)
        .optional()?;
    let recomputed = sha256_hex(&d.snapshot);
    let snapshot: Option<Snapshot> = serde_json::from_str(&d.snapshot).ok();
    let stored = Stored {
        street_id: d.street_id,
        number: d.number,
        period_start: d.period_start,
        period_end: d.period_end,
        sha256: &d.sha256,
        previous_sha256: d.previous_sha256.as_deref(),
    };
    // The first of a street has nothing before it; a later one whose predecessor is gone
    // is not intact either.
    let valid = disclosure::intact(&stored, &recomputed, snapshot.as_ref(), before.as_deref());
    Ok(Verification { valid, sha256: recomputed, previous_sha256: d.previous_sha256 })
}
