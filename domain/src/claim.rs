//! Two-way claiming (双向认领) of SPEC §4.4: a co-builder claims a project for some of its
//! resource, or the street committee requests a resource for its project; the other side
//! confirms or declines.
//!
//! [`ClaimAction::transition`] is the table. Confirming allocates: the caller applies it with
//! a conditional update inside one transaction, so what this module checks against the
//! numbers it read is checked again by the database against the numbers it holds.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::access::{Actor, Capability};
use crate::duties::{self, Duty, TieFacts};
use crate::money::Fen;
use crate::project::{ProjectFacts, ProjectState};
use crate::resource::{Quantity, ResourceFacts, ResourceKind};
use crate::Error;

string_enum! {
    pub enum ClaimState ("state") {
        Pending = "pending",
        Confirmed = "confirmed",
        Declined = "declined",
        Cancelled = "cancelled",
        Released = "released",
        Fulfilled = "fulfilled",
    }
}

impl ClaimState {
    pub const fn label_zh(self) -> &'static str {
        match self {
            ClaimState::Pending => "待确认",
            ClaimState::Confirmed => "已确认",
            ClaimState::Declined => "已拒绝",
            ClaimState::Cancelled => "已撤回",
            ClaimState::Released => "已释放",
            ClaimState::Fulfilled => "已交付",
        }
    }

    /// Counts in the resource's `allocated` (and, for funds, the project's funding).
    pub const fn holds_allocation(self) -> bool {
        matches!(self, ClaimState::Confirmed | ClaimState::Fulfilled)
    }
}

string_enum! {
    /// Which side started the claim; the other one answers it.
    pub enum ClaimSide ("initiated_by") {
        Provider = "provider",
        Project = "project",
    }
}

impl ClaimSide {
    pub const fn label_zh(self) -> &'static str {
        match self {
            ClaimSide::Provider => "共建单位认领",
            ClaimSide::Project => "街道申请",
        }
    }

    pub const fn other(self) -> ClaimSide {
        match self {
            ClaimSide::Provider => ClaimSide::Project,
            ClaimSide::Project => ClaimSide::Provider,
        }
    }
}

string_enum! {
    pub enum ClaimAction ("action") {
        Confirm = "confirm",
        Decline = "decline",
        Cancel = "cancel",
        Release = "release",
        Fulfil = "fulfil",
    }
}

history! {
    /// What happened to a claim.
    pub enum ClaimEvent (Claim) {
        Create = "create" { initiated_by: ClaimSide },
        Confirm = "confirm",
        Decline = "decline",
        Cancel = "cancel",
        Release = "release",
        Fulfil = "fulfil",
        /// Its project was cancelled: pending claims are cancelled, confirmed ones released.
        ProjectCancelled = "project_cancelled",
    }
}

impl ClaimEvent {
    pub const fn of(action: ClaimAction) -> Self {
        match action {
            ClaimAction::Confirm => ClaimEvent::Confirm,
            ClaimAction::Decline => ClaimEvent::Decline,
            ClaimAction::Cancel => ClaimEvent::Cancel,
            ClaimAction::Release => ClaimEvent::Release,
            ClaimAction::Fulfil => ClaimEvent::Fulfil,
        }
    }
}

text_value! {
    /// A word to the other side: what is offered, when, or why not.
    pub struct ClaimNote("note", Many, 0..=500);
}

/// Who may take an action, by side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// The side that did not start the claim.
    Answerer,
    /// The side that started it.
    Initiator,
    /// A side, whoever started it.
    Side(ClaimSide),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    pub from: &'static [ClaimState],
    pub to: ClaimState,
    pub who: Who,
}

impl ClaimAction {
    /// SPEC §4.4, one row per action. Release is the project side giving the resource back
    /// (the provider asks it to; the project's cancellation releases every claim by itself).
    #[rustfmt::skip]
    pub const fn transition(self) -> Transition {
        use ClaimState::*;
        let (from, to, who): (&'static [ClaimState], _, _) = match self {
            //                         from          to         who
            ClaimAction::Confirm => (&[Pending],   Confirmed, Who::Answerer),
            ClaimAction::Decline => (&[Pending],   Declined,  Who::Answerer),
            ClaimAction::Cancel  => (&[Pending],   Cancelled, Who::Initiator),
            ClaimAction::Release => (&[Confirmed], Released,  Who::Side(ClaimSide::Project)),
            ClaimAction::Fulfil  => (&[Confirmed], Fulfilled, Who::Side(ClaimSide::Provider)),
        };
        Transition { from, to, who }
    }
}

