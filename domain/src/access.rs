//! Roles, scopes and who may do what (SPEC §2).
//!
//! A grant is `(role, scope)`. Its scope is a unit, or for partner roles an organisation
//! whose unit bounds it. A grant reaches a record when the grant's unit lies on the path
//! from the root down to the record's unit: authority flows down the chain, never up or
//! sideways. Each lifecycle adds its rows to [`CAPABILITIES`]; nothing outside `domain`
//! decides who may do what.

use uuid::Uuid;

use crate::org_unit::{UnitKind, UnitPath};
use crate::organization::OrganizationKind;
use crate::Error;

string_enum! {
    pub enum Role ("role") {
        Resident = "resident",
        CommunityWorker = "community_worker",
        StreetCommittee = "street_committee",
        DistrictAdmin = "district_admin",
        CoBuilder = "co_builder",
        Supervisor = "supervisor",
        PropertyManager = "property_manager",
        VolunteerLeader = "volunteer_leader",
        Volunteer = "volunteer",
        Auditor = "auditor",
    }
}

/// What a role's scope must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeRule {
    /// A unit of exactly this kind.
    Unit(UnitKind),
    /// Any unit.
    AnyUnit,
    /// An organisation of one of these kinds; its unit bounds the grant.
    Organization(&'static [OrganizationKind]),
}

impl Role {
    /// The scope column of SPEC §2.
    pub const fn scope_rule(self) -> ScopeRule {
        use OrganizationKind as O;
        match self {
            Role::Resident | Role::CommunityWorker => ScopeRule::Unit(UnitKind::Community),
            Role::StreetCommittee => ScopeRule::Unit(UnitKind::Street),
            Role::DistrictAdmin => ScopeRule::Unit(UnitKind::District),
            Role::CoBuilder => ScopeRule::Organization(O::CO_BUILDERS),
            Role::Supervisor => ScopeRule::Organization(&[O::ResidentAutonomy]),
            Role::PropertyManager => ScopeRule::Organization(&[O::PropertyService]),
            Role::VolunteerLeader | Role::Volunteer => ScopeRule::Organization(&[O::VolunteerOrg]),
            Role::Auditor => ScopeRule::AnyUnit,
        }
    }
}

/// Something an actor may be allowed to do, somewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capability {
    /// Create and edit org units.
    ManageOrgUnits,
    /// Create and edit organisations.
    ManageOrganizations,
    /// See user accounts and their grants.
    ReadUsers,
    /// Create and edit users; give and take the grants of [`GRANTABLE`].
    ManageUsers,
    /// See and manage accounts that hold no grant (yet): they belong to no unit, so only
    /// the district does.
    ManageUngrantedUsers,
    /// Open a resident's account at the desk (代开户) in a community in scope, for someone
    /// who cannot sign up alone. The first password is the server's and temporary, so the
    /// official who read it out cannot go on signing in as the resident.
    RegisterResidents,
    /// Set or reset another person's password. Whoever knows a password can act as its
    /// holder, so this stays with the district, the only level above every grant.
    ResetPasswords,
    /// See every demand in scope, including those not on the public list (submitted,
    /// withdrawn) and who filed them.
    ReadDemands,
    /// Verify, reject, merge and refer demands (受理), and file one on a resident's behalf.
    HandleDemands,
    /// Create and run livelihood projects, and accept demands by linking them to one;
    /// request co-builders' resources for them.
    RunProjects,
    /// See projects still in draft (拟定), before they are published.
    ReadProjects,
    /// Publish resources, claim projects, and confirm or decline requests for the
    /// resources of the grant's organisation (共建做单).
    OfferResources,
    /// Vote pass or fail on completed projects at or below the organisation's unit (自治结单).
    InspectProjects,
    /// Open coordination cases for compounds in scope and confirm them as the community
    /// party (三方联动).
    RunCases,
    /// Speak for the grant's residents' self-governance organisation in its compound's
    /// coordination cases.
    RepresentResidents,
    /// Act for the grant's property company: its compound's coordination cases, the
    /// projects handed to it, the faults reported on them (红色物业).
    ManageProperty,
    /// Settle escalated coordination cases.
    ResolveCases,
    /// See every coordination case in scope.
    ReadCases,
    /// Report a fault (报修) on a maintained project where one lives or works.
    ReportFaults,
    /// Run the grant's volunteer team: its activities, sign-ups and service hours.
    LeadVolunteers,
    /// Serve in the grant's volunteer team: sign up for its activities.
    Volunteer,
    /// Read who did what: each account's history and who cast each inspection vote.
    Audit,
    /// Publish the street's periodic disclosures (定期公示).
    PublishDisclosures,
    /// Read the figures of the units in scope (SPEC §4.8) and export their lists.
    ReadStatistics,
    /// Issue and revoke an integration organisation's API keys. A key files demands
    /// anywhere below its organisation's unit with no person behind it, so it stays with
    /// the district, as passwords do.
    ManageApiKeys,
}

use Role::*;

