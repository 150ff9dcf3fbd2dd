-- Volunteer service, 社工+义工 (SPEC §4.5): a team's activities, sign-ups within capacity,
-- and the hours its leader records.
CREATE TABLE volunteer_activities (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    unit_id TEXT NOT NULL REFERENCES org_units (id),
    street_id TEXT REFERENCES org_units (id),
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    project_id TEXT REFERENCES projects (id),
    case_id TEXT REFERENCES coordination_cases (id),
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    capacity BIGINT NOT NULL CHECK (capacity > 0),
    -- Kept with the sign-ups in one transaction; the CHECK holds capacity whatever a writer does.
    signed_up BIGINT NOT NULL DEFAULT 0 CHECK (signed_up >= 0 AND signed_up <= capacity),
    state TEXT NOT NULL CHECK (state IN ('open', 'cancelled')),
    cancel_reason TEXT,
    created_by_id TEXT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX volunteer_activities_team ON volunteer_activities (organization_id, starts_at);
CREATE INDEX volunteer_activities_unit ON volunteer_activities (unit_id, starts_at);

CREATE TABLE volunteer_signups (
    activity_id TEXT NOT NULL REFERENCES volunteer_activities (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (activity_id, user_id)
);
CREATE INDEX volunteer_signups_user ON volunteer_signups (user_id);

CREATE TABLE service_records (
    id TEXT PRIMARY KEY NOT NULL,
    activity_id TEXT NOT NULL REFERENCES volunteer_activities (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    minutes BIGINT NOT NULL CHECK (minutes > 0),
    recorded_by_id TEXT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (activity_id, user_id)
);
CREATE INDEX service_records_user ON service_records (user_id);