/// What the caller loads about a claim before asking.
#[derive(Debug, Clone, Copy)]
pub struct ClaimFacts<'a> {
    pub id: Uuid,
    pub state: ClaimState,
    pub initiated_by: ClaimSide,
    /// The person who started it: never the one who confirms it.
    pub started_by: Uuid,
    pub quantity: i64,
    pub resource: ResourceFacts<'a>,
    pub project: ProjectFacts<'a>,
}

/// Which sides of a claim an actor stands on: the provider is a co-builder of the
/// resource's organisation; the project side holds `RunProjects` over the project.
pub fn sides(actor: &Actor, resource: &ResourceFacts<'_>, project: &ProjectFacts<'_>) -> Vec<ClaimSide> {
    let mut out = Vec::new();
    if actor.acts_for(Capability::OfferResources, resource.organization_id) {
        out.push(ClaimSide::Provider);
    }
    if actor.may(Capability::RunProjects, project.unit_path) {
        out.push(ClaimSide::Project);
    }
    out
}

/// Who sees a claim: both of its sides, and those who read the project's drafts (its
/// community workers and auditors).
pub fn sees(actor: &Actor, resource: &ResourceFacts<'_>, project: &ProjectFacts<'_>) -> bool {
    !sides(actor, resource, project).is_empty() || actor.may(Capability::ReadProjects, project.unit_path)
}

/// What the caller writes besides the claim's new state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    None,
    /// Add `quantity` to the resource's `allocated`, on condition that it fits; for funds,
    /// to the project's confirmed funding too.
    Allocate {
        quantity: i64,
        funds: bool,
    },
    /// Take `quantity` back off both.
    Deallocate {
        quantity: i64,
        funds: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    pub from: ClaimState,
    pub to: ClaimState,
    pub effect: Effect,
}

/// May `actor` take `action` on this claim now? Side and duty (403), claim state (409),
/// then for a confirmation the project, the resource, the quantity left and, for money, the
/// project's open gap; for a release, that the project's money is not final (409, naming
/// the numbers).
pub fn decide(
    action: ClaimAction,
    actor: &Actor,
    facts: &ClaimFacts<'_>,
    now: DateTime<Utc>,
) -> Result<Outcome, Error> {
    permit(action, actor, facts)?;
    check_rules(action, facts, now)
}

/// The 403 half of [`decide`]: the side the action needs, and the duty it is.
fn permit(action: ClaimAction, actor: &Actor, facts: &ClaimFacts<'_>) -> Result<(), Error> {
    let rule = action.transition();
    let needed = match rule.who {
        Who::Answerer => facts.initiated_by.other(),
        Who::Initiator => facts.initiated_by,
        Who::Side(side) => side,
    };
    if !sides(actor, &facts.resource, &facts.project).contains(&needed) {
        let whom = match needed {
            ClaimSide::Provider => "the co-builder offering the resource",
            ClaimSide::Project => "the street committee running the project",
        };
        return Err(Error::forbidden("not_your_side", format!("only {whom} may {action} this claim")));
    }
    if action == ClaimAction::Confirm {
        let ties = TieFacts {
            running_paths: &[],
            project_unit: facts.project.unit_path,
            claimants: &[],
            claim_started_by: Some(facts.started_by),
        };
        duties::check(Duty::ConfirmClaim, actor, &ties)?;
    }
    Ok(())
}

/// The 409 half of [`decide`]: state, then the numbers.
fn check_rules(action: ClaimAction, facts: &ClaimFacts<'_>, now: DateTime<Utc>) -> Result<Outcome, Error> {
    let rule = action.transition();
    if !rule.from.contains(&facts.state) {
        return Err(Error::conflict(
            "wrong_state",
            format!("cannot {action} a claim that is {}; {action} needs one that is {}", facts.state, rule.from[0]),
        ));
    }
    let funds = facts.resource.kind == ResourceKind::Funds;
    let effect = match action {
        ClaimAction::Confirm => {
            check_project_open(&facts.project)?;
            facts.resource.check_available(now)?;
            check_fits(&facts.resource, facts.quantity)?;
            if funds {
                check_gap(&facts.project, facts.quantity)?;
            }
            Effect::Allocate { quantity: facts.quantity, funds }
        }
        ClaimAction::Release => {
            check_money_open(&facts.project)?;
            Effect::Deallocate { quantity: facts.quantity, funds }
        }
        ClaimAction::Decline | ClaimAction::Cancel | ClaimAction::Fulfil => Effect::None,
    };
    Ok(Outcome { from: facts.state, to: rule.to, effect })
}

