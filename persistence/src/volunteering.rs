//! Volunteer service (SPEC §4.5): activities, sign-ups held to capacity by a guarded count
//! in the same transaction as the sign-up's row, service hours, and the figures a team, a
//! volunteer and a unit read.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::access::{Actor, Capability, Role};
use domain::org_unit::UnitPath;
use domain::volunteering::{
    self, ActivityDescription, ActivityEvent, ActivityFacts, ActivityState, ActivityTitle, CancelReason,
};
use uuid::Uuid;

use crate::connection::write;
use crate::events::{self, NewEvent};
use crate::schema::{
    grants, organizations, service_records, users, volunteer_activities as activities, volunteer_signups,
};
use crate::util::{new_id, now, opt_uuid, parsed, utc, uuid, Page, Paged};
use crate::{org_units as units, organizations as orgs, DbConnection, Error, Result};

#[derive(Debug, Clone)]
pub struct Activity {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub organization_name: String,
    pub unit_id: Uuid,
    pub unit_path: UnitPath,
    pub title: String,
    pub description: String,
    pub project_id: Option<Uuid>,
    pub case_id: Option<Uuid>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub capacity: i64,
    pub signed_up: i64,
    pub state: ActivityState,
    pub cancel_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub version: i64,
}

impl Activity {
    pub fn facts(&self) -> ActivityFacts {
        ActivityFacts {
            organization_id: self.organization_id,
            state: self.state,
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            capacity: self.capacity,
            signed_up: self.signed_up,
        }
    }
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = activities)]
struct Row {
    id: String,
    organization_id: String,
    unit_id: String,
    title: String,
    description: String,
    project_id: Option<String>,
    case_id: Option<String>,
    starts_at: NaiveDateTime,
    ends_at: NaiveDateTime,
    capacity: i64,
    signed_up: i64,
    state: String,
    cancel_reason: Option<String>,
    created_at: NaiveDateTime,
    version: i64,
}

fn load(conn: &mut DbConnection, rows: Vec<Row>) -> Result<Vec<Activity>> {
    let unit_ids: Vec<&str> = rows.iter().map(|r| r.unit_id.as_str()).collect();
    let placed = units::named(conn, &unit_ids)?;
    let org_ids: Vec<&str> = rows.iter().map(|r| r.organization_id.as_str()).collect();
    let names = crate::organizations::names(conn, &org_ids)?;
    rows.into_iter()
        .map(|r| {
            let (.., path) = placed.iter().find(|(id, ..)| *id == r.unit_id).ok_or(Error::Corrupt("activity unit"))?;
            Ok(Activity {
                id: uuid(&r.id, "activity id")?,
                organization_id: uuid(&r.organization_id, "activity team")?,
                organization_name: names
                    .iter()
                    .find(|(id, _)| *id == r.organization_id)
                    .map(|(_, n)| n.clone())
                    .unwrap_or_default(),
                unit_id: uuid(&r.unit_id, "activity unit")?,
                unit_path: crate::util::unit_path(path)?,
                title: r.title,
                description: r.description,
                project_id: opt_uuid(r.project_id.as_deref(), "activity project")?,
                case_id: opt_uuid(r.case_id.as_deref(), "activity case")?,
                starts_at: utc(r.starts_at),
                ends_at: utc(r.ends_at),
                capacity: r.capacity,
                signed_up: r.signed_up,
                state: parsed(&r.state, ActivityState::parse, "activity state")?,
                cancel_reason: r.cancel_reason,
                created_at: utc(r.created_at),
                version: r.version,
            })
        })
        .collect()
}

pub fn find(conn: &mut DbConnection, id: Uuid) -> Result<Activity> {
    let row: Row = activities::table
        .find(id.to_string())
        .select(Row::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound("volunteer activity"))?;
    load(conn, vec![row])?.pop().ok_or(Error::NotFound("volunteer activity"))
}

#[derive(Debug, Clone)]
pub struct NewActivity {
    pub organization_id: Uuid,
    pub title: ActivityTitle,
    pub description: ActivityDescription,
    pub project_id: Option<Uuid>,
    pub case_id: Option<Uuid>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub capacity: i64,
}

