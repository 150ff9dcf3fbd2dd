-- Coordination cases, 三方联动 (SPEC §4.6): a compound's property matter settled by the
-- community, its residents' organisation and its property company, with a thread.
CREATE TABLE coordination_cases (
    id TEXT PRIMARY KEY NOT NULL,
    unit_id TEXT NOT NULL REFERENCES org_units (id),
    street_id TEXT NOT NULL REFERENCES org_units (id),
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('open', 'escalated', 'resolved')),
    -- The compound's organisations when the case was opened (none: nobody confirms for it).
    autonomy_org_id TEXT REFERENCES organizations (id),
    property_org_id TEXT REFERENCES organizations (id),
    community_confirmed BOOLEAN NOT NULL DEFAULT FALSE,
    autonomy_confirmed BOOLEAN NOT NULL DEFAULT FALSE,
    property_confirmed BOOLEAN NOT NULL DEFAULT FALSE,
    due_at TIMESTAMP,
    resolution TEXT,
    demand_id TEXT REFERENCES demands (id),
    opened_by_id TEXT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX coordination_cases_unit ON coordination_cases (unit_id, id);
CREATE INDEX coordination_cases_street ON coordination_cases (street_id, state, id);
-- What the worker looks for: open cases past their deadline.
CREATE INDEX coordination_cases_due ON coordination_cases (due_at) WHERE state = 'open';

CREATE TABLE case_messages (
    id TEXT PRIMARY KEY NOT NULL,
    case_id TEXT NOT NULL REFERENCES coordination_cases (id),
    author_id TEXT NOT NULL REFERENCES users (id),
    -- The party the author spoke for; NULL for the street committee.
    party TEXT CHECK (party IN ('community', 'resident_autonomy', 'property_service')),
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX case_messages_case ON case_messages (case_id, id);
