//! Settings from the environment and an optional TOML file (SPEC §6, docs/OPERATIONS.md).
//! The names are part of the contract: scripts and deployments set them. Every value is
//! checked at start, and a bad one is refused naming it.

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

/// Each setting: its environment variable, and its key in the TOML file.
const NAMES: &[(&str, &str)] = &[
    ("DATABASE_URL", "database_url"),
    ("GONGZHI_BIND", "bind"),
    ("GONGZHI_JWT_SECRET", "jwt_secret"),
    ("GONGZHI_POOL_SIZE", "pool_size"),
    ("GONGZHI_STATIC_DIR", "static_dir"),
    ("GONGZHI_TRUSTED_PROXIES", "trusted_proxies"),
    ("GONGZHI_WORKER_INTERVAL_MS", "worker_interval_ms"),
    ("GONGZHI_LOG_FORMAT", "log_format"),
];

/// Where the settings come from: the environment, over the optional TOML file named by
/// `GONGZHI_CONFIG` (docs/OPERATIONS.md, "Configure"). An empty variable counts as unset.
#[derive(Debug, Default)]
pub struct Sources {
    file: std::collections::BTreeMap<&'static str, String>,
    path: Option<std::path::PathBuf>,
}

impl Sources {
    /// Reads `GONGZHI_CONFIG`'s file, if set: a key it does not know, or a value that is not
    /// a string, a number or a list of strings, is refused naming it.
    pub fn load() -> Result<Self, String> {
        let Some(path) = std::env::var("GONGZHI_CONFIG").ok().filter(|v| !v.trim().is_empty()) else {
            return Ok(Sources::default());
        };
        let text = std::fs::read_to_string(&path).map_err(|e| format!("GONGZHI_CONFIG {path}: {e}"))?;
        Self::parse(&path, &text)
    }

    /// The file's settings, each as the text its variable would hold.
    fn parse(path: &str, text: &str) -> Result<Self, String> {
        let table: toml::Table = text.parse().map_err(|e| format!("GONGZHI_CONFIG {path}: {e}"))?;
        let mut file = std::collections::BTreeMap::new();
        for (key, value) in table {
            let Some((_, known)) = NAMES.iter().find(|(_, k)| *k == key) else {
                let keys: Vec<&str> = NAMES.iter().map(|(_, k)| *k).collect();
                return Err(format!("GONGZHI_CONFIG {path}: unknown key {key:?} (known: {})", keys.join(", ")));
            };
            let text = match value {
                toml::Value::String(s) => s,
                toml::Value::Integer(n) => n.to_string(),
                toml::Value::Array(items) => items
                    .into_iter()
                    .map(|i| i.as_str().map(str::to_owned))
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(|| format!("GONGZHI_CONFIG {path}: {key} must list strings"))?
                    .join(","),
                other => return Err(format!("GONGZHI_CONFIG {path}: {key} cannot be a {}", other.type_str())),
            };
            file.insert(*known, text);
        }
        Ok(Sources { file, path: Some(path.into()) })
    }

    /// The setting of environment variable `name`: the variable, else the file's key.
    pub fn get(&self, name: &str) -> Option<String> {
        if let Some(v) = env(name) {
            return Some(v);
        }
        let (_, key) = NAMES.iter().find(|(n, _)| *n == name)?;
        self.file.get(key).filter(|v| !v.trim().is_empty()).cloned()
    }

    /// Where the setting of `name` came from, for `gongzhi config check`.
    fn origin(&self, name: &str) -> String {
        match (env(name), &self.path) {
            (Some(_), _) => "environment".into(),
            (None, Some(path)) if self.get(name).is_some() => format!("{}", path.display()),
            _ => "default".into(),
        }
    }

