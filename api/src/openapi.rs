//! The contract: generated from the handlers and DTOs, committed as `openapi.yaml`.

use actix_web::HttpResponse;
use utoipa::openapi::link::LinkBuilder;
use utoipa::openapi::path::{Operation, ParameterBuilder, ParameterIn, PathItem};
use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, Schema, SchemaFormat, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::Required;
use utoipa::openapi::{Content, Ref, RefOr, Response};
use utoipa::{Modify, OpenApi};

use crate::auth::routes as auth;
use crate::routes::{
    api_keys, claims, coordination_cases, demands, disclosures, exports, notifications, open311, ops, org_units,
    organizations, projects, resources, statistics, upkeep, users, volunteering, workbench,
};

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
    DemandAllowedAction => domain::demand::DemandAllowedAction, "What the caller may do to a demand now: a transition, or `cosign` (POST /demands/{id}/cosign).";
    DemandMine => domain::demand::DemandMine, "The caller's own demands: those it filed, or those it co-signed.";
    DemandCategory => domain::demand::DemandCategory, "What a demand is about.";
    DemandSource => domain::demand::DemandSource, "How a demand reached the list.";
    ProjectState => domain::project::ProjectState, "拟定 · 公示中 · 实施中 · 待验收 · 已结单 · 已撤销.";
    ProjectCategory => domain::project::ProjectCategory, "微改造 · 微治理 · 微提升.";
    ProjectAction => domain::project::ProjectAction, "A step of the project lifecycle (SPEC §4.2); close and rework follow an inspection and are never sent.";
    ProjectAllowedAction => domain::project::ProjectAllowedAction, "What the caller may do to a project now.";
    Verdict => domain::project::Verdict, "An inspector's vote.";
    ResourceKind => domain::resource::ResourceKind, "资金 · 场地 · 人力 · 物资 · 服务.";
    ResourceState => domain::resource::ResourceState, "available · exhausted (nothing left) · withdrawn · expired (past available_until).";
    ResourceAction => domain::resource::ResourceAction, "A change its owner makes to a resource.";
    ResourceAllowedAction => domain::resource::ResourceAllowedAction, "What the caller may do with a resource now.";
    ClaimState => domain::claim::ClaimState, "A claim's state (SPEC §4.4).";
    ClaimSide => domain::claim::ClaimSide, "Which side started a claim.";
    ClaimAction => domain::claim::ClaimAction, "A step of a claim (SPEC §4.4).";
    MatchFactor => domain::matching::MatchFactor, "A part of a match's score.";
    MoneyStanding => domain::project::MoneyStanding, "Where a project's money stands in its state.";
    UserAllowedAction => domain::access::UserAllowedAction, "What the caller may do to a user account now.";
    NotificationKind => domain::notification::NotificationKind, "What a notification is about.";
    Entity => domain::history::Entity, "A kind of record.";
    CaseState => domain::coordination::CaseState, "A coordination case: open · escalated (the street settles it) · resolved.";
    Party => domain::coordination::Party, "A party of a coordination case (三方).";
    CaseAction => domain::coordination::CaseAction, "A step of a coordination case (SPEC §4.6).";
    CaseAllowedAction => domain::coordination::CaseAllowedAction, "What the caller may do to a case now: a transition, or `post` to its thread.";
    HandoverState => domain::upkeep::HandoverState, "The property company's answer to a hand-over.";
    HandoverAnswer => domain::upkeep::HandoverAnswer, "Take a handed-over project into upkeep, or decline it.";
    UpkeepAction => domain::upkeep::UpkeepAction, "An upkeep step open to the caller on a project.";
    FaultState => domain::upkeep::FaultState, "A fault (报修): open · answered · closed · escalated (now a coordination case).";
    FaultAction => domain::upkeep::FaultAction, "What the maintaining property company does to a fault.";
    ActivityState => domain::volunteering::ActivityState, "A volunteer activity: open (sign-ups until it starts) · cancelled.";
    ActivityAction => domain::volunteering::ActivityAction, "A step the leader takes on a volunteer activity.";
    ActivityAllowedAction => domain::volunteering::ActivityAllowedAction, "What the caller may do about a volunteer activity now.";
    WorkItem => domain::workbench::WorkItem, "A kind of work waiting for someone, counted on its first screen.";
}

