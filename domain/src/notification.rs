//! Who is told what (issue 18 §5): each event that needs someone's attention names a kind of
//! notice and the audience it goes to. The worker reads this table; persistence finds the
//! audience's accounts; nobody is told of their own action.

use crate::claim::{ClaimEvent, ClaimSide};
use crate::coordination::CaseEvent;
use crate::demand::DemandEvent;
use crate::project::ProjectEvent;
use crate::upkeep::FaultEvent;
use crate::volunteering::ActivityEvent;

string_enum! {
    /// What a notification is about; the web app words each kind.
    pub enum NotificationKind ("kind") {
        DemandVerified = "demand_verified",
        DemandRejected = "demand_rejected",
        DemandReferred = "demand_referred",
        DemandMerged = "demand_merged",
        DemandAccepted = "demand_accepted",
        DemandResolved = "demand_resolved",
        DemandReopened = "demand_reopened",
        RatingRequested = "rating_requested",
        InspectionRequested = "inspection_requested",
        HandOver = "hand_over",
        ClaimAwaiting = "claim_awaiting",
        ClaimConfirmed = "claim_confirmed",
        ClaimDeclined = "claim_declined",
        CaseOpened = "case_opened",
        CaseEscalated = "case_escalated",
        CaseResolved = "case_resolved",
        CaseMessage = "case_message",
        HandoverAccepted = "handover_accepted",
        HandoverDeclined = "handover_declined",
        FaultReported = "fault_reported",
        FaultAnswered = "fault_answered",
        FaultClosed = "fault_closed",
        ActivityCancelled = "activity_cancelled",
        HoursRecorded = "hours_recorded",
    }
}

/// Whom a notice goes to, relative to the record the event is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// The resident who filed the demand.
    Author,
    /// Authors and co-signers of the project's demands: the people it answers.
    Supporters,
    /// Supervisors who may inspect the project (`project::eligible`).
    Inspectors,
    /// Property managers of the organisation that took over the project.
    Maintainer,
    /// Whoever may answer a claim: the resource's co-builders (`Provider`) or the street
    /// committee of the project's street (`Project`).
    Answering(ClaimSide),
    /// Whoever started the claim.
    Starter,
    /// The three parties of a coordination case: the community's workers, the members of
    /// its residents' organisation, its property company's managers.
    CaseParties,
    /// The parties, and the street committee that settles an escalated case.
    CasePartiesAndStreet,
    /// The street committee of the project's street.
    ProjectStreet,
    /// Managers of the property company maintaining the work a fault is on.
    FaultMaintainer,
    /// Whoever reported the fault.
    Reporter,
    /// The volunteers signed up for the activity.
    SignedUp,
    /// One person, named by the event.
    Person(uuid::Uuid),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Notice {
    pub kind: NotificationKind,
    pub audience: Audience,
}

const fn notice(kind: NotificationKind, audience: Audience) -> Option<Notice> {
    Some(Notice { kind, audience })
}

/// A resident hears of every answer to its demand.
pub fn of_demand(event: &DemandEvent) -> Option<Notice> {
    use NotificationKind as K;
    match event {
        DemandEvent::Verify { .. } => notice(K::DemandVerified, Audience::Author),
        DemandEvent::Reject { .. } => notice(K::DemandRejected, Audience::Author),
        DemandEvent::Refer { .. } => notice(K::DemandReferred, Audience::Author),
        DemandEvent::Merge { .. } => notice(K::DemandMerged, Audience::Author),
        DemandEvent::Accept { .. } | DemandEvent::Coordinate { .. } => notice(K::DemandAccepted, Audience::Author),
        DemandEvent::Resolve { .. } => notice(K::DemandResolved, Audience::Author),
        DemandEvent::Reopen { .. } => notice(K::DemandReopened, Audience::Author),
        DemandEvent::Create { .. } | DemandEvent::Cosign | DemandEvent::MergeIn { .. } | DemandEvent::Withdraw => None,
    }
}

