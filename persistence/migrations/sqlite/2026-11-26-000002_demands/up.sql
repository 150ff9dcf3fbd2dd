-- The demand list (群众下单). `street_id` and `community_id` are copied from the unit tree
-- at filing time: co-signing and merging are decided per street, lists per subtree.
-- `due_at` is the deadline of the current state (verify, then answer), fixed when the
-- state is entered, so "overdue" is one indexed comparison.
CREATE TABLE demands (
    id TEXT PRIMARY KEY NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    category TEXT NOT NULL,
    unit_id TEXT NOT NULL REFERENCES org_units (id),
    community_id TEXT NOT NULL REFERENCES org_units (id),
    street_id TEXT NOT NULL REFERENCES org_units (id),
    state TEXT NOT NULL,
    source TEXT NOT NULL,
    author_id TEXT REFERENCES users (id),
    author_name TEXT NOT NULL,
    filed_by_id TEXT REFERENCES users (id),
    cosign_count BIGINT NOT NULL,
    project_id TEXT,
    merged_into_id TEXT REFERENCES demands (id),
    reason TEXT,
    referred_to TEXT,
    due_at TIMESTAMP,
    published_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX demands_street ON demands (street_id, state);
CREATE INDEX demands_community ON demands (community_id, state, category);
CREATE INDEX demands_author ON demands (author_id);
CREATE INDEX demands_due ON demands (state, due_at);

CREATE TABLE demand_cosigns (
    demand_id TEXT NOT NULL REFERENCES demands (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (demand_id, user_id)
);
CREATE INDEX demand_cosigns_user ON demand_cosigns (user_id);

-- Deadlines (时限) are settings of a district.
ALTER TABLE org_units ADD COLUMN verify_days INTEGER;
ALTER TABLE org_units ADD COLUMN answer_days INTEGER;
