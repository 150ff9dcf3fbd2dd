//! Storage for Gongzhi on SQLite or PostgreSQL through one diesel code path.
//!
//! Each record has its own module holding its queries and the use cases that load the
//! facts a domain rule needs, ask `domain`, and write the change with its event in one
//! transaction.

pub mod api_keys;
pub mod backup;
pub mod check;
pub mod claims;
pub mod connection;
pub mod coordination_cases;
pub mod error;
pub mod schema;

pub use connection::{Backend, DbConnection, Pool};
pub use error::{Error, Result};
pub mod demand_terms;
pub mod demands;
pub mod disclosures;
pub mod events;
pub mod generate;
pub mod idempotency;
pub mod metrics;
pub mod notifications;
pub mod org_units;
pub mod organizations;
pub mod projects;
pub mod resources;
pub mod sessions;
pub mod statistics;
pub mod throttles;
pub mod upkeep;
pub mod users;
pub mod util;
pub mod volunteering;
pub mod workbench;
