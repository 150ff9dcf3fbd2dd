//! Each role's first screen (`domain::workbench`): every count is taken through the list
//! the person opens next, with that list's own visibility, so the number is what it will
//! find. Counts stop at [`CAP`]: a first screen says "99+", not a census.

use domain::access::{Actor, Capability};
use domain::coordination::CaseState;
use domain::demand::{DemandMine, DemandState};
use domain::project::{ProjectAllowedAction, ProjectState};
use domain::upkeep::{FaultState, HandoverState};
use domain::workbench::{self, WorkItem};

use crate::util::Page;
use crate::{claims, coordination_cases, demands, notifications, projects, upkeep, volunteering, DbConnection, Result};

/// The most a count looks at.
pub const CAP: i64 = 100;

fn first() -> Page {
    Page::first(CAP)
}

fn len<T>(items: &[T]) -> i64 {
    i64::try_from(items.len()).unwrap_or(CAP)
}

/// The actor's items with their counts, in the domain's order. A count of [`CAP`] or more
/// (from lists of at most [`CAP`]) means at least that many.
pub fn counts(conn: &mut DbConnection, actor: &Actor) -> Result<Vec<(WorkItem, i64)>> {
    workbench::items(actor).into_iter().map(|item| Ok((item, count(conn, actor, item)?))).collect()
}

fn count(conn: &mut DbConnection, actor: &Actor, item: WorkItem) -> Result<i64> {
    let demands_where = |conn: &mut DbConnection, filter: demands::Filter| -> Result<Vec<demands::Demand>> {
        Ok(demands::list(conn, demands::Audience::User(actor), &filter, first())?.items)
    };
    let projects_where = |conn: &mut DbConnection, filter: projects::Filter| -> Result<Vec<projects::Project>> {
        Ok(projects::list(conn, Some(actor), &filter, first())?.items)
    };
    let projects_offering =
        |conn: &mut DbConnection, state: ProjectState, action: ProjectAllowedAction| -> Result<i64> {
            let found = projects_where(conn, projects::Filter { state: Some(state), ..projects::Filter::default() })?;
            let shown: Vec<&projects::Project> = found.iter().collect();
            let reader = projects::ProjectReader::load(conn, actor, &shown)?;
            Ok(len(&found.iter().filter(|p| p.allowed_actions(actor, &reader).contains(&action)).collect::<Vec<_>>()))
        };
    let cases_in = |conn: &mut DbConnection, state: CaseState| -> Result<i64> {
        let filter = coordination_cases::Filter { state: Some(state), ..coordination_cases::Filter::default() };
        Ok(len(&coordination_cases::list(conn, actor, &filter, first())?.items))
    };
    Ok(match item {
        WorkItem::DemandsToVerify => len(&demands_where(
            conn,
            demands::Filter { state: Some(DemandState::Submitted), ..demands::Filter::default() },
        )?),
        WorkItem::DemandsOverdue => {
            len(&demands_where(conn, demands::Filter { overdue: Some(true), ..demands::Filter::default() })?)
        }
        WorkItem::ClaimsAwaiting => {
            let filter = claims::Filter { awaiting_me: true, ..claims::Filter::default() };
            len(&claims::list(conn, actor, &filter, first())?.items)
        }
        WorkItem::ProjectsToInspect => projects_offering(conn, ProjectState::Completed, ProjectAllowedAction::Inspect)?,
        WorkItem::RatingsToGive => projects_offering(conn, ProjectState::Closed, ProjectAllowedAction::Rate)?,
        WorkItem::CasesOpen => cases_in(conn, CaseState::Open)?,
        WorkItem::CasesEscalated => cases_in(conn, CaseState::Escalated)?,
        WorkItem::HandoversPending => {
            let mut n = 0;
            for org in actor.organizations_for(Capability::ManageProperty) {
                let filter = projects::Filter { maintainer_org_id: Some(org), ..projects::Filter::default() };
                let found = projects_where(conn, filter)?;
                n +=
                    len(&found.iter().filter(|p| p.handover_state == Some(HandoverState::Pending)).collect::<Vec<_>>());
            }
            n
        }
        WorkItem::FaultsOpen => {
            let filter = upkeep::Filter { state: Some(FaultState::Open), ..upkeep::Filter::default() };
            len(&upkeep::list(conn, actor, &filter, first())?.items)
        }
        WorkItem::ActivitiesUpcoming => {
            let mut n = 0;
            for org in actor.organizations_for(Capability::LeadVolunteers) {
                let filter = volunteering::Filter {
                    organization_id: Some(org),
                    upcoming: true,
                    ..volunteering::Filter::default()
                };
                n += len(&volunteering::list(conn, actor, &filter, first())?.items);
            }
            n
        }
        WorkItem::MySignups => {
            let filter = volunteering::Filter { mine: true, upcoming: true, ..volunteering::Filter::default() };
            len(&volunteering::list(conn, actor, &filter, first())?.items)
        }
        WorkItem::MyDemandsOpen => {
            let mine =
                demands_where(conn, demands::Filter { mine: Some(DemandMine::Filed), ..demands::Filter::default() })?;
            let open = [DemandState::Submitted, DemandState::Published, DemandState::Accepted];
            len(&mine.iter().filter(|d| open.contains(&d.state)).collect::<Vec<_>>())
        }
        WorkItem::NotificationsUnread => notifications::unread(conn, actor.user_id)?,
    })
}