/// Completed work asks the supervisors for their vote; closed work asks the people it
/// answered for a rating; a hand-over asks the property company to take it.
pub fn of_project(event: &ProjectEvent) -> Option<Notice> {
    use NotificationKind as K;
    match event {
        ProjectEvent::Complete { .. } => notice(K::InspectionRequested, Audience::Inspectors),
        ProjectEvent::Close { .. } => notice(K::RatingRequested, Audience::Supporters),
        ProjectEvent::HandOver { .. } => notice(K::HandOver, Audience::Maintainer),
        ProjectEvent::AcceptHandOver { .. } => notice(K::HandoverAccepted, Audience::ProjectStreet),
        ProjectEvent::DeclineHandOver { .. } => notice(K::HandoverDeclined, Audience::ProjectStreet),
        _ => None,
    }
}

/// A claim waits for the other side; its answer goes back to whoever started it.
pub fn of_claim(event: &ClaimEvent) -> Option<Notice> {
    use NotificationKind as K;
    match event {
        ClaimEvent::Create { initiated_by } => notice(K::ClaimAwaiting, Audience::Answering(initiated_by.other())),
        ClaimEvent::Confirm => notice(K::ClaimConfirmed, Audience::Starter),
        ClaimEvent::Decline => notice(K::ClaimDeclined, Audience::Starter),
        _ => None,
    }
}

/// Every party hears of a case opened, escalated, settled or answered; an escalation asks
/// the street to settle it.
pub fn of_case(event: &CaseEvent) -> Option<Notice> {
    use NotificationKind as K;
    match event {
        CaseEvent::Open { .. } => notice(K::CaseOpened, Audience::CaseParties),
        CaseEvent::Escalate { .. } => notice(K::CaseEscalated, Audience::CasePartiesAndStreet),
        CaseEvent::Resolve { .. } => notice(K::CaseResolved, Audience::CaseParties),
        CaseEvent::Message { .. } => notice(K::CaseMessage, Audience::CaseParties),
        CaseEvent::Confirm { .. } => None,
    }
}

/// A fault goes to the company that maintains the work; its answers go back to the
/// resident. An overdue one is a case, whose parties hear of it as a case.
pub fn of_fault(event: &FaultEvent) -> Option<Notice> {
    use NotificationKind as K;
    match event {
        FaultEvent::Report { .. } => notice(K::FaultReported, Audience::FaultMaintainer),
        FaultEvent::Answer { .. } => notice(K::FaultAnswered, Audience::Reporter),
        FaultEvent::Close { .. } => notice(K::FaultClosed, Audience::Reporter),
        FaultEvent::Escalate { .. } => None,
    }
}

/// Volunteers hear when an activity they signed up for is called off, and when their
/// hours are recorded.
pub fn of_activity(event: &ActivityEvent) -> Option<Notice> {
    use NotificationKind as K;
    match event {
        ActivityEvent::Cancel { .. } => notice(K::ActivityCancelled, Audience::SignedUp),
        ActivityEvent::Record { user_id, .. } => notice(K::HoursRecorded, Audience::Person(*user_id)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_claim_waits_for_the_side_that_did_not_start_it() {
        let by_project = of_claim(&ClaimEvent::Create { initiated_by: ClaimSide::Project }).expect("notice");
        assert_eq!(by_project.audience, Audience::Answering(ClaimSide::Provider));
        let by_provider = of_claim(&ClaimEvent::Create { initiated_by: ClaimSide::Provider }).expect("notice");
        assert_eq!(by_provider.audience, Audience::Answering(ClaimSide::Project));
        assert_eq!(of_claim(&ClaimEvent::Cancel), None);
    }

    #[test]
    fn residents_hear_of_every_answer_but_not_of_their_own_steps() {
        assert_eq!(of_demand(&DemandEvent::Verify { due_at: None }).map(|n| n.audience), Some(Audience::Author));
        assert_eq!(of_demand(&DemandEvent::Cosign), None);
        assert_eq!(of_demand(&DemandEvent::Withdraw), None);
        let close = of_project(&ProjectEvent::Close { tally: None }).expect("notice");
        assert_eq!((close.kind, close.audience), (NotificationKind::RatingRequested, Audience::Supporters));
    }
}
