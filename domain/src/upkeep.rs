//! Upkeep after hand-over (红色物业, SPEC §4.6): the property company a finished project
//! was handed to accepts or declines it; residents report faults (报修) on the projects it
//! maintains; it answers and closes them; a fault not closed in time becomes a
//! coordination case by itself.

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use crate::access::{Actor, Capability};
use crate::org_unit::{UnitKind, UnitPath};
use crate::Error;

string_enum! {
    /// Where a hand-over stands with the property company it was handed to.
    pub enum HandoverState ("handover_state") {
        Pending = "pending",
        Accepted = "accepted",
        Declined = "declined",
    }
}

string_enum! {
    pub enum HandoverAnswer ("answer") {
        Accept = "accept",
        Decline = "decline",
    }
}

text_value! {
    /// Why a hand-over is declined, or what comes with accepting it.
    pub struct HandoverNote("note", Many, 0..=500);
}

/// May `actor` answer the hand-over of a project to `maintainer`: a manager of that
/// property company, while it waits for an answer. A decline says why.
pub fn answer_handover(
    actor: &Actor,
    maintainer: Option<Uuid>,
    state: Option<HandoverState>,
    answer: HandoverAnswer,
    note: &HandoverNote,
) -> Result<HandoverState, Error> {
    if !maintainer.is_some_and(|org| actor.acts_for(Capability::ManageProperty, org)) {
        return Err(Error::forbidden(
            "forbidden_property",
            "only a manager of the property company the project was handed to answers the hand-over",
        ));
    }
    if state != Some(HandoverState::Pending) {
        return Err(Error::conflict("wrong_state", "the hand-over is not waiting for an answer"));
    }
    match answer {
        HandoverAnswer::Accept => Ok(HandoverState::Accepted),
        HandoverAnswer::Decline if note.as_str().is_empty() => {
            Err(Error::invalid("note", "note_required", "say why the hand-over is declined"))
        }
        HandoverAnswer::Decline => Ok(HandoverState::Declined),
    }
}

string_enum! {
    /// What a reader may do about a project's upkeep now.
    pub enum UpkeepAction ("upkeep action") {
        AcceptHandOver = "accept_hand_over",
        DeclineHandOver = "decline_hand_over",
        ReportFault = "report_fault",
    }
}

/// The upkeep steps open to `actor` on a project: answering its hand-over (its property
/// company, while pending), reporting a fault (residents and community workers of its
/// area, once a company has taken it over).
pub fn project_actions(
    actor: &Actor,
    maintainer: Option<Uuid>,
    handover: Option<HandoverState>,
    project_unit: &UnitPath,
) -> Vec<UpkeepAction> {
    let mut out = Vec::new();
    let why = HandoverNote::parse("—").unwrap_or_default();
    if answer_handover(actor, maintainer, handover, HandoverAnswer::Accept, &why).is_ok() {
        out.extend([UpkeepAction::AcceptHandOver, UpkeepAction::DeclineHandOver]);
    }
    if handover == Some(HandoverState::Accepted) && actor.may(Capability::ReportFaults, project_unit) {
        out.push(UpkeepAction::ReportFault);
    }
    out
}

string_enum! {
    /// open · answered · closed · escalated (not closed in time: a coordination case
    /// carries it on).
    pub enum FaultState ("state") {
        Open = "open",
        Answered = "answered",
        Closed = "closed",
        Escalated = "escalated",
    }
}

string_enum! {
    pub enum FaultAction ("action") {
        Answer = "answer",
        Close = "close",
    }
}

text_value! {
    pub struct FaultTitle("title", One, 2..=100);
}

text_value! {
    pub struct FaultDescription("description", Many, 0..=2000);
}

text_value! {
    /// The property company's word to the resident.
    pub struct FaultReply("note", Many, 0..=500);
}

/// How long a property company has to close a fault before it becomes a coordination case.
pub const FAULT_DAYS: i64 = 7;

pub fn fault_due(reported_at: DateTime<Utc>) -> DateTime<Utc> {
    reported_at + Duration::days(FAULT_DAYS)
}

history! {
    /// What happened to a fault.
    pub enum FaultEvent (Fault) {
        Report = "report" { title: String, project_id: Uuid },
        Answer = "answer" { note: String },
        Close = "close" { note: Option<String> },
        /// Not closed by its deadline: the coordination case that carries it on.
        Escalate = "escalate" { case_id: Uuid },
    }
}

/// May `actor` report a fault at `unit` on a project: a resident or community worker
/// there, on a project a property company has taken over, at a compound of the project's
/// area (where the case it may become is held).
pub fn authorize_report(
    actor: &Actor,
    project_unit: &UnitPath,
    handover: Option<HandoverState>,
    unit_kind: UnitKind,
    unit: &UnitPath,
) -> Result<(), Error> {
    if handover != Some(HandoverState::Accepted) {
        return Err(Error::conflict(
            "not_maintained",
            "no property company has taken this project over yet; report the problem as a demand",
        ));
    }
    if unit_kind != UnitKind::Compound || !unit.ids().starts_with(project_unit.ids()) {
        return Err(Error::invalid("unit_id", "fault_unit", "a fault is reported at a compound of the project's area"));
    }
    actor.require(Capability::ReportFaults, unit)
}

/// What the caller loads about a fault before asking.
#[derive(Debug, Clone, Copy)]
pub struct FaultFacts {
    pub state: FaultState,
    pub maintainer: Uuid,
    pub reported_by: Option<Uuid>,
    pub due_at: DateTime<Utc>,
}

