//! 自治结单: supervisors of the residents' own organisations vote on completed work.

use super::lifecycle::ProjectFacts;
use super::values::RequiredApprovals;
use super::{ProjectAction, ProjectState};
use crate::access::{Actor, Capability, Role};
use crate::duties::{self, Duty};
use crate::org_unit::UnitPath;
use crate::Error;

string_enum! {
    pub enum Verdict ("verdict") {
        Pass = "pass",
        Fail = "fail",
    }
}

text_value! {
    /// What the inspector saw; required with a fail, so the workers know what to redo.
    pub struct InspectionComment("comment", Many, 0..=500);
}

/// Where a round stands after a vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tally {
    /// Not settled yet: the project stays `completed`.
    Open,
    /// `required` passes and more passes than fails: the project closes.
    Close,
    /// `required` fails, or every eligible supervisor voted and neither side won: back to
    /// work, a new round with no votes.
    Rework,
}

/// A round's votes, and how many supervisors may cast one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Votes {
    pub passes: u32,
    pub fails: u32,
    /// Supervisors who may vote on this project ([`eligible`]), whether or not they have.
    pub eligible: u32,
}

/// SPEC §4.2: passes ≥ required and passes > fails closes; fails ≥ required sends it back;
/// so does a round in which everyone eligible voted without either: otherwise the project
/// would wait for a vote nobody can cast.
pub fn tally(votes: Votes, required: RequiredApprovals) -> Tally {
    let Votes { passes, fails, eligible } = votes;
    if passes >= required.get() && passes > fails {
        Tally::Close
    } else if fails >= required.get() || passes + fails >= eligible {
        Tally::Rework
    } else {
        Tally::Open
    }
}

/// Whether a supervisor may vote on this project at all, in any round: a supervisor of an
/// organisation at or below the project's unit, tied to the work in no way
/// ([`crate::duties`]). The count of these is the quorum's ceiling.
pub fn eligible(actor: &Actor, facts: &ProjectFacts<'_>, inspector: Inspector<'_>) -> bool {
    let voter = Inspector { voted: false, ..inspector };
    authorize_inspection(actor, &ProjectFacts { state: ProjectState::Completed, ..*facts }, voter).is_ok()
}

/// SPEC §4.2: a project is published only if its inspection can end: `required_approvals`
/// no more than the supervisors eligible to inspect it (422 naming how many there are).
pub fn check_quorum(required: RequiredApprovals, eligible: u32) -> Result<(), Error> {
    if required.get() <= eligible {
        return Ok(());
    }
    Err(Error::invalid(
        "required_approvals",
        "quorum_unreachable",
        format!(
            "required_approvals is {} but only {eligible} supervisor(s) may inspect this project (members of residents' \
             self-governance organisations at or below its unit who neither run nor supply it); lower it or grant more supervisors",
            required.get()
        ),
    ))
}

/// The inspector's own part: where its organisations are, its ties to the work, and
/// whether it voted this round.
#[derive(Debug, Clone, Copy)]
pub struct Inspector<'a> {
    /// The unit paths of the organisations it supervises for (its supervisor grants' units).
    pub grant_paths: &'a [UnitPath],
    /// The unit paths of its grants that run projects ([`crate::duties::RUNNING_ROLES`]).
    pub running_paths: &'a [UnitPath],
    pub voted: bool,
}

/// Who reads the names behind an inspection's votes (who voted, for which organisation):
/// the district admin and auditors over the project, who check that nobody inspected its
/// own work. Everyone else who may read the votes reads them without names.
pub fn may_read_voters(actor: &Actor, unit: &UnitPath) -> bool {
    actor.may(Capability::Audit, unit)
}

/// May `actor` vote on this project now? A supervisor of a resident_autonomy organisation
/// at or below the project's unit (403), on completed work (409), once per round (409).
pub fn authorize_inspection(actor: &Actor, facts: &ProjectFacts<'_>, inspector: Inspector<'_>) -> Result<(), Error> {
    if !actor.may_somewhere(Capability::InspectProjects) {
        return Err(Error::forbidden(
            "forbidden_inspections",
            "only supervisors of a residents' self-governance organisation inspect projects",
        ));
    }
    let project_unit = facts.unit_path.unit_id();
    let reaches = inspector.grant_paths.iter().any(|path| {
        path.contains(project_unit)
            && actor.grants.iter().any(|g| g.role == Role::Supervisor && g.unit_id == path.unit_id())
    });
    if !reaches {
        return Err(Error::forbidden(
            "out_of_scope",
            "your organisation lies outside this project's unit; supervisors inspect projects of their own unit or above it",
        ));
    }
    duties::check(Duty::Inspect, actor, &facts.ties(inspector.running_paths))?;
    if facts.state != ProjectState::Completed {
        return Err(Error::conflict(
            "wrong_state",
            format!("only completed projects are inspected; this one is {}", facts.state),
        ));
    }
    if inspector.voted {
        return Err(Error::conflict("already_inspected", "you have already voted in this inspection round"));
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InspectionOutcome {
    pub verdict: Verdict,
    pub comment: InspectionComment,
    pub tally: Tally,
    /// The round's votes with this one.
    pub votes: Votes,
    /// The project's state after the vote, and the action that took it there (`close`,
    /// `rework`) when the vote settled the round.
    pub to: ProjectState,
    pub settles: Option<ProjectAction>,
}

/// One vote, counted with the round's earlier `passes` and `fails`.
pub fn decide_inspection(
    actor: &Actor,
    facts: &ProjectFacts<'_>,
    inspector: Inspector<'_>,
    verdict: Verdict,
    comment: &str,
    before: Votes,
    required: RequiredApprovals,
) -> Result<InspectionOutcome, Error> {
    authorize_inspection(actor, facts, inspector)?;
    let comment = InspectionComment::parse(comment)?;
    if verdict == Verdict::Fail && comment.as_str().is_empty() {
        return Err(Error::invalid("comment", "comment_required", "a fail needs a comment: what must be redone"));
    }
    let votes = match verdict {
        Verdict::Pass => Votes { passes: before.passes + 1, ..before },
        Verdict::Fail => Votes { fails: before.fails + 1, ..before },
    };
    let tally = tally(votes, required);
    let settles = match tally {
        Tally::Open => None,
        Tally::Close => Some(ProjectAction::Close),
        Tally::Rework => Some(ProjectAction::Rework),
    };
    let to = settles.map_or(ProjectState::Completed, |a| a.transition().to);
    Ok(InspectionOutcome { verdict, comment, tally, votes, to, settles })
}
