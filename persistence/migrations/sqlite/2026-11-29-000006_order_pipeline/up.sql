-- The order pipeline (SPEC §4.2–§4.4): projects answer demands, co-builders' resources are
-- claimed for them, supervisors inspect them, residents rate them.
--
-- A project keeps its street (copied from the unit tree, like a demand's) so that a
-- street's lists need no join. `funded_fen` is the sum of its confirmed funds claims,
-- kept by the same transaction that confirms or releases one.
CREATE TABLE projects (
    id TEXT PRIMARY KEY NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    category TEXT NOT NULL,
    unit_id TEXT NOT NULL REFERENCES org_units (id),
    street_id TEXT NOT NULL REFERENCES org_units (id),
    plan TEXT NOT NULL,
    budget_fen BIGINT NOT NULL CHECK (budget_fen >= 0),
    gov_funds_fen BIGINT NOT NULL CHECK (gov_funds_fen >= 0),
    funded_fen BIGINT NOT NULL CHECK (funded_fen >= 0),
    required_approvals BIGINT NOT NULL,
    beneficiaries BIGINT NOT NULL,
    state TEXT NOT NULL,
    rework_round BIGINT NOT NULL,
    progress_percent BIGINT NOT NULL,
    completion_note TEXT,
    cancel_reason TEXT,
    maintainer_org_id TEXT REFERENCES organizations (id),
    handed_over_at TIMESTAMP,
    created_by_id TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX projects_street ON projects (street_id, id);
CREATE INDEX projects_state ON projects (state, id);
CREATE INDEX projects_unit ON projects (unit_id, id);

-- The demands a project was created to answer. A demand's own project_id is cleared when
-- the project is cancelled (the demand goes back on the list); this stays, so a cancelled
-- project still shows what it was for, and a closed one knows whose rating counts.
CREATE TABLE project_demands (
    project_id TEXT NOT NULL REFERENCES projects (id),
    demand_id TEXT NOT NULL REFERENCES demands (id),
    PRIMARY KEY (project_id, demand_id)
);
CREATE INDEX project_demands_demand ON project_demands (demand_id);

CREATE TABLE project_progress (
    id TEXT PRIMARY KEY NOT NULL,
    project_id TEXT NOT NULL REFERENCES projects (id),
    note TEXT NOT NULL,
    percent BIGINT NOT NULL,
    author_id TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX project_progress_project ON project_progress (project_id, id);

-- One vote per supervisor per round, held by the key itself.
CREATE TABLE inspections (
    id TEXT PRIMARY KEY NOT NULL,
    project_id TEXT NOT NULL REFERENCES projects (id),
    round BIGINT NOT NULL,
    inspector_id TEXT NOT NULL REFERENCES users (id),
    organization_id TEXT REFERENCES organizations (id),
    verdict TEXT NOT NULL,
    comment TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (project_id, round, inspector_id)
);

CREATE TABLE ratings (
    project_id TEXT NOT NULL REFERENCES projects (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    score BIGINT NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (project_id, user_id)
);

-- `allocated` is the sum of confirmed and fulfilled claims. The CHECK is the last line:
-- confirmations add to it with a conditional update, and whatever a bug or a race did,
-- neither engine stores a resource allocated beyond its quantity.
CREATE TABLE resources (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    quantity BIGINT NOT NULL CHECK (quantity >= 0),
    measure TEXT NOT NULL,
    allocated BIGINT NOT NULL CHECK (allocated >= 0 AND allocated <= quantity),
    withdrawn BOOLEAN NOT NULL DEFAULT 0,
    available_until TIMESTAMP,
    unit_id TEXT NOT NULL REFERENCES org_units (id),
    created_by_id TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX resources_organization ON resources (organization_id, id);
CREATE INDEX resources_unit ON resources (unit_id, id);
CREATE INDEX resources_kind ON resources (kind, id);

CREATE TABLE claims (
    id TEXT PRIMARY KEY NOT NULL,
    project_id TEXT NOT NULL REFERENCES projects (id),
    resource_id TEXT NOT NULL REFERENCES resources (id),
    quantity BIGINT NOT NULL CHECK (quantity > 0),
    initiated_by TEXT NOT NULL,
    state TEXT NOT NULL,
    note TEXT NOT NULL,
    created_by_id TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX claims_project ON claims (project_id, state);
CREATE INDEX claims_resource ON claims (resource_id, state);
