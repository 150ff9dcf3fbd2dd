//! argon2id hashing. Both calls are slow on purpose: they run on a pool of their own, a
//! thread per two cores ([`Hashing`]), and never while holding a database connection, so a flood
//! of logins queues behind itself instead of starving every other request of threads and
//! connections. Few long-lived threads also keep argon2's 19 MiB working memory in a few
//! malloc arenas: spread over the blocking pool's many threads it fragmented into gigabytes.

use std::sync::mpsc;
use std::sync::{Arc, Mutex, OnceLock};

use tokio::sync::oneshot;

use std::cell::RefCell;

use argon2::password_hash::{self, rand_core::OsRng, Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};

use crate::ApiError;

type Job = Box<dyn FnOnce() + Send>;

/// Hashing threads run at nice 10: when the machine is busy, the scheduler gives the other
/// requests about nine times their share, so a login flood slows logins rather than the
/// lists; on an idle machine hashing runs at full speed all the same. Lowering one's own
/// priority needs no privilege; should it fail, hashing runs at normal priority.
fn lower_priority() {
    use thread_priority::{set_current_thread_priority, ThreadPriority, ThreadPriorityValue};
    // thread-priority maps 0–99 onto nice 19…-20: 22 is nice 10.
    let lowered = ThreadPriorityValue::try_from(22_u8)
        .map_err(|e| e.to_string())
        .and_then(|p| set_current_thread_priority(ThreadPriority::Crossplatform(p)).map_err(|e| format!("{e:?}")));
    if let Err(e) = lowered {
        tracing::warn!(error = %e, "could not lower the hashing threads' priority");
    }
}

/// The bounded pool for hashing: a thread per two cores, fed through a queue.
pub struct Hashing {
    queue: Mutex<mpsc::Sender<Job>>,
    threads: usize,
}

impl Hashing {
    /// Half the cores (at least one): a login flood then takes at most half the machine,
    /// and the lists keep the other half (docs/BENCHMARKS.md, "during a login flood").
    pub fn new() -> Self {
        Self::with_threads(std::thread::available_parallelism().map_or(1, |n| n.get() / 2).max(1))
    }

    pub fn with_threads(threads: usize) -> Self {
        let (queue, jobs) = mpsc::channel::<Job>();
        let jobs = Arc::new(Mutex::new(jobs));
        for n in 0..threads {
            let jobs = Arc::clone(&jobs);
            let spawned = std::thread::Builder::new().name(format!("hashing-{n}")).spawn(move || {
                lower_priority();
                loop {
                    // The lock is held only while taking a job, not while running it.
                    let job = match jobs.lock() {
                        Ok(jobs) => jobs.recv(),
                        Err(_) => return,
                    };
                    match job {
                        Ok(job) => job(),
                        Err(_) => return,
                    }
                }
            });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "could not start a hashing thread");
            }
        }
        Hashing { queue: Mutex::new(queue), threads }
    }

    /// How many hashes run at once.
    pub fn threads(&self) -> usize {
        self.threads
    }

    /// Runs `f` (a hash or a verification) on the pool and waits for it without blocking
    /// the caller's worker.
    pub async fn run<T: Send + 'static>(&self, f: impl FnOnce() -> T + Send + 'static) -> Result<T, ApiError> {
        let (done, result) = oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = done.send(f());
        });
        self.queue
            .lock()
            .map_err(|_| ApiError::Internal("hashing queue poisoned".into()))?
            .send(job)
            .map_err(|_| ApiError::Internal("hashing pool stopped".into()))?;
        result.await.map_err(|_| ApiError::Internal("hashing task ended without an answer".into()))
    }
}

impl Default for Hashing {
    fn default() -> Self {
        Self::new()
    }
}

