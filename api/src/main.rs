//! `gongzhi`: serve (the default), serve --demo, migrate, check, create-admin USERNAME (SPEC §6),
//! backup PATH and restore PATH (docs/OPERATIONS.md), and generate --demands N [--seed S] (a
//! benchmark dataset).

use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;

use api::config::Sources;
use api::Application;
use domain::access::Role;
use domain::values::{DisplayName, Name, Password, Username};
use persistence::users::NewUser;
use tracing_subscriber::EnvFilter;

const USAGE: &str =
    "usage: gongzhi [serve [--demo] | config check | migrate | check | create-admin USERNAME | backup PATH |
               restore PATH | generate --demands N [--seed S] | openapi]

  serve          serve the API (the default)
  serve --demo   load the demo district into an empty database (loopback only)
  config check   check every setting and print the effective configuration, secrets hidden
  migrate        apply database migrations and exit
  check          check that the books balance (each resource's allocated, each project's
                 funding, each demand's co-sign count against the rows behind them);
                 prints a line per violation and exits 1 if there is any
  create-admin   make USERNAME a district_admin of the root district (二七区 if none);
                 password from GONGZHI_ADMIN_PASSWORD or standard input
  backup         copy the database to PATH while it serves, one consistent snapshot (SQLite:
                 VACUUM INTO; PostgreSQL: pg_dump's custom format); never overwrites PATH
  restore        put the backup at PATH into the empty database of DATABASE_URL, migrate it,
                 check its books and print what it holds; exits 1 if the books do not balance
  generate       fill an empty database with a benchmark dataset: the district grown to
                 16 streets × 12 communities × 3 compounds, users admin, street1…, worker1…,
                 r000001… (password gongzhi-bench), N demands with co-signs and events
  openapi        print the API contract (openapi.yaml)

environment: DATABASE_URL (SQLite file path, sqlite://path or postgres://…; default gongzhi.db),
             GONGZHI_BIND (default 127.0.0.1:8080), GONGZHI_JWT_SECRET (required unless --demo),
             GONGZHI_POOL_SIZE, GONGZHI_STATIC_DIR, GONGZHI_TRUSTED_PROXIES, GONGZHI_WORKER_INTERVAL_MS,
             GONGZHI_LOG_FORMAT (text or json), RUST_LOG; GONGZHI_CONFIG names an optional TOML
             file with the same settings in lower case without GONGZHI_ (database_url, bind, …),
             which the environment overrides";

fn main() -> ExitCode {
    let sources = match Sources::load().and_then(|s| s.json_logs().map(|json| (s, json))) {
        Ok((sources, json)) => {
            logging(json);
            sources
        }
        Err(message) => {
            eprintln!("gongzhi: {message}");
            return ExitCode::FAILURE;
        }
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let database = || sources.database();
    let result = match args.as_slice() {
        [] | ["serve"] => sources.settings(false).and_then(serve),
        ["serve", "--demo"] | ["--demo"] => sources.settings(true).and_then(serve),
        ["config", "check"] => config_check(&sources),
        ["migrate"] => database().and_then(|d| migrate(&d)),
        ["check"] => database().and_then(|d| check(&d)),
        ["create-admin", username] => database().and_then(|d| create_admin(&d, username)),
        ["backup", path] => database().and_then(|d| backup(&d, path)),
        ["restore", path] => database().and_then(|d| restore(&d, path)),
        ["generate", rest @ ..] => database().and_then(|d| generate(&d, rest)),
        ["openapi"] => {
            print!("{}", api::openapi::yaml());
            Ok(())
        }
        ["help" | "--help" | "-h"] => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(format!("unknown arguments: {}\n\n{USAGE}", args.join(" "))),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("gongzhi: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Text for a terminal (colours only there), or one JSON object a line for a log collector;
/// `RUST_LOG` filters (default `info`).
fn logging(json: bool) {
    let builder = tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")))
        .with_ansi(std::io::stdout().is_terminal());
    if json {
        builder.json().flatten_event(true).with_current_span(true).with_span_list(false).init();
    } else {
        builder.init();
    }
}

fn config_check(sources: &Sources) -> Result<(), String> {
    let settings = sources.settings(false)?;
    for line in sources.describe(&settings) {
        println!("{line}");
    }
    println!("the configuration is valid");
    Ok(())
}

fn serve(settings: api::Settings) -> Result<(), String> {
    let demo = settings.demo;
    tracing::info!(database = %settings.database.redacted(), bind = %settings.bind, demo, "starting");
    actix_web::rt::System::new().block_on(async move {
        let app = Application::build(settings, None).await.map_err(|e| e.to_string())?;
        tracing::info!(port = app.port(), "listening");
        app.run_until_stopped().await.map_err(|e| e.to_string())
    })
}

fn migrate(database: &persistence::Backend) -> Result<(), String> {
    persistence::connection::migrate(database).map_err(|e| e.to_string())?;
    println!("migrations are up to date ({})", database.redacted());
    Ok(())
}

fn check(database: &persistence::Backend) -> Result<(), String> {
    let pool = persistence::connection::connect(database, 1).map_err(|e| e.to_string())?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    let violations = persistence::check::invariants(&mut conn).map_err(|e| e.to_string())?;
    for v in &violations {
        println!("{v}");
    }
    if violations.is_empty() {
        println!("the books balance ({})", database.redacted());
        Ok(())
    } else {
        Err(format!("{} violation(s)", violations.len()))
    }
}

fn create_admin(database: &persistence::Backend, raw_username: &str) -> Result<(), String> {
    let username = Username::parse(raw_username).map_err(|e| e.to_string())?;
    let raw_password = match std::env::var("GONGZHI_ADMIN_PASSWORD") {
        Ok(p) if !p.is_empty() => p,
        _ => {
            if std::io::stdin().is_terminal() {
                eprintln!("password for {} (then Enter):", username.as_str());
            }
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line).map_err(|e| e.to_string())?;
            line.trim_end_matches(['\r', '\n']).to_owned()
        }
    };
    let password = Password::parse(&raw_password, &username).map_err(|e| e.to_string())?;
    let password_hash = api::auth::password::hash(password.expose()).map_err(|e| e.to_string())?;
    let pool = persistence::connection::connect(database, 1).map_err(|e| e.to_string())?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    let district_name = Name::parse("二七区").map_err(|e| e.to_string())?;
    let district =
        persistence::org_units::ensure_root_district(&mut conn, &district_name).map_err(|e| e.to_string())?;
    let display_name = DisplayName::parse(username.as_str()).map_err(|e| e.to_string())?;
    let new = NewUser { username: username.clone(), password_hash, display_name, phone: None, party_member: false };
    let user = persistence::users::create_with_grant(&mut conn, new, Role::DistrictAdmin, district.id)
        .map_err(|e| e.to_string())?;
    println!("created {} ({}) as district_admin of {} ({})", user.username, user.id, district.name, district.id);
    Ok(())
}

fn backup(database: &persistence::Backend, path: &str) -> Result<(), String> {
    persistence::backup::backup(database, std::path::Path::new(path)).map_err(|e| e.to_string())?;
    println!("backed up {} to {path}", database.redacted());
    Ok(())
}

fn restore(database: &persistence::Backend, path: &str) -> Result<(), String> {
    let restored = persistence::backup::restore(database, std::path::Path::new(path)).map_err(|e| e.to_string())?;
    println!("restored {path} into {} (migrations up to date)", database.redacted());
    for (table, n) in &restored.counts {
        println!("  {table:<14} {n}");
    }
    for v in &restored.violations {
        println!("{v}");
    }
    if restored.violations.is_empty() {
        println!("the books balance");
        Ok(())
    } else {
        Err(format!("{} violation(s) in the restored database", restored.violations.len()))
    }
}

/// The password of every generated user (a benchmark database, never a real one).
const BENCH_PASSWORD: &str = "gongzhi-bench";

fn generate(database: &persistence::Backend, args: &[&str]) -> Result<(), String> {
    let mut demands = None;
    let mut seed = 1;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let value = rest.next().ok_or_else(|| format!("{arg} needs a value\n\n{USAGE}"))?;
        let number = |v: &str| v.replace('_', "").parse::<u64>().map_err(|_| format!("{arg}: {v:?} is not a number"));
        match *arg {
            "--demands" => demands = Some(number(value)?),
            "--seed" => seed = number(value)?,
            _ => return Err(format!("unknown argument {arg}\n\n{USAGE}")),
        }
    }
    let demands = demands.ok_or_else(|| format!("generate needs --demands N\n\n{USAGE}"))?;
    let demands = usize::try_from(demands).map_err(|e| e.to_string())?;
    let started = std::time::Instant::now();
    // One hash for every user: argon2 is slow on purpose, 200,000 of them would take an hour.
    let password_hash = api::auth::password::hash(BENCH_PASSWORD).map_err(|e| e.to_string())?;
    let pool = persistence::connection::connect(database, 1).map_err(|e| e.to_string())?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    println!("generating {demands} demands (seed {seed}) into {}", database.redacted());
    let options = persistence::generate::Options { demands, seed };
    let s = persistence::generate::generate(&mut conn, options, &password_hash).map_err(|e| e.to_string())?;
    println!(
        "generated {} org units, {} users, {} demands, {} co-signs, {} events, {} projects, {} resources, {} claims, \
         {} organisations, {} volunteers, {} coordination cases, {} volunteer activities, {} sign-ups, \
         {} service records, {} search terms in {:.1} s \
         (rows {:.1} s, analyse {:.1} s); every user's password is {BENCH_PASSWORD}",
        s.units,
        s.users,
        s.demands,
        s.cosigns,
        s.events,
        s.projects,
        s.resources,
        s.claims,
        s.organizations,
        s.volunteers,
        s.cases,
        s.activities,
        s.signups,
        s.service_records,
        s.terms,
        started.elapsed().as_secs_f64(),
        s.load_secs,
        s.analyze_secs,
    );
    Ok(())
}
