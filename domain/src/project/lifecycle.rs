//! SPEC §4.2's transition table, and who may see and move a project.

use uuid::Uuid;

use super::values::{CancelReason, CompletionNote};
use super::{ProjectAction, ProjectAllowedAction, ProjectState};
use crate::access::{Actor, Capability, Role, CAPABILITIES};
use crate::money::Fen;
use crate::org_unit::UnitPath;
use crate::organization::OrganizationKind;
use crate::Error;

/// Who may take an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// A user holding the capability through a grant that reaches the project's unit.
    Holder(Capability),
    /// Those doing the work: the committee over the project, or a co-builder whose
    /// organisation holds a confirmed claim on it.
    Doer,
    /// The server, when an inspection vote settles a round.
    System,
}

/// One row of SPEC §4.2's table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    pub from: &'static [ProjectState],
    pub to: ProjectState,
    pub who: Who,
}

impl ProjectAction {
    /// The actions a user may send to the transitions endpoint.
    pub const USER_ACTIONS: &'static [ProjectAction] = &[
        ProjectAction::Publish,
        ProjectAction::Start,
        ProjectAction::Complete,
        ProjectAction::HandOver,
        ProjectAction::Cancel,
    ];

    /// SPEC §4.2, one row per action; a `match`, so an action without a row does not compile.
    #[rustfmt::skip]
    pub const fn transition(self) -> Transition {
        use Capability::RunProjects;
        use ProjectState::*;
        let (from, to, who): (&'static [ProjectState], _, _) = match self {
            //                            from                              to          who
            ProjectAction::Publish  => (&[Draft],                          Published,  Who::Holder(RunProjects)),
            ProjectAction::Start    => (&[Published],                      InProgress, Who::Holder(RunProjects)),
            ProjectAction::Complete => (&[InProgress],                     Completed,  Who::Doer),
            ProjectAction::Close    => (&[Completed],                      Closed,     Who::System),
            ProjectAction::Rework   => (&[Completed],                      InProgress, Who::System),
            ProjectAction::HandOver => (&[Closed],                         Closed,     Who::Holder(RunProjects)),
            ProjectAction::Cancel   => (&[Draft, Published, InProgress],   Cancelled,  Who::Holder(RunProjects)),
        };
        Transition { from, to, who }
    }

    /// Parse the `action` of a transitions request: the inspection's own steps are a bad
    /// field (422), since no one may send them.
    pub fn parse_user(raw: &str) -> Result<Self, Error> {
        let action = Self::parse(raw)?;
        if Self::USER_ACTIONS.contains(&action) {
            return Ok(action);
        }
        Err(Error::invalid(
            "action",
            "action_not_user",
            format!(
                "{action} cannot be requested here: a project closes or goes back to work when its inspection settles"
            ),
        ))
    }
}

/// Who is acting: a signed-in user, or the server settling an inspection round.
#[derive(Debug, Clone, Copy)]
pub enum By<'a> {
    User(&'a Actor),
    System,
}

/// Where the money stands (SPEC §4.2 start rule).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Funding {
    pub budget: Fen,
    pub gov_funds: Fen,
    /// The sum of confirmed (and fulfilled) claims on `funds` resources.
    pub confirmed_funds: Fen,
}

impl Funding {
    pub fn secured(&self) -> Fen {
        self.gov_funds.plus(self.confirmed_funds)
    }

    /// What is still missing before the work may start; zero once funded.
    pub fn gap(&self) -> Fen {
        self.budget.shortfall_after(self.secured())
    }
}

/// What the caller loads about the project before asking.
#[derive(Debug, Clone, Copy)]
pub struct ProjectFacts<'a> {
    pub id: Uuid,
    pub state: ProjectState,
    /// The project's unit (a street, community or compound) and its ancestors.
    pub unit_path: &'a UnitPath,
    pub funding: Funding,
    /// Organisations holding a confirmed or fulfilled claim on it: they do part of the work.
    pub providers: &'a [Uuid],
    /// Organisations with a live claim on it (pending, confirmed or fulfilled): the
    /// providers and those about to be ([`crate::duties::Tie::SuppliesProject`]).
    pub claimants: &'a [Uuid],
}

