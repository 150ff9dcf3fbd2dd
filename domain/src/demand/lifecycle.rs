//! SPEC §4.1's transition table and the decisions read off it: what a user or the system may
//! do to a demand now, the buttons a reader is offered, and who sees whom on its timeline.

use uuid::Uuid;

use super::{authorize_cosign, DemandAction, DemandAllowedAction, DemandState, Reason, ReferredTo};
use crate::access::{Actor, Capability, Role, CAPABILITIES};
use crate::org_unit::UnitPath;
use crate::Error;

/// Who may take an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// A user holding the capability through a grant that reaches the demand's unit.
    Holder(Capability),
    /// Only the user who filed the demand, whatever roles it holds now.
    Author,
    /// The server, as a consequence of something that happened to the demand's project.
    System,
}

/// Where an action comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// `POST /demands/{id}/transitions`: a user's own decision about this demand.
    Transitions,
    /// A project's lifecycle: creating a project accepts its demands, closing resolves them,
    /// cancelling reopens them. Offering these as buttons would let a demand look answered
    /// with no project behind it.
    Project,
    /// A coordination case (三方联动): opening one for a property demand takes it up; the
    /// case settling resolves it.
    Case,
}

/// One row of SPEC §4.1's table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    pub from: &'static [DemandState],
    pub to: DemandState,
    pub who: Who,
    pub via: Via,
}

impl DemandAction {
    /// The actions a user may send to the transitions endpoint; the rest belong to the project
    /// lifecycle ([`Via::Project`]).
    pub const USER_ACTIONS: &'static [DemandAction] =
        &[DemandAction::Verify, DemandAction::Reject, DemandAction::Merge, DemandAction::Refer, DemandAction::Withdraw];

    /// SPEC §4.1, one row per action. A `match` rather than a slice so that an action without
    /// a row does not compile.
    #[rustfmt::skip]
    pub const fn transition(self) -> Transition {
        use Capability::{HandleDemands, RunProjects};
        use DemandState::*;
        const LIVE: &[DemandState] = &[Submitted, Published];
        let (from, to, who, via): (&'static [DemandState], _, _, _) = match self {
            //                         from          to         who                         via
            DemandAction::Verify   => (&[Submitted], Published, Who::Holder(HandleDemands), Via::Transitions),
            DemandAction::Reject   => (LIVE,         Rejected,  Who::Holder(HandleDemands), Via::Transitions),
            DemandAction::Merge    => (LIVE,         Merged,    Who::Holder(HandleDemands), Via::Transitions),
            DemandAction::Refer    => (LIVE,         Referred,  Who::Holder(HandleDemands), Via::Transitions),
            DemandAction::Withdraw => (LIVE,         Withdrawn, Who::Author,                Via::Transitions),
            DemandAction::Accept   => (&[Published], Accepted,  Who::Holder(RunProjects),   Via::Project),
            DemandAction::Resolve  => (&[Accepted],  Resolved,  Who::System,                Via::Project),
            DemandAction::Reopen   => (&[Accepted],  Published, Who::System,                Via::Project),
            DemandAction::Coordinate => (&[Published], Accepted, Who::Holder(HandleDemands), Via::Case),
        };
        Transition { from, to, who, via }
    }

    pub const fn is_user_action(self) -> bool {
        matches!(self.transition().via, Via::Transitions)
    }

    /// Parse the `action` of a transitions request: project-driven actions are refused as a
    /// bad field (422) rather than a permission problem, because no one may send them there.
    pub fn parse_user(raw: &str) -> Result<Self, Error> {
        let action = Self::parse(raw)?;
        if action.is_user_action() {
            return Ok(action);
        }
        let how = match action {
            DemandAction::Accept => "a street committee accepts a demand by creating a project for it",
            DemandAction::Resolve => "a demand is resolved when its project or coordination case closes",
            DemandAction::Coordinate => "a property demand is taken up by opening a coordination case for it",
            _ => "a demand reopens when its project is cancelled",
        };
        Err(Error::invalid("action", "action_not_user", format!("{action} cannot be requested here: {how}")))
    }
}

// ---------------------------------------------------------------------------------------
// Deciding
// ---------------------------------------------------------------------------------------

