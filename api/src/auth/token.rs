//! Access tokens (HS256 JWT, 15 minutes, carrying the role grants, the session they
//! belong to and the holder's `auth_version`) and refresh tokens (random, stored only as a
//! SHA-256 hash). The signature makes a token genuine; whether it still holds is asked of
//! the database on every request (see `auth::Authenticated`).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use domain::access::{Actor, Grant, Role};
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::ApiError;

pub const ACCESS_TTL_SECONDS: i64 = 15 * 60;
pub const REFRESH_TTL_DAYS: i64 = 30;

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    sub: Uuid,
    /// The session (login) the token belongs to.
    sid: Uuid,
    /// The holder's `auth_version` when the token was issued.
    av: i64,
    iat: i64,
    exp: i64,
    grants: Vec<ClaimGrant>,
}

/// What a genuine, unexpired access token says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub actor: Actor,
    pub session_id: Uuid,
    pub auth_version: i64,
}

#[derive(Debug, Serialize, Deserialize)]
struct ClaimGrant {
    role: String,
    unit_id: Uuid,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    organization_id: Option<Uuid>,
}

pub struct Tokens {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl Tokens {
    pub fn new(secret: &[u8]) -> Self {
        Tokens { encoding: EncodingKey::from_secret(secret), decoding: DecodingKey::from_secret(secret) }
    }

    pub fn issue(
        &self,
        actor: &Actor,
        session_id: Uuid,
        auth_version: i64,
        now: DateTime<Utc>,
    ) -> Result<String, ApiError> {
        let claims = Claims {
            sub: actor.user_id,
            sid: session_id,
            av: auth_version,
            iat: now.timestamp(),
            exp: (now + Duration::seconds(ACCESS_TTL_SECONDS)).timestamp(),
            grants: actor
                .grants
                .iter()
                .map(|g| ClaimGrant {
                    role: g.role.as_str().to_owned(),
                    unit_id: g.unit_id,
                    organization_id: g.organization_id,
                })
                .collect(),
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| ApiError::Internal(format!("signing a token: {e}")))
    }

    pub fn verify(&self, token: &str) -> Result<Verified, ApiError> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 5;
        let data = decode::<Claims>(token, &self.decoding, &validation).map_err(|e| {
            use jsonwebtoken::errors::ErrorKind;
            match e.kind() {
                ErrorKind::ExpiredSignature => ApiError::Unauthorized {
                    code: "token_expired",
                    detail: "the access token has expired; refresh it".into(),
                },
                _ => ApiError::unauthorized("the access token is not valid"),
            }
        })?;
        let grants = data
            .claims
            .grants
            .into_iter()
            .map(|g| {
                Ok(Grant {
                    role: Role::parse(&g.role).map_err(|_| ApiError::unauthorized("the access token is not valid"))?,
                    unit_id: g.unit_id,
                    organization_id: g.organization_id,
                })
            })
            .collect::<Result<Vec<_>, ApiError>>()?;
        Ok(Verified {
            actor: Actor { user_id: data.claims.sub, grants },
            session_id: data.claims.sid,
            auth_version: data.claims.av,
        })
    }
}

/// A fresh refresh token: 256 random bits, URL-safe.
pub fn new_refresh_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// What the database keeps of a refresh token. The token is random and long, so a fast
/// hash is enough: there is nothing to brute-force.
pub fn hash_refresh_token(token: &str) -> String {
    sha256_hex(token)
}

pub use persistence::util::sha256_hex;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_carry_grants_and_expire() {
        let tokens = Tokens::new(b"0123456789abcdef0123456789abcdef");
        let actor = Actor {
            user_id: Uuid::now_v7(),
            grants: vec![Grant { role: Role::CommunityWorker, unit_id: Uuid::now_v7(), organization_id: None }],
        };
        let now = Utc::now();
        let session_id = Uuid::now_v7();
        let token = tokens.issue(&actor, session_id, 3, now).expect("signs");
        assert_eq!(
            tokens.verify(&token).expect("valid"),
            Verified { actor: actor.clone(), session_id, auth_version: 3 }
        );
        let old = tokens.issue(&actor, session_id, 3, now - Duration::seconds(ACCESS_TTL_SECONDS + 60)).expect("signs");
        assert!(matches!(tokens.verify(&old), Err(ApiError::Unauthorized { code: "token_expired", .. })));
        let other = Tokens::new(b"another-secret-another-secret-xx");
        assert!(other.verify(&token).is_err());
    }

    #[test]
    fn refresh_tokens_are_random_and_hashed() {
        let a = new_refresh_token();
        assert_ne!(a, new_refresh_token());
        assert_eq!(hash_refresh_token(&a).len(), 64);
        assert_ne!(hash_refresh_token(&a), a);
    }
}
