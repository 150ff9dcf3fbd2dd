//! Who may read a demand at all (SPEC §2, §4.1). Officials read the demands of the units
//! where they hold `ReadDemands`; a resident reads its own demands and the public ones of
//! its street. Everyone else is told the demand does not exist.
//!
//! One rule, two readings: [`sees`] answers for one demand in memory, and persistence
//! translates a [`DemandReach`] clause by clause into the condition of a list query, so a
//! demand is in a reader's lists exactly when the reader may open it.

use uuid::Uuid;

use super::DemandFacts;
use crate::access::{Actor, Capability, Role};
use crate::org_unit::UnitPath;

/// How far a reader's sight reaches, worked out once per request from its grants.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DemandReach {
    /// The units where the reader holds `ReadDemands`: every demand at or below them.
    pub units: Vec<Uuid>,
    /// The reader's own id when it files demands of its own (it is a resident somewhere):
    /// the demands it filed, in any state.
    pub own: Option<Uuid>,
    /// The streets the reader lives in as a resident: their public demands.
    pub public_in_streets: Vec<Uuid>,
}

impl DemandReach {
    /// The reach of `actor`, given `homes`: the unit paths of its resident grants (see
    /// [`resident_homes`]); paths of other grants are ignored.
    pub fn of(actor: &Actor, homes: &[UnitPath]) -> Self {
        let mut streets: Vec<Uuid> = homes
            .iter()
            .filter(|path| actor.grants.iter().any(|g| g.role == Role::Resident && g.unit_id == path.unit_id()))
            .filter_map(|path| path.ids().get(1).copied())
            .collect();
        streets.sort_unstable();
        streets.dedup();
        DemandReach {
            units: actor.scope_units(Capability::ReadDemands),
            own: actor.has_role(Role::Resident).then_some(actor.user_id),
            public_in_streets: streets,
        }
    }

    /// Whether the reach holds nothing at all: a list is then empty without asking.
    pub fn is_empty(&self) -> bool {
        self.units.is_empty() && self.own.is_none() && self.public_in_streets.is_empty()
    }
}

/// The units whose paths [`DemandReach::of`] needs: those of the actor's resident grants.
pub fn resident_homes(actor: &Actor) -> Vec<Uuid> {
    actor.grants.iter().filter(|g| g.role == Role::Resident).map(|g| g.unit_id).collect()
}

/// Whether a reader with this reach sees the demand: one of its `ReadDemands` units lies on
/// the demand's path; or it is the reader's own; or it is public and in the reader's street.
pub fn sees(reach: &DemandReach, facts: &DemandFacts<'_>) -> bool {
    reach.units.iter().any(|unit| facts.unit_path.contains(*unit))
        || reach.own.is_some_and(|me| facts.author_id == Some(me))
        || (facts.state.is_public() && reach.public_in_streets.contains(&facts.street_id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::Grant;
    use crate::demand::fixture::{actor, world};
    use crate::demand::DemandState as S;

    /// Who sees the world's demand (in a compound of the street) in each state, in
    /// `DemandState::ALL` order (submitted, published, accepted, resolved, rejected, merged,
    /// referred, withdrawn): Y = sees it, n = is told it does not exist.
    #[rustfmt::skip]
    const EXPECTED: &[(&str, &str)] = &[
        ("resident in",           "nYYYYYYn"),
        ("resident out",          "nnnnnnnn"),
        ("neighbour",             "nYYYYYYn"),
        ("author in",             "YYYYYYYY"),
        ("author out",            "YYYYYYYY"),
        ("community_worker in",   "YYYYYYYY"),
        ("community_worker out",  "nnnnnnnn"),
        ("street_committee in",   "YYYYYYYY"),
        ("street_committee out",  "nnnnnnnn"),
        ("district_admin in",     "YYYYYYYY"),
        ("district_admin out",    "nnnnnnnn"),
        ("auditor in",            "YYYYYYYY"),
        ("auditor out",           "nnnnnnnn"),
        ("co_builder in",         "nnnnnnnn"),
        ("supervisor in",         "nnnnnnnn"),
        ("property_manager in",   "nnnnnnnn"),
        ("volunteer_leader in",   "nnnnnnnn"),
        ("volunteer in",          "nnnnnnnn"),
        ("former resident",       "nnnnnnnn"),
    ];

    #[test]
    fn who_sees_a_demand_in_each_state() {
        let w = world();
        let mut readers: Vec<(&str, Actor, Vec<UnitPath>)> = Vec::new();
        for (name, reader) in w.actors() {
            let Some(reader) = reader else { continue };
            let home = if name.ends_with(" out") { &w.other_community } else { &w.community };
            readers.push((name, reader, vec![home.clone()]));
        }
        readers.push(("neighbour", actor(Role::Resident, &w.neighbour_community), vec![w.neighbour_community.clone()]));
        // The author, no longer a resident anywhere: it files nothing now, and its old
        // demands are out of its reach, as they are out of its lists.
        let mut former = actor(Role::Volunteer, &w.compound);
        former.user_id = w.author;
        readers.push(("former resident", former, vec![]));

        let mut mismatches = Vec::new();
        for (name, expected) in EXPECTED {
            let (_, reader, homes) = readers.iter().find(|(n, _, _)| n == name).expect("a reader");
            let reach = DemandReach::of(reader, homes);
            let got: String = S::ALL.iter().map(|s| if sees(&reach, &w.facts(*s)) { 'Y' } else { 'n' }).collect();
            if got != *expected {
                mismatches.push(format!("{name}: expected {expected}, got {got}"));
            }
        }
        assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    }

    #[test]
    fn a_reach_comes_from_resident_grants_and_read_scopes() {
        let w = world();
        let mut both = actor(Role::Resident, &w.community);
        both.grants.push(Grant { role: Role::Auditor, unit_id: w.other_street.unit_id(), organization_id: None });
        // A path given for a unit where the actor is no resident proves nothing.
        let reach = DemandReach::of(&both, &[w.community.clone(), w.other_community.clone()]);
        assert_eq!(reach.units, vec![w.other_street.unit_id()]);
        assert_eq!(reach.own, Some(both.user_id));
        assert_eq!(reach.public_in_streets, vec![w.street.unit_id()]);
        assert_eq!(resident_homes(&both), vec![w.community.unit_id()]);
        assert!(DemandReach::of(&actor(Role::Volunteer, &w.compound), &[]).is_empty());
    }
}