/// The claim's `allowed_actions` for a signed-in reader.
pub fn allowed_actions(actor: &Actor, facts: &ClaimFacts<'_>, now: DateTime<Utc>) -> Vec<ClaimAction> {
    ClaimAction::ALL.iter().copied().filter(|a| decide(*a, actor, facts, now).is_ok()).collect()
}

/// The steps `actor` could take on this claim, being on the right side and in the right
/// state, but for a further rule (the project's gap, the resource's remainder, the
/// project's state), each with that rule's refusal: the inbox says why instead of offering
/// a button that fails.
pub fn withheld_actions(actor: &Actor, facts: &ClaimFacts<'_>, now: DateTime<Utc>) -> Vec<(ClaimAction, Error)> {
    ClaimAction::ALL
        .iter()
        .copied()
        .filter(|a| a.transition().from.contains(&facts.state) && permit(*a, actor, facts).is_ok())
        .filter_map(|a| check_rules(a, facts, now).err().map(|e| (a, e)))
        .collect()
}

/// What happens to a claim when its project is cancelled: a pending one is cancelled, a
/// confirmed one released (SPEC §4.2: a cancelled project holds no resource). Fulfilled
/// claims stay: what was delivered was delivered.
pub const fn after_project_cancelled(state: ClaimState) -> Option<ClaimState> {
    match state {
        ClaimState::Pending => Some(ClaimState::Cancelled),
        ClaimState::Confirmed => Some(ClaimState::Released),
        _ => None,
    }
}

/// May a co-builder offer something to this project at all (the project's `claim` button)?
pub fn may_offer_to(actor: &Actor, project: &ProjectFacts<'_>) -> Result<(), Error> {
    permit_provider(actor)?;
    check_project_open(project)
}

/// May `actor` ask co-builders for resources on this project (the project's
/// `request_resource`: the matches with their 申请 buttons)? Its street committee, while
/// the project takes claims.
pub fn may_request_for(actor: &Actor, project: &ProjectFacts<'_>) -> Result<(), Error> {
    permit_requester(actor, project)?;
    check_project_open(project)
}

fn permit_provider(actor: &Actor) -> Result<(), Error> {
    if !actor.may_somewhere(Capability::OfferResources) {
        return Err(Error::forbidden("forbidden_resources", "only co-builders (共建单位) claim projects"));
    }
    Ok(())
}

fn permit_requester(actor: &Actor, project: &ProjectFacts<'_>) -> Result<(), Error> {
    if !actor.may_somewhere(Capability::RunProjects) {
        return Err(Error::forbidden("forbidden_projects", "only a street committee requests resources"));
    }
    if !actor.may(Capability::RunProjects, project.unit_path) {
        return Err(Error::forbidden("out_of_scope", "this project lies outside the streets where you run projects"));
    }
    Ok(())
}

/// Whether a resource can serve a project at all: one is offered on the other's line of
/// units (a district-wide offer reaches every project; a compound's offer reaches the
/// projects of its community and street).
pub fn in_reach(resource: &ResourceFacts<'_>, project: &ProjectFacts<'_>) -> bool {
    project.unit_path.contains(resource.unit_path.unit_id()) || resource.unit_path.contains(project.unit_path.unit_id())
}

/// May `actor` start a claim from `side` for `quantity` of the resource on the project?
/// Side (403); the project takes claims and the resource is available (409); the resource
/// reaches the project and the quantity is left (422); no pending claim of the same pair
/// (409).
pub fn authorize_claim(
    actor: &Actor,
    side: ClaimSide,
    resource: &ResourceFacts<'_>,
    project: &ProjectFacts<'_>,
    quantity: i64,
    pending_exists: bool,
    now: DateTime<Utc>,
) -> Result<Quantity, Error> {
    match side {
        ClaimSide::Provider => {
            permit_provider(actor)?;
            if !actor.acts_for(Capability::OfferResources, resource.organization_id) {
                return Err(Error::forbidden(
                    "not_your_organization",
                    "you claim projects only with your own organisation's resources",
                ));
            }
        }
        ClaimSide::Project => permit_requester(actor, project)?,
    }
    check_project_open(project)?;
    resource.check_available(now)?;
    if !in_reach(resource, project) {
        return Err(Error::invalid(
            "resource_id",
            "resource_out_of_reach",
            "the resource is offered to another part of the district; it does not reach this project",
        ));
    }
    let quantity = Quantity::parse("quantity", quantity)?;
    if quantity.get() > resource.remaining() {
        return Err(Error::invalid(
            "quantity",
            "quantity_exceeds_remaining",
            format!("only {} of the resource remain", resource.remaining()),
        ));
    }
    if resource.kind == ResourceKind::Funds {
        check_gap(project, quantity.get())?;
    }
    if pending_exists {
        return Err(pending_exists_error());
    }
    Ok(quantity)
}

