//! The demand (需求) lifecycle of SPEC §4.1: residents place orders (群众下单), community
//! staff verify them onto the public demand list, and the street committee answers them with
//! projects.
//!
//! [`DemandAction::transition`] is SPEC §4.1's table; [`decide`] and [`allowed_actions`] both
//! read it, so the buttons a screen shows and the transitions the API accepts cannot drift
//! apart. Refusals follow one rule: 403 when no state of this demand would let this actor do
//! it (wrong role, out of scope, not the author), 409 when another state would, 422 when the
//! action itself is allowed but one of its fields is missing or wrong.
//!
//! The parts: `values` (the texts a demand carries), `lifecycle` (the transition table and
//! who sees what of it), `filing` (filing and co-signing), `deadlines` (时限) and
//! `visibility` (who may read a demand at all). Each part's items are re-exported here, so
//! callers write `domain::demand::decide`.

mod deadlines;
mod filing;
mod history;
mod lifecycle;
mod values;
mod visibility;

#[cfg(test)]
mod fixture;

pub use deadlines::*;
pub use filing::*;
pub use history::{ApiKeyFiler, DemandEvent};
pub use lifecycle::*;
pub use values::*;
pub use visibility::*;

string_enum! {
    pub enum DemandState ("state") {
        Submitted = "submitted",
        Published = "published",
        Accepted = "accepted",
        Resolved = "resolved",
        Rejected = "rejected",
        Merged = "merged",
        Referred = "referred",
        Withdrawn = "withdrawn",
    }
}

impl DemandState {
    pub const fn label_zh(self) -> &'static str {
        match self {
            DemandState::Submitted => "待受理",
            DemandState::Published => "已公示",
            DemandState::Accepted => "已接单",
            DemandState::Resolved => "已办结",
            DemandState::Rejected => "不予受理",
            DemandState::Merged => "已合并",
            DemandState::Referred => "已转办",
            DemandState::Withdrawn => "已撤回",
        }
    }

    pub const fn label_en(self) -> &'static str {
        match self {
            DemandState::Submitted => "Submitted",
            DemandState::Published => "Published",
            DemandState::Accepted => "Accepted",
            DemandState::Resolved => "Resolved",
            DemandState::Rejected => "Rejected",
            DemandState::Merged => "Merged",
            DemandState::Referred => "Referred",
            DemandState::Withdrawn => "Withdrawn",
        }
    }

    /// Still waiting for an answer: a demand can be merged into it, and it is offered as a
    /// similar demand when a resident files a new one.
    pub const fn is_live(self) -> bool {
        matches!(self, DemandState::Submitted | DemandState::Published)
    }

    /// No action, by anyone, leads out of this state. Read off the transition table rather
    /// than listed, so a new row cannot leave a stale list behind.
    pub fn is_terminal(self) -> bool {
        !DemandAction::ALL.iter().any(|a| a.transition().from.contains(&self))
    }

    /// On the public board (SPEC §4.7): an unverified demand has not been checked by anyone
    /// yet, and a withdrawn one its author took back.
    pub const fn is_public(self) -> bool {
        !matches!(self, DemandState::Submitted | DemandState::Withdrawn)
    }

    /// Open311's `open` status (SPEC §5): still being worked on; every other state is `closed`.
    pub const fn is_open(self) -> bool {
        matches!(self, DemandState::Submitted | DemandState::Published | DemandState::Accepted)
    }
}

string_enum! {
    pub enum DemandAction ("action") {
        Verify = "verify",
        Reject = "reject",
        Merge = "merge",
        Refer = "refer",
        Withdraw = "withdraw",
        Accept = "accept",
        Resolve = "resolve",
        Reopen = "reopen",
        Coordinate = "coordinate",
    }
}

string_enum! {
    /// What a reader may do to a demand now, its `allowed_actions`: a step of the lifecycle
    /// (`POST /demands/{id}/transitions`), co-signing (`POST /demands/{id}/cosign`), which
    /// changes no state, or `accept`: taking it into a project (`POST /projects` with its id
    /// in `demand_ids`). The system's steps (resolve, reopen) never appear.
    pub enum DemandAllowedAction ("allowed action") {
        Verify = "verify",
        Reject = "reject",
        Merge = "merge",
        Refer = "refer",
        Withdraw = "withdraw",
        Cosign = "cosign",
        Accept = "accept",
    }
}

