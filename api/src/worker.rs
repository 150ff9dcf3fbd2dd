//! The one background worker (issue 18 §0): consumes the event log in order and runs the
//! scheduled jobs, on a thread of its own because diesel blocks. Every round is
//! transactions that are safe to repeat: a consumer's cursor moves with what it wrote, and
//! a job's step is a guarded write, so a crash, a restart or a second process behind the
//! load balancer neither loses nor repeats work.

use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use persistence::{coordination_cases, disclosures, events, notifications, statistics, upkeep, DbConnection, Pool};

/// Events a consumer takes per transaction.
const BATCH: i64 = 200;

/// Time as the worker's jobs see it: the system clock, moved on by tests instead of
/// sleeping (a case that escalates after three days, a fault left open).
#[derive(Debug, Default)]
pub struct Clock {
    offset_ms: AtomicI64,
}

impl Clock {
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + chrono::Duration::milliseconds(self.offset_ms.load(Ordering::SeqCst))
    }

    /// Moves time on for the worker (tests).
    pub fn advance(&self, by: chrono::Duration) {
        self.offset_ms.fetch_add(by.num_milliseconds(), Ordering::SeqCst);
    }
}

pub(crate) type Consume = fn(&mut DbConnection, &events::Stored) -> persistence::Result<()>;

/// Each consumer of the log, by the name its cursor is kept under.
pub(crate) const CONSUMERS: &[(&str, Consume)] =
    &[(notifications::CONSUMER, notifications::deliver), (statistics::CONSUMER, statistics::tally)];

type Job = fn(&mut DbConnection, DateTime<Utc>) -> persistence::Result<usize>;

/// What happens by itself when time passes; each returns how many records it moved.
const JOBS: &[(&str, Job)] = &[
    ("escalate overdue coordination cases", coordination_cases::escalate_overdue),
    ("turn overdue faults into coordination cases", upkeep::escalate_overdue),
    ("publish the streets' disclosures due", disclosures::publish_due),
];

/// The worker's thread; dropping the handle does not stop it, [`Worker::stop`] does.
pub struct Worker {
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Worker {
    pub fn spawn(pool: Pool, clock: Arc<Clock>, rest: Duration) -> std::io::Result<Worker> {
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = stop.clone();
        let thread = std::thread::Builder::new().name("gongzhi-worker".into()).spawn(move || {
            while !stopping.load(Ordering::SeqCst) {
                // A panic in one round (a bug) is logged and the next round starts over
                // from the cursors in the database.
                let busy = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| round(&pool, &clock))) {
                    Ok(Ok(busy)) => busy,
                    Ok(Err(e)) => {
                        tracing::warn!(error = %e, "worker round failed; retrying");
                        false
                    }
                    Err(_) => {
                        tracing::error!("worker round panicked; restarting it");
                        false
                    }
                };
                if !busy {
                    std::thread::sleep(rest);
                }
            }
        })?;
        Ok(Worker { stop, thread: Some(thread) })
    }

    /// Stops after the round in progress (at an event boundary) and waits for it.
    pub fn stop(mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// One round: every job runs at the clock's time, then every consumer takes one batch
/// (so what a job wrote is delivered in the same round). `true` when a consumer had a full
/// batch, so the next round follows at once.
fn round(pool: &Pool, clock: &Clock) -> persistence::Result<bool> {
    let mut conn = pool.get()?;
    for (what, job) in JOBS {
        let moved = job(&mut conn, clock.now())?;
        if moved > 0 {
            tracing::info!(job = what, moved, "scheduled job");
        }
    }
    let mut busy = false;
    for (name, handle) in CONSUMERS {
        let taken = events::consume(&mut conn, name, BATCH, handle)?;
        busy |= taken == usize::try_from(BATCH).unwrap_or(usize::MAX);
    }
    Ok(busy)
}
