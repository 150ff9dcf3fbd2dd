//! Org units: the district ⊃ street ⊃ community ⊃ compound tree.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::access::{Actor, Capability};
use domain::org_unit::{
    check_community_type, check_deadlines_unit, check_new_child, CommunityType, DeadlineDays, DisclosureDay,
    OrgUnitEvent, UnitKind, UnitPath,
};
use domain::values::Name;
use uuid::Uuid;

use crate::connection::write;
use crate::events::{self, NewEvent};
use crate::schema::org_units;
use crate::util::{
    duplicate, like_pattern, new_id, now, opt_parsed, opt_uuid, parsed, path_string, subtree_range, unit_path, utc, uuid, Page,
    Paged,
};
use crate::{DbConnection, Error, Result};

#[derive(Debug, Clone)]
pub struct OrgUnit {
    pub id: Uuid,
    pub name: String,
    pub kind: UnitKind,
    pub parent_id: Option<Uuid>,
    pub path: UnitPath,
    pub community_type: Option<CommunityType>,
    /// A district's demand deadlines in days, when set (else the defaults apply).
    pub verify_days: Option<i32>,
    pub answer_days: Option<i32>,
    /// A district's day of the month its streets' disclosures are due by, when set.
    pub disclosure_day: Option<i32>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = org_units)]
struct Row {
    id: String,
    name: String,
    kind: String,
    parent_id: Option<String>,
    path: String,
    community_type: Option<String>,
    verify_days: Option<i32>,
    answer_days: Option<i32>,
    disclosure_day: Option<i32>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    version: i64,
}

impl TryFrom<Row> for OrgUnit {
    type Error = Error;
    fn try_from(r: Row) -> Result<Self> {
        Ok(OrgUnit {
            id: uuid(&r.id, "org unit id")?,
            name: r.name,
            kind: parsed(&r.kind, UnitKind::parse, "org unit kind")?,
            parent_id: opt_uuid(r.parent_id.as_deref(), "org unit parent")?,
            path: unit_path(&r.path)?,
            community_type: opt_parsed(r.community_type.as_deref(), CommunityType::parse, "community type")?,
            verify_days: r.verify_days,
            answer_days: r.answer_days,
            disclosure_day: r.disclosure_day,
            created_at: utc(r.created_at),
            updated_at: utc(r.updated_at),
            version: r.version,
        })
    }
}

pub fn find(conn: &mut DbConnection, id: Uuid) -> Result<OrgUnit> {
    org_units::table
        .find(id.to_string())
        .select(Row::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound("org unit"))?
        .try_into()
}

/// Like [`find`], but a missing unit named in a request body is that field's fault (422),
/// not a missing resource (404).
pub fn find_for_field(conn: &mut DbConnection, id: Uuid, field: &'static str) -> Result<OrgUnit> {
    match find(conn, id) {
        Err(Error::NotFound(_)) => Err(unknown_unit(field, id)),
        other => other,
    }
}

fn unknown_unit(field: &'static str, id: Uuid) -> Error {
    domain::Error::invalid(field, "unknown_unit", format!("no org unit {id}")).into()
}

/// The range of stored paths at or below a unit, for "this unit and everything below it"
/// filters.
pub fn subtree_of(conn: &mut DbConnection, id: Uuid, field: &'static str) -> Result<(String, String)> {
    Ok(subtree_range(&path_string(&placement_for_field(conn, id, field)?.path)))
}

/// The ids of the units at or below each of `units` (a street's or a district's units are
/// a few hundred): for records keyed by a unit id without a copy of its path.
pub fn ids_under(conn: &mut DbConnection, units: &[Uuid], field: &'static str) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for unit in units {
        let (start, end) = subtree_of(conn, *unit, field)?;
        let ids: Vec<String> = org_units::table
            .filter(org_units::path.ge(start))
            .filter(org_units::path.lt(end))
            .select(org_units::id)
            .load(conn)?;
        out.extend(ids);
    }
    Ok(out)
}

