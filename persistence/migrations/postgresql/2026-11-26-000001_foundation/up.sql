-- Same tables as migrations/sqlite; `path` sorts bytewise (COLLATE "C") so prefix ranges work.
-- Ids are UUIDv7 text made in Rust: they sort by creation time, so keyset cursors and
-- both backends share one code path. `path` lists a unit's ancestors and itself as
-- '/id/id/.../', so "this unit and everything below it" is one index range scan.
CREATE TABLE org_units (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('district', 'street', 'community', 'compound')),
    parent_id TEXT REFERENCES org_units (id),
    path TEXT COLLATE "C" NOT NULL UNIQUE,
    community_type TEXT CHECK (community_type IN ('old', 'new', 'resettlement', 'village')),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX org_units_parent ON org_units (parent_id);

CREATE TABLE organizations (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    unit_id TEXT NOT NULL REFERENCES org_units (id),
    red_property BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX organizations_unit ON organizations (unit_id);

CREATE TABLE users (
    id TEXT PRIMARY KEY NOT NULL,
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    display_name TEXT NOT NULL,
    phone TEXT,
    party_member BOOLEAN NOT NULL,
    failed_logins INTEGER NOT NULL,
    locked_until TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL
);

CREATE TABLE grants (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    role TEXT NOT NULL,
    unit_id TEXT NOT NULL REFERENCES org_units (id),
    organization_id TEXT REFERENCES organizations (id),
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX grants_once ON grants (user_id, role, unit_id, COALESCE(organization_id, ''));
CREATE INDEX grants_unit ON grants (unit_id);

-- Only a hash of each refresh token is kept. A family is one login's chain of rotations:
-- presenting a token that was already rotated revokes its whole family.
CREATE TABLE refresh_tokens (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    family_id TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP,
    revoked_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);

CREATE TABLE events (
    id TEXT PRIMARY KEY NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    action TEXT NOT NULL,
    actor_id TEXT REFERENCES users (id),
    from_state TEXT,
    to_state TEXT,
    note TEXT,
    at TIMESTAMP NOT NULL
);
CREATE INDEX events_entity ON events (entity, entity_id, id);

CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'events are append-only'; END;
$$;
CREATE TRIGGER events_no_change BEFORE UPDATE OR DELETE ON events
FOR EACH ROW EXECUTE FUNCTION events_append_only();
