//! Coordination cases, 三方联动 (SPEC §4.6): the community, the compound's residents'
//! self-governance organisation and its property company settle a property matter
//! together. Each party confirms only through its own role and organisation; any party may
//! escalate, and an open case past its deadline escalates by itself; the street committee
//! settles an escalated case.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::access::{Actor, Capability};
use crate::org_unit::{UnitKind, UnitPath};
use crate::Error;

string_enum! {
    pub enum CaseState ("state") {
        Open = "open",
        Escalated = "escalated",
        Resolved = "resolved",
    }
}

impl CaseState {
    pub const fn label_zh(self) -> &'static str {
        match self {
            CaseState::Open => "办理中",
            CaseState::Escalated => "已上报街道",
            CaseState::Resolved => "已办结",
        }
    }
}

string_enum! {
    /// The three parties of a case.
    pub enum Party ("party") {
        Community = "community",
        ResidentAutonomy = "resident_autonomy",
        PropertyService = "property_service",
    }
}

string_enum! {
    pub enum CaseAction ("action") {
        Confirm = "confirm",
        Escalate = "escalate",
        Resolve = "resolve",
    }
}

string_enum! {
    /// What a reader may do to a case now: a transition, or post to its thread.
    pub enum CaseAllowedAction ("allowed action") {
        Confirm = "confirm",
        Escalate = "escalate",
        Resolve = "resolve",
        Post = "post",
    }
}

text_value! {
    pub struct CaseTitle("title", One, 2..=100);
}

text_value! {
    pub struct CaseDescription("description", Many, 0..=2000);
}

text_value! {
    /// How the street settled an escalated case.
    pub struct Resolution("note", Many, 1..=500);
}

text_value! {
    /// Why a party escalates.
    pub struct EscalationReason("reason", Many, 0..=500);
}

text_value! {
    /// One message in a case's thread.
    pub struct MessageBody("body", Many, 1..=1000);
}

history! {
    /// What happened to a coordination case.
    pub enum CaseEvent (CoordinationCase) {
        Open = "open" { title: String, demand_id: Option<Uuid>, fault_id: Option<Uuid> },
        Confirm = "confirm" { party: Party },
        /// By a party (`party`), or by itself past its deadline (`party` is `None`).
        Escalate = "escalate" { party: Option<Party>, reason: String },
        /// All three parties confirmed (`note` is `None`), or the street settled it.
        Resolve = "resolve" { note: Option<String> },
        Message = "message" { party: Option<Party> },
    }
}

/// A coordination case takes up only a property matter (SPEC §1: 三方联动 resolves property
/// matters), filed at the case's compound or the community above it.
pub fn check_demand(
    category: crate::demand::DemandCategory,
    demand_unit: &UnitPath,
    case_unit: &UnitPath,
) -> Result<(), Error> {
    if category != crate::demand::DemandCategory::Property {
        return Err(Error::invalid(
            "demand_id",
            "demand_category",
            "a coordination case takes up a property demand (category property)",
        ));
    }
    if !case_unit.ids().starts_with(demand_unit.ids()) {
        return Err(Error::invalid(
            "demand_id",
            "demand_unit",
            "the demand was filed elsewhere than the case's compound",
        ));
    }
    Ok(())
}

/// Who may take an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// Any of the three parties.
    AnyParty,
    /// The street committee over the compound.
    Street,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    pub from: &'static [CaseState],
    pub who: Who,
}

impl CaseAction {
    /// SPEC §4.6, one row per action. A confirmation that completes the three resolves the
    /// case ([`decide`]); otherwise it stays open.
    #[rustfmt::skip]
    pub const fn transition(self) -> Transition {
        use CaseState::*;
        let (from, who): (&'static [CaseState], _) = match self {
            //                          from         who
            CaseAction::Confirm  => (&[Open],      Who::AnyParty),
            CaseAction::Escalate => (&[Open],      Who::AnyParty),
            CaseAction::Resolve  => (&[Escalated], Who::Street),
        };
        Transition { from, who }
    }
}

