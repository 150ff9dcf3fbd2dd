//! The demand (需求) lifecycle of SPEC §4.1: residents place orders (群众下单), community
//! staff verify them onto the public demand list, and the street committee answers them with
//! projects.
//!
//! [`DemandAction::transition`] is SPEC §4.1's table; [`decide`] and [`allowed_actions`] both
//! read it, so the buttons a screen shows and the transitions the API accepts cannot drift
//! apart. Refusals follow one rule: 403 when no state of this demand would let this actor do
//! it (wrong role, out of scope, not the author), 409 when another state would, 422 when the
//! action itself is allowed but one of its fields is missing or wrong.

use std::collections::{BTreeSet, HashSet};

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::access::{Actor, Capability, Role, CAPABILITIES};
use crate::org_unit::{UnitKind, UnitPath};
use crate::values::{self, Lines};
use crate::Error;

string_enum! {
    pub enum DemandState ("state") {
        Submitted = "submitted",
        Published = "published",
        Accepted = "accepted",
        Resolved = "resolved",
        Rejected = "rejected",
        Merged = "merged",
        Referred = "referred",
        Withdrawn = "withdrawn",
    }
}

impl DemandState {
    pub const fn label_zh(self) -> &'static str {
        match self {
            DemandState::Submitted => "待受理",
            DemandState::Published => "已公示",
            DemandState::Accepted => "已接单",
            DemandState::Resolved => "已办结",
            DemandState::Rejected => "不予受理",
            DemandState::Merged => "已合并",
            DemandState::Referred => "已转办",
            DemandState::Withdrawn => "已撤回",
        }
    }

    pub const fn label_en(self) -> &'static str {
        match self {
            DemandState::Submitted => "Submitted",
            DemandState::Published => "Published",
            DemandState::Accepted => "Accepted",
            DemandState::Resolved => "Resolved",
            DemandState::Rejected => "Rejected",
            DemandState::Merged => "Merged",
            DemandState::Referred => "Referred",
            DemandState::Withdrawn => "Withdrawn",
        }
    }

    /// Still waiting for an answer: a demand can be merged into it, and it is offered as a
    /// similar demand when a resident files a new one.
    pub const fn is_live(self) -> bool {
        matches!(self, DemandState::Submitted | DemandState::Published)
    }

    /// No action, by anyone, leads out of this state. Read off the transition table rather
    /// than listed, so a new row cannot leave a stale list behind.
    pub fn is_terminal(self) -> bool {
        !DemandAction::ALL.iter().any(|a| a.transition().from.contains(&self))
    }

    /// On the public board (SPEC §4.7): an unverified demand has not been checked by anyone
    /// yet, and a withdrawn one its author took back.
    pub const fn is_public(self) -> bool {
        !matches!(self, DemandState::Submitted | DemandState::Withdrawn)
    }

    /// Open311's `open` status (SPEC §5): still being worked on; every other state is `closed`.
    pub const fn is_open(self) -> bool {
        matches!(self, DemandState::Submitted | DemandState::Published | DemandState::Accepted)
    }
}

string_enum! {
    pub enum DemandAction ("action") {
        Verify = "verify",
        Reject = "reject",
        Merge = "merge",
        Refer = "refer",
        Withdraw = "withdraw",
        Accept = "accept",
        Resolve = "resolve",
        Reopen = "reopen",
    }
}

string_enum! {
    /// What a reader may do to a demand now, its `allowed_actions`: a step of the lifecycle
    /// (`POST /demands/{id}/transitions`), or co-signing (`POST /demands/{id}/cosign`), which
    /// changes no state. The lifecycle's project-driven steps never appear: no one sends them.
    pub enum DemandAllowedAction ("allowed action") {
        Verify = "verify",
        Reject = "reject",
        Merge = "merge",
        Refer = "refer",
        Withdraw = "withdraw",
        Cosign = "cosign",
    }
}

impl DemandAllowedAction {
    /// The transition a user may request, as offered; `None` for the project's own steps.
    pub const fn of(action: DemandAction) -> Option<Self> {
        Some(match action {
            DemandAction::Verify => DemandAllowedAction::Verify,
            DemandAction::Reject => DemandAllowedAction::Reject,
            DemandAction::Merge => DemandAllowedAction::Merge,
            DemandAction::Refer => DemandAllowedAction::Refer,
            DemandAction::Withdraw => DemandAllowedAction::Withdraw,
            DemandAction::Accept | DemandAction::Resolve | DemandAction::Reopen => return None,
        })
    }
}

string_enum! {
    /// Which of a reader's own demands a list holds ("我的需求"): those it filed, or those
    /// it co-signed.
    pub enum DemandMine ("mine") {
        Filed = "filed",
        Cosigned = "cosigned",
    }
}

string_enum! {
    pub enum DemandCategory ("category") {
        Sanitation = "sanitation",
        Repair = "repair",
        ParkingTraffic = "parking_traffic",
        Greening = "greening",
        Safety = "safety",
        ElderlyDisabled = "elderly_disabled",
        CultureSports = "culture_sports",
        Property = "property",
        Other = "other",
    }
}

impl DemandCategory {
    pub const fn label_zh(self) -> &'static str {
        match self {
            DemandCategory::Sanitation => "环境卫生",
            DemandCategory::Repair => "设施维修",
            DemandCategory::ParkingTraffic => "停车交通",
            DemandCategory::Greening => "绿化养护",
            DemandCategory::Safety => "安全隐患",
            DemandCategory::ElderlyDisabled => "为老助残",
            DemandCategory::CultureSports => "文体活动",
            DemandCategory::Property => "物业服务",
            DemandCategory::Other => "其他",
        }
    }

    pub const fn label_en(self) -> &'static str {
        match self {
            DemandCategory::Sanitation => "Sanitation",
            DemandCategory::Repair => "Repairs",
            DemandCategory::ParkingTraffic => "Parking and traffic",
            DemandCategory::Greening => "Greening",
            DemandCategory::Safety => "Safety hazards",
            DemandCategory::ElderlyDisabled => "Elderly and disabled care",
            DemandCategory::CultureSports => "Culture and sports",
            DemandCategory::Property => "Property services",
            DemandCategory::Other => "Other",
        }
    }
}

