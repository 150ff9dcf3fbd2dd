//! Volunteer service, 社工+义工 (SPEC §4.5): a team (a `volunteer_org`) leader creates
//! activities, optionally for a project or a coordination case; the team's volunteers sign
//! up within capacity, once each, and may withdraw before it starts; the leader records
//! hours only for those signed up, never more than the activity lasted.

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use crate::access::{Actor, Capability};
use crate::organization::OrganizationKind;
use crate::Error;

text_value! {
    pub struct ActivityTitle("title", One, 2..=100);
}

text_value! {
    pub struct ActivityDescription("description", Many, 0..=2000);
}

text_value! {
    pub struct CancelReason("reason", Many, 1..=500);
}

string_enum! {
    /// open (sign-ups taken until it starts) · cancelled.
    pub enum ActivityState ("state") {
        Open = "open",
        Cancelled = "cancelled",
    }
}

string_enum! {
    /// A step the leader takes on an activity (`POST /volunteer-activities/{id}/transitions`).
    pub enum ActivityAction ("action") {
        Cancel = "cancel",
    }
}

string_enum! {
    /// What a reader may do about an activity now.
    pub enum ActivityAllowedAction ("allowed action") {
        SignUp = "sign_up",
        Withdraw = "withdraw",
        Record = "record",
        Cancel = "cancel",
    }
}

/// The longest an activity may last: a week's camp, not an open-ended duty.
pub const MAX_LENGTH_DAYS: i64 = 7;
pub const MAX_CAPACITY: i64 = 1000;

history! {
    /// What happened to a volunteer activity.
    pub enum ActivityEvent (VolunteerActivity) {
        Create = "create" { title: String, organization_id: Uuid },
        SignUp = "sign_up" { user_id: Uuid },
        Withdraw = "withdraw" { user_id: Uuid },
        /// Hours recorded for a volunteer, in minutes.
        Record = "record" { user_id: Uuid, minutes: i64 },
        Cancel = "cancel" { reason: String },
    }
}

/// A team's activity as the rules need it.
#[derive(Debug, Clone, Copy)]
pub struct ActivityFacts {
    pub organization_id: Uuid,
    pub state: ActivityState,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub capacity: i64,
    pub signed_up: i64,
}

impl ActivityFacts {
    /// How long it lasts, in minutes: the most hours anyone serves in it.
    pub fn length_minutes(&self) -> i64 {
        (self.ends_at - self.starts_at).num_minutes()
    }
}

/// The leader of `organization` (a volunteer team) creates an activity: it ends after it
/// starts, within a week, for 1 to 1000 volunteers.
pub fn authorize_create(
    actor: &Actor,
    organization: Uuid,
    kind: OrganizationKind,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    capacity: i64,
) -> Result<(), Error> {
    if kind != OrganizationKind::VolunteerOrg {
        return Err(Error::invalid(
            "organization_id",
            "not_a_team",
            "activities belong to a volunteer team (volunteer_org)",
        ));
    }
    if !actor.acts_for(Capability::LeadVolunteers, organization) {
        return Err(Error::forbidden("forbidden_volunteers", "only the team's leader creates its activities"));
    }
    if ends_at <= starts_at {
        return Err(Error::invalid("ends_at", "ends_before_start", "an activity ends after it starts"));
    }
    if ends_at - starts_at > Duration::days(MAX_LENGTH_DAYS) {
        return Err(Error::invalid("ends_at", "too_long", format!("an activity lasts at most {MAX_LENGTH_DAYS} days")));
    }
    if !(1..=MAX_CAPACITY).contains(&capacity) {
        return Err(Error::invalid(
            "capacity",
            "capacity_range",
            format!("capacity is 1 to {MAX_CAPACITY} volunteers"),
        ));
    }
    Ok(())
}

/// A volunteer of the team signs up: before it starts, while there is room, once.
pub fn authorize_sign_up(actor: &Actor, facts: &ActivityFacts, signed: bool, now: DateTime<Utc>) -> Result<(), Error> {
    if !actor.acts_for(Capability::Volunteer, facts.organization_id) {
        return Err(Error::forbidden("not_a_member", "only the team's volunteers sign up for its activities"));
    }
    check_open(facts, now)?;
    if signed {
        return Err(Error::conflict("already_signed_up", "you have already signed up for this activity"));
    }
    if facts.signed_up >= facts.capacity {
        return Err(Error::conflict("full", format!("all {} places are taken", facts.capacity)));
    }
    Ok(())
}

/// A volunteer withdraws its own sign-up before the activity starts.
pub fn authorize_withdraw(facts: &ActivityFacts, signed: bool, now: DateTime<Utc>) -> Result<(), Error> {
    if !signed {
        return Err(Error::conflict("not_signed_up", "you have not signed up for this activity"));
    }
    check_open(facts, now)
}

