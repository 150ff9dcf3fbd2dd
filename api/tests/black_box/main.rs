//! The black-box tests of the API: the real server on a free port, real HTTP, a fresh
//! database per test on SQLite and on PostgreSQL (`common`). One test binary, not one per
//! file: each linked the whole server (140 MB) again, minutes of every CI run.

mod common;

mod accounts;
mod admin;
mod audit;
mod auth;
mod backup;
mod contract;
mod coordination;
mod coverage;
mod demands;
mod demo;
mod disclosures;
mod errors;
mod exports;
mod generate;
mod integrity;
mod logs;
mod metrics;
mod notifications;
mod open311;
mod pipeline;
mod sign_up;
mod public;
mod races;
mod statistics;
mod stress;
mod text_input;
mod timelines;
mod upkeep;
mod volunteers;
mod web_app;