/// The units of `kind` at or below each of `units`, each once, in path order per root.
pub fn of_kind_under(conn: &mut DbConnection, units: &[Uuid], kind: UnitKind) -> Result<Vec<Uuid>> {
    let mut out = Vec::new();
    for unit in units {
        let (start, end) = subtree_of(conn, *unit, "unit_id")?;
        let ids: Vec<String> = org_units::table
            .filter(org_units::path.ge(start))
            .filter(org_units::path.lt(end))
            .filter(org_units::kind.eq(kind.as_str()))
            .order(org_units::path.asc())
            .select(org_units::id)
            .load(conn)?;
        for id in ids {
            let id = uuid(&id, "org unit id")?;
            // Grants may overlap (a street's and one of its communities').
            if !out.contains(&id) {
                out.push(id);
            }
        }
    }
    Ok(out)
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub parent_id: Option<Uuid>,
    pub kind: Option<UnitKind>,
    /// This unit and everything below it.
    pub under: Option<Uuid>,
    pub q: Option<String>,
}

pub fn list(conn: &mut DbConnection, filter: &Filter, page: Page) -> Result<Paged<OrgUnit>> {
    let mut query = org_units::table.select(Row::as_select()).order(org_units::id.asc()).into_boxed();
    if let Some(parent) = filter.parent_id {
        query = query.filter(org_units::parent_id.eq(parent.to_string()));
    }
    if let Some(kind) = filter.kind {
        query = query.filter(org_units::kind.eq(kind.as_str()));
    }
    if let Some(under) = filter.under {
        let (start, end) = subtree_of(conn, under, "unit_id")?;
        query = query.filter(org_units::path.ge(start)).filter(org_units::path.lt(end));
    }
    if let Some(q) = &filter.q {
        query = query.filter(org_units::name.like(like_pattern(q)).escape('\\'));
    }
    if let Some(after) = page.after_id()? {
        query = query.filter(org_units::id.gt(after.to_string()));
    }
    let rows: Vec<Row> = query.limit(page.fetch()).load(conn)?;
    let units = rows.into_iter().map(OrgUnit::try_from).collect::<Result<Vec<_>>>()?;
    Ok(Paged::from_rows(units, page.limit, |u| u.id))
}

fn insert(conn: &mut DbConnection, unit: &OrgUnit) -> Result<()> {
    diesel::insert_into(org_units::table)
        .values((
            org_units::id.eq(unit.id.to_string()),
            org_units::name.eq(&unit.name),
            org_units::kind.eq(unit.kind.as_str()),
            org_units::parent_id.eq(unit.parent_id.map(|p| p.to_string())),
            org_units::path.eq(path_string(&unit.path)),
            org_units::community_type.eq(unit.community_type.map(|c| c.as_str())),
            org_units::created_at.eq(unit.created_at.naive_utc()),
            org_units::updated_at.eq(unit.updated_at.naive_utc()),
            org_units::version.eq(unit.version),
        ))
        .execute(conn)
        .map_err(duplicate("name", UNIT_NAME_TAKEN))?;
    Ok(())
}

/// A unit is known by its name under its parent (the admin scripts find it so on a rerun).
const UNIT_NAME_TAKEN: &str = "a unit of this name is already under this parent; give this one a name of its own";

fn created(unit: &OrgUnit, actor_id: Option<Uuid>, conn: &mut DbConnection) -> Result<()> {
    events::append(
        conn,
        NewEvent {
            entity_id: unit.id,
            unit: Some(&unit.path),
            actor_id,
            from_state: None,
            to_state: None,
            event: OrgUnitEvent::Create { name: unit.name.clone() },
        },
    )
}

/// The root district, if there is one (the oldest, should there ever be several).
pub fn root_district(conn: &mut DbConnection) -> Result<Option<OrgUnit>> {
    org_units::table
        .filter(org_units::parent_id.is_null())
        .order(org_units::id.asc())
        .select(Row::as_select())
        .first(conn)
        .optional()?
        .map(OrgUnit::try_from)
        .transpose()
}