/// Who is acting: a signed-in user, or the server following a project's lifecycle.
#[derive(Debug, Clone, Copy)]
pub enum By<'a> {
    User(&'a Actor),
    System,
}

/// What the caller loads about the demand before asking.
#[derive(Debug, Clone, Copy)]
pub struct DemandFacts<'a> {
    pub id: Uuid,
    pub state: DemandState,
    /// The account the demand belongs to; `None` when staff filed it for someone without one
    /// (visit, phone) or it came through Open311, so no one may withdraw it.
    pub author_id: Option<Uuid>,
    /// The demand's unit (a community or compound) and its ancestors.
    pub unit_path: &'a UnitPath,
    /// The street on `unit_path`: merges and co-signs stay within one street.
    pub street_id: Uuid,
}

/// What the caller loads about the demand named by `target_id` in a merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MergeTarget {
    pub id: Uuid,
    pub state: DemandState,
    pub street_id: Uuid,
}

/// The fields a transition request may carry. Each action reads only its own; the others
/// are ignored.
#[derive(Debug, Clone, Copy, Default)]
pub struct ActionFields<'a> {
    /// reject, refer.
    pub reason: Option<&'a str>,
    /// refer.
    pub referred_to: Option<&'a str>,
    /// merge: the demand named by `target_id`, or `None` when the request named none. A
    /// `target_id` that names no demand is the caller's 422 on `target_id`.
    pub target: Option<MergeTarget>,
    /// accept: the project the demand is answered by.
    pub project_id: Option<Uuid>,
    /// coordinate: the coordination case that takes it up.
    pub case_id: Option<Uuid>,
}

/// What the caller writes besides the new state (and the event).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// verify, withdraw, resolve.
    None,
    /// Store `reason`; the public list shows it.
    Reject { reason: Reason },
    /// Store both; the public list shows where the demand went.
    Refer { reason: Reason, referred_to: ReferredTo },
    /// Set `merged_into_id`, and move the supporters to the target with [`merge_cosigners`](super::merge_cosigners).
    MergeInto { target_id: Uuid },
    /// Set `project_id`.
    LinkProject { project_id: Uuid },
    /// Clear `project_id`: the demand is back on the list, waiting for another project.
    UnlinkProject,
    /// Set `case_id`: a coordination case answers it.
    LinkCase { case_id: Uuid },
}

/// An accepted transition. Whenever `to` is `published` (verify, reopen), the caller sets
/// `published_at` to now: the answer deadline counts from there (see [`due_at`](super::due_at)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub from: DemandState,
    pub to: DemandState,
    pub effect: Effect,
}

/// May `by` take `action` on this demand now? The action's fields are not looked at: this is
/// [`decide`] without them, for screens and for [`allowed_actions`].
pub fn authorize(action: DemandAction, by: By<'_>, facts: &DemandFacts<'_>) -> Result<(), Error> {
    let rule = action.transition();
    permit(action, rule.who, by, facts)?;
    if rule.from.contains(&facts.state) {
        Ok(())
    } else {
        Err(Error::conflict(
            "wrong_state",
            format!(
                "cannot {action} a demand that is {}; {action} needs a demand that is {}",
                facts.state,
                states(rule.from)
            ),
        ))
    }
}

/// Take `action` on the demand: who first (403), then state (409), then the action's own
/// fields (422), so nobody learns what a form needs before they may use it, and a missing
/// reason never hides that the demand has moved on.
pub fn decide(
    action: DemandAction,
    by: By<'_>,
    facts: &DemandFacts<'_>,
    fields: &ActionFields<'_>,
) -> Result<Outcome, Error> {
    authorize(action, by, facts)?;
    let effect = match action {
        DemandAction::Verify | DemandAction::Withdraw | DemandAction::Resolve => Effect::None,
        DemandAction::Reject => Effect::Reject { reason: Reason::parse(fields.reason.unwrap_or(""))? },
        DemandAction::Refer => Effect::Refer {
            reason: Reason::parse(fields.reason.unwrap_or(""))?,
            referred_to: ReferredTo::parse(fields.referred_to.unwrap_or(""))?,
        },
        DemandAction::Merge => Effect::MergeInto { target_id: check_merge_target(facts, fields.target)? },
        DemandAction::Accept => Effect::LinkProject {
            project_id: fields.project_id.ok_or_else(|| {
                Error::invalid("project_id", "project_required", "a demand is accepted by linking it to a project")
            })?,
        },
        DemandAction::Reopen => Effect::UnlinkProject,
        DemandAction::Coordinate => Effect::LinkCase {
            case_id: fields.case_id.ok_or_else(|| {
                Error::invalid("case_id", "case_required", "a demand is taken up by a coordination case")
            })?,
        },
    };
    Ok(Outcome { from: facts.state, to: action.transition().to, effect })
}

