//! 五联共治: the kinds of organisation that share the load, each attached to a unit.

string_enum! {
    pub enum OrganizationKind ("kind") {
        PartyOrg = "party_org",
        ResidentAutonomy = "resident_autonomy",
        PropertyService = "property_service",
        SocialOrg = "social_org",
        VolunteerOrg = "volunteer_org",
        GovernmentDept = "government_dept",
        StationedUnit = "stationed_unit",
        Merchant = "merchant",
    }
}

history! {
    /// What happened to an organisation: its name as given then.
    pub enum OrganizationEvent (Organization) {
        Create = "create" { name: String },
        Update = "update" { name: String },
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