/// What the caller loads about a case before asking.
#[derive(Debug, Clone, Copy)]
pub struct CaseFacts<'a> {
    pub state: CaseState,
    /// The compound's path.
    pub unit_path: &'a UnitPath,
    /// The compound's residents' organisation and property company when the case was
    /// opened; a compound without one has no one to confirm for that party.
    pub autonomy_org: Option<Uuid>,
    pub property_org: Option<Uuid>,
    pub confirmed: Confirmations,
    pub due_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Confirmations {
    pub community: bool,
    pub resident_autonomy: bool,
    pub property_service: bool,
}

impl Confirmations {
    pub const fn of(self, party: Party) -> bool {
        match party {
            Party::Community => self.community,
            Party::ResidentAutonomy => self.resident_autonomy,
            Party::PropertyService => self.property_service,
        }
    }

    pub fn with(mut self, party: Party) -> Self {
        match party {
            Party::Community => self.community = true,
            Party::ResidentAutonomy => self.resident_autonomy = true,
            Party::PropertyService => self.property_service = true,
        }
        self
    }

    pub const fn all(self) -> bool {
        self.community && self.resident_autonomy && self.property_service
    }
}

/// The parties an actor speaks for in a case of this compound: the community through its
/// staff over the compound, the others through a grant on the case's own organisation.
pub fn parties(
    actor: &Actor,
    unit_path: &UnitPath,
    autonomy_org: Option<Uuid>,
    property_org: Option<Uuid>,
) -> Vec<Party> {
    let mut out = Vec::new();
    if actor.may(Capability::RunCases, unit_path) {
        out.push(Party::Community);
    }
    if autonomy_org.is_some_and(|org| actor.acts_for(Capability::RepresentResidents, org)) {
        out.push(Party::ResidentAutonomy);
    }
    if property_org.is_some_and(|org| actor.acts_for(Capability::ManageProperty, org)) {
        out.push(Party::PropertyService);
    }
    out
}

/// Who sees a case: its parties, and the officials and auditors over the compound.
pub fn sees(actor: &Actor, facts: &CaseFacts<'_>) -> bool {
    !parties(actor, facts.unit_path, facts.autonomy_org, facts.property_org).is_empty()
        || actor.may(Capability::ReadCases, facts.unit_path)
}

/// May `actor` open a case for this unit: a compound, and the actor one of its parties.
pub fn authorize_open(
    actor: &Actor,
    unit_kind: UnitKind,
    unit_path: &UnitPath,
    autonomy_org: Option<Uuid>,
    property_org: Option<Uuid>,
) -> Result<(), Error> {
    if unit_kind != UnitKind::Compound {
        return Err(Error::invalid(
            "unit_id",
            "case_unit_kind",
            format!("a coordination case is opened for a compound (小区), not a {unit_kind}"),
        ));
    }
    if parties(actor, unit_path, autonomy_org, property_org).is_empty() {
        return Err(Error::forbidden(
            "not_a_party",
            "only the community, the compound's residents' organisation or its property company opens a case",
        ));
    }
    Ok(())
}

/// Who acts, for the rules: a person, or the worker enforcing the deadline.
#[derive(Debug, Clone, Copy)]
pub enum By<'a> {
    User(&'a Actor),
    System,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub from: CaseState,
    pub to: CaseState,
    /// The party that acted (confirm, escalate); `None` for the street or the system.
    pub party: Option<Party>,
    pub confirmed: Confirmations,
}

/// May `by` take `action` now, and with what result? Who (403), then state (409).
/// `party` picks the party to act for when the actor speaks for several.
pub fn decide(
    action: CaseAction,
    by: By<'_>,
    party: Option<Party>,
    facts: &CaseFacts<'_>,
    now: DateTime<Utc>,
) -> Result<Outcome, Error> {
    let rule = action.transition();
    let party = permit(action, rule.who, by, party, facts, now)?;
    if !rule.from.contains(&facts.state) {
        return Err(Error::conflict(
            "wrong_state",
            format!("cannot {action} a case that is {}; {action} needs one that is {}", facts.state, rule.from[0]),
        ));
    }
    let (to, confirmed) = match (action, party) {
        (CaseAction::Confirm, Some(p)) => {
            if facts.confirmed.of(p) {
                return Err(Error::conflict("already_confirmed", format!("the {p} party has already confirmed")));
            }
            let confirmed = facts.confirmed.with(p);
            (if confirmed.all() { CaseState::Resolved } else { CaseState::Open }, confirmed)
        }
        (CaseAction::Escalate, _) => (CaseState::Escalated, facts.confirmed),
        _ => (CaseState::Resolved, facts.confirmed),
    };
    Ok(Outcome { from: facts.state, to, party, confirmed })
}