/// The actions of a record's history, from its event enum.
macro_rules! history_action_schema {
    ($($name:ident => $events:ty, $doc:literal;)+) => {$(
        #[doc = $doc]
        pub struct $name;
        impl utoipa::PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .description(Some($doc))
                    .enum_values(Some(<$events as domain::history::History>::ACTIONS.iter().copied()))
                    .into()
            }
        }
        impl utoipa::ToSchema for $name {}
    )+};
}

history_action_schema! {
    CaseEventAction => domain::coordination::CaseEvent, "What happened to a coordination case.";
}

/// An export's file (CSV or XLSX).
pub struct Spreadsheet;

impl utoipa::PartialSchema for Spreadsheet {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary)))
            .description(Some("A spreadsheet: CSV (UTF-8 with a byte order mark) or XLSX."))
            .into()
    }
}

impl utoipa::ToSchema for Spreadsheet {}

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "An access token from /auth/login, /auth/register or /auth/refresh, valid for 15 minutes. \
                         Every request checks it against its login: once the login ends (logout, password reset, \
                         disabled account) it is refused with 401 `session_ended`; once a role is taken from its holder \
                         it is refused with 401 `token_stale`, and a refresh returns a token with the roles left.",
                    ))
                    .build(),
            ),
        );
    }
}

/// What the server really sends, by rule rather than by repeating it on every handler:
/// every error is `application/problem+json`, and every status a client can get from the
/// shared machinery is listed — 401 where a token is required, 400/413/415/422 where a JSON
/// body is read, 404 where the path names a record, 400/414/422 where a query string is read
/// (one that does not parse or is too long; a filter that names nothing, a limit out of range).
struct ErrorResponses;

/// The statuses the extractors and guards give, and what each means there.
const BY_RULE: [(&str, &str); 7] = [
    ("400", "malformed JSON or a query string that does not parse"),
    ("401", "no valid token, or its login ended or a role was taken away (when signing in: wrong credentials)"),
    ("404", "no record with that id (or one the caller may not see)"),
    ("413", "the body is larger than 1 MiB"),
    ("414", "the URL is longer than 8 KiB"),
    ("415", "the body is not declared as application/json"),
    ("422", "a field of the body or the query breaks a rule (wrong shape, out of range, names nothing)"),
];

fn describe(status: &str) -> &'static str {
    match status {
        "409" => "the record's state does not allow this, or `version` is stale",
        "403" => "the caller's roles do not allow this here, or its password must be changed first (`password_change_required`)",
        "408" => "the body did not arrive within 15 seconds",
        "429" => "too many attempts; wait and try again",
        "503" => "the database is not reachable, or other requests held the same records past our retries (`busy_retry`): see `Retry-After`",
        _ => BY_RULE.iter().find(|(s, _)| *s == status).map_or("error", |(_, d)| d),
    }
}

fn problem_content() -> Content {
    Content::new(Some(RefOr::Ref(Ref::from_schema_name("Problem"))))
}

impl ErrorResponses {
    /// `reads_database`: every path but the process probe does, so any may find the
    /// database unreachable (503).
    fn operation(op: &mut Operation, is_post: bool, reads_database: bool) {
        let params = op.parameters.as_deref().unwrap_or_default();
        let has_path = params.iter().any(|p| p.parameter_in == ParameterIn::Path);
        let has_query = params.iter().any(|p| p.parameter_in == ParameterIn::Query);
        let authenticated = op.security.as_ref().is_some_and(|s| !s.is_empty());
        let has_body = op.request_body.is_some();
        let mut add = Vec::new();
        if reads_database {
            add.push("503");
        }
        if authenticated {
            // 403 `password_change_required` can come from any of them.
            add.extend(["401", "403"]);
        }
        if has_body {
            add.extend(["400", "408", "413", "415", "422"]);
        }
        if is_post && authenticated {
            add.extend(["409", "422"]);
            let params = op.parameters.get_or_insert_with(Vec::new);
            if !params.iter().any(|p| p.name == "Idempotency-Key") {
                params.push(
                    ParameterBuilder::new()
                        .name("Idempotency-Key")
                        .parameter_in(ParameterIn::Header)
                        .required(Required::False)
                        .description(Some(
                            "One key per submission (e.g. a UUID, at most 255 visible ASCII characters). The same key \
                             from the same user within 24 hours answers the first successful response again (with \
                             `Idempotent-Replayed: true`) and does nothing; with another request it is 422 \
                             `idempotency_key_reused`; while the first is still running, a retry waits for it, then 409 \
                             `idempotency_key_in_flight`. A request that failed changed nothing and may be retried \
                             with its key.",
                        ))
                        .schema(Some(ObjectBuilder::new().schema_type(Type::String).min_length(Some(1)).max_length(Some(255))))
                        .build(),
                );
            }
        }
        if has_path {
            add.push("404");
        }
        if has_query {
            // Free text in a query string can outgrow the URL limit whatever each
            // parameter's own bound.
            add.extend(["400", "414", "422"]);
        }
        let responses = &mut op.responses.responses;
        for status in add {
            responses.entry(status.to_owned()).or_insert_with(|| RefOr::T(Response::new(describe(status))));
        }
        for (status, response) in responses.iter_mut() {
            let RefOr::T(response) = response else { continue };
            if status.as_str() < "400" {
                continue;
            }
            if response.description.is_empty() {
                response.description = describe(status).to_owned();
            }
            let schema = response.content.values().find_map(|c| c.schema.clone());
            response.content.clear();
            let mut content = problem_content();
            if let Some(schema) = schema {
                content.schema = Some(schema);
            }
            response.content.insert(crate::error::PROBLEM_JSON.to_owned(), content);
        }
    }
}

