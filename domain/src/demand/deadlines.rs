//! Deadlines (时限): when a demand waiting for an answer becomes overdue.

use chrono::{DateTime, Utc};

use super::DemandState;

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

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use DemandState as S;

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
}
