//! Every route, one file per capability.

pub mod claims;
pub mod demands;
pub mod ops;
pub mod org_units;
pub mod organizations;
pub mod projects;
pub mod resources;
pub mod users;

use actix_web::{web, Resource};

use crate::auth::routes as auth;
use crate::error::{method_not_allowed, not_found};

/// A path whose other methods answer 405 in the problem+json envelope.
fn resource(path: &str) -> Resource {
    web::resource(path).default_service(web::to(method_not_allowed))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(resource("/healthz").route(web::get().to(ops::healthz)))
        .service(resource("/readyz").route(web::get().to(ops::readyz)))
        .service(
            web::scope("/api/v1")
                .service(resource("/auth/login").route(web::post().to(auth::login)))
                .service(resource("/auth/refresh").route(web::post().to(auth::refresh)))
                .service(resource("/auth/logout").route(web::post().to(auth::logout)))
                .service(resource("/auth/register").route(web::post().to(auth::register)))
                .service(resource("/me").route(web::get().to(auth::me)))
                .service(resource("/me/permissions").route(web::get().to(auth::permissions)))
                .service(resource("/me/password").route(web::post().to(auth::change_password)))
                .service(
                    resource("/org-units")
                        .route(web::get().to(org_units::list))
                        .route(web::post().to(org_units::create)),
                )
                .service(
                    resource("/org-units/{id}")
                        .route(web::get().to(org_units::get))
                        .route(web::patch().to(org_units::update)),
                )
                .service(
                    resource("/organizations")
                        .route(web::get().to(organizations::list))
                        .route(web::post().to(organizations::create)),
                )
                .service(
                    resource("/organizations/{id}")
                        .route(web::get().to(organizations::get))
                        .route(web::patch().to(organizations::update)),
                )
                .service(resource("/users").route(web::get().to(users::list)).route(web::post().to(users::create)))
                .service(resource("/users/{id}").route(web::get().to(users::get)).route(web::patch().to(users::update)))
                .service(resource("/users/{id}/grants").route(web::post().to(users::add_grant)))
                .service(resource("/users/{id}/events").route(web::get().to(users::events)))
                .service(resource("/users/{id}/grants/{grant_id}").route(web::delete().to(users::revoke_grant)))
                .service(
                    resource("/demands").route(web::get().to(demands::list)).route(web::post().to(demands::create)),
                )
                // Before `/demands/{id}`, which would take `similar` for an id.
                .service(resource("/demands/similar").route(web::get().to(demands::similar)))
                .service(resource("/demands/{id}").route(web::get().to(demands::get)))
                .service(resource("/demands/{id}/transitions").route(web::post().to(demands::transition)))
                .service(resource("/demands/{id}/cosign").route(web::post().to(demands::cosign)))
                .service(resource("/demands/{id}/events").route(web::get().to(demands::events)))
                .service(resource("/public/demands").route(web::get().to(demands::public_list)))
                .service(resource("/public/demands/{id}").route(web::get().to(demands::public_get)))
                .service(
                    resource("/projects").route(web::get().to(projects::list)).route(web::post().to(projects::create)),
                )
                .service(
                    resource("/projects/{id}")
                        .route(web::get().to(projects::get))
                        .route(web::patch().to(projects::update)),
                )
                .service(resource("/projects/{id}/transitions").route(web::post().to(projects::transition)))
                .service(
                    resource("/projects/{id}/progress")
                        .route(web::get().to(projects::progress))
                        .route(web::post().to(projects::post_progress)),
                )
                .service(
                    resource("/projects/{id}/inspections")
                        .route(web::get().to(projects::inspections))
                        .route(web::post().to(projects::inspect)),
                )
                .service(resource("/projects/{id}/ratings").route(web::post().to(projects::rate)))
                .service(resource("/projects/{id}/events").route(web::get().to(projects::events)))
                .service(resource("/projects/{id}/matches").route(web::get().to(projects::matches)))
                .service(resource("/public/projects").route(web::get().to(projects::public_list)))
                .service(resource("/public/projects/{id}").route(web::get().to(projects::public_get)))
                .service(resource("/public/projects/{id}/progress").route(web::get().to(projects::public_progress)))
                .service(
                    resource("/resources")
                        .route(web::get().to(resources::list))
                        .route(web::post().to(resources::create)),
                )
                .service(resource("/resources/{id}").route(web::get().to(resources::get)))
                .service(resource("/resources/{id}/transitions").route(web::post().to(resources::transition)))
                .service(resource("/public/resources").route(web::get().to(resources::public_list)))
                .service(resource("/public/resources/{id}").route(web::get().to(resources::public_get)))
                .service(resource("/claims").route(web::get().to(claims::list)).route(web::post().to(claims::create)))
                .service(resource("/claims/{id}").route(web::get().to(claims::get)))
                .service(resource("/claims/{id}/transitions").route(web::post().to(claims::transition)))
                .service(resource("/openapi.json").route(web::get().to(crate::openapi::json)))
                .default_service(web::to(not_found)),
        );
}
