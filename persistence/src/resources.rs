//! The resource list (资源清单): what co-builders offer, and how much of it is still free.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::access::Actor;
use domain::org_unit::UnitPath;
use domain::resource::{
    self, Measure, Owner, Quantity, ResourceChanges, ResourceDescription, ResourceEvent, ResourceFacts, ResourceKind,
    ResourceState, ResourceTitle,
};
use uuid::Uuid;

use crate::connection::write;
use crate::events::{self, NewEvent};
use crate::schema::{organizations as organization_rows, resources};
use crate::util::{like_pattern, new_id, now, utc, uuid, Page, Paged};
use crate::{org_units as units, organizations, DbConnection, Error, Result};

#[derive(Debug, Clone)]
pub struct Resource {
    pub id: Uuid,
    pub organization_id: Uuid,
    /// The co-builder offering it, by name.
    pub organization_name: String,
    pub kind: ResourceKind,
    pub title: String,
    pub description: String,
    pub quantity: i64,
    pub measure: String,
    pub allocated: i64,
    pub withdrawn: bool,
    /// What its owner took back when it withdrew it (the quantity kept is what projects hold).
    pub withdrawn_quantity: i64,
    pub available_until: Option<DateTime<Utc>>,
    pub unit_id: Uuid,
    pub unit_path: UnitPath,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl Resource {
    pub fn facts(&self) -> ResourceFacts<'_> {
        ResourceFacts {
            id: self.id,
            organization_id: self.organization_id,
            kind: self.kind,
            quantity: self.quantity,
            measure: &self.measure,
            allocated: self.allocated,
            withdrawn: self.withdrawn,
            available_until: self.available_until,
            unit_path: &self.unit_path,
        }
    }

    pub fn state(&self, now: DateTime<Utc>) -> ResourceState {
        self.facts().state(now)
    }
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = resources)]
pub(crate) struct Row {
    id: String,
    organization_id: String,
    kind: String,
    title: String,
    description: String,
    quantity: i64,
    measure: String,
    allocated: i64,
    withdrawn: bool,
    withdrawn_quantity: i64,
    available_until: Option<NaiveDateTime>,
    unit_id: String,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    version: i64,
}

/// Rows with their units' paths (from the unit cache) and their organisations' names (one
/// query for all of them).
pub(crate) fn from_rows(conn: &mut DbConnection, rows: Vec<Row>) -> Result<Vec<Resource>> {
    let mut org_ids: Vec<&str> = rows.iter().map(|r| r.organization_id.as_str()).collect();
    org_ids.sort_unstable();
    org_ids.dedup();
    let names: HashMap<String, String> = organization_rows::table
        .filter(organization_rows::id.eq_any(&org_ids))
        .select((organization_rows::id, organization_rows::name))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    rows.into_iter()
        .map(|r| {
            let unit_id = uuid(&r.unit_id, "resource unit")?;
            let unit_path = units::paths_of(conn, &[unit_id])?.pop().ok_or(Error::Corrupt("resource unit"))?;
            let organization_name =
                names.get(&r.organization_id).cloned().ok_or(Error::Corrupt("resource organisation"))?;
            Ok(Resource {
                id: uuid(&r.id, "resource id")?,
                organization_id: uuid(&r.organization_id, "resource organisation")?,
                organization_name,
                kind: ResourceKind::parse(&r.kind).map_err(|_| Error::Corrupt("resource kind"))?,
                title: r.title,
                description: r.description,
                quantity: r.quantity,
                measure: r.measure,
                allocated: r.allocated,
                withdrawn: r.withdrawn,
                withdrawn_quantity: r.withdrawn_quantity,
                available_until: r.available_until.map(utc),
                unit_id,
                unit_path,
                created_at: utc(r.created_at),
                updated_at: utc(r.updated_at),
                version: r.version,
            })
        })
        .collect()
}

pub fn find(conn: &mut DbConnection, id: Uuid) -> Result<Resource> {
    let row: Row = resources::table
        .find(id.to_string())
        .select(Row::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound("resource"))?;
    from_rows(conn, vec![row])?.pop().ok_or(Error::NotFound("resource"))
}

/// Resources are public (SPEC §4.7) except withdrawn ones, which only signed-in readers see.
pub fn find_public(conn: &mut DbConnection, id: Uuid) -> Result<Resource> {
    let r = find(conn, id)?;
    if r.withdrawn {
        return Err(Error::NotFound("resource"));
    }
    Ok(r)
}

