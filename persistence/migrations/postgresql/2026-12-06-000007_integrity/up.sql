-- Integrity (issue 17): one pending claim per pair held by the database, passwords set
-- by someone else marked temporary, and the answers to creating requests kept so that a
-- retried request (the same Idempotency-Key) answers the first response.

-- Before the index: of pending duplicates made by the race it closes, the oldest stays.
UPDATE claims SET state = 'cancelled', version = version + 1
WHERE state = 'pending' AND EXISTS (
    SELECT 1 FROM claims AS older
    WHERE older.project_id = claims.project_id AND older.resource_id = claims.resource_id
      AND older.state = 'pending' AND older.id < claims.id
);
CREATE UNIQUE INDEX claims_one_pending ON claims (project_id, resource_id) WHERE state = 'pending';

-- Set when a user manager chose the password (an account it created, a reset): its holder
-- must set its own before doing anything else.
ALTER TABLE users ADD COLUMN password_change_required BOOLEAN NOT NULL DEFAULT FALSE;

-- One row per (user, key): written before the request's work (status NULL while it runs),
-- completed with the response in the same transaction as the work when it succeeds.
-- Rows older than 24 hours are forgotten.
CREATE TABLE idempotency_keys (
    user_id TEXT NOT NULL REFERENCES users (id),
    idempotency_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status BIGINT,
    location TEXT,
    response_body TEXT,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, idempotency_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
