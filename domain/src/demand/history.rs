//! A demand's history. A decision (verify, reject, refer, merge) keeps the deadline that was
//! in force when it was taken: whether it was answered in time is judged by that, not by
//! whatever the street sets later.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{DemandAction, DemandSource, Effect, Outcome};

/// The integration organisation and the key through which an Open311 client filed a demand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ApiKeyFiler {
    pub organization_id: Uuid,
    pub api_key_id: Uuid,
}

history! {
    /// What happened to a demand.
    pub enum DemandEvent (Demand) {
        Create = "create" {
            source: DemandSource,
            /// Filed through Open311: no person acted, the key of an integration did.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            via: Option<ApiKeyFiler>,
        },
        Cosign = "cosign",
        Verify = "verify" { due_at: Option<DateTime<Utc>> },
        Reject = "reject" { reason: String, due_at: Option<DateTime<Utc>> },
        Refer = "refer" { referred_to: String, reason: String, due_at: Option<DateTime<Utc>> },
        Merge = "merge" { merged_into_id: Uuid, due_at: Option<DateTime<Utc>> },
        /// The demand merged into this one, and how many of its supporters came along.
        MergeIn = "merge_in" { merged_from_id: Uuid, cosigns_moved: i64 },
        Withdraw = "withdraw",
        /// A project took it.
        Accept = "accept" { project_id: Option<Uuid> },
        /// A coordination case took it up (a property matter).
        Coordinate = "coordinate" { case_id: Uuid },
        /// Its project, or its coordination case, closed.
        Resolve = "resolve" { project_id: Option<Uuid>, case_id: Option<Uuid> },
        /// Its project was cancelled: the demand is back on the list.
        Reopen = "reopen" { project_id: Option<Uuid> },
    }
}

impl DemandEvent {
    /// The event of a transition `decide` accepted. `due_at` is the deadline the demand was
    /// under when the step was taken; `project_id` the project it follows, if any (for
    /// accept, the one that took it; for resolve and reopen, the one it leaves).
    pub fn of(
        action: DemandAction,
        outcome: &Outcome,
        due_at: Option<DateTime<Utc>>,
        project_id: Option<Uuid>,
    ) -> DemandEvent {
        match &outcome.effect {
            Effect::Reject { reason } => DemandEvent::Reject { reason: reason.as_str().to_owned(), due_at },
            Effect::Refer { reason, referred_to } => DemandEvent::Refer {
                referred_to: referred_to.as_str().to_owned(),
                reason: reason.as_str().to_owned(),
                due_at,
            },
            Effect::MergeInto { target_id } => DemandEvent::Merge { merged_into_id: *target_id, due_at },
            Effect::LinkProject { project_id } => DemandEvent::Accept { project_id: Some(*project_id) },
            Effect::UnlinkProject => DemandEvent::Reopen { project_id },
            Effect::LinkCase { case_id } => DemandEvent::Coordinate { case_id: *case_id },
            // The steps without an effect: verify, withdraw, resolve.
            Effect::None => match action {
                DemandAction::Withdraw => DemandEvent::Withdraw,
                DemandAction::Resolve => DemandEvent::Resolve { project_id, case_id: None },
                _ => DemandEvent::Verify { due_at },
            },
        }
    }
}
