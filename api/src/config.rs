//! Settings from the environment (SPEC §6). The names are part of the contract: scripts
//! and deployments set them.

use persistence::Backend;

#[derive(Clone)]
pub struct Settings {
    pub database: Backend,
    /// `host:port`; port 0 picks a free one (tests).
    pub bind: String,
    pub jwt_secret: Vec<u8>,
    /// Load the demo district into an empty database.
    pub demo: bool,
    /// Connections in the pool.
    pub pool_size: u32,
    /// The built web app, served at `/` with history fallback; `None` serves the API only.
    pub static_dir: Option<std::path::PathBuf>,
    /// Reverse proxies whose `X-Forwarded-For` and `X-Forwarded-Proto` are believed.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// How long the background worker rests between rounds when it found nothing to do.
    pub worker_interval: std::time::Duration,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("database", &self.database.redacted())
            .field("bind", &self.bind)
            .field("jwt_secret", &"***")
            .field("demo", &self.demo)
            .field("pool_size", &self.pool_size)
            .field("static_dir", &self.static_dir)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("worker_interval", &self.worker_interval)
            .finish()
    }
}

pub const DEFAULT_BIND: &str = "127.0.0.1:8080";
pub const DEFAULT_DATABASE: &str = "gongzhi.db";

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

impl Settings {
    /// `DATABASE_URL`, `GONGZHI_BIND`, `GONGZHI_JWT_SECRET` (required unless `demo`),
    /// `GONGZHI_POOL_SIZE`, `GONGZHI_STATIC_DIR` (default `frontend/dist` when it exists),
    /// `GONGZHI_TRUSTED_PROXIES` (comma-separated addresses; default none),
    /// `GONGZHI_WORKER_INTERVAL_MS` (the background worker's rest; default 1000).
    pub fn from_env(demo: bool) -> Result<Self, String> {
        let database = Self::database_from_env()?;
        let bind = env("GONGZHI_BIND").unwrap_or_else(|| DEFAULT_BIND.into());
        let jwt_secret = match env("GONGZHI_JWT_SECRET") {
            Some(s) if s.len() >= 32 => s.into_bytes(),
            Some(_) => return Err("GONGZHI_JWT_SECRET must be at least 32 characters".into()),
            // A demo gets a fresh secret each start: its sessions end with the process.
            None if demo => random_secret(),
            None => return Err("GONGZHI_JWT_SECRET is required (at least 32 characters) unless --demo".into()),
        };
        if demo && !is_loopback(&bind) {
            return Err(format!(
                "--demo publishes well-known passwords, so it binds only to a loopback address, not {bind}"
            ));
        }
        let pool_size = match env("GONGZHI_POOL_SIZE") {
            Some(v) => v.parse().map_err(|_| format!("GONGZHI_POOL_SIZE must be a number, not {v:?}"))?,
            None if database.is_postgres() => 16,
            None => 8,
        };
        let static_dir = match env("GONGZHI_STATIC_DIR") {
            Some(dir) => Some(std::path::PathBuf::from(dir)),
            None => Some(std::path::PathBuf::from("frontend/dist")).filter(|d| d.join("index.html").is_file()),
        };
        let trusted_proxies = parse_proxies(&env("GONGZHI_TRUSTED_PROXIES").unwrap_or_default())?;
        let worker_interval = match env("GONGZHI_WORKER_INTERVAL_MS") {
            Some(v) => match v.parse::<u64>() {
                Ok(ms @ 10..=60_000) => std::time::Duration::from_millis(ms),
                _ => return Err(format!("GONGZHI_WORKER_INTERVAL_MS must be 10 to 60000 milliseconds, not {v:?}")),
            },
            None => std::time::Duration::from_secs(1),
        };
        Ok(Settings { database, bind, jwt_secret, demo, pool_size, static_dir, trusted_proxies, worker_interval })
    }
}

impl Settings {
    /// `DATABASE_URL` alone: all that the commands other than `serve` need (a bind address
    /// or a secret set for the server is none of their business).
    pub fn database_from_env() -> Result<Backend, String> {
        Backend::from_url(&env("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE.into())).map_err(|e| e.to_string())
    }
}

fn parse_proxies(raw: &str) -> Result<Vec<std::net::IpAddr>, String> {
    raw.split(',')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(|a| a.parse().map_err(|_| format!("GONGZHI_TRUSTED_PROXIES: {a:?} is not an IP address")))
        .collect()
}

pub fn random_secret() -> Vec<u8> {
    use rand::RngCore;
    let mut secret = vec![0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut secret);
    secret
}

pub fn is_loopback(bind: &str) -> bool {
    let host = bind.rsplit_once(':').map_or(bind, |(h, _)| h);
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host == "localhost" || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_binds_only_to_loopback() {
        assert!(is_loopback("127.0.0.1:8080"));
        assert!(is_loopback("127.0.0.2:0"));
        assert!(is_loopback("localhost:8080"));
        assert!(is_loopback("[::1]:8080"));
        assert!(!is_loopback("0.0.0.0:8080"));
        assert!(!is_loopback("192.168.1.2:8080"));
    }

    #[test]
    fn trusted_proxies_are_addresses() {
        assert_eq!(parse_proxies(""), Ok(vec![]));
        assert_eq!(
            parse_proxies("127.0.0.1, ::1"),
            Ok(vec!["127.0.0.1".parse().expect("ip"), "::1".parse().expect("ip")])
        );
        assert!(parse_proxies("10.0.0.0/8").is_err());
    }
}