/// The one "already pending" refusal, here and when the database's unique index finds it.
pub fn pending_exists_error() -> Error {
    Error::conflict("claim_pending", "a claim between this resource and this project is already waiting for an answer")
}

fn check_project_open(project: &ProjectFacts<'_>) -> Result<(), Error> {
    if project.state.takes_claims() {
        return Ok(());
    }
    Err(Error::conflict(
        "project_not_open",
        format!(
            "the project is {}; resources are claimed for projects that are {} or {}",
            project.state,
            ProjectState::Published,
            ProjectState::InProgress
        ),
    ))
}

/// SPEC §4.4: money is offered and confirmed only up to what the project still lacks, so
/// `gov_funds + funded ≤ budget` holds whatever is claimed.
fn check_gap(project: &ProjectFacts<'_>, quantity: i64) -> Result<(), Error> {
    let gap = project.funding.gap();
    if quantity <= gap.get() {
        return Ok(());
    }
    Err(over_gap(gap, quantity))
}

/// The one over-the-gap refusal, here and when the database's conditional update finds the
/// project's funding changed since it was read.
pub fn over_gap(gap: Fen, quantity: i64) -> Error {
    let offered = Fen::from_stored(quantity);
    Error::conflict(
        "over_gap",
        if gap == Fen::ZERO {
            format!("the project's budget is already covered; {offered} more would exceed it")
        } else {
            format!(
                "the project's open funding gap is {gap}; {offered} would exceed it — offer or confirm at most {gap}"
            )
        },
    )
}

/// Once a project is closed its accounts are final: no claim on it is released.
fn check_money_open(project: &ProjectFacts<'_>) -> Result<(), Error> {
    if project.state == ProjectState::Closed {
        return Err(Error::conflict(
            "money_final",
            "the project is closed: what was confirmed for it is final and cannot be released",
        ));
    }
    Ok(())
}

/// The one over-allocation refusal, here and when the database's conditional update finds
/// the resource changed since it was read.
pub fn over_allocation(remaining: i64, quantity: i64) -> Error {
    Error::conflict(
        "over_allocation",
        format!("{quantity} would exceed what remains of the resource ({remaining}); nothing was allocated"),
    )
}

