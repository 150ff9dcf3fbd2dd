//! A project's history.

use uuid::Uuid;

use super::{Effect, Outcome, ProjectAction, Verdict, Votes};

history! {
    /// What happened to a project.
    pub enum ProjectEvent (Project) {
        Create = "create",
        Edit = "edit",
        Publish = "publish",
        Start = "start",
        Progress = "progress" { percent: i64, note: String },
        Complete = "complete" { note: Option<String> },
        Inspect = "inspect" { verdict: Verdict, comment: Option<String> },
        /// The round settled: passed (the votes it had when it did).
        Close = "close" { tally: Option<Votes> },
        /// The round settled: back to work.
        Rework = "rework" { tally: Option<Votes> },
        /// A property company took over upkeep.
        HandOver = "hand_over" { maintainer_org_id: Uuid },
        Cancel = "cancel" { reason: String },
        /// The property company it was handed to took it over.
        AcceptHandOver = "accept_hand_over" { maintainer_org_id: Uuid },
        /// The property company it was handed to declined, saying why.
        DeclineHandOver = "decline_hand_over" { maintainer_org_id: Uuid, note: String },
        Rate = "rate" { score: i64 },
    }
}

impl ProjectEvent {
    /// The event of a transition `decide` accepted; `tally` is the round's votes when an
    /// inspection settled it (close, rework).
    pub fn of(action: ProjectAction, outcome: &Outcome, tally: Option<Votes>) -> ProjectEvent {
        match &outcome.effect {
            Effect::Complete { note } => ProjectEvent::Complete { note: Some(note.as_str().to_owned()) },
            Effect::HandOver { maintainer_org_id } => ProjectEvent::HandOver { maintainer_org_id: *maintainer_org_id },
            Effect::Cancel { reason } => ProjectEvent::Cancel { reason: reason.as_str().to_owned() },
            // The steps without an effect: publish, start, close, rework.
            Effect::None => match action {
                ProjectAction::Start => ProjectEvent::Start,
                ProjectAction::Close => ProjectEvent::Close { tally },
                ProjectAction::Rework => ProjectEvent::Rework { tally },
                _ => ProjectEvent::Publish,
            },
        }
    }
}
