//! Every route, one file per capability.

pub mod api_keys;
pub mod claims;
pub mod coordination_cases;
pub mod demands;
pub mod disclosures;
pub mod exports;
pub mod notifications;
pub mod open311;
pub mod ops;
pub mod org_units;
pub mod organizations;
pub mod projects;
pub mod resources;
pub mod statistics;
pub mod upkeep;
pub mod users;
pub mod volunteering;
pub mod workbench;

use actix_web::{web, Resource};

use crate::auth::routes as auth;
use crate::error::{method_not_allowed, not_found};

/// A path whose other methods answer 405: in the problem+json envelope, or under
/// `/open311/` in the standard's error form.
fn resource(path: &str) -> Resource {
    let refuse = if path.starts_with(open311::PREFIX) {
        web::to(open311::method_not_allowed)
    } else {
        web::to(method_not_allowed)
    };
    web::resource(path).default_service(refuse)
}

/// Every endpoint, once: its path and each method's handler. `configure` serves exactly
/// these; a test holds the contract (`openapi.yaml`) to the same set.
macro_rules! endpoints {
    ($($(#[$doc:meta])* $path:literal => { $($method:ident $handler:path),+ $(,)? },)+) => {
        /// Serves every endpoint under its path; other methods on a known path answer 405.
        fn endpoints(cfg: &mut web::ServiceConfig) {
            $(cfg.service(resource($path)$(.route(web::$method().to($handler)))+);)+
        }

        /// (path, methods) of every endpoint served.
        pub const ENDPOINTS: &[(&str, &[&str])] = &[$(($path, &[$(stringify!($method)),+])),+];
    };
}

endpoints! {
    "/healthz" => { get ops::healthz },
    "/readyz" => { get ops::readyz },
    "/metrics" => { get ops::metrics },
    "/api/v1/auth/login" => { post auth::login },
    "/api/v1/auth/refresh" => { post auth::refresh },
    "/api/v1/auth/logout" => { post auth::logout },
    "/api/v1/auth/register" => { post auth::register },
    "/api/v1/me" => { get auth::me },
    "/api/v1/me/permissions" => { get auth::permissions },
    "/api/v1/me/password" => { post auth::change_password },
    "/api/v1/me/preferences" => { put auth::set_preferences },
    "/api/v1/coordination-cases" => { get coordination_cases::list, post coordination_cases::create },
    "/api/v1/coordination-cases/{id}" => { get coordination_cases::get },
    "/api/v1/coordination-cases/{id}/transitions" => { post coordination_cases::transition },
    "/api/v1/coordination-cases/{id}/messages" => { get coordination_cases::messages, post coordination_cases::post },
    "/api/v1/coordination-cases/{id}/events" => { get coordination_cases::events },
    "/api/v1/projects/{id}/handover" => { post upkeep::answer_handover },
    "/api/v1/faults" => { get upkeep::list, post upkeep::create },
    "/api/v1/faults/{id}" => { get upkeep::get },
    "/api/v1/faults/{id}/transitions" => { post upkeep::transition },
    "/api/v1/volunteer-activities" => { get volunteering::list, post volunteering::create },
    "/api/v1/volunteer-activities/{id}" => { get volunteering::get },
    "/api/v1/volunteer-activities/{id}/transitions" => { post volunteering::transition },
    "/api/v1/volunteer-activities/{id}/signups" => { get volunteering::signups, post volunteering::sign_up },
    "/api/v1/volunteer-activities/{id}/signups/mine" => { delete volunteering::withdraw },
    "/api/v1/volunteer-activities/{id}/service-records" => { post volunteering::record },
    "/api/v1/me/volunteering" => { get volunteering::mine },
    "/api/v1/me/workbench" => { get workbench::workbench },
    "/api/v1/resources/{id}/events" => { get resources::events },
    "/api/v1/claims/{id}/events" => { get claims::events },
    "/api/v1/stats/volunteers" => { get volunteering::stats },
    "/api/v1/stats/coverage" => { get organizations::coverage },
    "/api/v1/stats/overview" => { get statistics::overview },
    "/api/v1/public/stats" => { get statistics::public },
    "/api/v1/me/notifications" => { get notifications::list },
    // Before `/me/notifications/{id}/read`'s siblings: `unread` and `read` are no ids.
    "/api/v1/me/notifications/unread" => { get notifications::unread },
    "/api/v1/me/notifications/read" => { post notifications::read_all },
    "/api/v1/me/notifications/{id}/read" => { post notifications::read },
    "/api/v1/org-units" => { get org_units::list, post org_units::create },
    "/api/v1/org-units/{id}" => { get org_units::get, patch org_units::update },
    "/api/v1/organizations" => { get organizations::list, post organizations::create },
    "/api/v1/organizations/{id}" => { get organizations::get, patch organizations::update },
    "/api/v1/organizations/{id}/api-keys" => { get api_keys::list, post api_keys::issue },
    "/api/v1/organizations/{id}/api-keys/{key_id}/revoke" => { post api_keys::revoke },
    "/api/v1/users" => { get users::list, post users::create },
    "/api/v1/residents" => { post users::register_at_desk },
    "/api/v1/users/{id}" => { get users::get, patch users::update },
    "/api/v1/users/{id}/grants" => { post users::add_grant },
    "/api/v1/users/{id}/events" => { get users::events },
    "/api/v1/account-events" => { get users::account_events },
    "/api/v1/disclosures" => { post disclosures::publish },
    "/api/v1/public/disclosures" => { get disclosures::public_list },
    "/api/v1/public/disclosures/{id}" => { get disclosures::public_get },
    "/api/v1/public/disclosures/{id}/verify" => { get disclosures::verify },
    "/api/v1/users/{id}/grants/{grant_id}" => { delete users::revoke_grant },
    "/api/v1/demands" => { get demands::list, post demands::create },
    // Before `/demands/{id}`, which would take `similar` for an id.
    "/api/v1/demands/similar" => { get demands::similar },
    "/api/v1/demands/{id}" => { get demands::get },
    "/api/v1/demands/{id}/transitions" => { post demands::transition },
    "/api/v1/demands/{id}/cosign" => { post demands::cosign },
    "/api/v1/demands/{id}/events" => { get demands::events },
    "/api/v1/public/demands" => { get demands::public_list },
    "/api/v1/public/demands/{id}" => { get demands::public_get },
    "/api/v1/projects" => { get projects::list, post projects::create },
    // Before `{id}`: the first path that fits a request answers it.
    "/api/v1/projects/counts" => { get projects::counts },
    "/api/v1/projects/{id}" => { get projects::get, patch projects::update },
    "/api/v1/projects/{id}/transitions" => { post projects::transition },
    "/api/v1/projects/{id}/progress" => { get projects::progress, post projects::post_progress },
    "/api/v1/projects/{id}/inspections" => { get projects::inspections, post projects::inspect },
    "/api/v1/projects/{id}/ratings" => { post projects::rate },
    "/api/v1/projects/{id}/events" => { get projects::events },
    "/api/v1/projects/{id}/matches" => { get projects::matches },
    "/api/v1/public/projects" => { get projects::public_list },
    "/api/v1/public/projects/{id}" => { get projects::public_get },
    "/api/v1/public/projects/{id}/progress" => { get projects::public_progress },
    "/api/v1/public/projects/{id}/outcome" => { get projects::public_outcome },
    "/api/v1/resources" => { get resources::list, post resources::create },
    "/api/v1/resources/{id}" => { get resources::get, patch resources::update },
    "/api/v1/resources/{id}/transitions" => { post resources::transition },
    "/api/v1/public/resources" => { get resources::public_list },
    "/api/v1/public/resources/{id}" => { get resources::public_get },
    "/api/v1/claims" => { get claims::list, post claims::create },
    "/api/v1/claims/{id}" => { get claims::get },
    "/api/v1/claims/{id}/transitions" => { post claims::transition },
    "/open311/v2/discovery.json" => { get open311::discovery },
    "/open311/v2/services.json" => { get open311::services },
    "/open311/v2/services/{service_code}.json" => { get open311::service_definition },
    "/open311/v2/requests.json" => { get open311::requests, post open311::file },
    "/open311/v2/requests/{service_request_id}.json" => { get open311::request },
    "/api/v1/exports/demands.{format}" => { get exports::demands },
    "/api/v1/exports/projects.{format}" => { get exports::projects },
    "/api/v1/exports/resources.{format}" => { get exports::resources },
    "/api/v1/exports/claims.{format}" => { get exports::claims },
    "/api/v1/exports/coordination-cases.{format}" => { get exports::coordination_cases },
    "/api/v1/exports/volunteer-hours.{format}" => { get exports::volunteer_hours },
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    endpoints(cfg);
    // The contract itself, not an endpoint of it.
    cfg.service(resource("/api/v1/openapi.json").route(web::get().to(crate::openapi::json)))
        .service(web::scope("/api/v1").default_service(web::to(not_found)))
        .service(web::scope("/open311").default_service(web::to(open311::not_found)));
}
