//! 党委接单: a street committee answers published demands of its street with a project.

use uuid::Uuid;

use crate::access::{Actor, Capability};
use crate::demand::{self, DemandAction, DemandFacts};
use crate::money::Fen;
use crate::org_unit::{UnitKind, UnitPath};
use crate::Error;

/// A project serves a street, or a community or compound in it.
pub fn check_project_unit(kind: UnitKind) -> Result<(), Error> {
    match kind {
        UnitKind::Street | UnitKind::Community | UnitKind::Compound => Ok(()),
        UnitKind::District => Err(Error::invalid(
            "unit_id",
            "project_unit_kind",
            "a project belongs to a street, community or compound; the district runs none itself",
        )),
    }
}

/// Government money pays part of a budget, never more than all of it.
pub fn check_government_share(budget: Fen, gov_funds: Fen) -> Result<(), Error> {
    if gov_funds > budget {
        return Err(Error::invalid(
            "gov_funds_fen",
            "gov_funds_over_budget",
            format!("government funds ({gov_funds}) exceed the budget ({budget})"),
        ));
    }
    Ok(())
}

/// The most demands one project answers: a project is one piece of work, and a form with
/// more would be a list, not a project.
pub const MAX_DEMANDS: usize = 50;

/// May `actor` create project `project_id` at this unit answering `demands`? Each demand
/// must be published and of the project's street; it is then accepted (the returned
/// outcomes, one per demand, in order). Who first (403), then the demands (422 on
/// `demand_ids`, naming the demand): a form can point at the one that is wrong.
pub fn authorize_create(
    actor: &Actor,
    project_id: Uuid,
    unit_kind: UnitKind,
    unit_path: &UnitPath,
    demands: &[DemandFacts<'_>],
) -> Result<Vec<demand::Outcome>, Error> {
    check_project_unit(unit_kind)?;
    if !actor.may_somewhere(Capability::RunProjects) {
        return Err(Error::forbidden("forbidden_projects", "only a street committee creates projects"));
    }
    if !actor.may(Capability::RunProjects, unit_path) {
        return Err(Error::forbidden("out_of_scope", "this unit lies outside the streets where you may run projects"));
    }
    if demands.is_empty() {
        return Err(Error::invalid(
            "demand_ids",
            "demands_required",
            "a project answers at least one published demand of its street",
        ));
    }
    if demands.len() > MAX_DEMANDS {
        return Err(Error::invalid(
            "demand_ids",
            "too_many_demands",
            format!("a project answers at most {MAX_DEMANDS} demands"),
        ));
    }
    let street = unit_path.ids().get(1).copied();
    demands
        .iter()
        .map(|d| {
            if Some(d.street_id) != street {
                return Err(Error::invalid(
                    "demand_ids",
                    "demand_street",
                    format!("demand {} belongs to another street; a project answers demands of its own street", d.id),
                ));
            }
            let fields = demand::ActionFields { project_id: Some(project_id), ..Default::default() };
            demand::decide(DemandAction::Accept, demand::By::User(actor), d, &fields).map_err(|e| match e {
                Error::Conflict { .. } => Error::invalid(
                    "demand_ids",
                    "demand_not_published",
                    format!("demand {} is {}; only published demands are taken into a project", d.id, d.state),
                ),
                other => other,
            })
        })
        .collect()
}
