//! 定期公示 (SPEC §4.7): a street committee publishes a period's snapshot of its street's
//! three lists, numbered per street (第N期). Each disclosure carries the SHA-256 of its
//! canonical form, which holds the previous disclosure's: anyone can check that none was
//! altered, and none removed from the chain. Public fields only, and no person's name.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::access::{Actor, Capability};
use crate::org_unit::{UnitKind, UnitPath};
use crate::Error;

/// The canonical form's version: a change to what a snapshot holds, or how, is a new one,
/// and old disclosures keep verifying under the form they were published in.
pub const FORMAT: u32 = 1;

/// The longest period one disclosure covers.
pub const MAX_PERIOD_DAYS: i64 = 366;

/// Periods are calendar days in Beijing time (UTC+8), whatever the server's zone.
const BEIJING_HOURS: i64 = 8;

/// A period that has ended, of a year at most.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    start: NaiveDate,
    end: NaiveDate,
}

impl Period {
    /// `today` is Beijing's date now: a period is disclosed once it is over.
    pub fn parse(start: NaiveDate, end: NaiveDate, today: NaiveDate) -> Result<Self, Error> {
        if end < start {
            return Err(Error::invalid("period_end", "period_order", "the period ends before it starts"));
        }
        if (end - start).num_days() + 1 > MAX_PERIOD_DAYS {
            return Err(Error::invalid(
                "period_end",
                "period_length",
                format!("a disclosure covers at most {MAX_PERIOD_DAYS} days"),
            ));
        }
        if end >= today {
            return Err(Error::invalid("period_end", "period_not_over", "a period is disclosed once it has ended"));
        }
        Ok(Period { start, end })
    }

    pub fn start(self) -> NaiveDate {
        self.start
    }

    pub fn end(self) -> NaiveDate {
        self.end
    }

    /// The instants it covers, in UTC: from its first day's midnight in Beijing to the
    /// midnight after its last.
    pub fn instants(self) -> (NaiveDateTime, NaiveDateTime) {
        let midnight = |d: NaiveDate| d.and_hms_opt(0, 0, 0).unwrap_or_default() - Duration::hours(BEIJING_HOURS);
        (midnight(self.start), midnight(self.end) + Duration::days(1))
    }

    /// Whether it shares a day with `[start, end]` (an earlier disclosure's period).
    pub fn overlaps(self, start: NaiveDate, end: NaiveDate) -> bool {
        self.start <= end && start <= self.end
    }
}

/// The month before `today`, once `today` is on or past the district's disclosure day
/// (1 to 28): the period its streets' disclosures are then due for.
pub fn due_month(today: NaiveDate, disclosure_day: u32) -> Option<Period> {
    use chrono::Datelike;
    if today.day() < disclosure_day {
        return None;
    }
    let first_of_this = today.with_day(1)?;
    let end = first_of_this.pred_opt()?;
    Some(Period { start: end.with_day(1)?, end })
}

/// Beijing's date at `now`.
pub fn beijing_today(now: DateTime<Utc>) -> NaiveDate {
    (now + Duration::hours(BEIJING_HOURS)).date_naive()
}

/// Who publishes: the street committee over the street, or the district admin over it; only
/// for a street.
pub fn authorize_publish(actor: &Actor, kind: UnitKind, street: &UnitPath) -> Result<(), Error> {
    if kind != UnitKind::Street {
        return Err(Error::invalid("unit_id", "street_only", "a disclosure is published for a street"));
    }
    actor.require(Capability::PublishDisclosures, street)
}

/// A street's period on the record, serialised (field order as declared, lists by id) into
/// the canonical JSON its hash is taken of.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub format: u32,
    pub street_id: Uuid,
    pub street_name: String,
    pub number: i64,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    /// The street's previous disclosure's hash; none for its first.
    pub previous_sha256: Option<String>,
    pub demands: Vec<DisclosedDemand>,
    pub projects: Vec<DisclosedProject>,
    pub resources: Vec<DisclosedResource>,
}

/// A demand filed in the period and on the public list, as it stood at publication.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DisclosedDemand {
    pub id: Uuid,
    pub title: String,
    pub category: String,
    pub unit_name: String,
    pub state: String,
    pub cosign_count: i64,
    pub filed_at: DateTime<Utc>,
}

/// A project created in the period and past its draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DisclosedProject {
    pub id: Uuid,
    pub title: String,
    pub category: String,
    pub state: String,
    pub budget_fen: i64,
    pub gov_funds_fen: i64,
    pub funded_fen: i64,
    pub beneficiaries: i64,
    pub created_at: DateTime<Utc>,
}

/// A resource offered in the period, with the organisation that offered it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DisclosedResource {
    pub id: Uuid,
    pub title: String,
    pub kind: String,
    pub organization_name: String,
    pub quantity: i64,
    pub measure: String,
    pub withdrawn: bool,
    pub offered_at: DateTime<Utc>,
}

impl Snapshot {
    /// The snapshot in its canonical order: each list by id.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        street_id: Uuid,
        street_name: String,
        number: i64,
        period: Period,
        previous_sha256: Option<String>,
        mut demands: Vec<DisclosedDemand>,
        mut projects: Vec<DisclosedProject>,
        mut resources: Vec<DisclosedResource>,
    ) -> Self {
        demands.sort_by_key(|d| d.id);
        projects.sort_by_key(|p| p.id);
        resources.sort_by_key(|r| r.id);
        Snapshot {
            format: FORMAT,
            street_id,
            street_name,
            number,
            period_start: period.start,
            period_end: period.end,
            previous_sha256,
            demands,
            projects,
            resources,
        }
    }
}

