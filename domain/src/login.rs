//! Throttling what a guesser would repeat: password attempts and sign-ups.
//!
//! A counter is keyed by what is being guessed *and* who is guessing (an account name and
//! the client address; or the address alone), never by the account alone: five wrong
//! passwords from one address slow that address down for that account, and nobody can lock
//! a stranger out of their own account. Every attempt is counted *before* it is checked
//! (a reservation), so parallel guesses cannot slip past the limit; a success gives its
//! reservation back.

use chrono::{DateTime, Duration, Utc};

/// How many attempts a window allows freely, and how the wait grows after that.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// Attempts allowed in a window before waiting starts.
    pub free: i32,
    /// A counter left alone this long after its last attempt (or the end of its wait)
    /// starts again at zero.
    pub idle_reset: Duration,
    /// The wait after the first attempt past `free`; it doubles with each further one.
    pub first_wait: Duration,
    /// The wait never grows past this.
    pub max_wait: Duration,
}

/// Wrong passwords for one account from one address.
pub const ACCOUNT_FROM_ADDRESS: Policy = Policy {
    free: 5,
    idle_reset: Duration::minutes(15),
    first_wait: Duration::seconds(1),
    max_wait: Duration::minutes(15),
};

/// Wrong passwords from one address, whatever the account: a guesser spraying many
/// accounts. Generous, because a community centre's residents share one address.
pub const ADDRESS: Policy = Policy {
    free: 50,
    idle_reset: Duration::minutes(15),
    first_wait: Duration::seconds(1),
    max_wait: Duration::minutes(15),
};

/// Sign-ups from one address: fresh accounts must not stuff co-signs.
pub const REGISTRATION: Policy =
    Policy { free: 10, idle_reset: Duration::hours(1), first_wait: Duration::minutes(5), max_wait: Duration::hours(1) };

/// A counter as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counter {
    pub attempts: i32,
    pub last_attempt_at: DateTime<Utc>,
    pub blocked_until: Option<DateTime<Utc>>,
}

impl Counter {
    pub fn fresh(now: DateTime<Utc>) -> Self {
        Counter { attempts: 0, last_attempt_at: now, blocked_until: None }
    }
}

impl Policy {
    /// One more attempt at `now`: the counter to store, or how long to wait first.
    pub fn attempt(&self, counter: Counter, now: DateTime<Utc>) -> Result<Counter, Duration> {
        if let Some(until) = counter.blocked_until.filter(|until| *until > now) {
            return Err(until - now);
        }
        let quiet_since = counter.blocked_until.unwrap_or(counter.last_attempt_at);
        let counter = if quiet_since + self.idle_reset <= now { Counter::fresh(now) } else { counter };
        let attempts = counter.attempts.saturating_add(1);
        let past_free = attempts - self.free;
        let blocked_until = (past_free >= 0).then(|| now + self.wait(past_free));
        Ok(Counter { attempts, last_attempt_at: now, blocked_until })
    }

    /// The wait after the `n`th attempt past the free ones (0-based): 1 s, 2 s, 4 s, …
    fn wait(&self, n: i32) -> Duration {
        let doublings = n.clamp(0, 30) as u32;
        let seconds = self.first_wait.num_seconds().saturating_mul(1_i64 << doublings);
        Duration::seconds(seconds).min(self.max_wait)
    }
}

/// Whole seconds to announce in `Retry-After`, never 0 for a wait that is still running.
pub fn retry_after_seconds(wait: Duration) -> i64 {
    (wait.num_milliseconds() + 999).div_euclid(1000).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(policy: &Policy, n: usize, now: DateTime<Utc>) -> Result<Counter, Duration> {
        let mut counter = Counter::fresh(now);
        for _ in 0..n {
            counter = policy.attempt(counter, now)?;
        }
        Ok(counter)
    }

    #[test]
    fn the_free_attempts_pass_then_waits_double_up_to_the_cap() {
        let p = ACCOUNT_FROM_ADDRESS;
        let now = Utc::now();
        let four = run(&p, 4, now).expect("four pass");
        assert_eq!(four.blocked_until, None);
        let fifth = p.attempt(four, now).expect("the fifth is still checked");
        assert_eq!(fifth.blocked_until, Some(now + Duration::seconds(1)));
        assert_eq!(p.attempt(fifth, now), Err(Duration::seconds(1)), "the sixth waits");
        let later = now + Duration::seconds(1);
        let sixth = p.attempt(fifth, later).expect("after the wait, one more");
        assert_eq!(sixth.blocked_until, Some(later + Duration::seconds(2)));
        let mut c = sixth;
        let mut t = later;
        for _ in 0..40 {
            t = c.blocked_until.expect("blocked");
            c = p.attempt(c, t).expect("after each wait, one more");
        }
        assert_eq!(c.blocked_until, Some(t + p.max_wait), "the wait stops growing at the cap");
    }

    #[test]
    fn a_quiet_counter_starts_again() {
        let p = ACCOUNT_FROM_ADDRESS;
        let now = Utc::now();
        let four = run(&p, 4, now).expect("four pass");
        let soon = now + p.idle_reset - Duration::seconds(1);
        assert_eq!(p.attempt(four, soon).map(|c| c.attempts), Ok(5), "not yet quiet");
        let later = now + p.idle_reset;
        let next = p.attempt(four, later).expect("quiet long enough");
        assert_eq!(next.attempts, 1);
        let fifth = p.attempt(four, now).expect("the fifth");
        let after_wait = fifth.blocked_until.expect("blocked");
        assert_eq!(
            p.attempt(fifth, after_wait + p.idle_reset - Duration::seconds(1)).map(|c| c.attempts),
            Ok(6),
            "the quiet time counts from the end of the wait"
        );
    }

    #[test]
    fn retry_after_rounds_up() {
        assert_eq!(retry_after_seconds(Duration::milliseconds(1)), 1);
        assert_eq!(retry_after_seconds(Duration::milliseconds(1500)), 2);
        assert_eq!(retry_after_seconds(Duration::seconds(900)), 900);
    }
}