/// The user actions [`decide`] would accept from `by` now, given their fields: the demand's
/// `allowed_actions`.
pub fn allowed_actions(by: By<'_>, facts: &DemandFacts<'_>) -> Vec<DemandAction> {
    DemandAction::USER_ACTIONS.iter().copied().filter(|a| authorize(*a, by, facts).is_ok()).collect()
}

/// The reader's own part in a demand, which its roles alone do not tell: where it lives (the
/// unit paths of its grants, see [`authorize_cosign`]) and whether it has co-signed it.
#[derive(Debug, Clone, Copy)]
pub struct Support<'a> {
    pub grant_paths: &'a [UnitPath],
    pub cosigned: bool,
}

/// The demand's `allowed_actions` for a signed-in reader: the transitions [`allowed_actions`]
/// offers, then `cosign` when [`authorize_cosign`] would accept it, then `accept` when the
/// reader's street committee could take it into a project now.
pub fn reader_actions(actor: &Actor, facts: &DemandFacts<'_>, support: Support<'_>) -> Vec<DemandAllowedAction> {
    let mut actions: Vec<DemandAllowedAction> =
        allowed_actions(By::User(actor), facts).into_iter().filter_map(DemandAllowedAction::of).collect();
    if authorize_cosign(actor, facts, support.grant_paths, support.cosigned).is_ok() {
        actions.push(DemandAllowedAction::Cosign);
    }
    if authorize(DemandAction::Accept, By::User(actor), facts).is_ok() {
        actions.push(DemandAllowedAction::Accept);
    }
    actions
}

/// Whether `actor` sees who raised the demand. Officials over its unit and the author do;
/// neighbours reading their street's demands see the name masked, as on the public board
/// (SPEC §4.7): they learn that someone asked, not who.
pub fn shows_author(actor: &Actor, facts: &DemandFacts<'_>) -> bool {
    facts.author_id == Some(actor.user_id) || actor.may(Capability::ReadDemands, facts.unit_path)
}

/// Whether `actor` sees the number to call the author back on: those who handle the
/// demand (the community worker who rings, the street above it). Auditors read who raised
/// it, never how to reach them; the author and neighbours never see it.
pub fn shows_author_phone(actor: &Actor, facts: &DemandFacts<'_>) -> bool {
    actor.may(Capability::HandleDemands, facts.unit_path)
}

/// How much of a demand's timeline a reader sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimelineView {
    /// Officials over its unit: who acted (name and id) and in which role.
    Full,
    /// Its author and neighbours: only the role each actor acted in ("a resident
    /// co-signed", "a community worker verified"), never a name or an account id.
    RolesOnly,
}

/// Who sees whom on a demand's timeline: those who may read every demand of its unit see
/// the people; everyone else, the author included, sees roles only.
pub fn timeline_view(reader: &Actor, facts: &DemandFacts<'_>) -> TimelineView {
    if reader.may(Capability::ReadDemands, facts.unit_path) {
        TimelineView::Full
    } else {
        TimelineView::RolesOnly
    }
}

/// The role in which `acted_by` took part in this demand, for its timeline. Its author and
/// its co-signers (`as_supporter`) act as residents; anyone else through the grant nearest
/// the demand's unit that lets them handle demands, then a resident grant, then any grant.
/// `None` when the account holds no grant any more.
pub fn acting_role(acted_by: &Actor, facts: &DemandFacts<'_>, as_supporter: bool) -> Option<Role> {
    if as_supporter || facts.author_id == Some(acted_by.user_id) {
        return Some(Role::Resident);
    }
    let depth = |unit: Uuid| facts.unit_path.ids().iter().position(|id| *id == unit);
    acted_by
        .grants_for(Capability::HandleDemands, facts.unit_path)
        .max_by_key(|g| depth(g.unit_id))
        .or_else(|| acted_by.grants.iter().find(|g| g.role == Role::Resident))
        .or_else(|| acted_by.grants.first())
        .map(|g| g.role)
}

