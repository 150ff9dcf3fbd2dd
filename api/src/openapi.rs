//! The contract: generated from the handlers and DTOs, committed as `openapi.yaml`.

use actix_web::HttpResponse;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::RefOr;
use utoipa::{Modify, OpenApi};

use crate::auth::routes as auth;
use crate::routes::{demands, ops, org_units, organizations, users};

/// A named string enum whose values come from the domain's own list, so the contract
/// cannot drift from the rules.
macro_rules! domain_enum_schema {
    ($($name:ident => $domain:ty, $doc:literal;)+) => {$(
        #[doc = $doc]
        pub struct $name;
        impl utoipa::PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .description(Some($doc))
                    .enum_values(Some(<$domain>::ALL.iter().map(|v| v.as_str())))
                    .into()
            }
        }
        impl utoipa::ToSchema for $name {}
    )+};
}

domain_enum_schema! {
    Role => domain::access::Role, "A role a user holds at a scope (SPEC §2).";
    UnitKind => domain::org_unit::UnitKind, "The level of an org unit.";
    CommunityType => domain::org_unit::CommunityType, "老旧 / 新型 / 安置回迁 / 村.";
    OrganizationKind => domain::organization::OrganizationKind, "The kind of an organisation.";
    DemandState => domain::demand::DemandState, "待受理 · 已公示 · 已接单 · 已办结 · 不予受理 · 已合并 · 已转办 · 已撤回.";
    DemandAction => domain::demand::DemandAction, "A step of the demand lifecycle (SPEC §4.1).";
    Category => domain::demand::Category, "What a demand is about.";
    Source => domain::demand::Source, "How a demand reached the list.";
}

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build()),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Gongzhi 共治 API", description = "Community governance: demands, projects, resources, claims (一领四单、五联共治). Errors are application/problem+json."),
    modifiers(&BearerAuth),
    paths(
        ops::healthz, ops::readyz,
        auth::login, auth::refresh, auth::logout, auth::register, auth::me, auth::permissions,
        org_units::list, org_units::get, org_units::create, org_units::update,
        organizations::list, organizations::get, organizations::create, organizations::update,
        users::list, users::get, users::create, users::update, users::add_grant, users::revoke_grant,
        demands::create, demands::list, demands::get, demands::transition, demands::cosign, demands::events,
        demands::public_list, demands::public_get,
    ),
    components(schemas(
        crate::error::Problem, Role, UnitKind, CommunityType, OrganizationKind, DemandState, DemandAction, Category, Source
    )),
    tags(
        (name = "auth", description = "Sign in, tokens, registration"),
        (name = "administration", description = "Org units, organisations, users and grants"),
        (name = "demands", description = "The demand list (群众下单)"),
        (name = "public", description = "The public board: no login, personal data masked"),
        (name = "ops", description = "Health probes"),
    )
)]
pub struct ApiDoc;

/// The contract as YAML, exactly as committed at the repository root.
pub fn yaml() -> String {
    ApiDoc::openapi().to_yaml().unwrap_or_else(|e| format!("# failed to render: {e}\n"))
}

pub async fn json() -> HttpResponse {
    HttpResponse::Ok().json(ApiDoc::openapi())
}