string_enum! {
    /// How a demand reached us: a resident's own filing (`app`), staff recording what a
    /// resident said in person (`visit`) or by telephone (`phone`), or an Open311 client.
    pub enum DemandSource ("source") {
        App = "app",
        Visit = "visit",
        Phone = "phone",
        Open311 = "open311",
    }
}

// ---------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------

fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// A demand's title: 2–100 characters after trimming (characters, not bytes: a Chinese
/// character is three bytes of UTF-8).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemandTitle(String);

impl DemandTitle {
    pub const MIN_CHARS: usize = 2;
    pub const MAX_CHARS: usize = 100;

    /// One line that shows something (see [`values::visible_line`]).
    pub fn parse(raw: &str) -> Result<Self, Error> {
        values::visible_line(
            "title",
            raw,
            (Self::MIN_CHARS, Self::MAX_CHARS),
            "title_length",
            "title must be 2 to 100 characters",
        )
        .map(DemandTitle)
    }

    /// A title still being typed, for the similar-demand lookup: the same characters and
    /// bound as a title, but it may be short or blank.
    pub fn parse_draft(raw: &str) -> Result<String, Error> {
        let s = values::clean_text("title", raw, Lines::One)?;
        if char_len(&s) > Self::MAX_CHARS {
            return Err(Error::invalid("title", "title_length", "title must be at most 100 characters"));
        }
        Ok(s)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn into_inner(self) -> String {
        self.0
    }
}

/// A demand's description: at most 2000 characters after trimming; a clear title may be
/// all a resident has to say.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DemandDescription(String);

impl DemandDescription {
    pub const MAX_CHARS: usize = 2000;

    /// Many lines: `\r\n` becomes `\n`; other control characters are refused.
    pub fn parse(raw: &str) -> Result<Self, Error> {
        let s = values::clean_text("description", raw, Lines::Many)?;
        if char_len(&s) > Self::MAX_CHARS {
            return Err(Error::invalid(
                "description",
                "description_length",
                "description must be at most 2000 characters",
            ));
        }
        Ok(DemandDescription(s))
    }

    /// How much of a draft's description the similar-demand lookup takes: enough to tell two
    /// needs apart, and short enough for a URL (300 characters percent-encoded stay under
    /// 4 KB; a full description would not fit in the 8 KiB the server accepts).
    pub const DRAFT_CHARS: usize = 300;

    /// A description still being written, for the similar-demand lookup: the first
    /// [`Self::DRAFT_CHARS`] characters of it.
    pub fn parse_draft(raw: &str) -> Result<String, Error> {
        let s = values::clean_text("description", raw, Lines::Many)?;
        if char_len(&s) > Self::DRAFT_CHARS {
            return Err(Error::invalid(
                "description",
                "description_length",
                "send at most the first 300 characters of a draft's description",
            ));
        }
        Ok(s)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn into_inner(self) -> String {
        self.0
    }
}

/// Why a demand was rejected or referred: 1–500 characters, shown on the public list, so a
/// resident is never turned away without an explanation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason(String);

impl Reason {
    pub const MAX_CHARS: usize = 500;

    /// A blank reason is as good as none, so both are `reason_required`.
    pub fn parse(raw: &str) -> Result<Self, Error> {
        let s = values::clean_text("reason", raw, Lines::Many)?;
        if s.is_empty() {
            return Err(Error::invalid("reason", "reason_required", "a reason is required; it is shown publicly"));
        }
        if char_len(&s) > Self::MAX_CHARS {
            return Err(Error::invalid("reason", "reason_length", "reason must be at most 500 characters"));
        }
        values::require_visible("reason", &s)?;
        Ok(Reason(s))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn into_inner(self) -> String {
        self.0
    }
}

/// Where a referred demand went (the 12345 hotline, a department): 1–100 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferredTo(String);

impl ReferredTo {
    pub const MAX_CHARS: usize = 100;

