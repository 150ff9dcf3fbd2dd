-- Upkeep after hand-over (红色物业): the property company answers a hand-over; residents
-- report faults (报修) on the projects it maintains.
ALTER TABLE projects ADD COLUMN handover_state TEXT CHECK (handover_state IN ('pending', 'accepted', 'declined'));
ALTER TABLE projects ADD COLUMN handover_note TEXT;
-- Hand-overs made before a property company could answer wait for its answer now.
UPDATE projects SET handover_state = 'pending' WHERE maintainer_org_id IS NOT NULL;

CREATE TABLE faults (
    id TEXT PRIMARY KEY NOT NULL,
    project_id TEXT NOT NULL REFERENCES projects (id),
    -- The compound where it is: a case it becomes is held there.
    unit_id TEXT NOT NULL REFERENCES org_units (id),
    street_id TEXT NOT NULL REFERENCES org_units (id),
    maintainer_org_id TEXT NOT NULL REFERENCES organizations (id),
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('open', 'answered', 'closed', 'escalated')),
    reply TEXT,
    reported_by_id TEXT REFERENCES users (id),
    case_id TEXT REFERENCES coordination_cases (id),
    due_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX faults_project ON faults (project_id, id);
CREATE INDEX faults_maintainer ON faults (maintainer_org_id, state, id);
CREATE INDEX faults_due ON faults (due_at) WHERE state IN ('open', 'answered');