pub fn create(conn: &mut DbConnection, actor: &Actor, new: NewActivity) -> Result<Activity> {
    let id = write(conn, |conn| {
        let (team, path) = orgs::find_with_path(conn, new.organization_id, "organization_id")?;
        volunteering::authorize_create(actor, team.id, team.kind, new.starts_at, new.ends_at, new.capacity)?;
        if let Some(p) = new.project_id {
            crate::projects::find_visible(conn, Some(actor), p).map_err(|_| unknown("project_id", "project"))?;
        }
        if let Some(c) = new.case_id {
            crate::coordination_cases::find(conn, c).map_err(|_| unknown("case_id", "coordination case"))?;
        }
        let id = new_id();
        let t = now();
        diesel::insert_into(activities::table)
            .values((
                activities::id.eq(id.to_string()),
                activities::organization_id.eq(team.id.to_string()),
                activities::unit_id.eq(path.unit_id().to_string()),
                activities::street_id.eq(path.ids().get(1).map(Uuid::to_string)),
                activities::title.eq(new.title.as_str()),
                activities::description.eq(new.description.as_str()),
                activities::project_id.eq(new.project_id.map(|p| p.to_string())),
                activities::case_id.eq(new.case_id.map(|c| c.to_string())),
                activities::starts_at.eq(new.starts_at.naive_utc()),
                activities::ends_at.eq(new.ends_at.naive_utc()),
                activities::capacity.eq(new.capacity),
                activities::signed_up.eq(0_i64),
                activities::state.eq(ActivityState::Open.as_str()),
                activities::created_by_id.eq(actor.user_id.to_string()),
                activities::created_at.eq(t),
                activities::updated_at.eq(t),
                activities::version.eq(1_i64),
            ))
            .execute(conn)?;
        events::append(
            conn,
            NewEvent {
                entity_id: id,
                unit: Some(&path),
                actor_id: Some(actor.user_id),
                from_state: None,
                to_state: Some(ActivityState::Open.as_str()),
                event: ActivityEvent::Create { title: new.title.as_str().to_owned(), organization_id: team.id },
            },
        )?;
        Ok::<_, Error>(id)
    })?;
    find(conn, id)
}

fn unknown(field: &'static str, what: &str) -> Error {
    domain::Error::invalid(field, "unknown_record", format!("{field} names no {what} you may see")).into()
}