/// SPEC §2 as a table: which roles have each capability. The capability holds only where
/// the grant's unit reaches the target (see [`Actor::may`]). A street committee manages
/// organisations, users and grants inside its street; which roles it may give is
/// [`GRANTABLE`].
pub const CAPABILITIES: &[(Capability, &[Role])] = &[
    (Capability::ManageOrgUnits, &[DistrictAdmin]),
    (Capability::ManageOrganizations, &[DistrictAdmin, StreetCommittee]),
    (Capability::ReadUsers, &[DistrictAdmin, StreetCommittee, Auditor]),
    (Capability::ManageUsers, &[DistrictAdmin, StreetCommittee]),
    (Capability::ManageUngrantedUsers, &[DistrictAdmin]),
    (Capability::ResetPasswords, &[DistrictAdmin]),
    (Capability::RegisterResidents, &[DistrictAdmin, StreetCommittee, CommunityWorker]),
    (Capability::ReadDemands, &[DistrictAdmin, StreetCommittee, CommunityWorker, Auditor]),
    (Capability::HandleDemands, &[DistrictAdmin, StreetCommittee, CommunityWorker]),
    (Capability::RunProjects, &[DistrictAdmin, StreetCommittee]),
    (Capability::ReadProjects, &[DistrictAdmin, StreetCommittee, CommunityWorker, Auditor]),
    (Capability::OfferResources, &[CoBuilder]),
    (Capability::InspectProjects, &[Supervisor]),
    (Capability::RunCases, &[StreetCommittee, CommunityWorker]),
    (Capability::RepresentResidents, &[Supervisor]),
    (Capability::ManageProperty, &[PropertyManager]),
    (Capability::ResolveCases, &[DistrictAdmin, StreetCommittee]),
    (Capability::ReadCases, &[DistrictAdmin, StreetCommittee, CommunityWorker, Auditor]),
    (Capability::ReportFaults, &[Resident, CommunityWorker]),
    (Capability::LeadVolunteers, &[VolunteerLeader]),
    (Capability::Volunteer, &[Volunteer]),
    (Capability::Audit, &[DistrictAdmin, Auditor]),
    (Capability::PublishDisclosures, &[DistrictAdmin, StreetCommittee]),
    (Capability::ReadStatistics, &[DistrictAdmin, StreetCommittee, CommunityWorker, Auditor]),
    (Capability::ManageApiKeys, &[DistrictAdmin]),
];

/// SPEC §2: which roles a user manager may give (and take, and whose holders it may edit),
/// inside the reach of its own grant. A street committee gives community-level and partner
/// roles, never its own level or above: no street committee, district admin or auditor.
pub const GRANTABLE: &[(Role, &[Role])] = &[
    (DistrictAdmin, Role::ALL),
    (StreetCommittee, &[Resident, CommunityWorker, CoBuilder, Supervisor, PropertyManager, VolunteerLeader, Volunteer]),
];

fn grantable_by(granter: Role) -> &'static [Role] {
    GRANTABLE.iter().find(|(r, _)| *r == granter).map(|(_, roles)| *roles).unwrap_or(&[])
}

fn roles_with(capability: Capability) -> &'static [Role] {
    CAPABILITIES.iter().find(|(c, _)| *c == capability).map(|(_, roles)| *roles).unwrap_or(&[])
}

/// One grant as its holder carries it. For organisation roles `unit_id` is the
/// organisation's unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub role: Role,
    pub unit_id: Uuid,
    pub organization_id: Option<Uuid>,
}

/// Who is asking: a signed-in user and the grants it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Uuid,
    pub grants: Vec<Grant>,
}

impl Actor {
    /// The grants through which this actor has `capability` over a unit on `target`.
    pub fn grants_for<'a>(&'a self, capability: Capability, target: &'a UnitPath) -> impl Iterator<Item = &'a Grant> {
        let roles = roles_with(capability);
        self.grants.iter().filter(move |g| roles.contains(&g.role) && target.contains(g.unit_id))
    }

    pub fn may(&self, capability: Capability, target: &UnitPath) -> bool {
        self.grants_for(capability, target).next().is_some()
    }

    /// Whether the actor has `capability` anywhere at all (e.g. to create a user, which has
    /// no unit until it is granted one).
    /// Whether the actor holds `capability` through a grant scoped to this organisation:
    /// partner roles act for their organisation, not for a unit.
    pub fn acts_for(&self, capability: Capability, organization_id: Uuid) -> bool {
        let roles = roles_with(capability);
        self.grants.iter().any(|g| roles.contains(&g.role) && g.organization_id == Some(organization_id))
    }

    /// The organisations the actor acts for with `capability`.
    pub fn organizations_for(&self, capability: Capability) -> Vec<Uuid> {
        let roles = roles_with(capability);
        let mut orgs: Vec<Uuid> =
            self.grants.iter().filter(|g| roles.contains(&g.role)).filter_map(|g| g.organization_id).collect();
        orgs.sort_unstable();
        orgs.dedup();
        orgs
    }

    pub fn may_somewhere(&self, capability: Capability) -> bool {
        let roles = roles_with(capability);
        self.grants.iter().any(|g| roles.contains(&g.role))
    }

