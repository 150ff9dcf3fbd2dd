//! What happened to a record, typed (SPEC §3). Every record kind has one enum of its events
//! (`demand::DemandEvent`, `project::ProjectEvent`, …); the event log stores it as JSON
//! beside the action's name, the record's unit and street, and whatever reads history
//! (timelines, notifications, statistics) reads the enum back, never a packed text.

use serde::de::DeserializeOwned;
use serde::Serialize;

string_enum! {
    /// The kinds of record that have a history.
    pub enum Entity ("entity") {
        OrgUnit = "org_unit",
        Organization = "organization",
        User = "user",
        Demand = "demand",
        Project = "project",
        Resource = "resource",
        Claim = "claim",
        CoordinationCase = "coordination_case",
        Fault = "fault",
        VolunteerActivity = "volunteer_activity",
    }
}

/// One record kind's events.
pub trait History: Serialize + DeserializeOwned + std::fmt::Debug {
    const ENTITY: Entity;
    /// Every action's name, in declaration order.
    const ACTIONS: &'static [&'static str];
    /// This event's action, as stored on the event's row and in its JSON.
    fn action(&self) -> &'static str;
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::*;
    use crate::access::{Role, UserEvent};
    use crate::claim::{ClaimEvent, ClaimSide};
    use crate::demand::{DemandEvent, DemandSource};
    use crate::project::{ProjectEvent, Verdict};

    /// Stored as `{"action": name, …fields}`, read back equal, its name one of `ACTIONS`.
    fn round_trips<E: History + PartialEq>(event: E) {
        let json = serde_json::to_value(&event).expect("serialises");
        assert_eq!(json["action"], event.action(), "{json}");
        assert!(E::ACTIONS.contains(&event.action()));
        let back: E = serde_json::from_value(json).expect("reads back");
        assert_eq!(back, event);
    }

    #[test]
    fn events_are_stored_tagged_with_their_action_and_read_back() {
        let id = Uuid::now_v7();
        round_trips(DemandEvent::Create { source: DemandSource::Visit, via: None });
        round_trips(DemandEvent::Create {
            source: DemandSource::Open311,
            via: Some(crate::demand::ApiKeyFiler { organization_id: id, api_key_id: id }),
        });
        round_trips(DemandEvent::Cosign);
        round_trips(DemandEvent::Refer { referred_to: "12345".into(), reason: "市政\n道路".into(), due_at: None });
        round_trips(DemandEvent::MergeIn { merged_from_id: id, cosigns_moved: 3 });
        round_trips(ProjectEvent::Inspect { verdict: Verdict::Fail, comment: Some("漏水".into()) });
        round_trips(ClaimEvent::Create { initiated_by: ClaimSide::Project });
        round_trips(UserEvent::Grant { role: Role::Supervisor, scope_id: id });
        assert_eq!(DemandEvent::ENTITY, Entity::Demand);
    }

    #[test]
    fn a_name_the_domain_does_not_know_is_refused() {
        let unknown = serde_json::json!({"action": "create", "source": "fax"});
        assert!(serde_json::from_value::<DemandEvent>(unknown).is_err());
        let missing = serde_json::json!({"action": "merge_in", "cosigns_moved": 3});
        assert!(serde_json::from_value::<DemandEvent>(missing).is_err());
    }
}