fn check_open(facts: &ActivityFacts, now: DateTime<Utc>) -> Result<(), Error> {
    if facts.state == ActivityState::Cancelled {
        return Err(Error::conflict("wrong_state", "the activity was cancelled"));
    }
    if now >= facts.starts_at {
        return Err(Error::conflict("already_started", "the activity has started; sign-ups are closed"));
    }
    Ok(())
}

/// The leader records a volunteer's hours: once it has started, for someone signed up,
/// more than nothing and no more than the activity lasted, once each.
pub fn authorize_record(
    actor: &Actor,
    facts: &ActivityFacts,
    signed: bool,
    recorded: bool,
    minutes: i64,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    authorize_lead(actor, facts)?;
    if facts.state == ActivityState::Cancelled {
        return Err(Error::conflict("wrong_state", "the activity was cancelled"));
    }
    if now < facts.starts_at {
        return Err(Error::conflict("not_started", "hours are recorded once the activity has started"));
    }
    if !signed {
        return Err(Error::invalid("user_id", "not_signed_up", "hours are recorded only for volunteers who signed up"));
    }
    if recorded {
        return Err(Error::conflict(
            "already_recorded",
            "this volunteer's hours for the activity are already recorded",
        ));
    }
    if minutes <= 0 || minutes > facts.length_minutes() {
        let most = facts.length_minutes() as f64 / 60.0;
        return Err(Error::invalid(
            "hours",
            "hours_range",
            format!("hours are more than 0 and at most the activity's {most:.1}"),
        ));
    }
    Ok(())
}

/// The leader cancels an activity that has not ended.
pub fn authorize_cancel(actor: &Actor, facts: &ActivityFacts, now: DateTime<Utc>) -> Result<(), Error> {
    authorize_lead(actor, facts)?;
    if facts.state == ActivityState::Cancelled || now >= facts.ends_at {
        return Err(Error::conflict("wrong_state", "only an activity that has not ended can be cancelled"));
    }
    Ok(())
}

fn authorize_lead(actor: &Actor, facts: &ActivityFacts) -> Result<(), Error> {
    if actor.acts_for(Capability::LeadVolunteers, facts.organization_id) {
        Ok(())
    } else {
        Err(Error::forbidden("forbidden_volunteers", "only the team's leader does this"))
    }
}

/// What `actor` may do now, given whether it has signed up.
pub fn allowed_actions(
    actor: &Actor,
    facts: &ActivityFacts,
    signed: bool,
    now: DateTime<Utc>,
) -> Vec<ActivityAllowedAction> {
    let mut out = Vec::new();
    if authorize_sign_up(actor, facts, signed, now).is_ok() {
        out.push(ActivityAllowedAction::SignUp);
    }
    if actor.acts_for(Capability::Volunteer, facts.organization_id) && authorize_withdraw(facts, signed, now).is_ok() {
        out.push(ActivityAllowedAction::Withdraw);
    }
    let leads = authorize_lead(actor, facts).is_ok();
    if leads && facts.state == ActivityState::Open && now >= facts.starts_at {
        out.push(ActivityAllowedAction::Record);
    }
    if authorize_cancel(actor, facts, now).is_ok() {
        out.push(ActivityAllowedAction::Cancel);
    }
    out
}

/// Who sees an activity's sign-ups and records: its team's leaders, and officials over it.
pub fn sees_roster(actor: &Actor, facts: &ActivityFacts, unit: &crate::org_unit::UnitPath) -> bool {
    actor.acts_for(Capability::LeadVolunteers, facts.organization_id) || actor.may(Capability::ReadCases, unit)
}

/// May `actor` list recorded hours at all: a team's leader (its team's) or an official or
/// auditor (those under its units) — [`sees_roster`]'s readers, who see nobody's hours
/// otherwise.
pub fn authorize_service_records(actor: &Actor) -> Result<(), Error> {
    if actor.may_somewhere(Capability::ReadCases) || actor.may_somewhere(Capability::LeadVolunteers) {
        Ok(())
    } else {
        Err(Error::forbidden(
            "forbidden_volunteers",
            "recorded hours are for the officials over them and the team's leaders",
        ))
    }
}

/// May `actor` read the volunteer figures of `unit`: officials and auditors over it, and a
/// team's leaders for their own team.
pub fn authorize_stats(
    actor: &Actor,
    unit: &crate::org_unit::UnitPath,
    organization_id: Option<Uuid>,
) -> Result<(), Error> {
    if actor.may(Capability::ReadCases, unit)
        || organization_id.is_some_and(|o| actor.acts_for(Capability::LeadVolunteers, o))
    {
        Ok(())
    } else {
        Err(Error::forbidden(
            "forbidden_volunteers",
            "these figures are for the officials over the unit and the team's leaders",
        ))
    }
}

