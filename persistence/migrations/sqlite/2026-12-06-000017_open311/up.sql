-- Open311 (SPEC §5): the keys an integration organisation files demands with. Only the
-- SHA-256 of a secret is kept, so a copy of the database files nothing; `prefix` (the
-- secret's first characters) lets an administrator tell keys apart.
CREATE TABLE api_keys (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    name TEXT NOT NULL,
    prefix TEXT NOT NULL,
    secret_sha256 TEXT NOT NULL UNIQUE,
    created_by_id TEXT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    revoked_by_id TEXT REFERENCES users (id)
);

CREATE INDEX api_keys_organization ON api_keys (organization_id, id);