    pub fn require(&self, capability: Capability, target: &UnitPath) -> Result<(), Error> {
        if self.may(capability, target) {
            Ok(())
        } else {
            Err(forbidden(capability))
        }
    }

    pub fn require_somewhere(&self, capability: Capability) -> Result<(), Error> {
        if self.may_somewhere(capability) {
            Ok(())
        } else {
            Err(forbidden(capability))
        }
    }

    /// The units at which the actor holds `capability`: a list it reads is cut to the
    /// subtrees below them.
    pub fn scope_units(&self, capability: Capability) -> Vec<Uuid> {
        let roles = roles_with(capability);
        let mut units: Vec<Uuid> = self.grants.iter().filter(|g| roles.contains(&g.role)).map(|g| g.unit_id).collect();
        units.sort_unstable();
        units.dedup();
        units
    }

    pub fn has_role(&self, role: Role) -> bool {
        self.grants.iter().any(|g| g.role == role)
    }
}

fn forbidden(capability: Capability) -> Error {
    let (code, what) = match capability {
        Capability::ManageOrgUnits => ("forbidden_org_units", "manage org units here"),
        Capability::ManageOrganizations => ("forbidden_organizations", "manage organisations here"),
        Capability::ReadUsers => ("forbidden_users", "see users here"),
        Capability::ManageUsers => ("forbidden_users", "manage users or grants here"),
        Capability::ManageUngrantedUsers => ("forbidden_users", "manage accounts that hold no role"),
        Capability::ResetPasswords => ("forbidden_password_reset", "set another person's password"),
        Capability::RegisterResidents => ("forbidden_users", "open residents' accounts in this community"),
        Capability::ReadDemands => ("forbidden_demands", "see these demands"),
        Capability::HandleDemands => ("forbidden_demands", "handle demands here"),
        Capability::RunProjects => ("forbidden_projects", "run projects here"),
        Capability::ReadProjects => ("forbidden_projects", "see draft projects here"),
        Capability::OfferResources => ("forbidden_resources", "offer resources for this organisation"),
        Capability::InspectProjects => ("forbidden_inspections", "inspect projects here"),
        Capability::RunCases => ("forbidden_cases", "open or run coordination cases here"),
        Capability::RepresentResidents => ("forbidden_cases", "speak for this residents' organisation"),
        Capability::ManageProperty => ("forbidden_property", "act for this property company"),
        Capability::ResolveCases => ("forbidden_cases", "settle escalated coordination cases here"),
        Capability::ReadCases => ("forbidden_cases", "see these coordination cases"),
        Capability::ReportFaults => ("forbidden_faults", "report faults here"),
        Capability::LeadVolunteers => ("forbidden_volunteers", "run this volunteer team"),
        Capability::Volunteer => ("not_a_member", "serve in this volunteer team"),
        Capability::Audit => ("forbidden_user_events", "read the accounts' history here"),
        Capability::PublishDisclosures => ("forbidden_disclosures", "publish this street's disclosures"),
        Capability::ReadStatistics => ("forbidden_statistics", "read these figures"),
        Capability::ManageApiKeys => ("forbidden_api_keys", "issue or revoke API keys"),
    };
    Error::forbidden(code, format!("your roles do not allow you to {what}"))
}

/// Where a grant would point: a unit, and for organisation roles the organisation's kind.
#[derive(Debug, Clone)]
pub struct GrantTarget<'a> {
    pub unit_kind: UnitKind,
    pub unit_path: &'a UnitPath,
    pub organization_kind: Option<OrganizationKind>,
}

/// Whether `role` can be held at `target` at all (SPEC §2's scope column), whoever grants it.
pub fn check_grant_target(role: Role, target: &GrantTarget<'_>) -> Result<(), Error> {
    match (role.scope_rule(), target.organization_kind) {
        (ScopeRule::Unit(kind), None) if kind == target.unit_kind => Ok(()),
        (ScopeRule::Unit(kind), _) => Err(Error::invalid(
            "unit_id",
            "grant_scope_kind",
            format!("a {role} grant needs a {kind} as its scope (unit_id, and no organization_id)"),
        )),
        (ScopeRule::AnyUnit, None) => Ok(()),
        (ScopeRule::AnyUnit, Some(_)) => Err(Error::invalid(
            "organization_id",
            "grant_scope_kind",
            format!("a {role} grant is scoped by a unit, not an organisation"),
        )),
        (ScopeRule::Organization(kinds), Some(kind)) if kinds.contains(&kind) => Ok(()),
        (ScopeRule::Organization(kinds), _) => Err(Error::invalid(
            "organization_id",
            "grant_scope_kind",
            format!(
                "a {role} grant needs an organisation of kind {} as its scope",
                kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(" or ")
            ),
        )),
    }
}

/// Whether one of the actor's user-manager grants reaches `path` and may give `role`.
pub fn may_grant(actor: &Actor, role: Role, path: &UnitPath) -> bool {
    actor.grants_for(Capability::ManageUsers, path).any(|g| grantable_by(g.role).contains(&role))
}