/// Hours as people write them (2.5), to whole minutes.
pub fn minutes_of(hours: f64) -> Result<i64, Error> {
    if !hours.is_finite() || hours <= 0.0 || hours > 24.0 * MAX_LENGTH_DAYS as f64 {
        return Err(Error::invalid("hours", "hours_range", "hours are a positive number"));
    }
    Ok((hours * 60.0).round() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::{Grant, Role};

    fn member(role: Role, team: Uuid) -> Actor {
        Actor {
            user_id: Uuid::now_v7(),
            grants: vec![Grant { role, unit_id: Uuid::now_v7(), organization_id: Some(team) }],
        }
    }

    #[test]
    fn volunteers_sign_up_within_capacity_once_and_before_it_starts() {
        let team = Uuid::now_v7();
        let now = Utc::now();
        let facts = ActivityFacts {
            organization_id: team,
            state: ActivityState::Open,
            starts_at: now + Duration::hours(2),
            ends_at: now + Duration::hours(5),
            capacity: 2,
            signed_up: 1,
        };
        let volunteer = member(Role::Volunteer, team);
        let outsider = member(Role::Volunteer, Uuid::now_v7());
        assert!(authorize_sign_up(&volunteer, &facts, false, now).is_ok());
        let code = |r: Result<(), Error>| r.map_err(|e| e.code());
        assert_eq!(code(authorize_sign_up(&outsider, &facts, false, now)), Err("not_a_member"));
        assert_eq!(code(authorize_sign_up(&volunteer, &facts, true, now)), Err("already_signed_up"));
        let full = ActivityFacts { signed_up: 2, ..facts };
        assert_eq!(code(authorize_sign_up(&volunteer, &full, false, now)), Err("full"));
        let later = now + Duration::hours(3);
        assert_eq!(code(authorize_sign_up(&volunteer, &facts, false, later)), Err("already_started"));
        assert_eq!(code(authorize_withdraw(&facts, true, later)), Err("already_started"));
        assert!(authorize_withdraw(&facts, true, now).is_ok());
        assert_eq!(allowed_actions(&volunteer, &facts, true, now), vec![ActivityAllowedAction::Withdraw]);
    }

    #[test]
    fn hours_go_only_to_those_signed_up_and_never_past_the_activity() {
        let team = Uuid::now_v7();
        let start = Utc::now() - Duration::hours(4);
        let facts = ActivityFacts {
            organization_id: team,
            state: ActivityState::Open,
            starts_at: start,
            ends_at: start + Duration::hours(3),
            capacity: 10,
            signed_up: 3,
        };
        let leader = member(Role::VolunteerLeader, team);
        let volunteer = member(Role::Volunteer, team);
        let now = Utc::now();
        let code = |r: Result<(), Error>| r.map_err(|e| e.code());
        assert!(authorize_record(&leader, &facts, true, false, 180, now).is_ok());
        assert_eq!(code(authorize_record(&leader, &facts, true, false, 181, now)), Err("hours_range"));
        assert_eq!(code(authorize_record(&leader, &facts, true, false, 0, now)), Err("hours_range"));
        assert_eq!(code(authorize_record(&leader, &facts, false, false, 60, now)), Err("not_signed_up"));
        assert_eq!(code(authorize_record(&leader, &facts, true, true, 60, now)), Err("already_recorded"));
        assert_eq!(code(authorize_record(&volunteer, &facts, true, false, 60, now)), Err("forbidden_volunteers"));
        assert_eq!(
            code(authorize_record(&leader, &facts, true, false, 60, start - Duration::hours(1))),
            Err("not_started")
        );
        assert_eq!(minutes_of(2.5).ok(), Some(150));
        assert!(minutes_of(-1.0).is_err() && minutes_of(f64::NAN).is_err());
    }

    #[test]
    fn a_leader_creates_for_its_own_team_only() {
        let team = Uuid::now_v7();
        let leader = member(Role::VolunteerLeader, team);
        let now = Utc::now();
        let code = |r: Result<(), Error>| r.map_err(|e| e.code());
        let make = |org, kind, end: DateTime<Utc>, cap| authorize_create(&leader, org, kind, now, end, cap);
        assert!(make(team, OrganizationKind::VolunteerOrg, now + Duration::hours(2), 20).is_ok());
        assert_eq!(
            code(make(Uuid::now_v7(), OrganizationKind::VolunteerOrg, now + Duration::hours(2), 20)),
            Err("forbidden_volunteers")
        );
        assert_eq!(code(make(team, OrganizationKind::SocialOrg, now + Duration::hours(2), 20)), Err("not_a_team"));
        assert_eq!(code(make(team, OrganizationKind::VolunteerOrg, now, 20)), Err("ends_before_start"));
        assert_eq!(code(make(team, OrganizationKind::VolunteerOrg, now + Duration::days(8), 20)), Err("too_long"));
        assert_eq!(
            code(make(team, OrganizationKind::VolunteerOrg, now + Duration::hours(2), 0)),
            Err("capacity_range")
        );
    }
}