/// May `actor` answer or close the fault: the maintaining property company's managers. An
/// answer says something; a fault is closed from any state but closed.
pub fn decide_fault(
    action: FaultAction,
    actor: &Actor,
    facts: &FaultFacts,
    reply: &FaultReply,
) -> Result<FaultState, Error> {
    if !actor.acts_for(Capability::ManageProperty, facts.maintainer) {
        return Err(Error::forbidden("forbidden_property", "only the maintaining property company answers a fault"));
    }
    match (action, facts.state) {
        (_, FaultState::Closed) => Err(Error::conflict("wrong_state", "the fault is closed")),
        (FaultAction::Answer, FaultState::Open | FaultState::Answered) if reply.as_str().is_empty() => {
            Err(Error::invalid("note", "note_required", "an answer says something to the resident"))
        }
        (FaultAction::Answer, FaultState::Open | FaultState::Answered) => Ok(FaultState::Answered),
        (FaultAction::Answer, FaultState::Escalated) => {
            Err(Error::conflict("wrong_state", "the fault has become a coordination case; answer it there"))
        }
        (FaultAction::Close, _) => Ok(FaultState::Closed),
    }
}

/// Not closed by its deadline, and not yet carried on by a case.
pub fn overdue(state: FaultState, due_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    matches!(state, FaultState::Open | FaultState::Answered) && due_at < now
}

/// What `actor` may do to the fault now.
pub fn allowed_actions(actor: &Actor, facts: &FaultFacts) -> Vec<FaultAction> {
    let some = FaultReply::parse("—").unwrap_or_default();
    FaultAction::ALL.iter().copied().filter(|a| decide_fault(*a, actor, facts, &some).is_ok()).collect()
}

/// Who sees a fault: its reporter, the maintaining company, the officials over its compound.
pub fn sees(actor: &Actor, facts: &FaultFacts, unit: &UnitPath) -> bool {
    facts.reported_by == Some(actor.user_id)
        || actor.acts_for(Capability::ManageProperty, facts.maintainer)
        || actor.may(Capability::ReadCases, unit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::{Grant, Role};
    use crate::org_unit::testing::tree;

    fn actor(role: Role, unit: Uuid, org: Option<Uuid>) -> Actor {
        Actor { user_id: Uuid::now_v7(), grants: vec![Grant { role, unit_id: unit, organization_id: org }] }
    }

    #[test]
    fn only_the_company_handed_the_project_answers_and_a_decline_says_why() {
        let t = tree();
        let company = Uuid::now_v7();
        let manager = actor(Role::PropertyManager, t.compound.unit_id(), Some(company));
        let other = actor(Role::PropertyManager, t.compound.unit_id(), Some(Uuid::now_v7()));
        let none = HandoverNote::default();
        let pending = Some(HandoverState::Pending);
        let answer = |a: &Actor, state, ans, note: &HandoverNote| answer_handover(a, Some(company), state, ans, note);
        assert_eq!(answer(&manager, pending, HandoverAnswer::Accept, &none), Ok(HandoverState::Accepted));
        assert_eq!(
            answer(&other, pending, HandoverAnswer::Accept, &none).map_err(|e| e.code()),
            Err("forbidden_property")
        );
        assert_eq!(
            answer(&manager, pending, HandoverAnswer::Decline, &none).map_err(|e| e.code()),
            Err("note_required")
        );
        let why = HandoverNote::parse("合同未签").expect("note");
        assert_eq!(answer(&manager, pending, HandoverAnswer::Decline, &why), Ok(HandoverState::Declined));
        let accepted = Some(HandoverState::Accepted);
        assert_eq!(answer(&manager, accepted, HandoverAnswer::Decline, &why).map_err(|e| e.code()), Err("wrong_state"));
    }

    #[test]
    fn faults_are_reported_on_maintained_work_and_closed_by_its_company() {
        let t = tree();
        let company = Uuid::now_v7();
        let resident = actor(Role::Resident, t.community.unit_id(), None);
        let far = actor(Role::Resident, t.other_community.unit_id(), None);
        let accepted = Some(HandoverState::Accepted);
        assert!(authorize_report(&resident, &t.community, accepted, UnitKind::Compound, &t.compound).is_ok());
        let refused = |a: &Actor, h, kind, unit: &UnitPath| {
            authorize_report(a, &t.community, h, kind, unit).map_err(|e| e.code())
        };
        assert_eq!(
            refused(&resident, Some(HandoverState::Pending), UnitKind::Compound, &t.compound),
            Err("not_maintained")
        );
        assert_eq!(refused(&resident, accepted, UnitKind::Community, &t.community), Err("fault_unit"));
        assert!(refused(&far, accepted, UnitKind::Compound, &t.compound).is_err());

        let manager = actor(Role::PropertyManager, t.compound.unit_id(), Some(company));
        let now = Utc::now();
        let facts = FaultFacts {
            state: FaultState::Open,
            maintainer: company,
            reported_by: Some(resident.user_id),
            due_at: fault_due(now),
        };
        assert_eq!(allowed_actions(&manager, &facts), vec![FaultAction::Answer, FaultAction::Close]);
        assert_eq!(allowed_actions(&resident, &facts), vec![]);
        let silent = FaultReply::default();
        assert_eq!(
            decide_fault(FaultAction::Answer, &manager, &facts, &silent).map_err(|e| e.code()),
            Err("note_required")
        );
        let closed = FaultFacts { state: FaultState::Closed, ..facts };
        assert_eq!(
            decide_fault(FaultAction::Close, &manager, &closed, &silent).map_err(|e| e.code()),
            Err("wrong_state")
        );
        assert!(!overdue(FaultState::Open, facts.due_at, now));
        assert!(overdue(FaultState::Answered, facts.due_at, now + Duration::days(FAULT_DAYS + 1)));
        assert!(!overdue(FaultState::Closed, facts.due_at, now + Duration::days(FAULT_DAYS + 1)));
    }
}
