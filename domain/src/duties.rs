//! Separation of duties (SPEC §2): nobody checks its own work. 自治结单 is worth something
//! only when the residents' own organisations inspect what the street committee and its
//! co-builders did; a claim is a two-way agreement only when the other side agrees.
//!
//! [`DUTIES`] is the table, beside [`crate::access::CAPABILITIES`]: for each duty, the ties
//! to a project or claim that disqualify someone from it, whatever roles it holds. The
//! capability says who may act at all; this says who may not act *here*.

use uuid::Uuid;

use crate::access::{Actor, Role};
use crate::org_unit::UnitPath;
use crate::Error;

/// A check on someone else's work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Duty {
    /// Vote pass or fail on a completed project.
    Inspect,
    /// Confirm a claim the other side started.
    ConfirmClaim,
    /// Rate a closed project (满意度).
    Rate,
}

/// What ties someone to the work being checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tie {
    /// Holds an official role ([`RUNNING_ROLES`]) on the project's line of units: at its
    /// unit, above it or below it.
    RunsProject,
    /// Acts, in any role, for an organisation with a live claim (pending, confirmed or
    /// fulfilled) on the project: it supplies the work.
    SuppliesProject,
    /// Is the person who started the claim, whichever side it started it for.
    StartedClaim,
}

/// SPEC §2's separation of duties, one row per duty: the ties that disqualify.
pub const DUTIES: &[(Duty, &[Tie])] = &[
    (Duty::Inspect, &[Tie::RunsProject, Tie::SuppliesProject]),
    (Duty::ConfirmClaim, &[Tie::StartedClaim]),
    (Duty::Rate, &[Tie::RunsProject, Tie::SuppliesProject]),
];

/// The roles that run a project from its line of units: they draft, publish, start and
/// cancel it, or handle the demands it answers.
pub const RUNNING_ROLES: &[Role] = &[Role::DistrictAdmin, Role::StreetCommittee, Role::CommunityWorker];

/// What the caller loads to tell someone's ties to a project or claim.
#[derive(Debug, Clone, Copy)]
pub struct TieFacts<'a> {
    /// The unit paths of the actor's grants in [`RUNNING_ROLES`].
    pub running_paths: &'a [UnitPath],
    /// The project's unit path.
    pub project_unit: &'a UnitPath,
    /// Organisations with a live claim on the project.
    pub claimants: &'a [Uuid],
    /// Who started the claim being answered, if a claim is.
    pub claim_started_by: Option<Uuid>,
}

/// Every tie `actor` has to the work.
pub fn ties(actor: &Actor, facts: &TieFacts<'_>) -> Vec<Tie> {
    let mut out = Vec::new();
    let project_unit = facts.project_unit.unit_id();
    let on_line = |path: &UnitPath| path.contains(project_unit) || facts.project_unit.contains(path.unit_id());
    if facts.running_paths.iter().any(on_line) {
        out.push(Tie::RunsProject);
    }
    if actor.grants.iter().any(|g| g.organization_id.is_some_and(|org| facts.claimants.contains(&org))) {
        out.push(Tie::SuppliesProject);
    }
    if facts.claim_started_by == Some(actor.user_id) {
        out.push(Tie::StartedClaim);
    }
    out
}

