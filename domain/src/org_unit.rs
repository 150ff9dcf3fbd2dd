//! The vertical chain of units (一领): district ⊃ street ⊃ community ⊃ compound.

use uuid::Uuid;

use crate::Error;

string_enum! {
    /// The level of an org unit.
    pub enum UnitKind ("kind") {
        District = "district",
        Street = "street",
        Community = "community",
        Compound = "compound",
    }
}

impl UnitKind {
    /// The only kind a child of this unit may have; a compound has no children.
    pub const fn child_kind(self) -> Option<UnitKind> {
        match self {
            UnitKind::District => Some(UnitKind::Street),
            UnitKind::Street => Some(UnitKind::Community),
            UnitKind::Community => Some(UnitKind::Compound),
            UnitKind::Compound => None,
        }
    }
}

string_enum! {
    /// 分类施治: statistics break down by the kind of community.
    pub enum CommunityType ("community_type") {
        Old = "old",
        New = "new",
        Resettlement = "resettlement",
        Village = "village",
    }
}

history! {
    /// What happened to an org unit: its name as given then.
    pub enum OrgUnitEvent (OrgUnit) {
        Create = "create" { name: String },
        Update = "update" { name: String },
    }
}

/// A unit and its ancestors, root first, the unit itself last. Authority held at any unit
/// on this path reaches the unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitPath(Vec<Uuid>);

impl UnitPath {
    /// `ids` root first, ending with the unit itself; never empty.
    pub fn new(ids: Vec<Uuid>) -> Option<Self> {
        (!ids.is_empty()).then_some(UnitPath(ids))
    }
    pub fn unit_id(&self) -> Uuid {
        *self.0.last().expect("a UnitPath is never empty")
    }
    pub fn contains(&self, unit_id: Uuid) -> bool {
        self.0.contains(&unit_id)
    }
    pub fn ids(&self) -> &[Uuid] {
        &self.0
    }
    pub fn child(&self, id: Uuid) -> UnitPath {
        let mut ids = self.0.clone();
        ids.push(id);
        UnitPath(ids)
    }
}

/// What a new unit must be, given its parent. A district is the root and is made only by
/// `create-admin`, so every unit made through the API has a parent.
pub fn check_new_child(
    parent_kind: UnitKind,
    kind: UnitKind,
    community_type: Option<CommunityType>,
) -> Result<(), Error> {
    match parent_kind.child_kind() {
        None => {
            return Err(Error::invalid("parent_id", "unit_leaf", "a compound cannot have child units"));
        }
        Some(expected) if expected != kind => {
            return Err(Error::invalid(
                "kind",
                "unit_kind_mismatch",
                format!("a child of a {parent_kind} must be a {expected}, not a {kind}"),
            ));
        }
        Some(_) => {}
    }
    check_community_type(kind, community_type)
}