    pub fn parse(raw: &str) -> Result<Self, Error> {
        let s = values::clean_text("referred_to", raw, Lines::One)?;
        if s.is_empty() {
            return Err(Error::invalid(
                "referred_to",
                "referred_to_required",
                "referred_to is required: where the demand was sent (e.g. the 12345 hotline)",
            ));
        }
        if char_len(&s) > Self::MAX_CHARS {
            return Err(Error::invalid(
                "referred_to",
                "referred_to_length",
                "referred_to must be at most 100 characters",
            ));
        }
        values::require_visible("referred_to", &s)?;
        Ok(ReferredTo(s))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn into_inner(self) -> String {
        self.0
    }
}

// ---------------------------------------------------------------------------------------
// The transition table
// ---------------------------------------------------------------------------------------

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
            DemandAction::Resolve => "a demand is resolved when its project closes",
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
    /// Set `merged_into_id`, and move the supporters to the target with [`merge_cosigners`].
    MergeInto { target_id: Uuid },
    /// Set `project_id`.
    LinkProject { project_id: Uuid },
    /// Clear `project_id`: the demand is back on the list, waiting for another project.
    UnlinkProject,
}

/// An accepted transition. Whenever `to` is `published` (verify, reopen), the caller sets
/// `published_at` to now: the answer deadline counts from there (see [`due_at`]).
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
/// offers, then `cosign` when [`authorize_cosign`] would accept it.
pub fn reader_actions(actor: &Actor, facts: &DemandFacts<'_>, support: Support<'_>) -> Vec<DemandAllowedAction> {
    let mut actions: Vec<DemandAllowedAction> =
        allowed_actions(By::User(actor), facts).into_iter().filter_map(DemandAllowedAction::of).collect();
    if authorize_cosign(actor, facts, support.grant_paths, support.cosigned).is_ok() {
        actions.push(DemandAllowedAction::Cosign);
    }
    actions
}

/// Whether `actor` sees who raised the demand. Officials over its unit and the author do;
/// neighbours reading their street's demands see the name masked, as on the public board
/// (SPEC §4.7): they learn that someone asked, not who.
pub fn shows_author(actor: &Actor, facts: &DemandFacts<'_>) -> bool {
    facts.author_id == Some(actor.user_id) || actor.may(Capability::ReadDemands, facts.unit_path)
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

// ---------------------------------------------------------------------------------------
// Filing and co-signing
// ---------------------------------------------------------------------------------------

/// A demand is about a place residents live: a community or one of its compounds. Open311
/// filings, which have no actor, check only this.
pub fn check_demand_unit(unit_kind: UnitKind) -> Result<(), Error> {
    match unit_kind {
        UnitKind::Community | UnitKind::Compound => Ok(()),
        _ => Err(Error::invalid(
            "unit_id",
            "demand_unit_kind",
            format!("a demand belongs to a community or a compound, not a {unit_kind}"),
        )),
    }
}

/// In which capacity an actor may file at a unit: as one of its residents, as staff over it,
/// or both.
struct Capacity {
    as_resident: bool,
    as_staff: bool,
}

fn filing_capacity(actor: &Actor, unit_kind: UnitKind, unit_path: &UnitPath) -> Result<Capacity, Error> {
    check_demand_unit(unit_kind)?;
    let as_resident = actor.grants.iter().any(|g| g.role == Role::Resident && unit_path.contains(g.unit_id));
    let as_staff = actor.may(Capability::HandleDemands, unit_path);
    if !as_resident && !as_staff {
        return Err(if actor.has_role(Role::Resident) || actor.may_somewhere(Capability::HandleDemands) {
            Error::forbidden(
                "out_of_scope",
                "you may file demands only in your own community, or for units in your scope",
            )
        } else {
            Error::forbidden("forbidden_demands", "only residents and community staff may file demands")
        });
    }
    Ok(Capacity { as_resident, as_staff })
}

/// May `actor` look for demands like the one it is writing at this unit, before filing it?
/// Whoever may file there, in any capacity: the lookup shows what filing would.
pub fn authorize_similar_lookup(actor: &Actor, unit_kind: UnitKind, unit_path: &UnitPath) -> Result<(), Error> {
    filing_capacity(actor, unit_kind, unit_path).map(|_| ())
}

/// May `actor` file a demand at this unit with this source?
///
/// A resident files its own demands (`app`) in its own community; staff holding
/// `HandleDemands` over the unit record what a resident told them (`visit`, `phone`). Who
/// may file here at all is the 403; a source that does not match the capacity the actor files
/// in is a 422 on `source`, since the same actor could file with the right one.
pub fn authorize_create(
    actor: &Actor,
    unit_kind: UnitKind,
    unit_path: &UnitPath,
    source: DemandSource,
) -> Result<(), Error> {
    let Capacity { as_resident, as_staff } = filing_capacity(actor, unit_kind, unit_path)?;
    match source {
        DemandSource::App if as_resident => Ok(()),
        DemandSource::Visit | DemandSource::Phone if as_staff => Ok(()),
        DemandSource::Open311 => Err(Error::invalid(
            "source",
            "source_open311",
            "open311 demands are filed through /open311/v2 with an api_key",
        )),
        DemandSource::App => Err(Error::invalid(
            "source",
            "source_app_residents",
            "app is for residents filing their own demands; record a resident's demand with source visit or phone",
        )),
        DemandSource::Visit | DemandSource::Phone => Err(Error::invalid(
            "source",
            "source_staff_only",
            "visit and phone are for community staff recording a resident's demand; file your own with source app",
        )),
    }
}

/// May `actor` co-sign (附议) this demand?
///
/// A co-signer must live in the demand's street: a resident grant whose community lies in it.
/// Grants carry only their unit, so the caller passes `grant_paths`, the unit paths of the
/// actor's grants; paths of units where the actor is not a resident are ignored.
///
/// 403 when this actor could never co-sign it (not a resident of the street, or its own
/// author, whose support the demand already counts); 409 when the demand is not published or
/// the actor has already co-signed (`already_cosigned`).
pub fn authorize_cosign(
    actor: &Actor,
    facts: &DemandFacts<'_>,
    grant_paths: &[UnitPath],
    already_cosigned: bool,
) -> Result<(), Error> {
    let lives_in_street = grant_paths.iter().any(|path| {
        path.contains(facts.street_id)
            && actor.grants.iter().any(|g| g.role == Role::Resident && g.unit_id == path.unit_id())
    });
    if !lives_in_street {
        return Err(Error::forbidden("not_street_resident", "only residents of the demand's street may co-sign it"));
    }
    if facts.author_id == Some(actor.user_id) {
        return Err(Error::forbidden("own_demand", "you filed this demand; it already counts your support"));
    }
    if facts.state != DemandState::Published {
        return Err(Error::conflict(
            "wrong_state",
            format!("cannot co-sign a demand that is {}; only published demands take co-signs", facts.state),
        ));
    }
    if already_cosigned {
        return Err(Error::conflict("already_cosigned", "you have already co-signed this demand"));
    }
    Ok(())
}

/// The co-signers of `target` after `source` is merged into it (SPEC §4.1: co-signs move).
///
/// Pass as `source` everyone the merged demand counted: its co-signers *and its author*, who
/// asked for the same thing and stays credited (and may rate the project that answers it).
/// Someone who supported both is counted once, and the target's author never becomes its own
/// co-signer.
pub fn merge_cosigners(
    source: &BTreeSet<Uuid>,
    target: &BTreeSet<Uuid>,
    target_author: Option<Uuid>,
) -> BTreeSet<Uuid> {
    source.union(target).copied().filter(|id| Some(*id) != target_author).collect()
}

// ---------------------------------------------------------------------------------------
// Deadlines (时限)
// ---------------------------------------------------------------------------------------

/// Per-district limits, in calendar days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemandDeadlines {
    /// A submitted demand must be verified (or rejected, merged, referred) within this.
    pub verify_days: u32,
    /// A published demand must be accepted, rejected or referred within this.
    pub answer_days: u32,
}

impl Default for DemandDeadlines {
    fn default() -> Self {
        DemandDeadlines { verify_days: 3, answer_days: 15 }
    }
}

/// When the demand becomes overdue in its current state, or `None` when no clock runs (it has
/// been answered one way or another).
///
/// `published_at` is when the demand last became published: a reopened demand needs a new
/// answer and gets a fresh `answer_days`. Should it be missing for a published demand, the
/// clock runs from `created_at`: a demand escalated early is better than one never escalated.
pub fn due_at(
    state: DemandState,
    created_at: DateTime<Utc>,
    published_at: Option<DateTime<Utc>>,
    deadlines: DemandDeadlines,
) -> Option<DateTime<Utc>> {
    let (start, days) = match state {
        DemandState::Submitted => (created_at, deadlines.verify_days),
        DemandState::Published => (published_at.unwrap_or(created_at), deadlines.answer_days),
        _ => return None,
    };
    // A limit so large the date overflows is no limit at all.
    start.checked_add_signed(chrono::TimeDelta::try_days(i64::from(days))?)
}

/// Overdue: not verified within `verify_days` of creation, or, once published, not answered
/// within `answer_days` of publication. The full limit is allowed: due at exactly the limit is
/// not yet overdue.
pub fn is_overdue(
    state: DemandState,
    created_at: DateTime<Utc>,
    published_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    deadlines: DemandDeadlines,
) -> bool {
    due_at(state, created_at, published_at, deadlines).is_some_and(|due| now > due)
}

// ---------------------------------------------------------------------------------------
// Similar demands
// ---------------------------------------------------------------------------------------

/// Dice similarity at or above which a live demand is offered as similar. Measured on the 58
/// demands of `data/demands-zh.tsv`: of the 169 pairs of different demands in the same
/// category, 4 reach it, each a related problem worth showing (楼道灯不亮 / 路灯不亮); rewordings
/// of one problem score 0.15–0.30. A false suggestion costs a glance, a missed one a duplicate.
pub const SIMILARITY_THRESHOLD: f64 = 0.12;

/// How many similar demands the API offers on create.
pub const MAX_SIMILAR: usize = 5;

/// Words in nearly every resident's demand (in a third of the sample, 希望 alone) that say
/// nothing about what the demand is about; left in, they make unrelated demands look alike.
const STOP_WORDS: &[&str] = &[
    "希望", "建议", "小区", "社区", "居民", "住户", "我们", "没有", "经常", "很多", "影响", "问题", "一个", "已经",
    "非常", "一直", "不少",
];

/// Function characters: they join words but do not name anything.
const STOP_CHARS: &[char] = &['的', '了', '和', '与', '也', '都', '很', '在', '是', '把', '被', '就', '还', '又', '着'];

/// Full-width ASCII (３号楼, ＷｉＦｉ) as typed by Chinese input methods, folded to ASCII so it
/// matches the half-width spelling.
fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// The character bigrams of `text`, the words a Chinese text has without spaces between
/// them. Whitespace, punctuation, stop words and stop characters break the text into runs,
/// and bigrams never span a break; ASCII is lowercased, so `WiFi` and `wifi` share theirs.
pub fn bigrams(text: &str) -> HashSet<(char, char)> {
    let mut folded: String = text.chars().map(|c| fold_width(c).to_ascii_lowercase()).collect();
    for word in STOP_WORDS {
        folded = folded.replace(word, " ");
    }
    let mut out = HashSet::new();
    let mut previous: Option<char> = None;
    for c in folded.chars() {
        if !c.is_alphanumeric() || STOP_CHARS.contains(&c) {
            previous = None;
            continue;
        }
        if let Some(p) = previous {
            out.insert((p, c));
        }
        previous = Some(c);
    }
    out
}

/// Dice's coefficient of the two texts' bigrams, 0.0–1.0. Pass a demand's title and
/// description joined by a space. Dice rather than Jaccard: it spreads the low scores that
/// short, differently worded texts get, where the threshold has to sit.
pub fn similarity(a: &str, b: &str) -> f64 {
    dice(&bigrams(a), &bigrams(b))
}

fn dice(a: &HashSet<(char, char)>, b: &HashSet<(char, char)>) -> f64 {
    if a.is_empty() || b.is_empty() {
        // Nothing to compare is no evidence of a duplicate.
        return 0.0;
    }
    let shared = a.intersection(b).count();
    (2 * shared) as f64 / (a.len() + b.len()) as f64
}

/// The candidates similar to `text` (each given as title and description joined by a space),
/// most similar first, at most [`MAX_SIMILAR`]. Ties keep the candidates' order, so the caller
/// decides (e.g. most co-signed first). The caller picks the candidates: live demands of the
/// same community and category.
pub fn most_similar<T, S: AsRef<str>>(text: &str, candidates: impl IntoIterator<Item = (T, S)>) -> Vec<(T, f64)> {
    let mine = bigrams(text);
    let mut scored: Vec<(T, f64)> = candidates
        .into_iter()
        .map(|(item, other)| {
            let score = dice(&mine, &bigrams(other.as_ref()));
            (item, score)
        })
        .filter(|(_, score)| *score >= SIMILARITY_THRESHOLD)
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1));
    scored.truncate(MAX_SIMILAR);
    scored
}

/// The search terms of a text: every character bigram of its runs of letters and digits,
/// width-folded and lowercased. Unlike [`bigrams`], stop words stay: a search for 小区 must
/// find 小区. A demand is indexed by the terms of its title and description, and a search
/// `q` can only match demands that hold every term of `q`: the terms of a substring are a
/// subset of the terms of the text. A single character has no term (it is searched by
/// reading its scope).
pub fn search_terms(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut previous: Option<char> = None;
    for c in text.chars().map(|c| fold_width(c).to_ascii_lowercase()) {
        if !c.is_alphanumeric() {
            previous = None;
            continue;
        }
        if let Some(p) = previous {
            out.insert(String::from_iter([p, c]));
        }
        previous = Some(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::Grant;
    use chrono::TimeZone;
    use proptest::prelude::*;
    use DemandAction as A;
    use DemandState as S;

    /// 二七区 ⊃ 淮河路 ⊃ 兴华社区 ⊃ 金祥花园 (the demand's unit), a neighbouring street and
    /// community, and another district altogether.
    struct World {
        district: UnitPath,
        street: UnitPath,
        community: UnitPath,
        compound: UnitPath,
        neighbour_community: UnitPath,
        other_street: UnitPath,
        other_community: UnitPath,
        other_district: UnitPath,
        demand_id: Uuid,
        author: Uuid,
    }

    fn world() -> World {
        let district = UnitPath::new(vec![Uuid::now_v7()]).expect("non-empty");
        let street = district.child(Uuid::now_v7());
        let community = street.child(Uuid::now_v7());
        let compound = community.child(Uuid::now_v7());
        let neighbour_community = street.child(Uuid::now_v7());
        let other_street = district.child(Uuid::now_v7());
        let other_community = other_street.child(Uuid::now_v7());
        let other_district = UnitPath::new(vec![Uuid::now_v7()]).expect("non-empty");
        World {
            district,
            street,
            community,
            compound,
            neighbour_community,
            other_street,
            other_community,
            other_district,
            demand_id: Uuid::now_v7(),
            author: Uuid::now_v7(),
        }
    }

    fn actor(role: Role, at: &UnitPath) -> Actor {
        Actor { user_id: Uuid::now_v7(), grants: vec![Grant { role, unit_id: at.unit_id(), organization_id: None }] }
    }

    impl World {
        fn facts(&self, state: DemandState) -> DemandFacts<'_> {
            DemandFacts {
                id: self.demand_id,
                state,
                author_id: Some(self.author),
                unit_path: &self.compound,
                street_id: self.street.unit_id(),
            }
        }

        /// Every kind of actor, by name; `None` is the system. "in" holds its grant where it
        /// reaches the demand, "out" where it does not.
        fn actors(&self) -> Vec<(&'static str, Option<Actor>)> {
            let mut author_in = actor(Role::Resident, &self.community);
            author_in.user_id = self.author;
            let mut author_out = actor(Role::Resident, &self.other_community);
            author_out.user_id = self.author;
            vec![
                ("resident in", Some(actor(Role::Resident, &self.community))),
                ("resident out", Some(actor(Role::Resident, &self.other_community))),
                ("author in", Some(author_in)),
                ("author out", Some(author_out)),
                ("community_worker in", Some(actor(Role::CommunityWorker, &self.community))),
                ("community_worker out", Some(actor(Role::CommunityWorker, &self.neighbour_community))),
                ("street_committee in", Some(actor(Role::StreetCommittee, &self.street))),
                ("street_committee out", Some(actor(Role::StreetCommittee, &self.other_street))),
                ("district_admin in", Some(actor(Role::DistrictAdmin, &self.district))),
                ("district_admin out", Some(actor(Role::DistrictAdmin, &self.other_district))),
                ("auditor in", Some(actor(Role::Auditor, &self.street))),
                ("auditor out", Some(actor(Role::Auditor, &self.other_street))),
                // An organisation's grant carries the organisation's unit.
                ("co_builder in", Some(actor(Role::CoBuilder, &self.compound))),
                ("co_builder out", Some(actor(Role::CoBuilder, &self.other_community))),
                ("supervisor in", Some(actor(Role::Supervisor, &self.compound))),
                ("supervisor out", Some(actor(Role::Supervisor, &self.other_community))),
                ("property_manager in", Some(actor(Role::PropertyManager, &self.compound))),
                ("property_manager out", Some(actor(Role::PropertyManager, &self.other_community))),
                ("volunteer_leader in", Some(actor(Role::VolunteerLeader, &self.compound))),
                ("volunteer_leader out", Some(actor(Role::VolunteerLeader, &self.other_community))),
                ("volunteer in", Some(actor(Role::Volunteer, &self.compound))),
                ("volunteer out", Some(actor(Role::Volunteer, &self.other_community))),
                ("system", None),
            ]
        }

        /// Every field an action could need, all valid.
        fn full_fields(&self) -> ActionFields<'static> {
            ActionFields {
                reason: Some("已由物业负责处理"),
                referred_to: Some("12345市民热线"),
                target: Some(MergeTarget { id: Uuid::now_v7(), state: S::Published, street_id: self.street.unit_id() }),
                project_id: Some(Uuid::now_v7()),
            }
        }
    }

    fn by(a: &Option<Actor>) -> By<'_> {
        a.as_ref().map_or(By::System, By::User)
    }

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