impl ProjectFacts<'_> {
    /// The street the project belongs to: its demands, supervisors and maintainer come from it.
    pub fn street_id(&self) -> Option<Uuid> {
        self.unit_path.ids().get(1).copied()
    }

    /// What ties someone whose running grants sit at `running_paths` to this project's work
    /// ([`crate::duties`]).
    pub fn ties<'b>(&'b self, running_paths: &'b [UnitPath]) -> crate::duties::TieFacts<'b> {
        crate::duties::TieFacts {
            running_paths,
            project_unit: self.unit_path,
            claimants: self.claimants,
            claim_started_by: None,
        }
    }
}

/// The organisation named by `maintainer_org_id` in a hand-over, as the caller loaded it.
#[derive(Debug, Clone, Copy)]
pub struct Maintainer<'a> {
    pub id: Uuid,
    pub kind: OrganizationKind,
    pub unit_path: &'a UnitPath,
}

/// The fields a transition request may carry; each action reads its own.
#[derive(Debug, Clone, Copy, Default)]
pub struct ActionFields<'a> {
    /// complete: the completion note.
    pub note: Option<&'a str>,
    /// cancel: why.
    pub reason: Option<&'a str>,
    /// hand_over: the organisation named by `maintainer_org_id`, or `None` when the request
    /// named none. An id that names no organisation is the caller's 422.
    pub maintainer: Option<Maintainer<'a>>,
}

/// What the caller writes besides the new state and the event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// publish, start, close, rework. Rework also starts a new inspection round.
    None,
    /// Store the note for the inspectors.
    Complete { note: CompletionNote },
    /// Set `maintainer_org_id` and `handed_over_at`.
    HandOver { maintainer_org_id: Uuid },
    /// Store the reason; reopen the accepted demands, release confirmed claims and cancel
    /// pending ones (a cancelled project holds no resource).
    Cancel { reason: CancelReason },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub from: ProjectState,
    pub to: ProjectState,
    pub effect: Effect,
}

/// May `by` take `action` now? Who (403), then state (409), then money for `start` (409
/// naming the gap): [`decide`] without the request's fields, for [`allowed_actions`].
pub fn authorize(action: ProjectAction, by: By<'_>, facts: &ProjectFacts<'_>) -> Result<(), Error> {
    let rule = action.transition();
    permit(action, rule.who, by, facts)?;
    if !rule.from.contains(&facts.state) {
        return Err(Error::conflict(
            "wrong_state",
            format!(
                "cannot {action} a project that is {}; {action} needs a project that is {}",
                facts.state,
                states(rule.from)
            ),
        ));
    }
    if action == ProjectAction::Start {
        let gap = facts.funding.gap();
        if gap > Fen::ZERO {
            return Err(Error::conflict(
                "funding_gap",
                format!(
                    "a funding gap of {gap} remains: the budget is {}, government funds {} and confirmed co-builder funds {}; \
                     the work may start once they cover it",
                    facts.funding.budget, facts.funding.gov_funds, facts.funding.confirmed_funds
                ),
            ));
        }
    }
    Ok(())
}

/// Take `action`: who (403), state and money (409), then the action's fields (422).
pub fn decide(
    action: ProjectAction,
    by: By<'_>,
    facts: &ProjectFacts<'_>,
    fields: &ActionFields<'_>,
) -> Result<Outcome, Error> {
    authorize(action, by, facts)?;
    let effect = match action {
        ProjectAction::Publish | ProjectAction::Start | ProjectAction::Close | ProjectAction::Rework => Effect::None,
        ProjectAction::Complete => Effect::Complete { note: CompletionNote::parse(fields.note.unwrap_or(""))? },
        ProjectAction::Cancel => Effect::Cancel { reason: CancelReason::parse(fields.reason.unwrap_or(""))? },
        ProjectAction::HandOver => Effect::HandOver { maintainer_org_id: check_maintainer(facts, fields.maintainer)? },
    };
    Ok(Outcome { from: facts.state, to: action.transition().to, effect })
}

/// The user transitions [`authorize`] accepts from `by` now.
pub fn allowed_actions(by: By<'_>, facts: &ProjectFacts<'_>) -> Vec<ProjectAction> {
    ProjectAction::USER_ACTIONS.iter().copied().filter(|a| authorize(*a, by, facts).is_ok()).collect()
}