fn signed(conn: &mut DbConnection, activity: Uuid, user: Uuid) -> Result<bool> {
    let n: i64 = volunteer_signups::table
        .filter(volunteer_signups::activity_id.eq(activity.to_string()))
        .filter(volunteer_signups::user_id.eq(user.to_string()))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Which of `ids` the user has signed up for.
pub fn signed_among(conn: &mut DbConnection, user: Uuid, ids: &[Uuid]) -> Result<Vec<Uuid>> {
    let ids: Vec<String> = ids.iter().map(Uuid::to_string).collect();
    let found: Vec<String> = volunteer_signups::table
        .filter(volunteer_signups::user_id.eq(user.to_string()))
        .filter(volunteer_signups::activity_id.eq_any(ids))
        .select(volunteer_signups::activity_id)
        .load(conn)?;
    found.iter().map(|i| uuid(i, "activity id")).collect()
}

/// A sign-up: the count grows only while below capacity (a guarded UPDATE, so concurrent
/// sign-ups for the last place cannot both win on either engine), and the row is unique
/// per volunteer.
pub fn sign_up(conn: &mut DbConnection, actor: &Actor, id: Uuid, at: DateTime<Utc>) -> Result<Activity> {
    write(conn, |conn| {
        let a = find(conn, id)?;
        let already = signed(conn, id, actor.user_id)?;
        volunteering::authorize_sign_up(actor, &a.facts(), already, at)?;
        let taken = diesel::update(activities::table.find(id.to_string()))
            .filter(activities::state.eq(ActivityState::Open.as_str()))
            .filter(activities::signed_up.lt(activities::capacity))
            .set((activities::signed_up.eq(activities::signed_up + 1), activities::version.eq(activities::version + 1)))
            .execute(conn)?;
        if taken == 0 {
            return Err(domain::Error::conflict("full", format!("all {} places are taken", a.capacity)).into());
        }
        diesel::insert_into(volunteer_signups::table)
            .values((
                volunteer_signups::activity_id.eq(id.to_string()),
                volunteer_signups::user_id.eq(actor.user_id.to_string()),
                volunteer_signups::created_at.eq(now()),
            ))
            .execute(conn)
            .map_err(crate::util::duplicate("activity", "you have already signed up for this activity"))?;
        record_event(conn, &a, actor.user_id, ActivityEvent::SignUp { user_id: actor.user_id })?;
        find(conn, id)
    })
}

pub fn withdraw(conn: &mut DbConnection, actor: &Actor, id: Uuid, at: DateTime<Utc>) -> Result<Activity> {
    write(conn, |conn| {
        let a = find(conn, id)?;
        let already = signed(conn, id, actor.user_id)?;
        volunteering::authorize_withdraw(&a.facts(), already, at)?;
        let removed = diesel::delete(
            volunteer_signups::table
                .filter(volunteer_signups::activity_id.eq(id.to_string()))
                .filter(volunteer_signups::user_id.eq(actor.user_id.to_string())),
        )
        .execute(conn)?;
        if removed != 1 {
            return Err(Error::Moved("sign-up"));
        }
        diesel::update(activities::table.find(id.to_string()))
            .filter(activities::signed_up.gt(0_i64))
            .set((activities::signed_up.eq(activities::signed_up - 1), activities::version.eq(activities::version + 1)))
            .execute(conn)?;
        record_event(conn, &a, actor.user_id, ActivityEvent::Withdraw { user_id: actor.user_id })?;
        find(conn, id)
    })
}

fn record_event(conn: &mut DbConnection, a: &Activity, actor: Uuid, event: ActivityEvent) -> Result<()> {
    events::append(
        conn,
        NewEvent {
            entity_id: a.id,
            unit: Some(&a.unit_path),
            actor_id: Some(actor),
            from_state: Some(a.state.as_str()),
            to_state: Some(a.state.as_str()),
            event,
        },
    )
}

pub fn cancel(
    conn: &mut DbConnection,
    actor: &Actor,
    id: Uuid,
    version: i64,
    reason: &CancelReason,
    at: DateTime<Utc>,
) -> Result<Activity> {
    write(conn, |conn| {
        let a = find(conn, id)?;
        volunteering::authorize_cancel(actor, &a.facts(), at)?;
        let updated = diesel::update(activities::table.find(id.to_string()))
            .filter(activities::version.eq(version))
            .set((
                activities::state.eq(ActivityState::Cancelled.as_str()),
                activities::cancel_reason.eq(reason.as_str()),
                activities::updated_at.eq(now()),
                activities::version.eq(version + 1),
            ))
            .execute(conn)?;
        if updated == 0 {
            return Err(Error::StaleVersion { entity: "volunteer activity", expected: version });
        }
        events::append(
            conn,
            NewEvent {
                entity_id: id,
                unit: Some(&a.unit_path),
                actor_id: Some(actor.user_id),
                from_state: Some(a.state.as_str()),
                to_state: Some(ActivityState::Cancelled.as_str()),
                event: ActivityEvent::Cancel { reason: reason.as_str().to_owned() },
            },
        )?;
        find(conn, id)
    })
}

/// The leader records a signed-up volunteer's hours, once.
pub fn record_hours(
    conn: &mut DbConnection,
    actor: &Actor,
    id: Uuid,
    user: Uuid,
    minutes: i64,
    at: DateTime<Utc>,
) -> Result<ServiceRecord> {
    write(conn, |conn| {
        let a = find(conn, id)?;
        let is_signed = signed(conn, id, user)?;
        let recorded: i64 = service_records::table
            .filter(service_records::activity_id.eq(id.to_string()))
            .filter(service_records::user_id.eq(user.to_string()))
            .count()
            .get_result(conn)?;
        volunteering::authorize_record(actor, &a.facts(), is_signed, recorded > 0, minutes, at)?;
        diesel::insert_into(service_records::table)
            .values((
                service_records::id.eq(new_id().to_string()),
                service_records::activity_id.eq(id.to_string()),
                service_records::user_id.eq(user.to_string()),
                service_records::minutes.eq(minutes),
                service_records::recorded_by_id.eq(actor.user_id.to_string()),
                service_records::created_at.eq(now()),
            ))
            .execute(conn)
            .map_err(crate::util::duplicate(
                "user_id",
                "this volunteer's hours for the activity are already recorded",
            ))?;
        record_event(conn, &a, actor.user_id, ActivityEvent::Record { user_id: user, minutes })?;
        roster(conn, id)?.into_iter().find(|r| r.user_id == user).ok_or(Error::NotFound("sign-up"))
    })
}

/// One volunteer signed up for an activity, with the hours recorded for it if any.
#[derive(Debug, Clone)]
pub struct ServiceRecord {
    pub user_id: Uuid,
    pub display_name: String,
    pub party_member: bool,
    pub minutes: Option<i64>,
    pub signed_up_at: DateTime<Utc>,
}

fn roster(conn: &mut DbConnection, id: Uuid) -> Result<Vec<ServiceRecord>> {
    let rows: Vec<(String, String, bool, NaiveDateTime)> = volunteer_signups::table
        .inner_join(users::table)
        .filter(volunteer_signups::activity_id.eq(id.to_string()))
        .order(volunteer_signups::created_at.asc())
        .select((users::id, users::display_name, users::party_member, volunteer_signups::created_at))
        .load(conn)?;
    let minutes: Vec<(String, i64)> = service_records::table
        .filter(service_records::activity_id.eq(id.to_string()))
        .select((service_records::user_id, service_records::minutes))
        .load(conn)?;
    rows.into_iter()
        .map(|(user, display_name, party_member, at)| {
            Ok(ServiceRecord {
                minutes: minutes.iter().find(|(u, _)| *u == user).map(|(_, m)| *m),
                user_id: uuid(&user, "volunteer")?,
                display_name,
                party_member,
                signed_up_at: utc(at),
            })
        })
        .collect()
}

/// Who signed up and their hours: for the team's leader and the officials over it.
pub fn signups(conn: &mut DbConnection, actor: &Actor, id: Uuid) -> Result<Vec<ServiceRecord>> {
    let a = find(conn, id)?;
    if !volunteering::sees_roster(actor, &a.facts(), &a.unit_path) {
        return Err(
            domain::Error::forbidden("forbidden_volunteers", "only the team's leader sees who signed up").into()
        );
    }
    roster(conn, id)
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub organization_id: Option<Uuid>,
    pub unit_id: Option<Uuid>,
    /// Only those not yet ended.
    pub upcoming: bool,
    /// Only those the reader signed up for.
    pub mine: bool,
}

/// Activities are public within the app: every signed-in reader may browse them. Newest
/// first.
pub fn list(conn: &mut DbConnection, actor: &Actor, filter: &Filter, page: Page) -> Result<Paged<Activity>> {
    let mut query = activities::table.select(Row::as_select()).order(activities::id.desc()).into_boxed();
    if let Some(org) = filter.organization_id {
        query = query.filter(activities::organization_id.eq(org.to_string()));
    }
    if let Some(unit) = filter.unit_id {
        query = query.filter(activities::unit_id.eq_any(units::ids_under(conn, &[unit], "unit_id")?));
    }
    if filter.upcoming {
        query = query.filter(activities::ends_at.gt(now())).filter(activities::state.eq(ActivityState::Open.as_str()));
    }
    if filter.mine {
        let mine = volunteer_signups::table
            .filter(volunteer_signups::user_id.eq(actor.user_id.to_string()))
            .select(volunteer_signups::activity_id);
        query = query.filter(activities::id.eq_any(mine));
    }
    if let Some(after) = page.after_id()? {
        query = query.filter(activities::id.lt(after.to_string()));
    }
    let rows = query.limit(page.fetch()).load(conn)?;
    Ok(Paged::from_rows(load(conn, rows)?, page.limit, |a| a.id))
}

/// A volunteer's own service: each activity it served in, with the hours recorded.
#[derive(Debug, Clone)]
pub struct MyService {
    pub total_minutes: i64,
    pub activities: Vec<(Activity, Option<i64>)>,
}

pub fn my_service(conn: &mut DbConnection, actor: &Actor) -> Result<MyService> {
    let signed: Vec<String> = volunteer_signups::table
        .filter(volunteer_signups::user_id.eq(actor.user_id.to_string()))
        .select(volunteer_signups::activity_id)
        .load(conn)?;
    let recorded: Vec<(String, i64)> = service_records::table
        .filter(service_records::user_id.eq(actor.user_id.to_string()))
        .select((service_records::activity_id, service_records::minutes))
        .load(conn)?;
    let mut ids: Vec<String> = signed;
    ids.extend(recorded.iter().map(|(a, _)| a.clone()));
    ids.sort_unstable();
    ids.dedup();
    let rows: Vec<Row> = activities::table
        .filter(activities::id.eq_any(&ids))
        .order(activities::starts_at.desc())
        .select(Row::as_select())
        .load(conn)?;
    let found = load(conn, rows)?;
    let total_minutes = recorded.iter().map(|(_, m)| m).sum();
    let activities = found
        .into_iter()
        .map(|a| {
            let m = recorded.iter().find(|(id, _)| *id == a.id.to_string()).map(|(_, m)| *m);
            (a, m)
        })
        .collect();
    Ok(MyService { total_minutes, activities })
}

/// Volunteer figures under a unit (or of one team): teams, volunteers (people holding the
/// volunteer role on a team there), recorded hours, and the party members' share of both.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct VolunteerStats {
    pub teams: i64,
    pub volunteers: i64,
    pub party_member_volunteers: i64,
    pub minutes: i64,
    pub party_member_minutes: i64,
}