/// Several resources by id, in no particular order.
pub(crate) fn find_many(conn: &mut DbConnection, ids: &[Uuid]) -> Result<Vec<Resource>> {
    let rows: Vec<Row> = resources::table
        .filter(resources::id.eq_any(ids.iter().map(Uuid::to_string)))
        .select(Row::as_select())
        .load(conn)?;
    from_rows(conn, rows)
}

#[derive(Debug, Clone)]
pub struct NewResource {
    pub organization_id: Uuid,
    pub kind: ResourceKind,
    pub title: ResourceTitle,
    pub description: ResourceDescription,
    pub quantity: Quantity,
    pub measure: Measure,
    pub available_until: Option<DateTime<Utc>>,
    pub unit_id: Uuid,
}

pub fn create(conn: &mut DbConnection, actor: &Actor, new: NewResource) -> Result<Resource> {
    write(conn, |conn| {
        let (owner, owner_path) = organizations::find_with_path(conn, new.organization_id, "organization_id")?;
        let scope = units::placement_for_field(conn, new.unit_id, "unit_id")?;
        let t = now();
        resource::authorize_publish(
            actor,
            Owner { id: owner.id, kind: owner.kind, unit_path: &owner_path },
            &scope.path,
            new.available_until,
            utc(t),
        )?;
        let id = new_id();
        diesel::insert_into(resources::table)
            .values((
                resources::id.eq(id.to_string()),
                resources::organization_id.eq(owner.id.to_string()),
                resources::kind.eq(new.kind.as_str()),
                resources::title.eq(new.title.as_str()),
                resources::description.eq(new.description.as_str()),
                resources::quantity.eq(new.quantity.get()),
                resources::measure.eq(new.measure.as_str()),
                resources::allocated.eq(0_i64),
                resources::withdrawn.eq(false),
                resources::available_until.eq(new.available_until.map(|u| u.naive_utc())),
                resources::unit_id.eq(new.unit_id.to_string()),
                resources::created_by_id.eq(actor.user_id.to_string()),
                resources::created_at.eq(t),
                resources::updated_at.eq(t),
                resources::version.eq(1_i64),
            ))
            .execute(conn)?;
        events::append(
            conn,
            NewEvent {
                entity_id: id,
                unit: Some(&scope.path),
                actor_id: Some(actor.user_id),
                from_state: None,
                to_state: Some(ResourceState::Available.as_str()),
                event: ResourceEvent::Create { quantity: Some(new.quantity.get()) },
            },
        )?;
        find(conn, id)
    })
}

/// The owner takes back what no project holds: the quantity shrinks to what is allocated,
/// in the statement itself, so a confirmation committed meanwhile is never undone.
pub fn withdraw(conn: &mut DbConnection, actor: &Actor, id: Uuid, version: i64) -> Result<Resource> {
    write(conn, |conn| {
        let r = find(conn, id)?;
        let t = now();
        let from = r.state(utc(t));
        resource::authorize_withdraw(actor, &r.facts())?;
        let updated = diesel::update(resources::table.find(id.to_string()))
            .filter(resources::version.eq(version))
            .filter(resources::withdrawn.eq(false))
            .set((
                resources::withdrawn.eq(true),
                resources::withdrawn_quantity.eq(resources::quantity - resources::allocated),
                resources::quantity.eq(resources::allocated),
                resources::updated_at.eq(t),
                resources::version.eq(version + 1),
            ))
            .execute(conn)?;
        if updated == 0 {
            return Err(Error::StaleVersion { entity: "resource", expected: version });
        }
        events::append(
            conn,
            NewEvent {
                entity_id: id,
                unit: Some(&r.unit_path),
                actor_id: Some(actor.user_id),
                from_state: Some(from.as_str()),
                to_state: Some(ResourceState::Withdrawn.as_str()),
                event: ResourceEvent::Withdraw { withdrawn: Some(r.facts().remaining()) },
            },
        )?;
        find(conn, id)
    })
}