thread_local! {
    /// argon2's working memory, kept by each hashing thread from one hash to the next:
    /// allocating and freeing 19 MiB per login is what glibc's malloc retained by the
    /// gigabyte under a login flood.
    static MEMORY: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

/// Runs argon2 with this thread's reused memory.
fn argon2_into(argon: &Argon2<'_>, password: &[u8], salt: &[u8], out: &mut [u8]) -> Result<(), argon2::Error> {
    MEMORY.with(|memory| {
        let mut memory = memory.borrow_mut();
        let blocks = argon.params().block_count();
        if memory.len() < blocks {
            memory.resize(blocks, Block::default());
        }
        argon.hash_password_into_with_memory(password, salt, out, &mut memory[..blocks])
    })
}

/// A PHC string (`$argon2id$v=19$…`) with the crate's default, OWASP-recommended cost.
pub fn hash(password: &str) -> Result<String, ApiError> {
    let failed = |e: &dyn std::fmt::Display| ApiError::Internal(format!("hashing a password: {e}"));
    let argon = Argon2::default();
    let salt = SaltString::generate(&mut OsRng);
    let mut salt_bytes = [0u8; 64];
    let salt_bytes = salt.decode_b64(&mut salt_bytes).map_err(|e| failed(&e))?;
    let len = argon.params().output_len().unwrap_or(Params::DEFAULT_OUTPUT_LEN);
    let output = Output::init_with(len, |out| {
        argon2_into(&argon, password.as_bytes(), salt_bytes, out).map_err(|_| password_hash::Error::Password)
    })
    .map_err(|e| failed(&e))?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(argon.params()).map_err(|e| failed(&e))?,
        salt: Some(salt.as_salt()),
        hash: Some(output),
    };
    Ok(phc.to_string())
}

/// Whether `password` matches the PHC string, whatever argon2 parameters it was made with.
pub fn verify(password: &str, phc: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else { return false };
    let (Some(expected), Some(salt)) = (parsed.hash, parsed.salt) else { return false };
    let algorithm = Algorithm::try_from(parsed.algorithm);
    let version = parsed.version.map_or(Ok(Version::default()), Version::try_from);
    let (Ok(algorithm), Ok(version), Ok(params)) = (algorithm, version, Params::try_from(&parsed)) else {
        return false;
    };
    let mut salt_bytes = [0u8; 64];
    let Ok(salt_bytes) = salt.decode_b64(&mut salt_bytes) else { return false };
    let argon = Argon2::new(algorithm, version, params);
    let mut out = vec![0u8; expected.len()];
    if argon2_into(&argon, password.as_bytes(), salt_bytes, &mut out).is_err() {
        return false;
    }
    // `Output` compares in constant time.
    Output::new(&out).is_ok_and(|actual| actual == expected)
}

/// For unknown usernames a login still verifies against this hash, so the response time
/// does not tell which usernames exist.
pub fn verify_dummy(password: &str) {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let phc = DUMMY.get_or_init(|| hash("gongzhi-dummy-password").unwrap_or_default());
    let _ = verify(password, phc);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[actix_web::test]
    async fn hashing_threads_run_at_nice_10() {
        let pool = Hashing::with_threads(1);
        // Field 19 of /proc/thread-self/stat (after the parenthesised name) is the nice value.
        let stat = pool.run(|| std::fs::read_to_string("/proc/thread-self/stat")).await.expect("ran").expect("stat");
        let after_name = stat.rsplit_once(") ").map(|(_, rest)| rest).expect("stat format");
        let nice: i32 = after_name.split(' ').nth(16).and_then(|n| n.parse().ok()).expect("nice field");
        assert_eq!(nice, 10, "{stat}");
    }

    #[test]
    fn hashes_are_argon2id_and_verify() {
        let phc = hash("gongzhi-demo").expect("hashes");
        assert!(phc.starts_with("$argon2id$"));
        assert!(verify("gongzhi-demo", &phc));
        assert!(!verify("gongzhi-demO", &phc));
        assert!(!verify("gongzhi-demo", "not a hash"));
    }

    #[test]
    fn hashes_speak_the_standard_phc_format_both_ways() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        let ours = hash("gongzhi-demo").expect("hashes");
        let parsed = PasswordHash::new(&ours).expect("PHC");
        assert!(Argon2::default().verify_password(b"gongzhi-demo", &parsed).is_ok());
        let salt = SaltString::generate(&mut OsRng);
        let theirs = Argon2::default().hash_password(b"gongzhi-demo", &salt).expect("hashes").to_string();
        assert!(verify("gongzhi-demo", &theirs));
        assert!(!verify("gongzhi-demO", &theirs));
        // Other parameters than today's still verify.
        let light = Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::new(8192, 1, 1, None).expect("params"));
        let old = light.hash_password(b"gongzhi-demo", &salt).expect("hashes").to_string();
        assert!(verify("gongzhi-demo", &old));
    }
}