    fn code(r: Result<impl std::fmt::Debug, Error>) -> (char, &'static str) {
        match r {
            Ok(v) => panic!("expected a refusal, got {v:?}"),
            Err(Error::Invalid { code, .. }) => ('I', code),
            Err(Error::Forbidden { code, .. }) => ('F', code),
            Err(Error::Conflict { code, .. }) => ('C', code),
        }
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

    #[test]
    fn who_files_where_and_how() {
        let w = world();
        let resident = actor(Role::Resident, &w.community);
        let neighbour = actor(Role::Resident, &w.neighbour_community);
        let worker = actor(Role::CommunityWorker, &w.community);
        let committee = actor(Role::StreetCommittee, &w.street);
        let auditor = actor(Role::Auditor, &w.district);
        let mut both = actor(Role::Resident, &w.community);
        both.grants.push(Grant { role: Role::CommunityWorker, unit_id: w.community.unit_id(), organization_id: None });
        use DemandSource::*;
        use UnitKind::*;
        let ok = |a: &Actor, kind, path: &UnitPath, source| authorize_create(a, kind, path, source).is_ok();

        assert!(ok(&resident, Community, &w.community, App));
        assert!(ok(&resident, Compound, &w.compound, App));
        assert!(ok(&worker, Compound, &w.compound, Visit));
        assert!(ok(&committee, Community, &w.community, Phone));
        assert!(ok(&both, Compound, &w.compound, App));
        assert!(ok(&both, Compound, &w.compound, Phone));

        let create = |a: &Actor, kind, path: &UnitPath, source| code(authorize_create(a, kind, path, source));
        assert_eq!(create(&neighbour, Compound, &w.compound, App), ('F', "out_of_scope"));
        assert_eq!(create(&auditor, Compound, &w.compound, App), ('F', "forbidden_demands"));
        assert_eq!(create(&resident, Compound, &w.compound, Phone), ('I', "source_staff_only"));
        assert_eq!(create(&worker, Compound, &w.compound, App), ('I', "source_app_residents"));
        assert_eq!(create(&worker, Compound, &w.compound, Open311), ('I', "source_open311"));
        assert_eq!(create(&resident, Street, &w.street, App), ('I', "demand_unit_kind"));
        assert_eq!(create(&worker, Compound, &w.other_community.child(Uuid::now_v7()), Visit), ('F', "out_of_scope"));

        // Looking for twins before filing: whoever may file there, in either capacity.
        let lookup = |a: &Actor, kind, path: &UnitPath| code(authorize_similar_lookup(a, kind, path));
        assert!(authorize_similar_lookup(&resident, Compound, &w.compound).is_ok());
        assert!(authorize_similar_lookup(&worker, Community, &w.community).is_ok());
        assert_eq!(lookup(&neighbour, Compound, &w.compound), ('F', "out_of_scope"));
        assert_eq!(lookup(&auditor, Community, &w.community), ('F', "forbidden_demands"));
        assert_eq!(lookup(&resident, Street, &w.street), ('I', "demand_unit_kind"));
    }

    #[test]
    fn residents_of_the_street_cosign_a_published_demand_once() {
        let w = world();
        let neighbour = actor(Role::Resident, &w.neighbour_community);
        let paths = [w.neighbour_community.clone(), w.other_community.clone()];
        let published = w.facts(S::Published);
        assert!(
            authorize_cosign(&neighbour, &published, &paths, false).is_ok(),
            "a neighbouring community, same street"
        );
        assert_eq!(code(authorize_cosign(&neighbour, &published, &paths, true)), ('C', "already_cosigned"));
        assert_eq!(code(authorize_cosign(&neighbour, &w.facts(S::Submitted), &paths, false)), ('C', "wrong_state"));

        let far = actor(Role::Resident, &w.other_community);
        assert_eq!(
            code(authorize_cosign(&far, &published, std::slice::from_ref(&w.other_community), false)),
            ('F', "not_street_resident")
        );
        // Staff of the street are not its residents, and a path without a resident grant
        // behind it proves nothing.
        let worker = actor(Role::CommunityWorker, &w.community);
        assert_eq!(
            code(authorize_cosign(&worker, &published, std::slice::from_ref(&w.community), false)),
            ('F', "not_street_resident")
        );
        assert_eq!(
            code(authorize_cosign(&far, &published, std::slice::from_ref(&w.community), false)),
            ('F', "not_street_resident")
        );

        let mut author = actor(Role::Resident, &w.community);
        author.user_id = w.author;
        assert_eq!(
            code(authorize_cosign(&author, &published, std::slice::from_ref(&w.community), false)),
            ('F', "own_demand")
        );
    }

    /// What each reader is offered on a demand of its street: the buttons a screen shows.
    #[test]
    fn readers_are_offered_cosign_only_when_it_would_be_accepted() {
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
            ("street",       false, S::Published, &[O::Reject, O::Merge, O::Refer]),
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
    fn overdue_after_the_full_limit() {
        let created = Utc.with_ymd_and_hms(2024, 5, 6, 9, 0, 0).single().expect("valid time");
        let limits = DemandDeadlines::default();
        let day = chrono::TimeDelta::days(1);
        let second = chrono::TimeDelta::seconds(1);

        assert!(!is_overdue(S::Submitted, created, None, created + day * 3, limits));
        assert!(is_overdue(S::Submitted, created, None, created + day * 3 + second, limits));

        let published = created + day * 2;
        assert!(!is_overdue(S::Published, created, Some(published), published + day * 15, limits));
        assert!(is_overdue(S::Published, created, Some(published), published + day * 15 + second, limits));
        // An answered demand has no clock.
        for state in [S::Accepted, S::Resolved, S::Rejected, S::Merged, S::Referred, S::Withdrawn] {
            assert!(!is_overdue(state, created, Some(published), created + day * 365, limits), "{state}");
        }
        let strict = DemandDeadlines { verify_days: 1, answer_days: 5 };
        assert!(is_overdue(S::Submitted, created, None, created + day + second, strict));
        let endless = DemandDeadlines { verify_days: u32::MAX, answer_days: u32::MAX };
        assert_eq!(due_at(S::Submitted, created, None, endless), None);
    }

    #[test]
    fn values_count_characters_and_trim() {
        assert_eq!(DemandTitle::parse("  楼道灯不亮 ").expect("valid").as_str(), "楼道灯不亮");
        assert!(DemandTitle::parse("灯").is_err());
        assert!(DemandTitle::parse(&"灯".repeat(100)).is_ok(), "100 characters is 300 bytes and still fine");
        assert_eq!(code(DemandTitle::parse(&"灯".repeat(101))), ('I', "title_length"));
        assert!(DemandDescription::parse("").is_ok());
        assert!(DemandDescription::parse(&"水".repeat(2000)).is_ok());
        assert_eq!(code(DemandDescription::parse(&"水".repeat(2001))), ('I', "description_length"));
        assert_eq!(code(ReferredTo::parse(&"局".repeat(101))), ('I', "referred_to_length"));
        assert!(Reason::parse(&"因".repeat(500)).is_ok());
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

    #[test]
    fn demand_texts_refuse_control_characters_and_invisible_titles() {
        for bad in ["灯\u{0}不亮", "灯\u{7}不亮", "灯\n不亮"] {
            assert_eq!(code(DemandTitle::parse(bad)), ('I', "control_characters"), "{bad:?}");
            assert_eq!(code(ReferredTo::parse(bad)), ('I', "control_characters"), "{bad:?}");
        }
        assert_eq!(code(DemandDescription::parse("a\u{0}b")), ('I', "control_characters"));
        assert_eq!(code(Reason::parse("a\u{1b}b")), ('I', "control_characters"));
        assert_eq!(DemandDescription::parse("一楼\r\n二楼\t灯").expect("valid").as_str(), "一楼\n二楼\t灯");
        assert!(Reason::parse("第一\n第二").is_ok());
        for blank in ["\u{200B}\u{200B}", "\u{202E}\u{202D}", "\u{2066}\u{2069}", "\u{FEFF}\u{2060}\u{200C}"] {
            assert_eq!(code(DemandTitle::parse(blank)), ('I', "invisible_only"), "{blank:?}");
            assert_eq!(code(Reason::parse(blank)), ('I', "invisible_only"), "{blank:?}");
        }
    }

    #[test]
    fn names_round_trip_and_have_labels() {
        for c in DemandCategory::ALL {
            assert_eq!(DemandCategory::parse(c.as_str()), Ok(*c));
            assert!(!c.label_zh().is_empty() && !c.label_en().is_empty());
        }
        for s in S::ALL {
            assert_eq!(S::parse(s.as_str()), Ok(*s));
        }
        assert_eq!(DemandCategory::ParkingTraffic.label_zh(), "停车交通");
        assert_eq!(S::Referred.label_zh(), "已转办");
        assert!(matches!(DemandCategory::parse("noise"), Err(Error::Invalid { field: "category", .. })));
        assert!(matches!(DemandSource::parse("email"), Err(Error::Invalid { field: "source", .. })));
        assert!(matches!(S::parse("open"), Err(Error::Invalid { field: "state", .. })));
    }

    /// Title and description, as the API passes them.
    fn text(title: &str, description: &str) -> String {
        format!("{title} {description}")
    }

    #[test]
    fn similar_demands_share_words() {
        assert!(similarity("楼道堆放杂物无人清理", "楼道里堆满杂物") >= SIMILARITY_THRESHOLD);
        assert!(similarity("楼道堆放杂物无人清理", "路灯不亮") < SIMILARITY_THRESHOLD);
        assert_eq!(similarity("路灯不亮", "路灯不亮"), 1.0);
        assert_eq!(similarity("", "路灯不亮"), 0.0);

        // From data/demands-zh.tsv, against a resident's rewording of the same problem.
        let clutter =
            text("楼道堆放杂物无人清理", "3号楼2单元楼道长期堆放纸箱和旧家具,影响通行,也有消防隐患,希望组织清理。");
        let clutter_again = text("楼道里堆满杂物", "单元楼道里堆满了纸箱、旧自行车,没人管,希望清理一下");
        let lamps = text("路灯不亮", "小区西侧小路的三盏路灯不亮,晚上回家很黑,希望尽快维修。");
        let lamps_again = text("西边小路路灯坏了", "晚上路灯一直不亮,走路看不见");
        let lift = text("电梯经常故障", "电梯三天两头坏,有一次还困过人,物业只是简单维修,希望彻底检修。");
        let lift_again = text("电梯又坏了", "我们楼的电梯经常坏,上周困人了,物业修不好");
        let dance = text("广场舞噪音扰民", "晚上广场舞音响声音太大,影响周边居民休息,希望规定时间和音量。");
        let reading = text("社区图书室开放时间短", "社区图书室只在工作日白天开放,上班族用不上,希望延长开放时间。");
        let children = text("没有儿童活动场地", "小区孩子很多,却没有任何儿童游乐设施,希望建设儿童活动区。");
        let elderly = text("缺少老年活动室", "老人们想下棋打牌,却没有室内活动场所,希望开放一间活动室。");

        for (a, b) in [(&clutter, &clutter_again), (&lamps, &lamps_again), (&lift, &lift_again)] {
            assert!(similarity(a, b) >= SIMILARITY_THRESHOLD, "{a} ~ {b}: {}", similarity(a, b));
        }
        for (a, b) in [(&clutter, &lamps), (&dance, &reading), (&children, &elderly), (&lift, &clutter_again)] {
            assert!(similarity(a, b) < SIMILARITY_THRESHOLD, "{a} !~ {b}: {}", similarity(a, b));
        }
        assert!(similarity(&clutter, &clutter_again) > similarity(&clutter, &lamps));
    }

    #[test]
    fn bigrams_skip_punctuation_stop_words_and_case() {
        let grams = bigrams("希望修路灯，WiFi坏了!");
        assert!(grams.contains(&('路', '灯')));
        assert!(grams.contains(&('i', '坏')), "ASCII and Chinese written together are one run");
        assert!(grams.contains(&('w', 'i')) && grams.contains(&('f', 'i')));
        assert!(!grams.contains(&('希', '望')) && !grams.contains(&('望', '修')), "stop words break the text");
        assert!(!grams.contains(&('灯', '，')) && !grams.contains(&('坏', '了')));
        assert_eq!(bigrams("３号楼"), bigrams("3号楼"), "full-width digits fold to ASCII");
        assert!(bigrams("灯").is_empty());
    }

    #[test]
    fn most_similar_ranks_and_cuts() {
        let new = "楼道里堆满杂物 纸箱没人清理";
        let candidates = vec![
            (1, "楼道堆放杂物无人清理".to_owned()),
            (2, "路灯不亮".to_owned()),
            (3, "楼道杂物".to_owned()),
            (4, "楼道杂物清理".to_owned()),
            (5, "堆满杂物的楼道".to_owned()),
            (6, "楼道纸箱杂物".to_owned()),
            (7, "杂物清理".to_owned()),
        ];
        let ranked = most_similar(new, candidates);
        assert_eq!(ranked.len(), MAX_SIMILAR);
        assert!(ranked.iter().all(|(id, score)| *id != 2 && *score >= SIMILARITY_THRESHOLD));
        assert!(ranked.windows(2).all(|w| w[0].1 >= w[1].1), "most similar first");
    }

    #[test]
    fn merging_cosigners_counts_each_person_once() {
        let [a, b, c, author] = [Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7()];
        let source = BTreeSet::from([a, b, author]);
        let target = BTreeSet::from([b, c]);
        assert_eq!(merge_cosigners(&source, &target, Some(author)), BTreeSet::from([a, b, c]));
        assert_eq!(merge_cosigners(&source, &target, None), BTreeSet::from([a, b, c, author]));
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

        /// Merging duplicates never loses a supporter: everyone who backed a live demand
        /// (its author or a co-signer) still backs one afterwards, counted once.
        #[test]
        fn merges_never_lose_a_supporter(
            demands in prop::collection::vec(
                (prop::option::of(0..8usize), prop::collection::btree_set(0..8usize, 0..6), any::<bool>()),
                2..7,
            ),
            merges in prop::collection::vec((0..7usize, 0..7usize), 0..12),
        ) {
            let w = world();
            let worker = actor(Role::CommunityWorker, &w.community);
            let people: Vec<Uuid> = (0..8).map(|_| Uuid::now_v7()).collect();
            let street = w.street.unit_id();

            struct Modeled { id: Uuid, author: Option<Uuid>, state: DemandState, cosigners: BTreeSet<Uuid> }
            let mut model: Vec<Modeled> = demands
                .into_iter()
                .map(|(author, cosigners, published)| {
                    let author = author.map(|i| people[i]);
                    Modeled {
                        id: Uuid::now_v7(),
                        author,
                        state: if published { S::Published } else { S::Submitted },
                        cosigners: cosigners.into_iter().map(|i| people[i]).filter(|p| Some(*p) != author).collect(),
                    }
                })
                .collect();
            let supporters = |d: &Modeled| -> BTreeSet<Uuid> { d.cosigners.iter().copied().chain(d.author).collect() };
            let backing = |model: &[Modeled]| -> BTreeSet<Uuid> {
                model.iter().filter(|d| d.state.is_live()).flat_map(supporters).collect()
            };

            for (s, t) in merges {
                let (s, t) = (s % model.len(), t % model.len());
                let before = backing(&model);
                let facts = DemandFacts {
                    id: model[s].id,
                    state: model[s].state,
                    author_id: model[s].author,
                    unit_path: &w.compound,
                    street_id: street,
                };
                let target = MergeTarget { id: model[t].id, state: model[t].state, street_id: street };
                let fields = ActionFields { target: Some(target), ..Default::default() };
                let Ok(outcome) = decide(A::Merge, By::User(&worker), &facts, &fields) else {
                    prop_assert!(s == t || !model[s].state.is_live() || !model[t].state.is_live());
                    continue;
                };
                prop_assert_eq!(outcome.effect, Effect::MergeInto { target_id: model[t].id });
                let expected: BTreeSet<Uuid> = supporters(&model[s]).union(&supporters(&model[t])).copied().collect();
                let moved = merge_cosigners(&supporters(&model[s]), &model[t].cosigners, model[t].author);
                prop_assert!(model[t].author.is_none_or(|a| !moved.contains(&a)), "no one co-signs their own demand");
                prop_assert!(moved.len() <= model[s].cosigners.len() + 1 + model[t].cosigners.len());
                model[t].cosigners = moved;
                model[s].state = outcome.to;
                model[s].cosigners.clear();
                prop_assert_eq!(supporters(&model[t]), expected);
                prop_assert!(backing(&model).is_superset(&before), "a merge lost a supporter");
            }
        }
    }
    #[test]
    fn search_terms_are_the_bigrams_of_each_run() {
        let terms = search_terms("楼道灯不亮，ＷｉＦｉ差");
        let expected: BTreeSet<String> =
            ["楼道", "道灯", "灯不", "不亮", "wi", "if", "fi", "i差"].into_iter().map(String::from).collect();
        assert_eq!(terms, expected);
        assert!(search_terms("小区门口").contains("小区"), "stop words are searchable");
        assert!(search_terms("灯").is_empty(), "one character is no term");
    }

    proptest! {
        /// What makes the index safe to search through: nothing a substring search would
        /// find is left out by the terms.
        #[test]
        fn a_substring_holds_no_term_the_text_lacks(text in "[楼道灯不亮小区,，a-zA-Z0-9 ３Ｗ]{0,24}", start in 0usize..24, len in 0usize..24) {
            let chars: Vec<char> = text.chars().collect();
            let start = start.min(chars.len());
            let end = (start + len).min(chars.len());
            let q: String = chars[start..end].iter().collect();
            prop_assert!(search_terms(&q).is_subset(&search_terms(&text)));
        }
    }
}