/// The owner changes its offer. The quantity is set only while it stays at or above
/// `allocated` in the statement itself, so a confirmation committed meanwhile is never
/// left holding more than the resource has (the CHECK on the table says so too).
pub fn update(
    conn: &mut DbConnection,
    actor: &Actor,
    id: Uuid,
    version: i64,
    changes: ResourceChanges,
) -> Result<Resource> {
    write(conn, |conn| {
        let r = find(conn, id)?;
        let t = now();
        resource::authorize_edit(actor, &r.facts(), &changes, utc(t))?;
        let quantity = changes.quantity.map_or(r.quantity, Quantity::get);
        let available_until = changes.available_until.unwrap_or(r.available_until);
        let updated = diesel::update(resources::table.find(id.to_string()))
            .filter(resources::version.eq(version))
            .filter(resources::withdrawn.eq(false))
            .filter(resources::allocated.le(quantity))
            .set((
                resources::title.eq(changes.title.as_ref().map_or(r.title.as_str(), ResourceTitle::as_str)),
                resources::description
                    .eq(changes.description.as_ref().map_or(r.description.as_str(), ResourceDescription::as_str)),
                resources::quantity.eq(quantity),
                resources::available_until.eq(available_until.map(|u| u.naive_utc())),
                resources::updated_at.eq(t),
                resources::version.eq(version + 1),
            ))
            .execute(conn)?;
        if updated == 0 {
            // Either another writer moved the version, or a claim confirmed meanwhile now
            // holds more than the new quantity: the fresh row says which.
            let fresh = find(conn, id)?;
            if fresh.version == version {
                resource::authorize_edit(actor, &fresh.facts(), &changes, utc(t))?;
            }
            return Err(Error::StaleVersion { entity: "resource", expected: version });
        }
        // The version matched, so `allocated` is what was read.
        let to = resource::state_of(false, quantity - r.allocated, available_until, utc(t));
        events::append(
            conn,
            NewEvent {
                entity_id: id,
                unit: Some(&r.unit_path),
                actor_id: Some(actor.user_id),
                from_state: Some(r.state(utc(t)).as_str()),
                to_state: Some(to.as_str()),
                event: ResourceEvent::Edit { quantity: (quantity != r.quantity).then_some(quantity) },
            },
        )?;
        find(conn, id)
    })
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub kind: Option<ResourceKind>,
    pub organization_id: Option<Uuid>,
    /// Offered at this unit or below it.
    pub unit_id: Option<Uuid>,
    pub q: Option<String>,
    /// Only those with something left to claim (not withdrawn, not exhausted, not expired).
    pub available: Option<bool>,
}

/// Newest first. `public`: withdrawn resources are left out.
pub fn list(conn: &mut DbConnection, public: bool, filter: &Filter, page: Page) -> Result<Paged<Resource>> {
    let mut query = resources::table.select(Row::as_select()).order(resources::id.desc()).into_boxed();
    if public {
        query = query.filter(resources::withdrawn.eq(false));
    }
    if let Some(kind) = filter.kind {
        query = query.filter(resources::kind.eq(kind.as_str()));
    }
    if let Some(org) = filter.organization_id {
        query = query.filter(resources::organization_id.eq(org.to_string()));
    }
    if let Some(unit) = filter.unit_id {
        query = query.filter(resources::unit_id.eq_any(units::ids_under(conn, &[unit], "unit_id")?));
    }
    if let Some(q) = &filter.q {
        let pattern = like_pattern(q);
        query = query.filter(
            resources::title.like(pattern.clone()).escape('\\').or(resources::description.like(pattern).escape('\\')),
        );
    }
    let t = now();
    match filter.available {
        Some(true) => {
            query = query
                .filter(resources::withdrawn.eq(false))
                .filter(resources::allocated.lt(resources::quantity))
                .filter(resources::available_until.is_null().or(resources::available_until.ge(t)).assume_not_null());
        }
        Some(false) => {
            query = query.filter(
                resources::withdrawn
                    .eq(true)
                    .or(resources::allocated.ge(resources::quantity))
                    .or(resources::available_until.lt(t).assume_not_null()),
            );
        }
        None => {}
    }
    if let Some(after) = page.after_id()? {
        query = query.filter(resources::id.lt(after.to_string()));
    }
    let rows: Vec<Row> = query.limit(page.fetch()).load(conn)?;
    let items = from_rows(conn, rows)?;
    Ok(Paged::from_rows(items, page.limit, |r| r.id))
}

/// The available resources that could serve a project at `project_path`: offered on its
/// line of units (at a unit on its path, or below its unit), something left, not expired.
pub fn candidates(conn: &mut DbConnection, project_path: &UnitPath, limit: i64) -> Result<Vec<Resource>> {
    let mut lineage: Vec<String> = project_path.ids().iter().map(Uuid::to_string).collect();
    lineage.extend(units::ids_under(conn, &[project_path.unit_id()], "unit_id")?);
    let t = now();
    let rows: Vec<Row> = resources::table
        .select(Row::as_select())
        .filter(resources::unit_id.eq_any(lineage))
        .filter(resources::withdrawn.eq(false))
        .filter(resources::allocated.lt(resources::quantity))
        .filter(resources::available_until.is_null().or(resources::available_until.ge(t)).assume_not_null())
        .order(resources::id.desc())
        .limit(limit)
        .load(conn)?;
    from_rows(conn, rows)
}