/// May `actor` post a progress update (text + percent)? While the work goes on, those doing it.
pub fn authorize_progress(actor: &Actor, facts: &ProjectFacts<'_>) -> Result<(), Error> {
    permit_doer("post progress on", actor, facts)?;
    if facts.state != ProjectState::InProgress {
        return Err(Error::conflict(
            "wrong_state",
            format!("progress is posted while a project is in_progress; this one is {}", facts.state),
        ));
    }
    Ok(())
}

/// The reader's own part in a project, which its roles alone do not tell.
#[derive(Debug, Clone, Copy, Default)]
pub struct Reader<'a> {
    /// The unit paths of its supervisor grants' organisations (see [`super::Inspector`]).
    pub inspector_paths: &'a [UnitPath],
    /// The unit paths of its grants that run projects ([`crate::duties::RUNNING_ROLES`]).
    pub running_paths: &'a [UnitPath],
    /// It has voted in the current inspection round.
    pub voted: bool,
    /// It filed or co-signed one of the project's demands.
    pub supporter: bool,
    /// It has rated the project.
    pub rated: bool,
}

/// May `actor` edit the project's fields (`PATCH`)? Its street committee, while it is a
/// draft: once published, its plan and money are public commitments, changed only by
/// cancelling it and drafting anew.
pub fn authorize_edit(actor: &Actor, facts: &ProjectFacts<'_>) -> Result<(), Error> {
    permit_holder("edit", Capability::RunProjects, actor, facts)?;
    if facts.state != ProjectState::Draft {
        return Err(Error::conflict(
            "not_editable",
            format!("a project is edited while it is a draft; this one is {}", facts.state),
        ));
    }
    Ok(())
}

/// The project's `allowed_actions` for a signed-in reader: each is offered exactly when the
/// rule that decides it would accept it.
pub fn reader_actions(actor: &Actor, facts: &ProjectFacts<'_>, reader: Reader<'_>) -> Vec<ProjectAllowedAction> {
    let mut actions: Vec<ProjectAllowedAction> =
        allowed_actions(By::User(actor), facts).into_iter().filter_map(ProjectAllowedAction::of).collect();
    if authorize_progress(actor, facts).is_ok() {
        actions.push(ProjectAllowedAction::PostProgress);
    }
    let inspector = super::Inspector {
        grant_paths: reader.inspector_paths,
        running_paths: reader.running_paths,
        voted: reader.voted,
    };
    if super::inspection::authorize_inspection(actor, facts, inspector).is_ok() {
        actions.push(ProjectAllowedAction::Inspect);
    }
    if super::authorize_rating(actor, facts, reader).is_ok() {
        actions.push(ProjectAllowedAction::Rate);
    }
    if crate::claim::may_offer_to(actor, facts).is_ok() {
        actions.push(ProjectAllowedAction::Claim);
    }
    if crate::claim::may_request_for(actor, facts).is_ok() {
        actions.push(ProjectAllowedAction::RequestResource);
    }
    if authorize_edit(actor, facts).is_ok() {
        actions.push(ProjectAllowedAction::Edit);
    }
    actions
}

/// The steps `actor` may take in this state but for a further rule (the funding gap before
/// `start`), each with that rule's refusal: a screen says why instead of only hiding the
/// button. Steps of other states, or of other people, are not listed.
pub fn withheld_actions(actor: &Actor, facts: &ProjectFacts<'_>) -> Vec<(ProjectAction, Error)> {
    ProjectAction::USER_ACTIONS
        .iter()
        .copied()
        .filter(|a| {
            let rule = a.transition();
            rule.from.contains(&facts.state) && permit(*a, rule.who, By::User(actor), facts).is_ok()
        })
        .filter_map(|a| authorize(a, By::User(actor), facts).err().map(|e| (a, e)))
        .collect()
}

/// What part someone took in a project, for the role its timeline names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// An inspection vote.
    Vote,
    /// A rating.
    Rating,
    /// Anything else: a lifecycle step or a progress update.
    Work,
}

impl Part {
    /// The part a timeline event's action records: `inspect` a vote, `rate` a rating.
    pub fn of_event(action: &str) -> Part {
        match action {
            "inspect" => Part::Vote,
            "rate" => Part::Rating,
            _ => Part::Work,
        }
    }
}