/// Only communities have a community type, and every community has one.
pub fn check_community_type(kind: UnitKind, community_type: Option<CommunityType>) -> Result<(), Error> {
    match (kind, community_type) {
        (UnitKind::Community, None) => Err(Error::invalid(
            "community_type",
            "community_type_required",
            "a community needs a community_type: old, new, resettlement or village",
        )),
        (UnitKind::Community, Some(_)) | (_, None) => Ok(()),
        (_, Some(_)) => Err(Error::invalid(
            "community_type",
            "community_type_not_allowed",
            format!("a {kind} has no community_type; only communities do"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use UnitKind::*;

    #[test]
    fn each_child_is_the_next_level_down() {
        let cases = [
            (District, Street, None, Ok(())),
            (Street, Community, Some(CommunityType::Old), Ok(())),
            (Community, Compound, None, Ok(())),
            (District, Community, Some(CommunityType::Old), Err("unit_kind_mismatch")),
            (Street, Compound, None, Err("unit_kind_mismatch")),
            (Compound, Compound, None, Err("unit_leaf")),
            (Street, Community, None, Err("community_type_required")),
            (Community, Compound, Some(CommunityType::New), Err("community_type_not_allowed")),
        ];
        for (parent, kind, ct, expected) in cases {
            let got = check_new_child(parent, kind, ct).map_err(|e| match e {
                Error::Invalid { code, .. } => code,
                other => panic!("unexpected {other:?}"),
            });
            assert_eq!(got, expected, "{parent} -> {kind} ({ct:?})");
        }
    }

    #[test]
    fn kinds_round_trip_through_their_names() {
        for k in UnitKind::ALL {
            assert_eq!(UnitKind::parse(k.as_str()), Ok(*k));
        }
        assert!(UnitKind::parse("city").is_err());
    }
}

/// A deadline in whole days (时限), 1–365: a district sets how long a demand may wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeadlineDays(u32);

impl DeadlineDays {
    pub fn parse(field: &'static str, days: i64) -> Result<Self, Error> {
        match u32::try_from(days) {
            Ok(d) if (1..=365).contains(&d) => Ok(DeadlineDays(d)),
            _ => Err(Error::invalid(field, "deadline_days", format!("{field} must be 1 to 365 days"))),
        }
    }
    pub fn days(self) -> u32 {
        self.0
    }
}

/// The day of the month (1 to 28, so every month has it) by which each street's disclosure
/// of the month before is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DisclosureDay(u32);

impl DisclosureDay {
    pub fn parse(day: i64) -> Result<Self, Error> {
        match u32::try_from(day) {
            Ok(d) if (1..=28).contains(&d) => Ok(DisclosureDay(d)),
            _ => Err(Error::invalid("disclosure_day", "disclosure_day", "disclosure_day must be 1 to 28")),
        }
    }
    pub fn day(self) -> u32 {
        self.0
    }
}

/// Deadlines and the disclosure day (`field`) are the district's settings; a street or
/// community inherits them.
pub fn check_deadlines_unit(kind: UnitKind, field: &'static str) -> Result<(), Error> {
    if kind == UnitKind::District {
        Ok(())
    } else {
        Err(Error::invalid(field, "deadlines_district_only", "deadlines are set per district"))
    }
}

#[cfg(test)]
mod deadline_tests {
    use super::*;

    #[test]
    fn deadlines_are_whole_days_of_a_district() {
        assert_eq!(DeadlineDays::parse("verify_days", 3).map(DeadlineDays::days), Ok(3));
        assert!(DeadlineDays::parse("verify_days", 0).is_err());
        assert!(DeadlineDays::parse("answer_days", 366).is_err());
        assert!(check_deadlines_unit(UnitKind::District, "verify_days").is_ok());
        assert!(check_deadlines_unit(UnitKind::Street, "disclosure_day").is_err());
        assert!(DisclosureDay::parse(28).is_ok());
        assert!(DisclosureDay::parse(29).is_err() && DisclosureDay::parse(0).is_err());
    }
}

/// The tree the rules' tests stand on.
#[cfg(test)]
pub(crate) mod testing {
    use uuid::Uuid;

    use super::UnitPath;

    /// 二七区 ⊃ {淮河路 ⊃ 兴华社区 ⊃ 金祥花园, 京广路 ⊃ 亚新社区}.
    pub(crate) struct Tree {
        pub(crate) district: UnitPath,
        pub(crate) street: UnitPath,
        pub(crate) community: UnitPath,
        pub(crate) compound: UnitPath,
        pub(crate) other_street: UnitPath,
        pub(crate) other_community: UnitPath,
    }

    pub(crate) fn tree() -> Tree {
        let district = UnitPath::new(vec![Uuid::now_v7()]).expect("non-empty");
        let street = district.child(Uuid::now_v7());
        let community = street.child(Uuid::now_v7());
        let compound = community.child(Uuid::now_v7());
        let other_street = district.child(Uuid::now_v7());
        let other_community = other_street.child(Uuid::now_v7());
        Tree { district, street, community, compound, other_street, other_community }
    }
}