fn check_fits(resource: &ResourceFacts<'_>, quantity: i64) -> Result<(), Error> {
    if quantity > resource.remaining() {
        return Err(over_allocation(resource.remaining(), quantity));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::{Grant, Role};
    use crate::org_unit::testing::tree;
    use crate::project::Funding;

    fn fen(n: i64) -> Fen {
        Fen::from_stored(n)
    }

    /// A co-builder's organisation, its co-builder, and the street committee over `street`.
    fn sides(street: &crate::org_unit::UnitPath) -> (Uuid, Actor, Actor) {
        let org = Uuid::now_v7();
        let provider = Actor {
            user_id: Uuid::now_v7(),
            grants: vec![Grant { role: Role::CoBuilder, unit_id: street.unit_id(), organization_id: Some(org) }],
        };
        let committee = Actor {
            user_id: Uuid::now_v7(),
            grants: vec![Grant { role: Role::StreetCommittee, unit_id: street.unit_id(), organization_id: None }],
        };
        (org, provider, committee)
    }

    /// SPEC §4.4 as a table: every action × the side that started the claim × who answers ×
    /// the claim's state, written out by hand: the other side confirms and declines, the
    /// starter cancels, the project side releases, the provider fulfils.
    #[test]
    fn each_action_is_taken_by_its_side_in_its_state() {
        let t = tree();
        let (org, provider, committee) = sides(&t.street);
        let resource = ResourceFacts {
            id: Uuid::now_v7(),
            organization_id: org,
            kind: ResourceKind::Materials,
            quantity: 10,
            measure: "件",
            allocated: 0,
            withdrawn: false,
            available_until: None,
            unit_path: &t.street,
        };
        let funding = Funding { budget: fen(100), gov_funds: fen(100), confirmed_funds: Fen::ZERO };
        let project = ProjectFacts {
            id: Uuid::now_v7(),
            state: ProjectState::Published,
            unit_path: &t.compound,
            funding,
            providers: &[],
            claimants: &[org],
        };
        let spec = |action: ClaimAction, started: ClaimSide, by: ClaimSide, state: ClaimState| -> &'static str {
            let side_ok = match action {
                ClaimAction::Confirm | ClaimAction::Decline => by != started,
                ClaimAction::Cancel => by == started,
                ClaimAction::Release => by == ClaimSide::Project,
                ClaimAction::Fulfil => by == ClaimSide::Provider,
            };
            let from = match action {
                ClaimAction::Confirm | ClaimAction::Decline | ClaimAction::Cancel => ClaimState::Pending,
                ClaimAction::Release | ClaimAction::Fulfil => ClaimState::Confirmed,
            };
            if !side_ok {
                "403"
            } else if state != from {
                "409"
            } else {
                "ok"
            }
        };
        for action in ClaimAction::ALL {
            for started in ClaimSide::ALL {
                for by in ClaimSide::ALL {
                    for state in ClaimState::ALL {
                        let starter = if *started == ClaimSide::Provider { &provider } else { &committee };
                        let facts = ClaimFacts {
                            id: Uuid::now_v7(),
                            state: *state,
                            initiated_by: *started,
                            started_by: starter.user_id,
                            quantity: 4,
                            resource,
                            project,
                        };
                        let actor = if *by == ClaimSide::Provider { &provider } else { &committee };
                        let got = match decide(*action, actor, &facts, Utc::now()) {
                            Ok(_) => "ok",
                            Err(Error::Forbidden { .. }) => "403",
                            Err(Error::Conflict { .. }) => "409",
                            Err(Error::Invalid { .. }) => "422",
                        };
                        assert_eq!(
                            got,
                            spec(*action, *started, *by, *state),
                            "{action} of a {started}-started {state} claim by {by}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn money_stays_within_the_gap_and_is_final_once_closed() {
        let t = tree();
        let (org, provider, committee) = sides(&t.street);
        let resource = ResourceFacts {
            id: Uuid::now_v7(),
            organization_id: org,
            kind: ResourceKind::Funds,
            quantity: 5_000_000,
            measure: "fen",
            allocated: 0,
            withdrawn: false,
            available_until: None,
            unit_path: &t.street,
        };
        let short = Funding { budget: fen(2_000_000), gov_funds: fen(500_000), confirmed_funds: Fen::ZERO };
        let open = ProjectFacts {
            id: Uuid::now_v7(),
            state: ProjectState::Published,
            unit_path: &t.compound,
            funding: short,
            providers: &[],
            claimants: &[],
        };
        let now = Utc::now();
        let code = |r: Result<Quantity, Error>| r.err().map(|e| e.code());
        assert_eq!(
            code(authorize_claim(&provider, ClaimSide::Provider, &resource, &open, 1_500_001, false, now)),
            Some("over_gap")
        );
        assert!(authorize_claim(&provider, ClaimSide::Provider, &resource, &open, 1_500_000, false, now).is_ok());
        let offer = ClaimFacts {
            id: Uuid::now_v7(),
            state: ClaimState::Pending,
            initiated_by: ClaimSide::Provider,
            started_by: provider.user_id,
            quantity: 1_500_000,
            resource,
            project: open,
        };
        assert!(decide(ClaimAction::Confirm, &committee, &offer, now).is_ok());
        // Another claim confirmed meanwhile: what is left of the gap is less than this one.
        let half = Funding { confirmed_funds: fen(1_000_000), ..short };
        let later = ClaimFacts { project: ProjectFacts { funding: half, ..open }, ..offer };
        let withheld = withheld_actions(&committee, &later, now);
        assert_eq!(
            withheld.iter().map(|(a, e)| (*a, e.code())).collect::<Vec<_>>(),
            [(ClaimAction::Confirm, "over_gap")]
        );
        assert!(!allowed_actions(&committee, &later, now).contains(&ClaimAction::Confirm));
        // Its starter never confirms it, even holding the other side's role too.
        let both =
            Actor { user_id: provider.user_id, grants: [provider.grants.clone(), committee.grants.clone()].concat() };
        assert_eq!(decide(ClaimAction::Confirm, &both, &offer, now).err().map(|e| e.code()), Some("confirm_own_claim"));
        // Closed: a confirmed claim's money is not released.
        let closed = ClaimFacts {
            state: ClaimState::Confirmed,
            project: ProjectFacts { state: ProjectState::Closed, ..open },
            ..offer
        };
        assert_eq!(decide(ClaimAction::Release, &committee, &closed, now).err().map(|e| e.code()), Some("money_final"));
        assert!(decide(ClaimAction::Fulfil, &provider, &closed, now).is_ok(), "delivering is still recorded");
    }
}
