//! The livelihood project (民生实事) of SPEC §4.2: the street committee answers published
//! demands with a project (党委接单), co-builders fund and staff it (共建做单), supervisors of
//! the residents' own organisations inspect and close it (自治结单), and the residents who
//! asked rate it.
//!
//! [`ProjectAction::transition`] is SPEC §4.2's table; [`lifecycle::decide`] and
//! [`lifecycle::allowed_actions`] both read it. Refusals follow the demand's rule: 403 when no
//! state would let this actor do it, 409 when another state (or more money) would, 422 when
//! a field of the request is wrong.

mod creation;
mod history;
mod inspection;
mod lifecycle;
mod rating;
mod values;

pub use creation::{authorize_create, check_government_share, check_project_unit};
pub use history::ProjectEvent;
pub use inspection::{
    authorize_inspection, check_quorum, decide_inspection, eligible, may_read_voters, tally, InspectionComment,
    InspectionOutcome, Inspector, Tally, Verdict, Votes,
};
pub use lifecycle::{
    acting_role, allowed_actions, authorize, authorize_edit, authorize_progress, decide, reader_actions, sees,
    withheld_actions, ActionFields, By, Effect, Funding, Maintainer, Outcome, Part, ProjectFacts, Reader, Transition,
    Who,
};
pub use rating::{authorize_rating, RatingComment, Score};
pub use values::{
    Beneficiaries, CancelReason, CompletionNote, Percent, Plan, ProgressNote, ProjectDescription, ProjectTitle,
    RequiredApprovals,
};

string_enum! {
    pub enum ProjectState ("state") {
        Draft = "draft",
        Published = "published",
        InProgress = "in_progress",
        Completed = "completed",
        Closed = "closed",
        Cancelled = "cancelled",
    }
}

impl ProjectState {
    pub const fn label_zh(self) -> &'static str {
        match self {
            ProjectState::Draft => "拟定",
            ProjectState::Published => "公示中",
            ProjectState::InProgress => "实施中",
            ProjectState::Completed => "待验收",
            ProjectState::Closed => "已结单",
            ProjectState::Cancelled => "已撤销",
        }
    }

    /// On the public board and visible to every signed-in reader (SPEC §4.7): a draft is
    /// the committee's own working paper.
    pub const fn is_public(self) -> bool {
        !matches!(self, ProjectState::Draft)
    }

    /// Still taking resources: co-builders may claim it and the committee may request for
    /// it, from publication until the work is done.
    pub const fn takes_claims(self) -> bool {
        matches!(self, ProjectState::Published | ProjectState::InProgress)
    }

    /// What a reader is shown of its progress, given the last percentage posted: the posted
    /// one while the work goes on; all of it once the builder says it is done (待验收) or it is
    /// closed, whatever was last posted; nothing before it starts, nor once cancelled (a bar
    /// frozen at its last percentage would read as work still going on).
    pub fn shown_progress(self, posted: i64) -> Option<i64> {
        match self {
            ProjectState::Draft | ProjectState::Published | ProjectState::Cancelled => None,
            ProjectState::InProgress => Some(posted.clamp(0, 100)),
            ProjectState::Completed | ProjectState::Closed => Some(100),
        }
    }

    /// Where its money stands in this state.
    pub const fn money_standing(self) -> MoneyStanding {
        match self {
            ProjectState::Draft | ProjectState::Published => MoneyStanding::Raising,
            ProjectState::InProgress | ProjectState::Completed | ProjectState::Closed => MoneyStanding::Secured,
            ProjectState::Cancelled => MoneyStanding::Released,
        }
    }

    /// No action, by anyone, leads to another state. Read off the transition table.
    pub fn is_terminal(self) -> bool {
        !ProjectAction::ALL.iter().any(|a| {
            let t = a.transition();
            t.from.contains(&self) && t.to != self
        })
    }
}

string_enum! {
    /// Where a project's money stands, for every screen and export that shows it:
    /// `raising` (draft, published: the gap is what matters), `secured` (the work started, so
    /// the money was there), `released` (cancelled: its confirmed claims went back to their
    /// resources; nothing was spent).
    pub enum MoneyStanding ("money standing") {
        Raising = "raising",
        Secured = "secured",
        Released = "released",
    }
}

string_enum! {
    /// 微改造 · 微治理 · 微提升.
    pub enum ProjectCategory ("category") {
        MicroRenovation = "micro_renovation",
        MicroGovernance = "micro_governance",
        MicroImprovement = "micro_improvement",
    }
}

impl ProjectCategory {
    pub const fn label_zh(self) -> &'static str {
        match self {
            ProjectCategory::MicroRenovation => "微改造",
            ProjectCategory::MicroGovernance => "微治理",
            ProjectCategory::MicroImprovement => "微提升",
        }
    }
}

string_enum! {
    /// A step of SPEC §4.2's lifecycle. `close` and `rework` are what an inspection vote
    /// does when it settles the round; no one sends them.
    pub enum ProjectAction ("action") {
        Publish = "publish",
        Start = "start",
        Complete = "complete",
        Close = "close",
        Rework = "rework",
        HandOver = "hand_over",
        Cancel = "cancel",
    }
}

string_enum! {
    /// What a reader may do to a project now, its `allowed_actions`: a transition
    /// (`POST /projects/{id}/transitions`), a progress update (`post_progress`), an
    /// inspection vote (`inspect`), a rating (`rate`), or a co-builder's claim (`claim`).
    pub enum ProjectAllowedAction ("allowed action") {
        Publish = "publish",
        Start = "start",
        Complete = "complete",
        HandOver = "hand_over",
        Cancel = "cancel",
        PostProgress = "post_progress",
        Inspect = "inspect",
        Rate = "rate",
        Claim = "claim",
        RequestResource = "request_resource",
        Edit = "edit",
    }
}

impl ProjectAllowedAction {
    /// The transition a user may request, as offered; `None` for the inspection's own steps.
    pub const fn of(action: ProjectAction) -> Option<Self> {
        Some(match action {
            ProjectAction::Publish => ProjectAllowedAction::Publish,
            ProjectAction::Start => ProjectAllowedAction::Start,
            ProjectAction::Complete => ProjectAllowedAction::Complete,
            ProjectAction::HandOver => ProjectAllowedAction::HandOver,
            ProjectAction::Cancel => ProjectAllowedAction::Cancel,
            ProjectAction::Close | ProjectAction::Rework => return None,
        })
    }
}

#[cfg(test)]
mod tests;