/// What a stored disclosure must agree with to be valid: its hash is its snapshot's, and
/// its snapshot names its own street, number and period and the hash actually before it.
pub struct Stored<'a> {
    pub street_id: Uuid,
    pub number: i64,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub sha256: &'a str,
    pub previous_sha256: Option<&'a str>,
}

/// Whether a stored disclosure is intact. `recomputed` is the SHA-256 of its stored
/// snapshot text; `snapshot` that text read back (`None` when it no longer parses);
/// `before` the hash of the street's disclosure numbered one lower (`None` for the first).
pub fn intact(stored: &Stored<'_>, recomputed: &str, snapshot: Option<&Snapshot>, before: Option<&str>) -> bool {
    let Some(s) = snapshot else { return false };
    recomputed == stored.sha256
        && s.street_id == stored.street_id
        && s.number == stored.number
        && s.period_start == stored.period_start
        && s.period_end == stored.period_end
        && s.previous_sha256.as_deref() == stored.previous_sha256
        && stored.previous_sha256 == before
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::{Grant, Role};

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    #[test]
    fn a_period_has_ended_runs_forward_and_lasts_a_year_at_most() {
        let today = day("2026-12-06");
        assert!(Period::parse(day("2026-11-01"), day("2026-11-30"), today).is_ok());
        assert!(Period::parse(day("2026-12-05"), day("2026-12-05"), today).is_ok());
        let code = |r: Result<Period, Error>| match r {
            Err(Error::Invalid { code, .. }) => code,
            other => panic!("{other:?}"),
        };
        assert_eq!(code(Period::parse(day("2026-11-30"), day("2026-11-01"), today)), "period_order");
        assert_eq!(code(Period::parse(day("2026-12-01"), day("2026-12-06"), today)), "period_not_over");
        assert_eq!(code(Period::parse(day("2024-12-31"), day("2026-01-01"), today)), "period_length");
        assert!(Period::parse(day("2025-01-01"), day("2025-12-31"), today).is_ok());
    }

    #[test]
    fn a_period_is_counted_in_beijing_days() {
        let p = Period::parse(day("2026-11-01"), day("2026-11-30"), day("2026-12-06")).expect("period");
        let (from, to) = p.instants();
        assert_eq!(from.to_string(), "2026-10-31 16:00:00");
        assert_eq!(to.to_string(), "2026-11-30 16:00:00");
        let late = "2026-12-05T16:30:00Z".parse::<DateTime<Utc>>().expect("instant");
        assert_eq!(beijing_today(late), day("2026-12-06"));
        assert!(p.overlaps(day("2026-11-30"), day("2026-12-31")));
        assert!(!p.overlaps(day("2026-12-01"), day("2026-12-31")));
    }

    #[test]
    fn the_month_before_is_due_from_the_districts_day_on() {
        assert_eq!(due_month(day("2026-12-04"), 5), None);
        let due = due_month(day("2026-12-05"), 5).expect("due");
        assert_eq!((due.start(), due.end()), (day("2026-11-01"), day("2026-11-30")));
        let january = due_month(day("2027-01-28"), 1).expect("due");
        assert_eq!((january.start(), january.end()), (day("2026-12-01"), day("2026-12-31")));
        let march = due_month(day("2028-03-01"), 1).expect("due");
        assert_eq!(march.end(), day("2028-02-29"));
    }

    #[test]
    fn the_street_committee_or_the_district_admin_over_a_street_publishes() {
        let district = UnitPath::new(vec![Uuid::now_v7()]).expect("path");
        let street = district.child(Uuid::now_v7());
        let other = district.child(Uuid::now_v7());
        let community = street.child(Uuid::now_v7());
        let actor = |role: Role, at: &UnitPath| Actor {
            user_id: Uuid::now_v7(),
            grants: vec![Grant { role, unit_id: at.unit_id(), organization_id: None }],
        };
        let committee = actor(Role::StreetCommittee, &street);
        assert!(authorize_publish(&committee, UnitKind::Street, &street).is_ok());
        // The district admin may everything below it (SPEC §2).
        assert!(authorize_publish(&actor(Role::DistrictAdmin, &district), UnitKind::Street, &street).is_ok());
        assert!(matches!(
            authorize_publish(&committee, UnitKind::Community, &community),
            Err(Error::Invalid { code: "street_only", .. })
        ));
        for (who, at) in [
            (Role::StreetCommittee, &other),
            (Role::Auditor, &district),
            (Role::CommunityWorker, &community),
        ] {
            assert!(
                matches!(authorize_publish(&actor(who, at), UnitKind::Street, &street), Err(Error::Forbidden { .. })),
                "{who:?}"
            );
        }
    }

    #[test]
    fn a_disclosure_is_intact_only_as_published_and_chained() {
        let period = Period::parse(day("2026-11-01"), day("2026-11-30"), day("2026-12-06")).expect("period");
        let street = Uuid::now_v7();
        let s = Snapshot::new(street, "淮河路街道".into(), 2, period, Some("aa".into()), vec![], vec![], vec![]);
        let stored = Stored {
            street_id: street,
            number: 2,
            period_start: period.start(),
            period_end: period.end(),
            sha256: "bb",
            previous_sha256: Some("aa"),
        };
        assert!(intact(&stored, "bb", Some(&s), Some("aa")));
        assert!(!intact(&stored, "cc", Some(&s), Some("aa")), "its snapshot changed");
        assert!(!intact(&stored, "bb", None, Some("aa")), "its snapshot no longer parses");
        assert!(!intact(&stored, "bb", Some(&s), Some("zz")), "the one before it changed");
        assert!(!intact(&stored, "bb", Some(&s), None), "the one before it is gone");
        let renumbered = Stored { number: 3, ..stored };
        assert!(!intact(&renumbered, "bb", Some(&s), Some("aa")), "its number changed");
    }
}
