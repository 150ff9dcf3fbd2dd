//! Organisations of the five parties and the co-builders, each attached to a unit.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::access::{Actor, Capability};
use domain::org_unit::UnitPath;
use domain::organization::{check_red_property, OrganizationEvent, OrganizationKind};
use domain::values::Name;
use uuid::Uuid;

use crate::connection::write;
use crate::events::{self, NewEvent};
use crate::org_units;
use crate::schema::{org_units as units, organizations};
use crate::util::{duplicate, like_pattern, new_id, now, parsed, unit_path, utc, uuid, Page, Paged};
use crate::{DbConnection, Error, Result};

#[derive(Debug, Clone)]
pub struct Organization {
    pub id: Uuid,
    pub name: String,
    pub kind: OrganizationKind,
    pub unit_id: Uuid,
    pub red_property: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = organizations)]
struct Row {
    id: String,
    name: String,
    kind: String,
    unit_id: String,
    red_property: bool,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    version: i64,
}

impl TryFrom<Row> for Organization {
    type Error = Error;
    fn try_from(r: Row) -> Result<Self> {
        Ok(Organization {
            id: uuid(&r.id, "organization id")?,
            name: r.name,
            kind: parsed(&r.kind, OrganizationKind::parse, "organization kind")?,
            unit_id: uuid(&r.unit_id, "organization unit")?,
            red_property: r.red_property,
            created_at: utc(r.created_at),
            updated_at: utc(r.updated_at),
            version: r.version,
        })
    }
}

pub fn find(conn: &mut DbConnection, id: Uuid) -> Result<Organization> {
    organizations::table
        .find(id.to_string())
        .select(Row::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound("organization"))?
        .try_into()
}

/// An organisation and the path of its unit, which bounds whatever is scoped by it.
pub fn find_with_path(conn: &mut DbConnection, id: Uuid, field: &'static str) -> Result<(Organization, UnitPath)> {
    let row: Option<(Row, String)> = organizations::table
        .inner_join(units::table)
        .filter(organizations::id.eq(id.to_string()))
        .select((Row::as_select(), units::path))
        .first(conn)
        .optional()?;
    let (row, path) =
        row.ok_or_else(|| domain::Error::invalid(field, "unknown_organization", format!("no organisation {id}")))?;
    Ok((row.try_into()?, unit_path(&path)?))
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub kind: Option<OrganizationKind>,
    /// At this unit or below it.
    pub unit_id: Option<Uuid>,
    pub q: Option<String>,
}

pub fn list(conn: &mut DbConnection, filter: &Filter, page: Page) -> Result<Paged<Organization>> {
    let mut query = organizations::table
        .inner_join(units::table)
        .select(Row::as_select())
        .order(organizations::id.asc())
        .into_boxed();
    if let Some(kind) = filter.kind {
        query = query.filter(organizations::kind.eq(kind.as_str()));
    }
    if let Some(unit) = filter.unit_id {
        let (start, end) = org_units::subtree_of(conn, unit, "unit_id")?;
        query = query.filter(units::path.ge(start)).filter(units::path.lt(end));
    }
    if let Some(q) = &filter.q {
        query = query.filter(organizations::name.like(like_pattern(q)).escape('\\'));
    }
    if let Some(after) = page.after_id()? {
        query = query.filter(organizations::id.gt(after.to_string()));
    }
    let rows: Vec<Row> = query.limit(page.fetch()).load(conn)?;
    let orgs = rows.into_iter().map(Organization::try_from).collect::<Result<Vec<_>>>()?;
    Ok(Paged::from_rows(orgs, page.limit, |o| o.id))
}

#[derive(Debug, Clone)]
pub struct NewOrganization {
    pub name: Name,
    pub kind: OrganizationKind,
    pub unit_id: Uuid,
    pub red_property: bool,
}

pub fn create(conn: &mut DbConnection, actor: &Actor, new: NewOrganization) -> Result<Organization> {
    check_red_property(new.kind, new.red_property)?;
    write(conn, |conn| {
        let unit = org_units::find_for_field(conn, new.unit_id, "unit_id")?;
        actor.require(Capability::ManageOrganizations, &unit.path)?;
        let t = utc(now());
        let org = Organization {
            id: new_id(),
            name: new.name.clone().into_inner(),
            kind: new.kind,
            unit_id: unit.id,
            red_property: new.red_property,
            created_at: t,
            updated_at: t,
            version: 1,
        };
        diesel::insert_into(organizations::table)
            .values((
                organizations::id.eq(org.id.to_string()),
                organizations::name.eq(&org.name),
                organizations::kind.eq(org.kind.as_str()),
                organizations::unit_id.eq(org.unit_id.to_string()),
                organizations::red_property.eq(org.red_property),
                organizations::created_at.eq(t.naive_utc()),
                organizations::updated_at.eq(t.naive_utc()),
                organizations::version.eq(1_i64),
            ))
            .execute(conn)
            .map_err(duplicate("name", NAME_TAKEN))?;
        events::append(
            conn,
            NewEvent {
                entity_id: org.id,
                unit: Some(&unit.path),
                actor_id: Some(actor.user_id),
                from_state: None,
                to_state: None,
                event: OrganizationEvent::Create { name: org.name.clone() },
            },
        )?;
        Ok(org)
    })
}