/// The 403 half of [`decide`]: the party the actor acts for, if the action needs one.
fn permit(
    action: CaseAction,
    who: Who,
    by: By<'_>,
    chosen: Option<Party>,
    facts: &CaseFacts<'_>,
    now: DateTime<Utc>,
) -> Result<Option<Party>, Error> {
    let actor = match by {
        By::User(actor) => actor,
        // The worker escalates an open case past its deadline, and nothing else.
        By::System => {
            return match (action, facts.due_at) {
                (CaseAction::Escalate, Some(due)) if due < now => Ok(None),
                _ => Err(Error::conflict("not_overdue", "the case is not past its deadline")),
            }
        }
    };
    match who {
        Who::Street => {
            actor.require(Capability::ResolveCases, facts.unit_path)?;
            Ok(None)
        }
        Who::AnyParty => {
            let mine = parties(actor, facts.unit_path, facts.autonomy_org, facts.property_org);
            let party = match (chosen, mine.as_slice()) {
                (_, []) => {
                    return Err(Error::forbidden(
                        "not_a_party",
                        format!("only a party of the case may {action} it: the community, the compound's residents' organisation or its property company"),
                    ))
                }
                (Some(p), _) if mine.contains(&p) => p,
                (Some(p), _) => {
                    return Err(Error::forbidden("not_that_party", format!("you do not speak for the {p} party")))
                }
                (None, [only]) => *only,
                (None, _) => {
                    return Err(Error::invalid(
                        "party",
                        "party_required",
                        "you speak for more than one party of this case: say which (party)",
                    ))
                }
            };
            Ok(Some(party))
        }
    }
}

/// What `actor` may do to the case now: exactly the steps [`decide`] would take, and
/// posting to the thread for its parties and the street.
pub fn allowed_actions(actor: &Actor, facts: &CaseFacts<'_>, now: DateTime<Utc>) -> Vec<CaseAllowedAction> {
    let mine = parties(actor, facts.unit_path, facts.autonomy_org, facts.property_org);
    let mut out = Vec::new();
    let confirmable = mine.iter().any(|p| decide(CaseAction::Confirm, By::User(actor), Some(*p), facts, now).is_ok());
    if confirmable {
        out.push(CaseAllowedAction::Confirm);
    }
    let first = mine.first().copied();
    if decide(CaseAction::Escalate, By::User(actor), first, facts, now).is_ok() {
        out.push(CaseAllowedAction::Escalate);
    }
    if decide(CaseAction::Resolve, By::User(actor), None, facts, now).is_ok() {
        out.push(CaseAllowedAction::Resolve);
    }
    if may_post(actor, facts).is_ok() {
        out.push(CaseAllowedAction::Post);
    }
    out
}

