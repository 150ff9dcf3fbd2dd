//! Each role lands on its own work (issue 18 §5): which counts a person's first screen shows,
//! by the roles it holds. Persistence counts each item through the list that shows it, so
//! a count is what the person will find when it opens the list.

use crate::access::{Actor, Role};

string_enum! {
    /// One kind of work waiting for someone:
    /// - `demands_to_verify`: 待受理: demands filed and not yet verified, rejected, merged or referred.
    /// - `demands_overdue`: Demands past their deadline.
    /// - `claims_awaiting`: 认领与申请 waiting for the reader's side.
    /// - `projects_to_inspect`: 待验收: completed projects the reader may still vote on.
    /// - `cases_open`: Open coordination cases the reader takes part in or oversees.
    /// - `cases_escalated`: Escalated cases for the street to settle.
    /// - `handovers_pending`: Projects handed to the reader's property company, waiting for its answer.
    /// - `faults_open`: Faults reported on the work the reader's company maintains, not yet answered.
    /// - `activities_upcoming`: The reader's team's activities not yet ended.
    /// - `my_signups`: Activities the reader signed up for, not yet ended.
    /// - `ratings_to_give`: Closed projects the reader asked for and has not rated.
    /// - `my_demands_open`: The reader's own demands still in progress.
    /// - `notifications_unread`: Notifications not yet read.
    pub enum WorkItem ("item") {
        DemandsToVerify = "demands_to_verify",
        DemandsOverdue = "demands_overdue",
        ClaimsAwaiting = "claims_awaiting",
        ProjectsToInspect = "projects_to_inspect",
        CasesOpen = "cases_open",
        CasesEscalated = "cases_escalated",
        HandoversPending = "handovers_pending",
        FaultsOpen = "faults_open",
        ActivitiesUpcoming = "activities_upcoming",
        MySignups = "my_signups",
        RatingsToGive = "ratings_to_give",
        MyDemandsOpen = "my_demands_open",
        NotificationsUnread = "notifications_unread",
    }
}

use Role::*;
use WorkItem::*;

/// Whose first screen shows each item.
#[rustfmt::skip]
pub const WORKBENCH: &[(WorkItem, &[Role])] = &[
    (DemandsToVerify,     &[CommunityWorker, StreetCommittee, DistrictAdmin]),
    (DemandsOverdue,      &[CommunityWorker, StreetCommittee, DistrictAdmin, Auditor]),
    (ClaimsAwaiting,      &[StreetCommittee, DistrictAdmin, CoBuilder]),
    (ProjectsToInspect,   &[Supervisor]),
    (CasesOpen,           &[CommunityWorker, Supervisor, PropertyManager, StreetCommittee, Auditor]),
    (CasesEscalated,      &[StreetCommittee, DistrictAdmin, Auditor]),
    (HandoversPending,    &[PropertyManager]),
    (FaultsOpen,          &[PropertyManager, CommunityWorker]),
    (ActivitiesUpcoming,  &[VolunteerLeader]),
    (MySignups,           &[Volunteer]),
    (RatingsToGive,       &[Resident]),
    (MyDemandsOpen,       &[Resident]),
    (NotificationsUnread, &[Resident, CommunityWorker, StreetCommittee, DistrictAdmin, CoBuilder, Supervisor,
                            PropertyManager, VolunteerLeader, Volunteer, Auditor]),
];

/// The items of `actor`'s first screen, in the table's order.
pub fn items(actor: &Actor) -> Vec<WorkItem> {
    WORKBENCH.iter().filter(|(_, roles)| roles.iter().any(|r| actor.has_role(*r))).map(|(item, _)| *item).collect()
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::*;
    use crate::access::Grant;

    #[test]
    fn every_item_has_someone_and_every_role_has_work() {
        for item in WorkItem::ALL {
            assert!(WORKBENCH.iter().any(|(i, roles)| i == item && !roles.is_empty()), "{item} is in the table");
        }
        for role in Role::ALL {
            let actor = Actor {
                user_id: Uuid::now_v7(),
                grants: vec![Grant { role: *role, unit_id: Uuid::now_v7(), organization_id: None }],
            };
            let mine = items(&actor);
            assert!(mine.len() >= 2, "{role} lands on its work: {mine:?}");
        }
        let property = Actor {
            user_id: Uuid::now_v7(),
            grants: vec![Grant { role: PropertyManager, unit_id: Uuid::now_v7(), organization_id: None }],
        };
        assert_eq!(items(&property), vec![CasesOpen, HandoversPending, FaultsOpen, NotificationsUnread]);
    }
}