impl Modify for ErrorResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        // Open311 speaks its standard's error form, each path documenting its own.
        for (path, item) in openapi.paths.paths.iter_mut().filter(|(path, _)| !path.starts_with(open311::PREFIX)) {
            let reads_database = path != "/healthz";
            if let Some(op) = item.post.as_mut() {
                Self::operation(op, true, reads_database);
            }
            for op in
                [&mut item.get, &mut item.put, &mut item.delete, &mut item.patch, &mut item.head].into_iter().flatten()
            {
                Self::operation(op, false, reads_database);
            }
        }
    }
}

/// OpenAPI links from where ids come from to where they are used, by rule: a collection's
/// `POST` (201, `$response.body#/id`) and `GET` list (`$response.body#/items/0/id`) link to
/// every operation under `{collection}/{id}` whose only path parameter is `id`. Clients and
/// schemathesis' stateful phase follow them to real records.
struct Links;

fn operations(item: &PathItem) -> impl Iterator<Item = &Operation> {
    [&item.get, &item.put, &item.post, &item.delete, &item.patch].into_iter().flatten()
}

impl Modify for Links {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        // collection path → operation ids that take its `{id}`
        let mut targets: Vec<(String, String)> = Vec::new();
        for (path, item) in &openapi.paths.paths {
            let Some((collection, rest)) = path.split_once("/{id}") else { continue };
            if rest.contains('{') {
                continue;
            }
            for op in operations(item) {
                if let Some(id) = &op.operation_id {
                    targets.push((collection.to_owned(), id.clone()));
                }
            }
        }
        for (path, item) in openapi.paths.paths.iter_mut() {
            let sources =
                [(&mut item.post, "201", "$response.body#/id"), (&mut item.get, "200", "$response.body#/items/0/id")];
            for (op, status, expression) in sources {
                let Some(RefOr::T(response)) = op.as_mut().and_then(|op| op.responses.responses.get_mut(status)) else {
                    continue;
                };
                for (_, target) in targets.iter().filter(|(collection, _)| collection == path) {
                    let link = LinkBuilder::new().operation_id(target.clone()).parameter("id", expression).build();
                    response.links.insert(target.clone(), RefOr::T(link));
                }
            }
        }
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Gongzhi 共治 API", description = "Community governance: demands, projects, resources, claims (一领四单、五联共治). Errors are application/problem+json."),
    modifiers(&BearerAuth, &ErrorResponses, &Links),
    paths(
        ops::healthz, ops::readyz, ops::metrics,
        auth::login, auth::refresh, auth::logout, auth::register, auth::me, auth::permissions, auth::change_password, auth::set_preferences,
        org_units::list, org_units::get, org_units::create, org_units::update,
        organizations::list, organizations::get, organizations::create, organizations::update,
        users::list, users::get, users::create, users::update, users::add_grant, users::revoke_grant, users::events,
        users::account_events, users::register_at_desk,
        demands::create, demands::similar, demands::list, demands::get, demands::transition, demands::cosign, demands::events,
        demands::public_list, demands::public_get,
        projects::create, projects::list, projects::counts, projects::get, projects::update, projects::transition, projects::post_progress, projects::progress,
        projects::inspect, projects::inspections, projects::rate, projects::events, projects::matches,
        projects::public_list, projects::public_get, projects::public_progress, projects::public_outcome,
        resources::create, resources::list, resources::get, resources::update, resources::transition, resources::public_list, resources::public_get,
        claims::create, claims::list, claims::get, claims::transition,
        notifications::list, notifications::unread, notifications::read, notifications::read_all,
        coordination_cases::create, coordination_cases::list, coordination_cases::get, coordination_cases::transition,
        coordination_cases::messages, coordination_cases::post, coordination_cases::events,
        upkeep::answer_handover, upkeep::create, upkeep::list, upkeep::get, upkeep::transition,
        volunteering::create, volunteering::list, volunteering::get, volunteering::transition, volunteering::sign_up,
        volunteering::withdraw, volunteering::signups, volunteering::record, volunteering::mine, volunteering::stats,
        organizations::coverage, workbench::workbench, resources::events, claims::events,
        disclosures::publish, disclosures::public_list, disclosures::public_get, disclosures::verify,
        statistics::overview, statistics::public,
        api_keys::issue, api_keys::list, api_keys::revoke,
        open311::discovery, open311::services, open311::service_definition, open311::requests, open311::request,
        open311::file,
        exports::demands, exports::projects, exports::resources, exports::claims, exports::coordination_cases,
        exports::volunteer_hours,
    ),
    components(schemas(
        crate::error::Problem, Role, UnitKind, CommunityType, OrganizationKind, DemandState, DemandAction,
        DemandAllowedAction, DemandMine, DemandCategory, DemandSource, ProjectState, ProjectCategory, ProjectAction,
        ProjectAllowedAction, Verdict, ResourceKind, ResourceState, ResourceAction, ResourceAllowedAction, ClaimState,
        ClaimSide, ClaimAction, MatchFactor, MoneyStanding, UserAllowedAction, NotificationKind, Entity, CaseState, Party, CaseAction,
        CaseAllowedAction, CaseEventAction, HandoverState, HandoverAnswer, UpkeepAction, FaultState, FaultAction,
        ActivityState, ActivityAction, ActivityAllowedAction, WorkItem, Spreadsheet, crate::export::Format
    )),
    tags(
        (name = "auth", description = "Sign in, tokens, registration"),
        (name = "administration", description = "Org units, organisations, users and grants"),
        (name = "demands", description = "The demand list (群众下单)"),
        (name = "projects", description = "Livelihood projects (党委接单 · 自治结单)"),
        (name = "resources", description = "The resource list (共建做单)"),
        (name = "claims", description = "Two-way claiming (双向认领)"),
        (name = "coordination", description = "Coordination cases (三方联动): community, residents' organisation and property company"),
        (name = "upkeep", description = "Upkeep after hand-over (红色物业): hand-over answers and faults (报修)"),
        (name = "volunteers", description = "Volunteer service (社工+义工): activities, sign-ups, hours"),
        (name = "notifications", description = "Each person's inbox: what needs them"),
        (name = "exports", description = "Each list as CSV or XLSX, filtered and scoped like the list (the officials' daily tool)"),
        (name = "public", description = "The public board: no login, personal data masked"),
        (name = "open311", description = "Open311 GeoReport v2 (JSON only): demand categories as services, the public board's demands as requests; filing needs an API key. Errors are the standard's: a JSON array of {code, description}, application/json"),
        (name = "ops", description = "Health probes"),
    )
)]
pub struct ApiDoc;

/// utoipa 5 writes a link's `operationId` as `operation_id` (its `Link` lacks serde's
/// camelCase renaming); nothing else in the document has that key.
fn fix_link_keys(text: &str, key: &str, fixed: &str) -> String {
    text.replace(key, fixed)
}

/// The contract as YAML, exactly as committed at the repository root.
pub fn yaml() -> String {
    match ApiDoc::openapi().to_yaml() {
        Ok(text) => fix_link_keys(&text, "operation_id:", "operationId:"),
        Err(e) => format!("# failed to render: {e}\n"),
    }
}

/// The contract as JSON, rendered once.
pub fn json_text() -> &'static str {
    static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEXT.get_or_init(|| match serde_json::to_string(&ApiDoc::openapi()) {
        Ok(text) => fix_link_keys(&text, "\"operation_id\":", "\"operationId\":"),
        Err(e) => format!("{{\"error\": \"failed to render: {e}\"}}"),
    })
}

/// `GET /api/v1/openapi.json`, which Swagger UI at `/docs/` reads too.
pub async fn json() -> HttpResponse {
    HttpResponse::Ok().content_type("application/json").body(json_text())
}
