//! The world the demand rules are tested in, shared by the tests of every part.

use uuid::Uuid;

use super::{ActionFields, By, DemandFacts, DemandState, MergeTarget};
use crate::access::{Actor, Grant, Role};
use crate::org_unit::UnitPath;
use crate::Error;
use DemandState as S;

/// 二七区 ⊃ 淮河路 ⊃ 兴华社区 ⊃ 金祥花园 (the demand's unit), a neighbouring street and
/// community, and another district altogether.
pub(crate) struct World {
    pub(crate) district: UnitPath,
    pub(crate) street: UnitPath,
    pub(crate) community: UnitPath,
    pub(crate) compound: UnitPath,
    pub(crate) neighbour_community: UnitPath,
    pub(crate) other_street: UnitPath,
    pub(crate) other_community: UnitPath,
    pub(crate) other_district: UnitPath,
    pub(crate) demand_id: Uuid,
    pub(crate) author: Uuid,
}

pub(crate) fn world() -> World {
    let district = UnitPath::new(vec![Uuid::now_v7()]).expect("non-empty");
    let street = district.child(Uuid::now_v7());
    let community = street.child(Uuid::now_v7());
    let compound = community.child(Uuid::now_v7());
    let neighbour_community = street.child(Uuid::now_v7());
    let other_street = district.child(Uuid::now_v7());
    let other_community = other_street.child(Uuid::now_v7());
    let other_district = UnitPath::new(vec![Uuid::now_v7()]).expect("non-empty");
    World {
        district,
        street,
        community,
        compound,
        neighbour_community,
        other_street,
        other_community,
        other_district,
        demand_id: Uuid::now_v7(),
        author: Uuid::now_v7(),
    }
}

pub(crate) fn actor(role: Role, at: &UnitPath) -> Actor {
    Actor { user_id: Uuid::now_v7(), grants: vec![Grant { role, unit_id: at.unit_id(), organization_id: None }] }
}

impl World {
    pub(crate) fn facts(&self, state: DemandState) -> DemandFacts<'_> {
        DemandFacts {
            id: self.demand_id,
            state,
            author_id: Some(self.author),
            unit_path: &self.compound,
            street_id: self.street.unit_id(),
        }
    }

    /// Every kind of actor, by name; `None` is the system. "in" holds its grant where it
    /// reaches the demand, "out" where it does not.
    pub(crate) fn actors(&self) -> Vec<(&'static str, Option<Actor>)> {
        let mut author_in = actor(Role::Resident, &self.community);
        author_in.user_id = self.author;
        let mut author_out = actor(Role::Resident, &self.other_community);
        author_out.user_id = self.author;
        vec![
            ("resident in", Some(actor(Role::Resident, &self.community))),
            ("resident out", Some(actor(Role::Resident, &self.other_community))),
            ("author in", Some(author_in)),
            ("author out", Some(author_out)),
            ("community_worker in", Some(actor(Role::CommunityWorker, &self.community))),
            ("community_worker out", Some(actor(Role::CommunityWorker, &self.neighbour_community))),
            ("street_committee in", Some(actor(Role::StreetCommittee, &self.street))),
            ("street_committee out", Some(actor(Role::StreetCommittee, &self.other_street))),
            ("district_admin in", Some(actor(Role::DistrictAdmin, &self.district))),
            ("district_admin out", Some(actor(Role::DistrictAdmin, &self.other_district))),
            ("auditor in", Some(actor(Role::Auditor, &self.street))),
            ("auditor out", Some(actor(Role::Auditor, &self.other_street))),
            // An organisation's grant carries the organisation's unit.
            ("co_builder in", Some(actor(Role::CoBuilder, &self.compound))),
            ("co_builder out", Some(actor(Role::CoBuilder, &self.other_community))),
            ("supervisor in", Some(actor(Role::Supervisor, &self.compound))),
            ("supervisor out", Some(actor(Role::Supervisor, &self.other_community))),
            ("property_manager in", Some(actor(Role::PropertyManager, &self.compound))),
            ("property_manager out", Some(actor(Role::PropertyManager, &self.other_community))),
            ("volunteer_leader in", Some(actor(Role::VolunteerLeader, &self.compound))),
            ("volunteer_leader out", Some(actor(Role::VolunteerLeader, &self.other_community))),
            ("volunteer in", Some(actor(Role::Volunteer, &self.compound))),
            ("volunteer out", Some(actor(Role::Volunteer, &self.other_community))),
            ("system", None),
        ]
    }

    /// Every field an action could need, all valid.
    pub(crate) fn full_fields(&self) -> ActionFields<'static> {
        ActionFields {
            reason: Some("已由物业负责处理"),
            referred_to: Some("12345市民热线"),
            target: Some(MergeTarget { id: Uuid::now_v7(), state: S::Published, street_id: self.street.unit_id() }),
            project_id: Some(Uuid::now_v7()),
            case_id: Some(Uuid::now_v7()),
        }
    }
}

pub(crate) fn by(a: &Option<Actor>) -> By<'_> {
    a.as_ref().map_or(By::System, By::User)
}

pub(crate) fn code(r: Result<impl std::fmt::Debug, Error>) -> (char, &'static str) {
    match r {
        Ok(v) => panic!("expected a refusal, got {v:?}"),
        Err(Error::Invalid { code, .. }) => ('I', code),
        Err(Error::Forbidden { code, .. }) => ('F', code),
        Err(Error::Conflict { code, .. }) => ('C', code),
    }
}
