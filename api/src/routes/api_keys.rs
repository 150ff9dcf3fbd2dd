//! `/organizations/{id}/api-keys`: the keys an integration organisation files demands with
//! through Open311 (`/open311/v2`). The district admin issues and revokes them.

use actix_web::http::header;
use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use domain::values::Name;
use persistence::api_keys;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::Authenticated;
use crate::startup::AppState;
use crate::{db, ApiError};

/// An API key as listed: never its secret.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiKey {
    pub id: Uuid,
    pub organization_id: Uuid,
    /// What it is for, as its issuer named it (e.g. 12345 热线平台).
    pub name: String,
    /// The secret's first characters, to tell keys apart.
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    /// Once set, the key files nothing.
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<api_keys::ApiKey> for ApiKey {
    fn from(k: api_keys::ApiKey) -> Self {
        ApiKey {
            id: k.id,
            organization_id: k.organization_id,
            name: k.name,
            prefix: k.prefix,
            created_at: k.created_at,
            revoked_at: k.revoked_at,
        }
    }
}

/// A key just issued, with its secret: the only time anyone sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct IssuedApiKey {
    #[serde(flatten)]
    pub key: ApiKey,
    /// Send it as `api_key` to `POST /open311/v2/requests.json`. Only its hash is kept: it
    /// cannot be shown again; a lost key is revoked and another issued.
    pub secret: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewApiKeyRequest {
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
}

/// Issue an API key to an integration organisation (district admin).
#[utoipa::path(post, operation_id = "api_keys_issue", path = "/api/v1/organizations/{id}/api-keys", tag = "administration",
    request_body = NewApiKeyRequest, security(("bearer" = [])),
    responses((status = 201, body = IssuedApiKey), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
        (status = 422, body = crate::error::Problem)))]
pub async fn issue(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<NewApiKeyRequest>,
) -> Result<HttpResponse, ApiError> {
    let name = Name::parse(&body.name)?;
    let organization_id = id.into_inner();
    let (key, secret) =
        db::run(&state.pool, move |conn| Ok(api_keys::issue(conn, &actor, organization_id, &name)?)).await?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/api/v1/organizations/{organization_id}/api-keys")))
        // Nothing on the way may keep the secret, nor may an Idempotency-Key's replay store.
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(IssuedApiKey { key: key.into(), secret }))
}

/// The organisation's API keys, newest first, revoked ones too (district admin).
#[utoipa::path(get, operation_id = "api_keys_list", path = "/api/v1/organizations/{id}/api-keys", tag = "administration",
    security(("bearer" = [])),
    responses((status = 200, body = Vec<ApiKey>), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
        (status = 422, body = crate::error::Problem)))]
pub async fn list(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let organization_id = id.into_inner();
    let keys = db::run(&state.pool, move |conn| Ok(api_keys::list(conn, &actor, organization_id)?)).await?;
    Ok(HttpResponse::Ok().json(keys.into_iter().map(ApiKey::from).collect::<Vec<_>>()))
}

/// Revoke an API key: from now on it files nothing. Revoking a revoked key changes nothing.
#[utoipa::path(post, operation_id = "api_keys_revoke", path = "/api/v1/organizations/{id}/api-keys/{key_id}/revoke",
    tag = "administration", security(("bearer" = [])),
    responses((status = 200, body = ApiKey), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
        (status = 422, body = crate::error::Problem)))]
pub async fn revoke(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    ids: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (organization_id, key_id) = ids.into_inner();
    let key = db::run(&state.pool, move |conn| Ok(api_keys::revoke(conn, &actor, organization_id, key_id)?)).await?;
    Ok(HttpResponse::Ok().json(ApiKey::from(key)))
}