    /// `DATABASE_URL` alone: all that the commands other than `serve` need (a bind address
    /// or a secret set for the server is none of their business).
    pub fn database(&self) -> Result<Backend, String> {
        Backend::from_url(&self.get("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE.into())).map_err(|e| e.to_string())
    }

    /// Logs as JSON lines (`json`) or as text for a terminal (`text`, the default).
    pub fn json_logs(&self) -> Result<bool, String> {
        match self.get("GONGZHI_LOG_FORMAT").as_deref() {
            None | Some("text") => Ok(false),
            Some("json") => Ok(true),
            Some(other) => Err(format!("GONGZHI_LOG_FORMAT must be json or text, not {other:?}")),
        }
    }

    /// The server's settings, each checked, with `demo`'s rules; the first bad one is named.
    pub fn settings(&self, demo: bool) -> Result<Settings, String> {
        self.json_logs()?;
        let database = self.database()?;
        let bind = self.get("GONGZHI_BIND").unwrap_or_else(|| DEFAULT_BIND.into());
        let jwt_secret = match self.get("GONGZHI_JWT_SECRET") {
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
        let pool_size = match self.get("GONGZHI_POOL_SIZE") {
            Some(v) => match v.parse::<u32>() {
                Ok(n @ 1..=500) => n,
                _ => return Err(format!("GONGZHI_POOL_SIZE must be a number from 1 to 500, not {v:?}")),
            },
            None if database.is_postgres() => 16,
            None => 8,
        };
        let static_dir = match self.get("GONGZHI_STATIC_DIR") {
            Some(dir) => Some(std::path::PathBuf::from(dir)),
            None => Some(std::path::PathBuf::from("frontend/dist")).filter(|d| d.join("index.html").is_file()),
        };
        let trusted_proxies = parse_proxies(&self.get("GONGZHI_TRUSTED_PROXIES").unwrap_or_default())?;
        let worker_interval = match self.get("GONGZHI_WORKER_INTERVAL_MS") {
            Some(v) => match v.parse::<u64>() {
                Ok(ms @ 10..=60_000) => std::time::Duration::from_millis(ms),
                _ => return Err(format!("GONGZHI_WORKER_INTERVAL_MS must be 10 to 60000 milliseconds, not {v:?}")),
            },
            None => std::time::Duration::from_secs(1),
        };
        Ok(Settings { database, bind, jwt_secret, demo, pool_size, static_dir, trusted_proxies, worker_interval })
    }

    /// The effective configuration, a line per setting with where it came from; the secret
    /// and the database password are never shown.
    pub fn describe(&self, settings: &Settings) -> Vec<String> {
        let shown = |name: &str, value: String| format!("{name:<28} {value:<40} ({})", self.origin(name));
        let proxies: Vec<String> = settings.trusted_proxies.iter().map(ToString::to_string).collect();
        vec![
            shown("DATABASE_URL", settings.database.redacted()),
            shown("GONGZHI_BIND", settings.bind.clone()),
            shown("GONGZHI_JWT_SECRET", format!("*** ({} bytes)", settings.jwt_secret.len())),
            shown("GONGZHI_POOL_SIZE", settings.pool_size.to_string()),
            shown(
                "GONGZHI_STATIC_DIR",
                settings.static_dir.as_ref().map_or("none: the API only".into(), |d| d.display().to_string()),
            ),
            shown("GONGZHI_TRUSTED_PROXIES", if proxies.is_empty() { "none".into() } else { proxies.join(",") }),
            shown("GONGZHI_WORKER_INTERVAL_MS", settings.worker_interval.as_millis().to_string()),
            shown("GONGZHI_LOG_FORMAT", if self.json_logs().unwrap_or(false) { "json" } else { "text" }.into()),
        ]
    }
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
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
    fn the_file_takes_known_keys_as_their_variables_would() {
        let file = "bind = \"0.0.0.0:9000\"\npool_size = 4\ntrusted_proxies = [\"10.0.0.1\", \"::1\"]\n";
        let sources = Sources::parse("g.toml", file).expect("parses");
        assert_eq!(sources.file.get("bind").map(String::as_str), Some("0.0.0.0:9000"));
        assert_eq!(sources.file.get("pool_size").map(String::as_str), Some("4"));
        assert_eq!(sources.file.get("trusted_proxies").map(String::as_str), Some("10.0.0.1,::1"));
        let unknown = Sources::parse("g.toml", "colour = 1").map(|_| ());
        assert!(unknown.as_ref().is_err_and(|e| e.contains("unknown key \"colour\"")), "{unknown:?}");
        let table = Sources::parse("g.toml", "[bind]\nhost = 1").map(|_| ());
        assert!(table.as_ref().is_err_and(|e| e.contains("bind cannot be a table")), "{table:?}");
        assert!(Sources::parse("g.toml", "bind = ").is_err(), "TOML that does not parse");
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