/// The role in which `acted_by` took part in this project, for its timeline: a vote as a
/// supervisor, a rating as a resident; work through the grant nearest the project's unit
/// that runs projects, else as a co-builder doing part of it, else any grant. `None` when
/// the account holds no grant any more.
pub fn acting_role(acted_by: &Actor, facts: &ProjectFacts<'_>, part: Part) -> Option<Role> {
    let first_with = |role: Role| acted_by.grants.iter().find(|g| g.role == role);
    let depth = |unit: Uuid| facts.unit_path.ids().iter().position(|id| *id == unit);
    match part {
        Part::Vote => first_with(Role::Supervisor),
        Part::Rating => first_with(Role::Resident),
        Part::Work => acted_by.grants_for(Capability::RunProjects, facts.unit_path).max_by_key(|g| depth(g.unit_id)),
    }
    .or_else(|| first_with(Role::CoBuilder))
    .or_else(|| acted_by.grants.first())
    .map(|g| g.role)
}

/// Who sees a project: a published or later one is public (SPEC §4.7); a draft only those
/// who may read draft projects over its unit.
pub fn sees(actor: Option<&Actor>, facts: &ProjectFacts<'_>) -> bool {
    facts.state.is_public() || actor.is_some_and(|a| a.may(Capability::ReadProjects, facts.unit_path))
}

/// The 403 half: could `by` ever take this action on this project, in some state?
fn permit(action: ProjectAction, who: Who, by: By<'_>, facts: &ProjectFacts<'_>) -> Result<(), Error> {
    match (who, by) {
        (Who::System, By::System) => Ok(()),
        (Who::System, By::User(_)) => Err(Error::forbidden(
            "system_only",
            format!("no one may {action} a project by hand; it happens when its inspection settles"),
        )),
        (_, By::System) => {
            Err(Error::forbidden("user_only", format!("{action} is a user's decision, not the system's")))
        }
        (Who::Doer, By::User(actor)) => permit_doer(action.as_str(), actor, facts),
        (Who::Holder(capability), By::User(actor)) => permit_holder(action.as_str(), capability, actor, facts),
    }
}

fn permit_holder(what: &str, capability: Capability, actor: &Actor, facts: &ProjectFacts<'_>) -> Result<(), Error> {
    if !actor.may_somewhere(capability) {
        Err(Error::forbidden(
            "forbidden_projects",
            format!("your roles do not allow you to {what} projects; {} may", roles_with(capability)),
        ))
    } else if !actor.may(capability, facts.unit_path) {
        Err(Error::forbidden(
            "out_of_scope",
            format!("this project lies outside the units where you may {what} projects"),
        ))
    } else {
        Ok(())
    }
}

fn permit_doer(what: &str, actor: &Actor, facts: &ProjectFacts<'_>) -> Result<(), Error> {
    if actor.may(Capability::RunProjects, facts.unit_path)
        || facts.providers.iter().any(|org| actor.acts_for(Capability::OfferResources, *org))
    {
        return Ok(());
    }
    Err(Error::forbidden(
        "not_a_doer",
        format!(
            "only the street committee over the project, or a co-builder with a confirmed claim on it, may {what} it"
        ),
    ))
}

/// A project is handed to a property company (物业) of its own street for upkeep.
fn check_maintainer(facts: &ProjectFacts<'_>, maintainer: Option<Maintainer<'_>>) -> Result<Uuid, Error> {
    let m = maintainer.ok_or_else(|| {
        Error::invalid(
            "maintainer_org_id",
            "maintainer_required",
            "hand_over needs maintainer_org_id: the property-service organisation taking over upkeep",
        )
    })?;
    if m.kind != OrganizationKind::PropertyService {
        return Err(Error::invalid(
            "maintainer_org_id",
            "maintainer_kind",
            format!("a project is handed over to a property_service organisation, not a {}", m.kind),
        ));
    }
    if !facts.street_id().is_some_and(|street| m.unit_path.contains(street)) {
        return Err(Error::invalid(
            "maintainer_org_id",
            "maintainer_street",
            "the property company must belong to the project's street",
        ));
    }
    Ok(m.id)
}

fn states(list: &[ProjectState]) -> String {
    list.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" or ")
}

fn roles_with(capability: Capability) -> String {
    CAPABILITIES
        .iter()
        .filter(|(c, _)| *c == capability)
        .flat_map(|(_, roles)| roles.iter().map(|r| r.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}