/// The 403 half: could `by` ever take this action on this demand, in some state?
fn permit(action: DemandAction, who: Who, by: By<'_>, facts: &DemandFacts<'_>) -> Result<(), Error> {
    match (who, by) {
        (Who::System, By::System) => Ok(()),
        (Who::System, By::User(_)) => {
            let when = if action == DemandAction::Resolve { "its project closes" } else { "its project is cancelled" };
            Err(Error::forbidden(
                "system_only",
                format!("no one may {action} a demand by hand; it happens when {when}"),
            ))
        }
        // The system only follows projects; anything else it attempted would be a bug.
        (_, By::System) => {
            Err(Error::forbidden("user_only", format!("{action} is a user's decision, not the system's")))
        }
        (Who::Author, By::User(actor)) => {
            if facts.author_id == Some(actor.user_id) {
                Ok(())
            } else {
                Err(Error::forbidden("not_author", format!("only the demand's author may {action} it")))
            }
        }
        (Who::Holder(capability), By::User(actor)) => {
            if !actor.may_somewhere(capability) {
                Err(Error::forbidden(
                    "forbidden_demands",
                    format!("your roles do not allow you to {action} demands; {} may", roles_with(capability)),
                ))
            } else if !actor.may(capability, facts.unit_path) {
                Err(Error::forbidden(
                    "out_of_scope",
                    format!("this demand lies outside the units where you may {action} demands"),
                ))
            } else {
                Ok(())
            }
        }
    }
}

/// A merge keeps the street's queue honest: it folds a duplicate into a demand that is still
/// waiting, in the same street (the street committee answers per street). The target may lie
/// in a neighbouring community outside the actor's own scope: residents of one street often
/// raise the same problem from both sides of a community line, and the merge changes nothing
/// on the target but its supporters.
///
/// Every problem with the target is a 422 on `target_id`, including a target that is no longer
/// live: the demand being merged is in the right state, it is the chosen target that is wrong,
/// and the form can point at the field.
fn check_merge_target(facts: &DemandFacts<'_>, target: Option<MergeTarget>) -> Result<Uuid, Error> {
    let target = target.ok_or_else(|| {
        Error::invalid("target_id", "target_required", "merge needs target_id: the demand to merge this one into")
    })?;
    if target.id == facts.id {
        return Err(Error::invalid("target_id", "merge_into_itself", "a demand cannot be merged into itself"));
    }
    if target.street_id != facts.street_id {
        return Err(Error::invalid(
            "target_id",
            "merge_target_street",
            "the target must be a demand of the same street",
        ));
    }
    if !target.state.is_live() {
        return Err(Error::invalid(
            "target_id",
            "merge_target_not_live",
            format!("the target is {}; only a submitted or published demand can take a merge", target.state),
        ));
    }
    Ok(target.id)
}

fn states(list: &[DemandState]) -> String {
    list.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" or ")
}