impl DemandAllowedAction {
    /// The transition a user may request, as offered; `None` for the project's own steps.
    pub const fn of(action: DemandAction) -> Option<Self> {
        Some(match action {
            DemandAction::Verify => DemandAllowedAction::Verify,
            DemandAction::Reject => DemandAllowedAction::Reject,
            DemandAction::Merge => DemandAllowedAction::Merge,
            DemandAction::Refer => DemandAllowedAction::Refer,
            DemandAction::Withdraw => DemandAllowedAction::Withdraw,
            DemandAction::Accept | DemandAction::Resolve | DemandAction::Reopen | DemandAction::Coordinate => {
                return None
            }
        })
    }
}

string_enum! {
    /// Which of a reader's own demands a list holds ("我的需求"): those it filed, or those
    /// it co-signed.
    pub enum DemandMine ("mine") {
        Filed = "filed",
        Cosigned = "cosigned",
    }
}

string_enum! {
    pub enum DemandCategory ("category") {
        Sanitation = "sanitation",
        Repair = "repair",
        ParkingTraffic = "parking_traffic",
        Greening = "greening",
        Safety = "safety",
        ElderlyDisabled = "elderly_disabled",
        CultureSports = "culture_sports",
        Property = "property",
        Other = "other",
    }
}

impl DemandCategory {
    pub const fn label_zh(self) -> &'static str {
        match self {
            DemandCategory::Sanitation => "环境卫生",
            DemandCategory::Repair => "设施维修",
            DemandCategory::ParkingTraffic => "停车交通",
            DemandCategory::Greening => "绿化养护",
            DemandCategory::Safety => "安全隐患",
            DemandCategory::ElderlyDisabled => "为老助残",
            DemandCategory::CultureSports => "文体活动",
            DemandCategory::Property => "物业服务",
            DemandCategory::Other => "其他",
        }
    }

    pub const fn label_en(self) -> &'static str {
        match self {
            DemandCategory::Sanitation => "Sanitation",
            DemandCategory::Repair => "Repairs",
            DemandCategory::ParkingTraffic => "Parking and traffic",
            DemandCategory::Greening => "Greening",
            DemandCategory::Safety => "Safety hazards",
            DemandCategory::ElderlyDisabled => "Elderly and disabled care",
            DemandCategory::CultureSports => "Culture and sports",
            DemandCategory::Property => "Property services",
            DemandCategory::Other => "Other",
        }
    }
}

string_enum! {
    /// How a demand reached us: a resident's own filing (`app`), staff recording what a
    /// resident said in person (`visit`) or by telephone (`phone`), or an Open311 client.
    pub enum DemandSource ("source") {
        App = "app",
        Visit = "visit",
        Phone = "phone",
        Open311 = "open311",
    }
}

impl DemandSource {
    pub const fn label_zh(self) -> &'static str {
        match self {
            DemandSource::App => "居民自报",
            DemandSource::Visit => "走访",
            DemandSource::Phone => "电话",
            DemandSource::Open311 => "系统对接",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;
    use DemandState as S;

    #[test]
    fn names_round_trip_and_have_labels() {
        for c in DemandCategory::ALL {
            assert_eq!(DemandCategory::parse(c.as_str()), Ok(*c));
            assert!(!c.label_zh().is_empty() && !c.label_en().is_empty());
        }
        for s in S::ALL {
            assert_eq!(S::parse(s.as_str()), Ok(*s));
        }
        assert_eq!(DemandCategory::ParkingTraffic.label_zh(), "停车交通");
        assert_eq!(S::Referred.label_zh(), "已转办");
        assert!(matches!(DemandCategory::parse("noise"), Err(Error::Invalid { field: "category", .. })));
        assert!(matches!(DemandSource::parse("email"), Err(Error::Invalid { field: "source", .. })));
        assert!(matches!(S::parse("open"), Err(Error::Invalid { field: "state", .. })));
    }
}