/// The thread is for the parties and the street, while the case is not settled. Returns
/// the party the author speaks for (`None` for the street).
pub fn may_post(actor: &Actor, facts: &CaseFacts<'_>) -> Result<Option<Party>, Error> {
    if facts.state == CaseState::Resolved {
        return Err(Error::conflict("wrong_state", "the case is resolved; its thread is closed"));
    }
    let mine = parties(actor, facts.unit_path, facts.autonomy_org, facts.property_org);
    if let Some(p) = mine.first() {
        return Ok(Some(*p));
    }
    actor.require(Capability::ResolveCases, facts.unit_path)?;
    Ok(None)
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;
    use crate::access::{Grant, Role};
    use crate::org_unit::testing::tree;

    fn actor(role: Role, unit: Uuid, org: Option<Uuid>) -> Actor {
        Actor { user_id: Uuid::now_v7(), grants: vec![Grant { role, unit_id: unit, organization_id: org }] }
    }

    #[test]
    fn each_party_confirms_only_for_itself_and_three_resolve() {
        let t = tree();
        let (autonomy, property) = (Uuid::now_v7(), Uuid::now_v7());
        let now = Utc::now();
        let mut facts = CaseFacts {
            state: CaseState::Open,
            unit_path: &t.compound,
            autonomy_org: Some(autonomy),
            property_org: Some(property),
            confirmed: Confirmations::default(),
            due_at: None,
        };
        let worker = actor(Role::CommunityWorker, t.community.unit_id(), None);
        let supervisor = actor(Role::Supervisor, t.compound.unit_id(), Some(autonomy));
        let manager = actor(Role::PropertyManager, t.compound.unit_id(), Some(property));
        let other_manager = actor(Role::PropertyManager, t.compound.unit_id(), Some(Uuid::now_v7()));
        let resident = actor(Role::Resident, t.community.unit_id(), None);
        for (who, party) in
            [(&worker, Party::Community), (&supervisor, Party::ResidentAutonomy), (&manager, Party::PropertyService)]
        {
            assert_eq!(parties(who, facts.unit_path, facts.autonomy_org, facts.property_org), vec![party]);
        }
        for outsider in [&other_manager, &resident] {
            let refused = decide(CaseAction::Confirm, By::User(outsider), None, &facts, now).expect_err("not a party");
            assert_eq!(refused.code(), "not_a_party");
        }
        let wrong = decide(CaseAction::Confirm, By::User(&worker), Some(Party::PropertyService), &facts, now);
        assert_eq!(wrong.expect_err("not that party").code(), "not_that_party");

        for (who, last) in [(&worker, false), (&supervisor, false), (&manager, true)] {
            let outcome = decide(CaseAction::Confirm, By::User(who), None, &facts, now).expect("confirms");
            assert_eq!(outcome.to == CaseState::Resolved, last);
            facts.confirmed = outcome.confirmed;
            if !last {
                let again = decide(CaseAction::Confirm, By::User(who), None, &facts, now).expect_err("twice");
                assert_eq!(again.code(), "already_confirmed");
            }
        }
    }

    #[test]
    fn any_party_escalates_the_street_resolves_and_the_deadline_escalates_by_itself() {
        let t = tree();
        let property = Uuid::now_v7();
        let now = Utc::now();
        let mut facts = CaseFacts {
            state: CaseState::Open,
            unit_path: &t.compound,
            autonomy_org: None,
            property_org: Some(property),
            confirmed: Confirmations::default(),
            due_at: Some(now + Duration::days(3)),
        };
        let manager = actor(Role::PropertyManager, t.compound.unit_id(), Some(property));
        let street = actor(Role::StreetCommittee, t.street.unit_id(), None);
        let early = decide(CaseAction::Escalate, By::System, None, &facts, now).expect_err("not yet");
        assert_eq!(early.code(), "not_overdue");
        let late = decide(CaseAction::Escalate, By::System, None, &facts, now + Duration::days(4)).expect("overdue");
        assert_eq!((late.to, late.party), (CaseState::Escalated, None));
        assert_eq!(
            decide(CaseAction::Resolve, By::User(&street), None, &facts, now).expect_err("open").code(),
            "wrong_state"
        );
        let escalated = decide(CaseAction::Escalate, By::User(&manager), None, &facts, now).expect("a party escalates");
        assert_eq!(escalated.party, Some(Party::PropertyService));
        facts.state = CaseState::Escalated;
        assert_eq!(allowed_actions(&manager, &facts, now), vec![CaseAllowedAction::Post]);
        assert_eq!(allowed_actions(&street, &facts, now), vec![CaseAllowedAction::Resolve, CaseAllowedAction::Post]);
        let refused = decide(CaseAction::Resolve, By::User(&manager), None, &facts, now).expect_err("not the street");
        assert_eq!(refused.code(), "forbidden_cases");
        assert_eq!(
            decide(CaseAction::Resolve, By::User(&street), None, &facts, now).expect("settles").to,
            CaseState::Resolved
        );
    }

    #[test]
    fn only_a_compound_has_cases_and_only_its_parties_open_them() {
        let t = tree();
        let worker = actor(Role::CommunityWorker, t.community.unit_id(), None);
        let far = actor(Role::CommunityWorker, Uuid::now_v7(), None);
        assert!(authorize_open(&worker, UnitKind::Compound, &t.compound, None, None).is_ok());
        assert_eq!(
            authorize_open(&worker, UnitKind::Community, &t.community, None, None).expect_err("kind").code(),
            "case_unit_kind"
        );
        assert_eq!(
            authorize_open(&far, UnitKind::Compound, &t.compound, None, None).expect_err("far").code(),
            "not_a_party"
        );
    }
}
