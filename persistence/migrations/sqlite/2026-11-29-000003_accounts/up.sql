-- Accounts that can be disabled, and access tokens that end on the next request.
-- `auth_version` grows whenever what a token says about its holder stops being true
-- (a grant taken away, a password reset, the account disabled): a token carries the
-- version it was issued at. A session is one login (the family of its refresh tokens):
-- logging out or resetting the password ends it, and its access tokens with it.
ALTER TABLE users ADD COLUMN disabled BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE users ADD COLUMN auth_version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE users DROP COLUMN failed_logins;
ALTER TABLE users DROP COLUMN locked_until;

CREATE TABLE sessions (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);
CREATE INDEX sessions_user ON sessions (user_id);
INSERT INTO sessions (id, user_id, created_at, revoked_at)
SELECT family_id, MIN(user_id), MIN(created_at), MAX(revoked_at) FROM refresh_tokens GROUP BY family_id;

-- Throttle counters, keyed by what is guessed and who guesses (see domain::login). In the
-- database, so that every gongzhi process behind a load balancer counts the same attempts.
CREATE TABLE throttles (
    key TEXT PRIMARY KEY NOT NULL,
    attempts INTEGER NOT NULL,
    last_attempt_at TIMESTAMP NOT NULL,
    blocked_until TIMESTAMP
);
CREATE INDEX throttles_last_attempt ON throttles (last_attempt_at);