fn roles_with(capability: Capability) -> String {
    let roles: Vec<&str> = CAPABILITIES
        .iter()
        .filter(|(c, _)| *c == capability)
        .flat_map(|(_, roles)| roles.iter().map(|r| r.as_str()))
        .collect();
    roles.join(", ")
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use proptest::prelude::*;
    use uuid::Uuid;

    use super::*;
    use crate::demand::fixture::{actor, by, code, world};
    use crate::demand::DemandAllowedAction;
    use DemandAction as A;
    use DemandState as S;

    fn verdict(r: &Result<Outcome, Error>) -> char {
        match r {
            Ok(_) => 'O',
            Err(Error::Forbidden { .. }) => 'F',
            Err(Error::Conflict { .. }) => 'C',
            Err(Error::Invalid { .. }) => 'I',
        }
    }

    /// SPEC §4.1 and §2 written out for every actor, action and state. Each cell gives the
    /// answer in each state, in `DemandState::ALL` order (submitted, published, accepted,
    /// resolved, rejected, merged, referred, withdrawn): O = allowed, F = 403, C = 409.
    #[rustfmt::skip]
    const EXPECTED: &[(&str, [&str; 8])] = &[
        // actor                    verify      reject      merge       refer       withdraw    accept      resolve     reopen
        ("resident in",           ["FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF"]),
        ("resident out",          ["FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF"]),
        ("author in",             ["FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "OOCCCCCC", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF"]),
        ("author out",            ["FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "OOCCCCCC", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF"]),
        ("community_worker in",   ["OCCCCCCC", "OOCCCCCC", "OOCCCCCC", "OOCCCCCC", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF"]),
        ("community_worker out",  ["FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF"]),
        ("street_committee in",   ["OCCCCCCC", "OOCCCCCC", "OOCCCCCC", "OOCCCCCC", "FFFFFFFF", "COCCCCCC", "FFFFFFFF", "FFFFFFFF"]),
        ("street_committee out",  ["FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF"]),
        ("district_admin in",     ["OCCCCCCC", "OOCCCCCC", "OOCCCCCC", "OOCCCCCC", "FFFFFFFF", "COCCCCCC", "FFFFFFFF", "FFFFFFFF"]),
        ("district_admin out",    ["FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF"]),
        ("auditor in",            ["FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF"]),
        ("auditor out",           ["FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF"]),
        ("co_builder in",         ["FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF"]),
        ("co_builder out",        ["FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF"]),
        ("supervisor in",         ["FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF"]),
        ("supervisor out",        ["FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF"]),
        ("property_manager in",   ["FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF"]),
        ("property_manager out",  ["FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF"]),
        ("volunteer_leader in",   ["FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF"]),
        ("volunteer_leader out",  ["FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF"]),
        ("volunteer in",          ["FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF"]),
        ("volunteer out",         ["FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF"]),
        ("system",                ["FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "FFFFFFFF", "CCOCCCCC", "CCOCCCCC"]),
    ];

    #[test]
    fn every_actor_action_and_state_gets_the_expected_answer() {
        let w = world();
        let actors = w.actors();
        assert_eq!(actors.len(), EXPECTED.len(), "one expected row per actor");
        let fields = w.full_fields();
        let mut mismatches = Vec::new();
        for ((name, who), (expected_name, cells)) in actors.iter().zip(EXPECTED) {
            assert_eq!(name, expected_name);
            for (action, cell) in A::ALL.iter().zip(cells) {
                let got: String =
                    S::ALL.iter().map(|state| verdict(&decide(*action, by(who), &w.facts(*state), &fields))).collect();
                if got != *cell {
                    mismatches.push(format!("{name} {action}: expected {cell}, got {got}"));
                }
            }
        }
        assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    }

    #[test]
    fn allowed_actions_are_exactly_what_decide_accepts() {
        let w = world();
        let fields = w.full_fields();
        for (name, who) in w.actors() {
            for state in S::ALL {
                let facts = w.facts(*state);
                let accepted: Vec<DemandAction> =
                    A::USER_ACTIONS.iter().copied().filter(|a| decide(*a, by(&who), &facts, &fields).is_ok()).collect();
                assert_eq!(allowed_actions(by(&who), &facts), accepted, "{name} on a {state} demand");
            }
        }
    }

    /// SPEC §4.1's closed states, written out rather than read off the table, so the tests
    /// check the table instead of agreeing with it.
    const TERMINAL: &[DemandState] = &[S::Resolved, S::Rejected, S::Merged, S::Referred, S::Withdrawn];

    #[test]
    fn the_table_matches_the_spec() {
        let terminal: Vec<DemandState> = S::ALL.iter().copied().filter(|s| s.is_terminal()).collect();
        assert_eq!(terminal, TERMINAL);
        assert_eq!(reachable_states(), S::ALL.iter().copied().collect::<BTreeSet<_>>(), "no dead states");
        let user: Vec<DemandAction> = A::ALL.iter().copied().filter(|a| a.is_user_action()).collect();
        assert_eq!(user, A::USER_ACTIONS);
        assert_eq!(A::parse_user("verify"), Ok(A::Verify));
        for project_driven in ["accept", "resolve", "reopen"] {
            assert!(matches!(A::parse_user(project_driven), Err(Error::Invalid { field: "action", .. })));
        }
        assert!(matches!(A::parse_user("approve"), Err(Error::Invalid { code: "unknown_action", .. })));
    }

    fn reachable_states() -> BTreeSet<DemandState> {
        let mut seen = BTreeSet::from([S::Submitted]);
        let mut frontier = vec![S::Submitted];
        while let Some(state) = frontier.pop() {
            for action in A::ALL {
                let t = action.transition();
                if t.from.contains(&state) && seen.insert(t.to) {
                    frontier.push(t.to);
                }
            }
        }
        seen
    }

    #[test]
    fn refusals_say_why() {
        let w = world();
        let worker = actor(Role::CommunityWorker, &w.community);
        let resident = actor(Role::Resident, &w.community);
        let fields = w.full_fields();
        let published = w.facts(S::Published);

        // What a user expects: a resident may never verify; a worker may, just not twice.
        assert_eq!(code(decide(A::Verify, By::User(&resident), &published, &fields)), ('F', "forbidden_demands"));
        assert_eq!(code(decide(A::Verify, By::User(&worker), &published, &fields)), ('C', "wrong_state"));
        let Err(Error::Conflict { message, .. }) = decide(A::Verify, By::User(&worker), &published, &fields) else {
            panic!("verify of a published demand must conflict");
        };
        assert!(message.contains("verify") && message.contains("published"), "{message}");

        let outsider = actor(Role::CommunityWorker, &w.neighbour_community);
        assert_eq!(
            code(decide(A::Verify, By::User(&outsider), &w.facts(S::Submitted), &fields)),
            ('F', "out_of_scope")
        );
        assert_eq!(code(decide(A::Withdraw, By::User(&resident), &published, &fields)), ('F', "not_author"));
        let committee = actor(Role::StreetCommittee, &w.street);
        assert_eq!(
            code(decide(A::Resolve, By::User(&committee), &w.facts(S::Accepted), &fields)),
            ('F', "system_only")
        );
        assert_eq!(code(decide(A::Verify, By::System, &w.facts(S::Submitted), &fields)), ('F', "user_only"));
    }

    #[test]
    fn missing_fields_are_422_but_only_once_the_action_is_allowed() {
        let w = world();
        let worker = actor(Role::CommunityWorker, &w.community);
        let resident = actor(Role::Resident, &w.community);
        let live = w.facts(S::Submitted);
        let none = ActionFields::default();
        let invalid = |r| match code(r) {
            ('I', code) => code,
            other => panic!("expected 422, got {other:?}"),
        };

        assert_eq!(invalid(decide(A::Reject, By::User(&worker), &live, &none)), "reason_required");
        let blank = ActionFields { reason: Some("   "), ..none };
        assert_eq!(invalid(decide(A::Reject, By::User(&worker), &live, &blank)), "reason_required");
        let long = "长".repeat(501);
        let too_long = ActionFields { reason: Some(&long), ..none };
        assert_eq!(invalid(decide(A::Reject, By::User(&worker), &live, &too_long)), "reason_length");
        let reason_only = ActionFields { reason: Some("属于市政管理范围"), ..none };
        assert_eq!(invalid(decide(A::Refer, By::User(&worker), &live, &reason_only)), "referred_to_required");
        assert_eq!(invalid(decide(A::Refer, By::User(&worker), &live, &none)), "reason_required");
        assert_eq!(invalid(decide(A::Merge, By::User(&worker), &live, &none)), "target_required");
        let committee = actor(Role::StreetCommittee, &w.street);
        assert_eq!(invalid(decide(A::Accept, By::User(&committee), &w.facts(S::Published), &none)), "project_required");

        // Permission and state come first.
        assert_eq!(code(decide(A::Reject, By::User(&resident), &live, &none)), ('F', "forbidden_demands"));
        assert_eq!(code(decide(A::Reject, By::User(&worker), &w.facts(S::Rejected), &none)), ('C', "wrong_state"));

        let ok = decide(A::Refer, By::User(&worker), &live, &w.full_fields()).expect("refer with both fields");
        assert_eq!(ok.to, S::Referred);
        assert!(matches!(ok.effect, Effect::Refer { ref referred_to, .. } if referred_to.as_str() == "12345市民热线"));
    }

    #[test]
    fn merge_targets_a_different_live_demand_of_the_same_street() {
        let w = world();
        let worker = actor(Role::CommunityWorker, &w.community);
        let facts = w.facts(S::Published);
        let street = w.street.unit_id();
        let merge = |target: MergeTarget| {
            decide(A::Merge, By::User(&worker), &facts, &ActionFields { target: Some(target), ..Default::default() })
        };
        let target = MergeTarget { id: Uuid::now_v7(), state: S::Submitted, street_id: street };

        let ok = merge(target).expect("a live target in the same street");
        assert_eq!(ok.effect, Effect::MergeInto { target_id: target.id });
        assert_eq!(code(merge(MergeTarget { id: w.demand_id, ..target })), ('I', "merge_into_itself"));
        assert_eq!(
            code(merge(MergeTarget { street_id: w.other_street.unit_id(), ..target })),
            ('I', "merge_target_street")
        );
        for state in [S::Accepted, S::Resolved, S::Rejected, S::Merged, S::Referred, S::Withdrawn] {
            assert_eq!(code(merge(MergeTarget { state, ..target })), ('I', "merge_target_not_live"), "{state}");
        }
    }

    #[test]
    fn project_links_drive_accept_resolve_and_reopen() {
        let w = world();
        let committee = actor(Role::StreetCommittee, &w.street);
        let project_id = Uuid::now_v7();
        let fields = ActionFields { project_id: Some(project_id), ..Default::default() };
        let accepted = decide(A::Accept, By::User(&committee), &w.facts(S::Published), &fields).expect("accept");
        assert_eq!(accepted.effect, Effect::LinkProject { project_id });
        let reopened = decide(A::Reopen, By::System, &w.facts(S::Accepted), &fields).expect("reopen");
        assert_eq!((reopened.to, reopened.effect), (S::Published, Effect::UnlinkProject));
        let resolved = decide(A::Resolve, By::System, &w.facts(S::Accepted), &fields).expect("resolve");
        assert_eq!((resolved.to, resolved.effect), (S::Resolved, Effect::None));
        // A worker handles demands but does not run projects.
        let worker = actor(Role::CommunityWorker, &w.community);
        assert_eq!(
            code(decide(A::Accept, By::User(&worker), &w.facts(S::Published), &fields)),
            ('F', "forbidden_demands")
        );
    }

    /// What each reader is offered on a demand of its street: the buttons a screen shows.
    #[test]
    fn readers_are_offered_cosign_and_accept_only_when_they_would_be_accepted() {
        use DemandAllowedAction as O;
        let w = world();
        let mut author = actor(Role::Resident, &w.community);
        author.user_id = w.author;
        let readers = [
            ("neighbour", actor(Role::Resident, &w.neighbour_community), &w.neighbour_community),
            ("far resident", actor(Role::Resident, &w.other_community), &w.other_community),
            ("author", author, &w.community),
            ("worker", actor(Role::CommunityWorker, &w.community), &w.community),
            ("street", actor(Role::StreetCommittee, &w.street), &w.street),
            ("auditor", actor(Role::Auditor, &w.street), &w.street),
        ];
        #[rustfmt::skip]
        let expected: &[(&str, bool, DemandState, &[DemandAllowedAction])] = &[
            ("neighbour",    false, S::Published, &[O::Cosign]),
            ("neighbour",    true,  S::Published, &[]),
            ("neighbour",    false, S::Submitted, &[]),
            ("neighbour",    false, S::Accepted,  &[]),
            ("far resident", false, S::Published, &[]),
            ("author",       false, S::Published, &[O::Withdraw]),
            ("worker",       false, S::Published, &[O::Reject, O::Merge, O::Refer]),
            ("worker",       false, S::Submitted, &[O::Verify, O::Reject, O::Merge, O::Refer]),
            ("street",       false, S::Published, &[O::Reject, O::Merge, O::Refer, O::Accept]),
            ("auditor",      false, S::Published, &[]),
        ];
        for (name, cosigned, state, offered) in expected {
            let (_, reader, home) = readers.iter().find(|(n, _, _)| n == name).expect("a reader");
            let support = Support { grant_paths: std::slice::from_ref(*home), cosigned: *cosigned };
            assert_eq!(
                reader_actions(reader, &w.facts(*state), support),
                *offered,
                "{name}, {state}, cosigned {cosigned}"
            );
        }
        for action in DemandAction::ALL {
            assert_eq!(DemandAllowedAction::of(*action).is_some(), action.is_user_action(), "{action}");
        }
    }

    #[test]
    fn only_officials_in_scope_see_who_acted_on_the_timeline() {
        use crate::access::Grant;
        let district = UnitPath::new(vec![Uuid::now_v7()]).expect("non-empty");
        let street = district.child(Uuid::now_v7());
        let community = street.child(Uuid::now_v7());
        let other = district.child(Uuid::now_v7()).child(Uuid::now_v7());
        let person = |grants: Vec<(Role, &UnitPath)>| Actor {
            user_id: Uuid::now_v7(),
            grants: grants
                .into_iter()
                .map(|(role, at)| Grant { role, unit_id: at.unit_id(), organization_id: None })
                .collect(),
        };
        let author = person(vec![(Role::Resident, &community)]);
        let facts = DemandFacts {
            id: Uuid::now_v7(),
            state: DemandState::Published,
            author_id: Some(author.user_id),
            unit_path: &community,
            street_id: street.unit_id(),
        };
        let neighbour = person(vec![(Role::Resident, &community)]);
        let worker = person(vec![(Role::CommunityWorker, &community)]);
        let committee = person(vec![(Role::StreetCommittee, &street)]);
        let auditor = person(vec![(Role::Auditor, &district)]);
        let elsewhere = person(vec![(Role::CommunityWorker, &other)]);
        let view = |a: &Actor| timeline_view(a, &facts);
        assert_eq!(view(&author), TimelineView::RolesOnly, "the author sees roles, like a resident");
        assert_eq!(view(&neighbour), TimelineView::RolesOnly);
        assert_eq!(view(&elsewhere), TimelineView::RolesOnly);
        assert_eq!(view(&worker), TimelineView::Full);
        assert_eq!(view(&committee), TimelineView::Full);
        assert_eq!(view(&auditor), TimelineView::Full);

        let role = |a: &Actor, supporter: bool| acting_role(a, &facts, supporter);
        assert_eq!(role(&author, false), Some(Role::Resident));
        assert_eq!(role(&neighbour, true), Some(Role::Resident));
        assert_eq!(role(&worker, false), Some(Role::CommunityWorker));
        assert_eq!(role(&committee, false), Some(Role::StreetCommittee));
        // Someone who is both acts through the grant nearest the demand.
        let both = person(vec![(Role::StreetCommittee, &street), (Role::CommunityWorker, &community)]);
        assert_eq!(role(&both, false), Some(Role::CommunityWorker));
        let resident_worker = person(vec![(Role::Resident, &community), (Role::CommunityWorker, &community)]);
        assert_eq!(role(&resident_worker, true), Some(Role::Resident), "a co-sign is a resident's act");
        assert_eq!(role(&resident_worker, false), Some(Role::CommunityWorker));
        assert_eq!(role(&person(vec![]), false), None);
    }

    proptest! {
        /// Whatever anyone tries, a demand only moves along the table, and once it is closed
        /// nobody moves it again.
        #[test]
        fn random_actions_stay_in_the_table(
            steps in prop::collection::vec((0..A::ALL.len(), 0..24usize, any::<bool>()), 0..40)
        ) {
            let w = world();
            let actors = w.actors();
            let reachable = reachable_states();
            let mut state = S::Submitted;
            for (a, who, with_fields) in steps {
                let action = A::ALL[a];
                let who = &actors[who % actors.len()].1;
                let fields = if with_fields { w.full_fields() } else { ActionFields::default() };
                if let Ok(outcome) = decide(action, by(who), &w.facts(state), &fields) {
                    let t = action.transition();
                    prop_assert!(t.from.contains(&state));
                    prop_assert_eq!(outcome.from, state);
                    prop_assert_eq!(outcome.to, t.to);
                    state = outcome.to;
                }
                prop_assert!(reachable.contains(&state));
                if TERMINAL.contains(&state) {
                    let full = w.full_fields();
                    for (_, anyone) in &actors {
                        prop_assert!(allowed_actions(by(anyone), &w.facts(state)).is_empty());
                        for action in A::ALL {
                            prop_assert!(decide(*action, by(anyone), &w.facts(state), &full).is_err());
                        }
                    }
                }
            }
        }
    }
}
