//! API keys: how an integration organisation (a 12345 hotline's platform, a city app) files
//! demands through Open311 GeoReport v2 (SPEC §5) without a person signed in.
//!
//! A key speaks for its organisation, and its organisation's unit bounds it as a grant's
//! does: what it files lies at or below that unit. Who may issue and revoke keys is
//! [`Capability::ManageApiKeys`] in the capability table.

use crate::access::{Actor, Capability};
use crate::demand::check_demand_unit;
use crate::org_unit::{UnitKind, UnitPath};
use crate::organization::OrganizationKind;
use crate::Error;

/// May `actor` issue, list or revoke the keys of this organisation? The district over its
/// unit only (403 for anyone else), and only for an integration organisation (422): a
/// property company or a volunteer team acts through its people's accounts, never a key.
pub fn authorize_manage(actor: &Actor, organization_kind: OrganizationKind, unit: &UnitPath) -> Result<(), Error> {
    actor.require(Capability::ManageApiKeys, unit)?;
    if organization_kind != OrganizationKind::Integration {
        return Err(Error::invalid(
            "organization_id",
            "api_key_organization_kind",
            format!("API keys are issued to integration organisations, not to a {organization_kind}"),
        ));
    }
    Ok(())
}

/// May a key of the organisation at `key_unit` file a demand at this unit? A community or
/// compound, at or below the organisation's unit.
pub fn authorize_filing(key_unit: &UnitPath, unit_kind: UnitKind, unit: &UnitPath) -> Result<(), Error> {
    check_demand_unit(unit_kind)?;
    if unit.contains(key_unit.unit_id()) {
        Ok(())
    } else {
        Err(Error::forbidden(
            "api_key_out_of_scope",
            "this API key files demands only for the communities and compounds below its organisation's unit",
        ))
    }
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::*;
    use crate::access::{Grant, Role};
    use crate::org_unit::testing::tree;

    fn actor(role: Role, at: &UnitPath) -> Actor {
        Actor { user_id: Uuid::now_v7(), grants: vec![Grant { role, unit_id: at.unit_id(), organization_id: None }] }
    }

    #[test]
    fn only_the_district_admin_manages_an_integrations_keys() {
        let t = tree();
        let code = |r: Result<(), Error>| match r {
            Ok(()) => "ok",
            Err(Error::Forbidden { code, .. } | Error::Invalid { code, .. } | Error::Conflict { code, .. }) => code,
        };
        // (role, held at, the organisation's unit, allowed)
        let cases: Vec<(Role, &UnitPath, &UnitPath, &str)> = vec![
            (Role::DistrictAdmin, &t.district, &t.district, "ok"),
            (Role::DistrictAdmin, &t.district, &t.street, "ok"),
            (Role::StreetCommittee, &t.street, &t.street, "forbidden_api_keys"),
            (Role::StreetCommittee, &t.street, &t.community, "forbidden_api_keys"),
            (Role::CommunityWorker, &t.community, &t.community, "forbidden_api_keys"),
            (Role::Auditor, &t.district, &t.street, "forbidden_api_keys"),
            (Role::Resident, &t.community, &t.community, "forbidden_api_keys"),
        ];
        for (role, at, unit, expected) in cases {
            let a = actor(role, at);
            assert_eq!(code(authorize_manage(&a, OrganizationKind::Integration, unit)), expected, "{role}");
            assert_eq!(a.may(Capability::ManageApiKeys, unit), expected == "ok", "{role} in the table");
        }
        let admin = actor(Role::DistrictAdmin, &t.district);
        for kind in OrganizationKind::ALL.iter().filter(|k| **k != OrganizationKind::Integration) {
            assert_eq!(code(authorize_manage(&admin, *kind, &t.street)), "api_key_organization_kind", "{kind}");
        }
        // Whoever may not manage keys is told so before the organisation's kind.
        let committee = actor(Role::StreetCommittee, &t.street);
        assert_eq!(code(authorize_manage(&committee, OrganizationKind::Merchant, &t.street)), "forbidden_api_keys");
    }

    #[test]
    fn a_key_files_below_its_organisations_unit() {
        let t = tree();
        assert!(authorize_filing(&t.street, UnitKind::Compound, &t.compound).is_ok());
        assert!(authorize_filing(&t.street, UnitKind::Community, &t.community).is_ok());
        assert!(authorize_filing(&t.district, UnitKind::Community, &t.other_community).is_ok());
        assert!(authorize_filing(&t.community, UnitKind::Community, &t.community).is_ok());
        assert!(matches!(
            authorize_filing(&t.street, UnitKind::Community, &t.other_community),
            Err(Error::Forbidden { code: "api_key_out_of_scope", .. })
        ));
        assert!(matches!(
            authorize_filing(&t.community, UnitKind::Compound, &t.other_street),
            Err(Error::Forbidden { code: "api_key_out_of_scope", .. })
        ));
        assert!(matches!(
            authorize_filing(&t.district, UnitKind::Street, &t.street),
            Err(Error::Invalid { code: "demand_unit_kind", .. })
        ));
    }
}