/// May `actor` take on `duty` here? 403 naming the tie that stands in the way.
pub fn check(duty: Duty, actor: &Actor, facts: &TieFacts<'_>) -> Result<(), Error> {
    let barred = DUTIES.iter().find(|(d, _)| *d == duty).map(|(_, ties)| *ties).unwrap_or(&[]);
    let Some(tie) = ties(actor, facts).into_iter().find(|t| barred.contains(t)) else {
        return Ok(());
    };
    let why = match tie {
        Tie::RunsProject => "you run this project (you hold an official role on its line of units)",
        Tie::SuppliesProject => "you act for an organisation with a claim on this project",
        Tie::StartedClaim => "you started this claim",
    };
    Err(match duty {
        Duty::Inspect => Error::forbidden(
            "inspect_own_work",
            format!("{why}; inspection (自治结单) is left to supervisors independent of the work"),
        ),
        Duty::ConfirmClaim => {
            Error::forbidden("confirm_own_claim", format!("{why}; someone else on the other side must answer it"))
        }
        Duty::Rate => {
            Error::forbidden("rate_own_project", format!("{why}; ratings are the residents' word on others' work"))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::Grant;
    use crate::org_unit::testing::tree;

    /// Every duty × every tie, written out from SPEC §2 rather than read from the table.
    #[test]
    fn each_duty_is_barred_by_the_ties_spec_names() {
        let t = tree();
        let supplier = Uuid::now_v7();
        let me = Uuid::now_v7();
        let actor = |grants: Vec<Grant>| Actor { user_id: me, grants };
        let supervisor =
            Grant { role: Role::Supervisor, unit_id: t.compound.unit_id(), organization_id: Some(Uuid::now_v7()) };
        let builder = Grant { role: Role::CoBuilder, unit_id: t.community.unit_id(), organization_id: Some(supplier) };
        let worker_above = Grant { role: Role::CommunityWorker, unit_id: t.community.unit_id(), organization_id: None };
        let worker_aside =
            Grant { role: Role::CommunityWorker, unit_id: t.other_community.unit_id(), organization_id: None };
        // (grants, running paths, started the claim, project at, inspect, confirm, rate)
        type Case<'a> = (Vec<Grant>, Vec<&'a UnitPath>, bool, &'a UnitPath, bool, bool, bool);
        let cases: Vec<Case<'_>> = vec![
            (vec![supervisor.clone()], vec![], false, &t.compound, true, true, true),
            (
                vec![supervisor.clone(), worker_above.clone()],
                vec![&t.community],
                false,
                &t.compound,
                false,
                true,
                false,
            ),
            // A community worker below a street-level project is on its line too.
            (vec![supervisor.clone(), worker_above], vec![&t.community], false, &t.street, false, true, false),
            (vec![supervisor.clone(), worker_aside], vec![&t.other_community], false, &t.compound, true, true, true),
            (vec![supervisor.clone()], vec![&t.district], false, &t.compound, false, true, false),
            (vec![supervisor.clone(), builder.clone()], vec![], false, &t.compound, false, true, false),
            (vec![builder], vec![], true, &t.compound, false, false, false),
            (vec![supervisor], vec![], true, &t.compound, true, false, true),
        ];
        for (grants, running, started, project_unit, inspect, confirm, rate) in cases {
            let running: Vec<UnitPath> = running.into_iter().cloned().collect();
            let facts = TieFacts {
                running_paths: &running,
                project_unit,
                claimants: &[supplier],
                claim_started_by: started.then_some(me),
            };
            let a = actor(grants);
            assert_eq!(check(Duty::Inspect, &a, &facts).is_ok(), inspect, "inspect {:?}", ties(&a, &facts));
            assert_eq!(check(Duty::ConfirmClaim, &a, &facts).is_ok(), confirm, "confirm {:?}", ties(&a, &facts));
            assert_eq!(check(Duty::Rate, &a, &facts).is_ok(), rate, "rate {:?}", ties(&a, &facts));
        }
    }

    #[test]
    fn a_refusal_names_the_duty_and_the_tie() {
        let t = tree();
        let a = Actor { user_id: Uuid::now_v7(), grants: vec![] };
        let running = [t.street.clone()];
        let facts =
            TieFacts { running_paths: &running, project_unit: &t.compound, claimants: &[], claim_started_by: None };
        match check(Duty::Inspect, &a, &facts) {
            Err(Error::Forbidden { code, message }) => {
                assert_eq!(code, "inspect_own_work");
                assert!(message.contains("run this project"), "{message}");
            }
            other => panic!("{other:?}"),
        }
    }
}