pub fn stats(conn: &mut DbConnection, unit_id: Uuid, organization_id: Option<Uuid>) -> Result<VolunteerStats> {
    let under = units::ids_under(conn, &[unit_id], "unit_id")?;
    let mut teams_query = organizations::table
        .filter(organizations::kind.eq(domain::organization::OrganizationKind::VolunteerOrg.as_str()))
        .filter(organizations::unit_id.eq_any(&under))
        .select(organizations::id)
        .into_boxed();
    if let Some(org) = organization_id {
        teams_query = teams_query.filter(organizations::id.eq(org.to_string()));
    }
    let teams: Vec<String> = teams_query.load(conn)?;
    let members: Vec<(String, bool)> = grants::table
        .inner_join(users::table)
        .filter(grants::role.eq(Role::Volunteer.as_str()))
        .filter(grants::organization_id.eq_any(&teams))
        .select((users::id, users::party_member))
        .load(conn)?;
    let mut people: Vec<(String, bool)> = members;
    people.sort_unstable();
    people.dedup();
    let team_activities = activities::table.filter(activities::organization_id.eq_any(&teams)).select(activities::id);
    let served: Vec<(i64, bool)> = service_records::table
        .inner_join(users::table)
        .filter(service_records::activity_id.eq_any(team_activities))
        .select((service_records::minutes, users::party_member))
        .load(conn)?;
    Ok(VolunteerStats {
        teams: i64::try_from(teams.len()).unwrap_or(i64::MAX),
        volunteers: i64::try_from(people.len()).unwrap_or(i64::MAX),
        party_member_volunteers: i64::try_from(people.iter().filter(|(_, p)| *p).count()).unwrap_or(i64::MAX),
        minutes: served.iter().map(|(m, _)| m).sum(),
        party_member_minutes: served.iter().filter(|(_, p)| *p).map(|(m, _)| m).sum(),
    })
}