/// The root district, made if there is none; only the command line makes districts.
pub fn ensure_root_district(conn: &mut DbConnection, name: &Name) -> Result<OrgUnit> {
    write(conn, |conn| {
        if let Some(unit) = root_district(conn)? {
            return Ok(unit);
        }
        let id = new_id();
        let t = utc(now());
        let unit = OrgUnit {
            id,
            name: name.as_str().to_owned(),
            kind: UnitKind::District,
            parent_id: None,
            path: UnitPath::new(vec![id]).ok_or(Error::Corrupt("org unit path"))?,
            community_type: None,
            verify_days: None,
            answer_days: None,
            disclosure_day: None,
            created_at: t,
            updated_at: t,
            version: 1,
        };
        insert(conn, &unit)?;
        created(&unit, None, conn)?;
        Ok(unit)
    })
}

#[derive(Debug, Clone)]
pub struct NewOrgUnit {
    pub parent_id: Uuid,
    pub name: Name,
    pub kind: UnitKind,
    pub community_type: Option<CommunityType>,
}

pub fn create(conn: &mut DbConnection, actor: &Actor, new: NewOrgUnit) -> Result<OrgUnit> {
    write(conn, |conn| {
        let parent = find_for_field(conn, new.parent_id, "parent_id")?;
        actor.require(Capability::ManageOrgUnits, &parent.path)?;
        check_new_child(parent.kind, new.kind, new.community_type)?;
        let id = new_id();
        let t = utc(now());
        let unit = OrgUnit {
            id,
            name: new.name.clone().into_inner(),
            kind: new.kind,
            parent_id: Some(parent.id),
            path: parent.path.child(id),
            community_type: new.community_type,
            verify_days: None,
            answer_days: None,
            disclosure_day: None,
            created_at: t,
            updated_at: t,
            version: 1,
        };
        insert(conn, &unit)?;
        created(&unit, Some(actor.user_id), conn)?;
        Ok(unit)
    })
}

/// Fields a PATCH may change; `None` leaves a field as it is.
#[derive(Debug, Clone)]
pub struct OrgUnitChanges {
    pub version: i64,
    pub name: Option<Name>,
    pub community_type: Option<CommunityType>,
    /// A district's demand deadlines.
    pub verify_days: Option<DeadlineDays>,
    pub answer_days: Option<DeadlineDays>,
    /// `Some(None)` clears the day: the district's streets then publish only by hand.
    pub disclosure_day: Option<Option<DisclosureDay>>,
}

pub fn update(conn: &mut DbConnection, actor: &Actor, id: Uuid, changes: OrgUnitChanges) -> Result<OrgUnit> {
    write(conn, |conn| {
        let unit = find(conn, id)?;
        actor.require(Capability::ManageOrgUnits, &unit.path)?;
        if changes.community_type.is_some() {
            check_community_type(unit.kind, changes.community_type)?;
        }
        if changes.verify_days.is_some() || changes.answer_days.is_some() {
            check_deadlines_unit(unit.kind, "verify_days")?;
        }
        if changes.disclosure_day.is_some() {
            check_deadlines_unit(unit.kind, "disclosure_day")?;
        }
        let current: (Option<i32>, Option<i32>, Option<i32>) = org_units::table
            .find(id.to_string())
            .select((org_units::verify_days, org_units::answer_days, org_units::disclosure_day))
            .first(conn)?;
        let days = |d: Option<DeadlineDays>| d.and_then(|d| i32::try_from(d.days()).ok());
        let verify_days = days(changes.verify_days).or(current.0);
        let answer_days = days(changes.answer_days).or(current.1);
        let disclosure_day = match changes.disclosure_day {
            None => current.2,
            Some(day) => day.and_then(|d| i32::try_from(d.day()).ok()),
        };
        let name = changes.name.clone().map(Name::into_inner).unwrap_or(unit.name);
        let community_type = changes.community_type.or(unit.community_type);
        let updated = diesel::update(org_units::table)
            .filter(org_units::id.eq(id.to_string()))
            .filter(org_units::version.eq(changes.version))
            .set((
                org_units::name.eq(&name),
                org_units::community_type.eq(community_type.map(|c| c.as_str())),
                org_units::verify_days.eq(verify_days),
                org_units::answer_days.eq(answer_days),
                org_units::disclosure_day.eq(disclosure_day),
                org_units::updated_at.eq(now()),
                org_units::version.eq(changes.version + 1),
            ))
            .execute(conn)
            .map_err(duplicate("name", UNIT_NAME_TAKEN))?;
        if updated == 0 {
            return Err(Error::StaleVersion { entity: "org unit", expected: changes.version });
        }
        events::append(
            conn,
            NewEvent {
                entity_id: id,
                unit: Some(&unit.path),
                actor_id: Some(actor.user_id),
                from_state: None,
                to_state: None,
                event: OrgUnitEvent::Update { name },
            },
        )?;
        find(conn, id)
    })
}