/// An organisation is known by its name at its unit (the admin scripts find it so on a rerun).
const NAME_TAKEN: &str =
    "an organisation of this name is already registered at this unit; give this one a name of its own";

#[derive(Debug, Clone)]
pub struct OrganizationChanges {
    pub version: i64,
    pub name: Option<Name>,
    pub red_property: Option<bool>,
}

pub fn update(conn: &mut DbConnection, actor: &Actor, id: Uuid, changes: OrganizationChanges) -> Result<Organization> {
    write(conn, |conn| {
        let (org, path) = match find_with_path(conn, id, "id") {
            Err(Error::Domain(_)) => return Err(Error::NotFound("organization")),
            other => other?,
        };
        actor.require(Capability::ManageOrganizations, &path)?;
        let red_property = changes.red_property.unwrap_or(org.red_property);
        check_red_property(org.kind, red_property)?;
        let name = changes.name.clone().map(Name::into_inner).unwrap_or(org.name);
        let updated = diesel::update(organizations::table)
            .filter(organizations::id.eq(id.to_string()))
            .filter(organizations::version.eq(changes.version))
            .set((
                organizations::name.eq(&name),
                organizations::red_property.eq(red_property),
                organizations::updated_at.eq(now()),
                organizations::version.eq(changes.version + 1),
            ))
            .execute(conn)
            .map_err(duplicate("name", NAME_TAKEN))?;
        if updated == 0 {
            return Err(Error::StaleVersion { entity: "organization", expected: changes.version });
        }
        events::append(
            conn,
            NewEvent {
                entity_id: id,
                unit: Some(&path),
                actor_id: Some(actor.user_id),
                from_state: None,
                to_state: None,
                event: OrganizationEvent::Update { name },
            },
        )?;
        find(conn, id)
    })
}

/// A compound and its 三类组织 coverage.
#[derive(Debug, Clone)]
pub struct CompoundCoverage {
    pub unit_id: Uuid,
    pub name: String,
    pub community_id: Option<Uuid>,
    pub community_name: Option<String>,
    pub coverage: domain::organization::Coverage,
}

/// Every compound at or below `unit`, in tree order, with the kinds attached to it.
pub fn coverage(conn: &mut DbConnection, unit: Uuid) -> Result<Vec<CompoundCoverage>> {
    let under = org_units::ids_under(conn, &[unit], "unit_id")?;
    let compounds: Vec<(String, String, Option<String>)> = units::table
        .filter(units::id.eq_any(&under))
        .filter(units::kind.eq(domain::org_unit::UnitKind::Compound.as_str()))
        .order(units::path.asc())
        .select((units::id, units::name, units::parent_id))
        .load(conn)?;
    let ids: Vec<&str> = compounds.iter().map(|(id, ..)| id.as_str()).collect();
    let attached: Vec<(String, String)> = organizations::table
        .filter(organizations::unit_id.eq_any(&ids))
        .select((organizations::unit_id, organizations::kind))
        .load(conn)?;
    let parents: Vec<String> = compounds.iter().filter_map(|(_, _, p)| p.clone()).collect();
    let parent_names: std::collections::HashMap<String, String> = units::table
        .filter(units::id.eq_any(&parents))
        .select((units::id, units::name))
        .load(conn)?
        .into_iter()
        .collect();
    // By compound, once: a district has hundreds of compounds and thousands of organisations.
    let mut by_compound: std::collections::HashMap<&str, Vec<&str>> = std::collections::HashMap::new();
    for (unit, kind) in &attached {
        by_compound.entry(unit.as_str()).or_default().push(kind.as_str());
    }
    compounds
        .iter()
        .map(|(id, name, parent)| {
            let kinds = by_compound
                .get(id.as_str())
                .into_iter()
                .flatten()
                .map(|k| crate::util::parsed(k, OrganizationKind::parse, "organisation kind"))
                .collect::<Result<Vec<_>>>()?;
            Ok(CompoundCoverage {
                unit_id: crate::util::uuid(id, "unit id")?,
                community_name: parent.as_ref().and_then(|p| parent_names.get(p)).cloned(),
                community_id: crate::util::opt_uuid(parent.as_deref(), "unit parent")?,
                name: name.clone(),
                coverage: domain::organization::Coverage::of(&kinds),
            })
        })
        .collect()
}

/// The (id, name) of each of `ids`, in one query.
pub fn names(conn: &mut DbConnection, ids: &[&str]) -> Result<Vec<(String, String)>> {
    Ok(organizations::table
        .filter(organizations::id.eq_any(ids))
        .select((organizations::id, organizations::name))
        .load(conn)?)
}