/// The roles the actor may give somewhere: what a grant picker offers.
pub fn grantable_roles(actor: &Actor) -> Vec<Role> {
    let manager_roles = roles_with(Capability::ManageUsers);
    Role::ALL
        .iter()
        .copied()
        .filter(|role| {
            actor.grants.iter().any(|g| manager_roles.contains(&g.role) && grantable_by(g.role).contains(role))
        })
        .collect()
}

/// May `actor` give (or take away) `role` at `target`?
pub fn authorize_grant(actor: &Actor, role: Role, target: &GrantTarget<'_>) -> Result<(), Error> {
    check_grant_target(role, target)?;
    actor.require(Capability::ManageUsers, target.unit_path)?;
    if may_grant(actor, role, target.unit_path) {
        Ok(())
    } else {
        Err(Error::forbidden("forbidden_role", format!("your roles do not allow you to give or take the role {role}")))
    }
}

/// May `actor` give `role` at `target` to `holder`, an existing account holding `held`?
/// Never to itself: a user manager that could grant itself a supervisor's or a
/// co-builder's role could inspect or fund its own projects. And only to an account it may
/// edit ([`authorize_user_change`]: every role it holds is one the caller could give where
/// it is held), so never to a peer, a superior, or someone who holds a role elsewhere.
pub fn authorize_grant_to(
    actor: &Actor,
    holder: Uuid,
    held: &[HeldGrant<'_>],
    role: Role,
    target: &GrantTarget<'_>,
) -> Result<(), Error> {
    if holder == actor.user_id {
        return Err(Error::forbidden("grant_own_roles", "you cannot give yourself a role; ask another user manager"));
    }
    authorize_holder_grant(actor, held, role, target)
}

/// May `actor` take `role` at `target` away from `holder`? As for giving it: never from
/// itself (a district could lose its last administrator by one careless click), and only
/// from an account it may edit.
pub fn authorize_revoke(
    actor: &Actor,
    holder: Uuid,
    held: &[HeldGrant<'_>],
    role: Role,
    target: &GrantTarget<'_>,
) -> Result<(), Error> {
    if holder == actor.user_id {
        return Err(Error::forbidden(
            "revoke_own_grant",
            "you cannot take away your own roles; ask another user manager",
        ));
    }
    authorize_holder_grant(actor, held, role, target)
}

/// Giving or taking a role on someone else's account: the account must be the actor's to
/// edit, and the role its to give there.
fn authorize_holder_grant(
    actor: &Actor,
    held: &[HeldGrant<'_>],
    role: Role,
    target: &GrantTarget<'_>,
) -> Result<(), Error> {
    authorize_user_change(actor, held)?;
    authorize_grant(actor, role, target)
}

/// A grant a user holds, as the access rules need it.
#[derive(Debug, Clone, Copy)]
pub struct HeldGrant<'a> {
    pub role: Role,
    pub unit_path: &'a UnitPath,
}

/// A user reader sees a user when one of its grants lies in the reader's scope. A user
/// with no grant belongs to the district alone.
pub fn may_see_user(actor: &Actor, held: &[HeldGrant<'_>]) -> bool {
    if held.is_empty() {
        return actor.may_somewhere(Capability::ManageUngrantedUsers);
    }
    held.iter().any(|g| actor.may(Capability::ReadUsers, g.unit_path))
}

/// Editing (or disabling) an account touches every role it holds, so the editor must be
/// able to give each of them where it is held: a street committee cannot edit a district
/// admin, another street's worker, or a fellow street committee member.
pub fn authorize_user_change(actor: &Actor, held: &[HeldGrant<'_>]) -> Result<(), Error> {
    actor.require_somewhere(Capability::ManageUsers)?;
    if held.is_empty() {
        return actor.require_somewhere(Capability::ManageUngrantedUsers);
    }
    if held.iter().all(|g| may_grant(actor, g.role, g.unit_path)) {
        Ok(())
    } else {
        Err(Error::forbidden("forbidden_users", "this user holds roles you may not manage"))
    }
}

/// Setting another person's password: only where [`Capability::ResetPasswords`] reaches
/// every role the account holds. Never one's own this way: that takes the current password
/// (`POST /me/password`), or a stolen access token would be a permanent takeover.
pub fn authorize_password_reset(actor: &Actor, holder: Uuid, held: &[HeldGrant<'_>]) -> Result<(), Error> {
    if holder == actor.user_id {
        return Err(Error::forbidden(
            "own_password_here",
            "change your own password with POST /me/password, giving the current one",
        ));
    }
    authorize_user_change(actor, held)?;
    actor.require_somewhere(Capability::ResetPasswords)?;
    held.iter().try_for_each(|g| actor.require(Capability::ResetPasswords, g.unit_path))
}

history! {
    /// What happened to an account. A grant's scope is the organisation it names, else its
    /// unit.
    pub enum UserEvent (User) {
        Create = "create" { username: String },
        Update = "update",
        Disable = "disable",
        Enable = "enable",
        Grant = "grant" { role: Role, scope_id: Uuid },
        Revoke = "revoke" { role: Role, scope_id: Uuid },
        /// Set by a user manager: temporary until its holder sets its own.
        ResetPassword = "reset_password",
        /// Set by its holder.
        ChangePassword = "change_password",
    }
}

string_enum! {
    /// What a reader may do to a user account now, its `allowed_actions`: edit its fields
    /// (`PATCH /users/{id}`), disable or enable it, give and take its roles, set its
    /// password, read its history.
    pub enum UserAllowedAction ("allowed action") {
        Edit = "edit",
        Disable = "disable",
        Enable = "enable",
        Grant = "grant",
        ResetPassword = "reset_password",
        ReadEvents = "read_events",
    }
}

/// The account's `allowed_actions` for `actor`: each offered exactly when the rule that
/// decides its request would accept it. `disabled`: the account is disabled now.
pub fn user_actions(actor: &Actor, holder: Uuid, held: &[HeldGrant<'_>], disabled: bool) -> Vec<UserAllowedAction> {
    use UserAllowedAction as A;
    let mut out = Vec::new();
    let editable = authorize_user_change(actor, held).is_ok();
    let other = holder != actor.user_id;
    if editable {
        out.push(A::Edit);
        if other {
            out.push(if disabled { A::Enable } else { A::Disable });
        }
    }
    if editable && other && !grantable_roles(actor).is_empty() {
        out.push(A::Grant);
    }
    if authorize_password_reset(actor, holder, held).is_ok() {
        out.push(A::ResetPassword);
    }
    if may_see_user(actor, held) && authorize_user_audit(actor, held).is_ok() {
        out.push(A::ReadEvents);
    }
    out
}

/// A password one user chose for another (an account it created, a reset) is temporary:
/// its holder sets its own at first sign-in, so that nobody can go on signing in as the
/// people who check its work. Only the root of trust, the district admin, hands out lasting
/// passwords when it creates an account (the first officials of a district).
pub fn chosen_password_is_temporary(chooser: &Actor) -> bool {
    !chooser.has_role(DistrictAdmin)
}

/// Whether the password set for a new account is temporary: always when someone other than
/// the district admin chose it, and when the district admin asks (an account handed out
/// with its first password, as an import of a district's staff does).
pub fn new_password_is_temporary(chooser: &Actor, asked: bool) -> bool {
    asked || chosen_password_is_temporary(chooser)
}

/// Who reads an account's history (created, granted, revoked, reset, disabled): the
/// district admin and auditors over every role it holds.
pub fn authorize_user_audit(actor: &Actor, held: &[HeldGrant<'_>]) -> Result<(), Error> {
    let allowed = if held.is_empty() {
        actor.may_somewhere(Capability::ManageUngrantedUsers)
    } else {
        held.iter().all(|g| actor.may(Capability::Audit, g.unit_path))
    };
    if allowed {
        Ok(())
    } else {
        Err(Error::forbidden(
            "forbidden_user_events",
            "an account's history is read by the district admin and auditors over it",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::org_unit::testing::tree;

    fn actor(role: Role, at: &UnitPath) -> Actor {
        Actor { user_id: Uuid::now_v7(), grants: vec![Grant { role, unit_id: at.unit_id(), organization_id: None }] }
    }

    #[test]
    fn capabilities_follow_role_and_scope() {
        let t = tree();
        use Capability::*;
        // (role, held at, capability, target, allowed)
        let cases: Vec<(Role, &UnitPath, Capability, &UnitPath, bool)> = vec![
            (DistrictAdmin, &t.district, ManageOrgUnits, &t.district, true),
            (DistrictAdmin, &t.district, ManageOrgUnits, &t.compound, true),
            (DistrictAdmin, &t.district, ManageUsers, &t.other_community, true),
            (StreetCommittee, &t.street, ManageOrgUnits, &t.street, false),
            (StreetCommittee, &t.street, ManageOrganizations, &t.compound, true),
            (StreetCommittee, &t.street, ManageOrganizations, &t.other_community, false),
            (StreetCommittee, &t.street, ManageUsers, &t.community, true),
            (StreetCommittee, &t.street, ManageUsers, &t.street, true),
            (StreetCommittee, &t.street, ManageUsers, &t.district, false),
            (StreetCommittee, &t.street, ManageUsers, &t.other_street, false),
            (StreetCommittee, &t.street, ReadUsers, &t.compound, true),
            (CommunityWorker, &t.community, ManageUsers, &t.community, false),
            (CommunityWorker, &t.community, ReadUsers, &t.community, false),
            (CommunityWorker, &t.community, RegisterResidents, &t.community, true),
            (CommunityWorker, &t.community, RegisterResidents, &t.other_community, false),
            (StreetCommittee, &t.street, RegisterResidents, &t.community, true),
            (StreetCommittee, &t.street, RegisterResidents, &t.other_community, false),
            (Auditor, &t.street, RegisterResidents, &t.community, false),
            (Resident, &t.community, RegisterResidents, &t.community, false),
            (Auditor, &t.street, ReadUsers, &t.community, true),
            (Auditor, &t.street, ManageUsers, &t.community, false),
            (Auditor, &t.street, ReadUsers, &t.other_community, false),
            (Resident, &t.community, ReadUsers, &t.community, false),
            (CoBuilder, &t.community, ManageOrganizations, &t.community, false),
            (CommunityWorker, &t.community, HandleDemands, &t.compound, true),
            (CommunityWorker, &t.community, HandleDemands, &t.other_community, false),
            (CommunityWorker, &t.community, RunProjects, &t.community, false),
            (StreetCommittee, &t.street, RunProjects, &t.compound, true),
            (StreetCommittee, &t.street, HandleDemands, &t.other_community, false),
            (DistrictAdmin, &t.district, HandleDemands, &t.other_community, true),
            (Auditor, &t.street, ReadDemands, &t.compound, true),
            (Auditor, &t.street, HandleDemands, &t.compound, false),
            (Resident, &t.community, ReadDemands, &t.community, false),
            (Resident, &t.community, HandleDemands, &t.community, false),
        ];
        for (role, at, capability, target, allowed) in cases {
            let a = actor(role, at);
            assert_eq!(a.may(capability, target), allowed, "{role} may {capability:?}?");
            assert_eq!(a.require(capability, target).is_ok(), allowed);
        }
    }

    #[test]
    fn only_the_district_admin_grants_district_roles() {
        let t = tree();
        let district = GrantTarget { unit_kind: UnitKind::District, unit_path: &t.district, organization_kind: None };
        let street = GrantTarget { unit_kind: UnitKind::Street, unit_path: &t.street, organization_kind: None };
        let community =
            GrantTarget { unit_kind: UnitKind::Community, unit_path: &t.community, organization_kind: None };
        let other =
            GrantTarget { unit_kind: UnitKind::Community, unit_path: &t.other_community, organization_kind: None };
        let admin = actor(DistrictAdmin, &t.district);
        let committee = actor(StreetCommittee, &t.street);

        assert!(authorize_grant(&admin, DistrictAdmin, &district).is_ok());
        assert!(authorize_grant(&admin, Auditor, &district).is_ok());
        assert!(matches!(authorize_grant(&committee, DistrictAdmin, &district), Err(Error::Forbidden { .. })));
        assert!(matches!(authorize_grant(&committee, Auditor, &district), Err(Error::Forbidden { .. })));
        assert!(matches!(authorize_grant(&committee, StreetCommittee, &street), Err(Error::Forbidden { .. })));
        assert!(authorize_grant(&committee, CommunityWorker, &community).is_ok());
        assert!(matches!(authorize_grant(&committee, CommunityWorker, &other), Err(Error::Forbidden { .. })));
        // The wrong kind of scope is a bad request whoever asks.
        assert!(matches!(authorize_grant(&admin, Resident, &street), Err(Error::Invalid { .. })));
        assert!(matches!(authorize_grant(&admin, DistrictAdmin, &street), Err(Error::Invalid { .. })));
    }

    #[test]
    fn each_role_takes_its_own_kind_of_scope() {
        let t = tree();
        use OrganizationKind as O;
        let unit = |kind| GrantTarget { unit_kind: kind, unit_path: &t.compound, organization_kind: None };
        let org =
            |kind| GrantTarget { unit_kind: UnitKind::Compound, unit_path: &t.compound, organization_kind: Some(kind) };
        let ok = |role, target: GrantTarget<'_>| check_grant_target(role, &target).is_ok();

        assert!(ok(Resident, unit(UnitKind::Community)));
        assert!(!ok(Resident, unit(UnitKind::Compound)));
        assert!(ok(Auditor, unit(UnitKind::Compound)));
        assert!(!ok(Auditor, org(O::PartyOrg)));
        assert!(ok(Supervisor, org(O::ResidentAutonomy)));
        assert!(!ok(Supervisor, org(O::PropertyService)));
        assert!(ok(PropertyManager, org(O::PropertyService)));
        assert!(ok(VolunteerLeader, org(O::VolunteerOrg)));
        assert!(ok(Volunteer, org(O::VolunteerOrg)));
        for kind in O::CO_BUILDERS {
            assert!(ok(CoBuilder, org(*kind)));
        }
        assert!(!ok(CoBuilder, org(O::PartyOrg)));
        assert!(!ok(CoBuilder, unit(UnitKind::Compound)));
    }

    #[test]
    fn a_street_committee_gives_community_and_partner_roles_inside_its_street() {
        let t = tree();
        let committee = actor(StreetCommittee, &t.street);
        let admin = actor(DistrictAdmin, &t.district);
        // (role, where it would be held, street committee may, district admin may)
        let cases: Vec<(Role, &UnitPath, bool, bool)> = vec![
            (Resident, &t.community, true, true),
            (CommunityWorker, &t.community, true, true),
            (CoBuilder, &t.compound, true, true),
            (Supervisor, &t.compound, true, true),
            (PropertyManager, &t.compound, true, true),
            (VolunteerLeader, &t.compound, true, true),
            (Volunteer, &t.compound, true, true),
            (StreetCommittee, &t.street, false, true),
            (Auditor, &t.community, false, true),
            (Auditor, &t.street, false, true),
            (DistrictAdmin, &t.district, false, true),
            (Resident, &t.other_community, false, true),
            (CommunityWorker, &t.other_community, false, true),
        ];
        for (role, path, by_committee, by_admin) in cases {
            assert_eq!(may_grant(&committee, role, path), by_committee, "street committee gives {role}?");
            assert_eq!(may_grant(&admin, role, path), by_admin, "district admin gives {role}?");
        }
        assert_eq!(
            grantable_roles(&committee),
            vec![Resident, CommunityWorker, CoBuilder, Supervisor, PropertyManager, VolunteerLeader, Volunteer]
        );
        assert_eq!(grantable_roles(&admin), Role::ALL.to_vec());
        assert!(grantable_roles(&actor(CommunityWorker, &t.community)).is_empty());
        assert!(grantable_roles(&actor(Auditor, &t.district)).is_empty());
    }

    #[test]
    fn user_visibility_and_editing_follow_all_grants() {
        let t = tree();
        let committee = actor(StreetCommittee, &t.street);
        let admin = actor(DistrictAdmin, &t.district);
        let worker = actor(CommunityWorker, &t.community);
        let auditor = actor(Auditor, &t.district);
        let held = |role, unit_path| HeldGrant { role, unit_path };
        assert!(!may_see_user(&committee, &[]), "an account without a role belongs to the district");
        assert!(may_see_user(&admin, &[]));
        assert!(!may_see_user(&worker, &[]));
        assert!(!may_see_user(&auditor, &[]));
        assert!(may_see_user(&committee, &[held(Resident, &t.community), held(Resident, &t.other_community)]));
        assert!(!may_see_user(&committee, &[held(Resident, &t.other_community)]));
        assert!(authorize_user_change(&committee, &[held(CommunityWorker, &t.community)]).is_ok());
        assert!(authorize_user_change(&committee, &[]).is_err(), "no role: the district's alone");
        assert!(authorize_user_change(&admin, &[]).is_ok());
        assert!(authorize_user_change(&committee, &[held(Resident, &t.community), held(DistrictAdmin, &t.district)])
            .is_err());
        assert!(authorize_user_change(&committee, &[held(StreetCommittee, &t.street)]).is_err(), "not a peer");
        assert!(authorize_user_change(&worker, &[]).is_err());
        assert!(authorize_user_change(&auditor, &[held(Resident, &t.community)]).is_err());
    }

    #[test]
    fn nobody_takes_away_its_own_roles() {
        let t = tree();
        let admin = actor(DistrictAdmin, &t.district);
        let district = GrantTarget { unit_kind: UnitKind::District, unit_path: &t.district, organization_kind: None };
        let held = [HeldGrant { role: DistrictAdmin, unit_path: &t.district }];
        assert!(matches!(
            authorize_revoke(&admin, admin.user_id, &held, DistrictAdmin, &district),
            Err(Error::Forbidden { code: "revoke_own_grant", .. })
        ));
        assert!(authorize_revoke(&admin, Uuid::now_v7(), &held, DistrictAdmin, &district).is_ok());
        let committee = actor(StreetCommittee, &t.street);
        let community =
            GrantTarget { unit_kind: UnitKind::Community, unit_path: &t.community, organization_kind: None };
        let peer = [
            HeldGrant { role: StreetCommittee, unit_path: &t.street },
            HeldGrant { role: Resident, unit_path: &t.community },
        ];
        assert!(
            authorize_revoke(&committee, Uuid::now_v7(), &peer, Resident, &community).is_err(),
            "a peer's roles are not the committee's to take"
        );
    }

    #[test]
    fn an_account_offers_what_its_reader_may_do_to_it() {
        use UserAllowedAction as A;
        let t = tree();
        let committee = actor(StreetCommittee, &t.street);
        let admin = actor(DistrictAdmin, &t.district);
        let h = |role, unit_path| HeldGrant { role, unit_path };
        let resident = [h(Resident, &t.community)];
        let peer = [h(StreetCommittee, &t.street)];
        let other = Uuid::now_v7();
        assert_eq!(user_actions(&committee, other, &resident, false), [A::Edit, A::Disable, A::Grant]);
        assert_eq!(user_actions(&committee, other, &resident, true), [A::Edit, A::Enable, A::Grant]);
        assert!(user_actions(&committee, other, &peer, false).is_empty(), "a peer is not the committee's");
        assert!(user_actions(&committee, committee.user_id, &peer, false).is_empty(), "nor is itself");
        assert_eq!(
            user_actions(&admin, other, &resident, false),
            [A::Edit, A::Disable, A::Grant, A::ResetPassword, A::ReadEvents]
        );
        assert_eq!(
            user_actions(&admin, admin.user_id, &[h(DistrictAdmin, &t.district)], false),
            [A::Edit, A::ReadEvents],
            "its own account: no roles, no disabling, its password only with the current one"
        );
        assert_eq!(user_actions(&actor(Auditor, &t.street), other, &resident, false), [A::ReadEvents]);
    }

    /// Issue 17's grants, as a truth table: (granter, the holder's roles now, the role to
    /// give and where, allowed). The holder is someone else unless `self` says so.
    #[test]
    fn grants_need_the_right_to_edit_the_holder_and_never_go_to_oneself() {
        let t = tree();
        let committee = actor(StreetCommittee, &t.street);
        let admin = actor(DistrictAdmin, &t.district);
        let unit = |kind, unit_path| GrantTarget { unit_kind: kind, unit_path, organization_kind: None };
        let org =
            |kind, unit_path| GrantTarget { unit_kind: UnitKind::Compound, unit_path, organization_kind: Some(kind) };
        let supervisor_here = org(OrganizationKind::ResidentAutonomy, &t.compound);
        let builder_here = org(OrganizationKind::SocialOrg, &t.compound);
        let worker_here = unit(UnitKind::Community, &t.community);
        let h = |role, unit_path| HeldGrant { role, unit_path };
        // (who, to itself, holder's grants, role, target, allowed)
        type Case<'a> = (&'a Actor, bool, Vec<HeldGrant<'a>>, Role, &'a GrantTarget<'a>, bool);
        let cases: Vec<Case<'_>> = vec![
            (&committee, true, vec![h(StreetCommittee, &t.street)], Supervisor, &supervisor_here, false),
            (&committee, true, vec![h(StreetCommittee, &t.street)], CoBuilder, &builder_here, false),
            (&committee, true, vec![h(StreetCommittee, &t.street)], Resident, &worker_here, false),
            (&admin, true, vec![h(DistrictAdmin, &t.district)], Supervisor, &supervisor_here, false),
            (&committee, false, vec![h(StreetCommittee, &t.street)], Supervisor, &supervisor_here, false),
            (&committee, false, vec![h(Resident, &t.other_community)], CommunityWorker, &worker_here, false),
            (&committee, false, vec![h(Auditor, &t.community)], Resident, &worker_here, false),
            (&committee, false, vec![], Resident, &worker_here, false),
            (&committee, false, vec![h(Resident, &t.community)], Supervisor, &supervisor_here, true),
            (&committee, false, vec![h(Resident, &t.community)], CommunityWorker, &worker_here, true),
            (&committee, false, vec![h(Volunteer, &t.compound)], CoBuilder, &builder_here, true),
            (&admin, false, vec![h(StreetCommittee, &t.street)], Supervisor, &supervisor_here, true),
            (&admin, false, vec![h(Resident, &t.other_community)], CommunityWorker, &worker_here, true),
            (&admin, false, vec![], Resident, &worker_here, true),
        ];
        for (who, to_itself, held, role, target, allowed) in cases {
            let holder = if to_itself { who.user_id } else { Uuid::now_v7() };
            let got = authorize_grant_to(who, holder, &held, role, target);
            assert_eq!(got.is_ok(), allowed, "{:?} gives {role} to {held:?}: {got:?}", who.grants[0].role);
            if to_itself {
                assert!(matches!(got, Err(Error::Forbidden { code: "grant_own_roles", .. })));
            }
        }
    }

    #[test]
    fn only_the_district_admin_sets_another_persons_password() {
        let t = tree();
        let held = |role, unit_path| HeldGrant { role, unit_path };
        let resident = [held(Resident, &t.community)];
        let other = Uuid::now_v7();
        let admin = actor(DistrictAdmin, &t.district);
        assert!(authorize_password_reset(&admin, other, &resident).is_ok());
        assert!(authorize_password_reset(&admin, other, &[]).is_ok());
        assert!(
            matches!(
                authorize_password_reset(&admin, admin.user_id, &[held(DistrictAdmin, &t.district)]),
                Err(Error::Forbidden { code: "own_password_here", .. })
            ),
            "one's own password takes the current one"
        );
        for role in [StreetCommittee, CommunityWorker, Auditor, Resident] {
            let at = if role == StreetCommittee { &t.street } else { &t.community };
            assert!(authorize_password_reset(&actor(role, at), other, &resident).is_err(), "{role} resets a password?");
            assert!(authorize_password_reset(&actor(role, at), other, &[]).is_err());
        }
        assert!(chosen_password_is_temporary(&actor(StreetCommittee, &t.street)));
        assert!(!chosen_password_is_temporary(&admin));
        assert!(new_password_is_temporary(&admin, true) && !new_password_is_temporary(&admin, false));
        assert!(new_password_is_temporary(&actor(StreetCommittee, &t.street), false));
        assert!(authorize_user_audit(&admin, &resident).is_ok());
        assert!(authorize_user_audit(&actor(Auditor, &t.street), &resident).is_ok());
        assert!(authorize_user_audit(&actor(Auditor, &t.other_street), &resident).is_err());
        assert!(authorize_user_audit(&actor(StreetCommittee, &t.street), &resident).is_err());
    }
}
