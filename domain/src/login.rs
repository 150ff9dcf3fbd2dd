//! Throttling password guesses: after five wrong passwords in a row an account refuses
//! logins (429) for fifteen minutes, whatever password comes next.

use chrono::{DateTime, Duration, Utc};

pub const MAX_FAILURES: i32 = 5;
pub const LOCK_MINUTES: i64 = 15;

/// The failure count and lock after one more wrong password.
pub fn after_failure(failed_before: i32, now: DateTime<Utc>) -> (i32, Option<DateTime<Utc>>) {
    let failed = failed_before.saturating_add(1);
    let locked_until = (failed >= MAX_FAILURES).then(|| now + Duration::minutes(LOCK_MINUTES));
    (failed, locked_until)
}

pub fn is_locked(locked_until: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    locked_until.is_some_and(|t| t > now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fifth_failure_locks_for_fifteen_minutes() {
        let now = Utc::now();
        let mut failed = 0;
        for _ in 1..MAX_FAILURES {
            let (f, lock) = after_failure(failed, now);
            assert!(lock.is_none());
            failed = f;
        }
        let (_, lock) = after_failure(failed, now);
        assert!(is_locked(lock, now + Duration::minutes(LOCK_MINUTES - 1)));
        assert!(!is_locked(lock, now + Duration::minutes(LOCK_MINUTES)));
    }
}
