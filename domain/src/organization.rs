//! 五联共治: the kinds of organisation that share the load, each attached to a unit.

string_enum! {
    /// The five parties, the co-builders, and `integration`: a system that files demands
    /// for residents through Open311 (a 12345 hotline's platform, a city app) with an API
    /// key the district issues it.
    pub enum OrganizationKind ("kind") {
        PartyOrg = "party_org",
        ResidentAutonomy = "resident_autonomy",
        PropertyService = "property_service",
        SocialOrg = "social_org",
        VolunteerOrg = "volunteer_org",
        GovernmentDept = "government_dept",
        StationedUnit = "stationed_unit",
        Merchant = "merchant",
        Integration = "integration",
    }
}

history! {
    /// What happened to an organisation: its name as given then.
    pub enum OrganizationEvent (Organization) {
        Create = "create" { name: String },
        Update = "update" { name: String },
        IssueApiKey = "issue_api_key" { key_id: uuid::Uuid, name: String },
        RevokeApiKey = "revoke_api_key" { key_id: uuid::Uuid },
    }
}

impl OrganizationKind {
    /// Kinds that publish resources and claim projects (共建做单). Social organisations are
    /// among them: the seed names them with departments and stationed units as co-builders.
    pub const CO_BUILDERS: &'static [OrganizationKind] = &[
        OrganizationKind::GovernmentDept,
        OrganizationKind::StationedUnit,
        OrganizationKind::SocialOrg,
        OrganizationKind::Merchant,
    ];
}

/// 三类组织 coverage (SPEC §1): which of the three a compound has.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Coverage {
    pub party_org: bool,
    pub resident_autonomy: bool,
    pub volunteer_org: bool,
}

impl Coverage {
    /// From the kinds of the organisations attached to a compound.
    pub fn of(kinds: &[OrganizationKind]) -> Self {
        Coverage {
            party_org: kinds.contains(&OrganizationKind::PartyOrg),
            resident_autonomy: kinds.contains(&OrganizationKind::ResidentAutonomy),
            volunteer_org: kinds.contains(&OrganizationKind::VolunteerOrg),
        }
    }

    /// Covered: a party organisation, a residents' organisation and a volunteer team.
    pub const fn covered(self) -> bool {
        self.party_org && self.resident_autonomy && self.volunteer_org
    }

    /// The kinds it lacks, for the screen's "create the missing one".
    pub fn missing(self) -> Vec<OrganizationKind> {
        [
            (self.party_org, OrganizationKind::PartyOrg),
            (self.resident_autonomy, OrganizationKind::ResidentAutonomy),
            (self.volunteer_org, OrganizationKind::VolunteerOrg),
        ]
        .into_iter()
        .filter(|(has, _)| !has)
        .map(|(_, kind)| kind)
        .collect()
    }
}

/// Who reads coverage: the officials and auditors over the unit.
pub fn authorize_coverage(actor: &crate::access::Actor, unit: &crate::org_unit::UnitPath) -> Result<(), crate::Error> {
    actor.require(crate::access::Capability::ReadCases, unit)
}

/// Only a property company can be a red property (红色物业).
pub fn check_red_property(kind: OrganizationKind, red_property: bool) -> Result<(), crate::Error> {
    if red_property && kind != OrganizationKind::PropertyService {
        return Err(crate::Error::invalid(
            "red_property",
            "red_property_kind",
            "only a property_service organisation can be a red property",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_compound_is_covered_with_all_three_kinds() {
        use OrganizationKind as K;
        let full = Coverage::of(&[K::PropertyService, K::PartyOrg, K::ResidentAutonomy, K::VolunteerOrg]);
        assert!(full.covered() && full.missing().is_empty());
        let partial = Coverage::of(&[K::PartyOrg, K::PropertyService]);
        assert!(!partial.covered());
        assert_eq!(partial.missing(), vec![K::ResidentAutonomy, K::VolunteerOrg]);
    }
}