/// The demand deadlines (时限) set for a district, or the defaults.
pub fn deadlines(conn: &mut DbConnection, district_id: Uuid) -> Result<domain::demand::DemandDeadlines> {
    let row: Option<(Option<i32>, Option<i32>)> = org_units::table
        .find(district_id.to_string())
        .select((org_units::verify_days, org_units::answer_days))
        .first(conn)
        .optional()?;
    let defaults = domain::demand::DemandDeadlines::default();
    let (verify, answer) = row.unwrap_or((None, None));
    let days = |d: Option<i32>, default: u32| d.and_then(|d| u32::try_from(d).ok()).unwrap_or(default);
    Ok(domain::demand::DemandDeadlines {
        verify_days: days(verify, defaults.verify_days),
        answer_days: days(answer, defaults.answer_days),
    })
}

/// Where a unit sits in the tree.
#[derive(Debug, Clone)]
pub struct Placement {
    pub kind: UnitKind,
    pub path: UnitPath,
}

/// Units are never moved, re-kinded or deleted, so where one sits is read from the
/// database once per process: every list and rule that looks up the tree (an official's
/// scope, a resident's street) would otherwise add a query to each request. Only units
/// that exist are remembered; past this many (a city has thousands) the cache starts over.
const PLACEMENTS_KEPT: usize = 100_000;
static PLACEMENTS: std::sync::LazyLock<std::sync::RwLock<std::collections::HashMap<Uuid, Placement>>> =
    std::sync::LazyLock::new(Default::default);

/// Where each of `unit_ids` sits, in no particular order; ids of no unit are left out.
pub fn placements(conn: &mut DbConnection, unit_ids: &[Uuid]) -> Result<Vec<Placement>> {
    let mut found = Vec::with_capacity(unit_ids.len());
    let mut missing = Vec::new();
    {
        let cache = PLACEMENTS.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        for id in unit_ids {
            match cache.get(id) {
                Some(p) => found.push(p.clone()),
                None => missing.push(id.to_string()),
            }
        }
    }
    if missing.is_empty() {
        return Ok(found);
    }
    let rows: Vec<(String, String, String)> = org_units::table
        .filter(org_units::id.eq_any(missing))
        .select((org_units::id, org_units::kind, org_units::path))
        .load(conn)?;
    let mut cache = PLACEMENTS.write().unwrap_or_else(std::sync::PoisonError::into_inner);
    if cache.len() + rows.len() > PLACEMENTS_KEPT {
        cache.clear();
    }
    for (id, kind, path) in rows {
        let placement = Placement { kind: parsed(&kind, UnitKind::parse, "org unit kind")?, path: unit_path(&path)? };
        cache.insert(uuid(&id, "org unit id")?, placement.clone());
        found.push(placement);
    }
    Ok(found)
}

/// Where a unit named in a request sits; an unknown one is that field's fault (422).
pub fn placement_for_field(conn: &mut DbConnection, id: Uuid, field: &'static str) -> Result<Placement> {
    placements(conn, &[id])?.pop().ok_or_else(|| unknown_unit(field, id))
}

/// The paths of the units some grants are held at, for rules that look up the tree.
pub fn paths_of(conn: &mut DbConnection, unit_ids: &[Uuid]) -> Result<Vec<UnitPath>> {
    Ok(placements(conn, unit_ids)?.into_iter().map(|p| p.path).collect())
}

/// The (id, name, stored path) of each of `ids`: what a page of records placed at units
/// shows, in one query.
pub fn named(conn: &mut DbConnection, ids: &[&str]) -> Result<Vec<(String, String, String)>> {
    Ok(org_units::table
        .filter(org_units::id.eq_any(ids))
        .select((org_units::id, org_units::name, org_units::path))
        .load(conn)?)
}
