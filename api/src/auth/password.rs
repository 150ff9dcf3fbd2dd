//! argon2id hashing. Both calls are slow on purpose: they run on the blocking pool, at
//! most one per core at a time ([`Hashing`]), and never while holding a database
//! connection, so a flood of logins queues behind itself instead of starving every other
//! request of threads and connections.

use std::sync::OnceLock;

use actix_web::web;
use tokio::sync::Semaphore;

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

use crate::ApiError;

/// The bounded pool for hashing: a permit per core.
pub struct Hashing(pub Semaphore);

impl Hashing {
    pub fn new() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Hashing(Semaphore::new(cores))
    }

    /// Runs `f` (a hash or a verification) once a permit is free.
    pub async fn run<T: Send + 'static>(&self, f: impl FnOnce() -> T + Send + 'static) -> Result<T, ApiError> {
        let _permit = self.0.acquire().await.map_err(|e| ApiError::Internal(format!("hashing pool: {e}")))?;
        web::block(f).await.map_err(|e| ApiError::Internal(format!("hashing task: {e}")))
    }
}

impl Default for Hashing {
    fn default() -> Self {
        Self::new()
    }
}

/// A PHC string (`$argon2id$v=19$…`) with the crate's default, OWASP-recommended cost.
pub fn hash(password: &str) -> Result<String, ApiError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| ApiError::Internal(format!("hashing a password: {e}")))
}

pub fn verify(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
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

    #[test]
    fn hashes_are_argon2id_and_verify() {
        let phc = hash("gongzhi-demo").expect("hashes");
        assert!(phc.starts_with("$argon2id$"));
        assert!(verify("gongzhi-demo", &phc));
        assert!(!verify("gongzhi-demO", &phc));
        assert!(!verify("gongzhi-demo", "not a hash"));
    }
}