/// A volunteer's recorded hours for one activity, with the activity and team they were for.
#[derive(Debug, Clone)]
pub struct ServiceHours {
    pub id: Uuid,
    pub activity_title: String,
    pub organization_name: String,
    pub unit_id: Uuid,
    pub volunteer_name: String,
    pub party_member: bool,
    pub minutes: i64,
    pub starts_at: DateTime<Utc>,
    pub recorded_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default)]
pub struct HoursFilter {
    pub organization_id: Option<Uuid>,
    /// Activities at this unit or below it.
    pub unit_id: Option<Uuid>,
}

/// Recorded hours whose roster the reader sees ([`volunteering::sees_roster`], as SQL): of
/// the teams it leads, and of activities under the units where it reads cases. Newest
/// record first.
pub fn service_hours(
    conn: &mut DbConnection,
    actor: &Actor,
    filter: &HoursFilter,
    page: Page,
) -> Result<Paged<ServiceHours>> {
    volunteering::authorize_service_records(actor)?;
    let reach = units::ids_under(conn, &actor.scope_units(Capability::ReadCases), "unit_id")?;
    let led: Vec<String> = actor.organizations_for(Capability::LeadVolunteers).iter().map(Uuid::to_string).collect();
    let mut query = service_records::table
        .inner_join(users::table)
        .inner_join(activities::table.inner_join(organizations::table))
        .filter(activities::unit_id.eq_any(reach).or(activities::organization_id.eq_any(led)))
        .order(service_records::id.desc())
        .select((
            service_records::id,
            activities::title,
            organizations::name,
            activities::unit_id,
            users::display_name,
            users::party_member,
            service_records::minutes,
            activities::starts_at,
            service_records::created_at,
        ))
        .into_boxed();
    if let Some(org) = filter.organization_id {
        query = query.filter(activities::organization_id.eq(org.to_string()));
    }
    if let Some(unit) = filter.unit_id {
        query = query.filter(activities::unit_id.eq_any(units::ids_under(conn, &[unit], "unit_id")?));
    }
    if let Some(after) = page.after_id()? {
        query = query.filter(service_records::id.lt(after.to_string()));
    }
    type HoursRow = (String, String, String, String, String, bool, i64, NaiveDateTime, NaiveDateTime);
    let rows: Vec<HoursRow> = query.limit(page.fetch()).load(conn)?;
    let found = rows
        .into_iter()
        .map(|(id, title, team, unit, name, party_member, minutes, starts_at, recorded_at)| {
            Ok(ServiceHours {
                id: uuid(&id, "service record id")?,
                activity_title: title,
                organization_name: team,
                unit_id: uuid(&unit, "activity unit")?,
                volunteer_name: name,
                party_member,
                minutes,
                starts_at: utc(starts_at),
                recorded_at: utc(recorded_at),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Paged::from_rows(found, page.limit, |h| h.id))
}
