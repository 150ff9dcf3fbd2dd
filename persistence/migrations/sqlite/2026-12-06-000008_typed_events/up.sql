-- Typed history (issue 18): each event's payload is its record's event enum as JSON
-- (domain::history), the record's unit and street are on the row, and `seq` orders the
-- log for the worker's consumers. The old packed `note` texts are read once, here, into
-- payloads; nothing reads them afterwards.

CREATE TABLE events_typed (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    action TEXT NOT NULL,
    actor_id TEXT REFERENCES users (id),
    from_state TEXT,
    to_state TEXT,
    payload TEXT NOT NULL,
    unit_id TEXT REFERENCES org_units (id),
    street_id TEXT REFERENCES org_units (id),
    at TIMESTAMP NOT NULL,
    -- PostgreSQL's transaction id, for consumers to wait on transactions still open; SQLite
    -- commits one writer at a time, in `seq` order.
    tx BIGINT NOT NULL DEFAULT 0
);

INSERT INTO events_typed (id, entity, entity_id, action, actor_id, from_state, to_state, payload, unit_id, street_id, at)
SELECT e.id, e.entity, e.entity_id, e.action, e.actor_id, e.from_state, e.to_state,
    CASE
        WHEN e.entity = 'demand' AND e.action = 'create' THEN json_object('action', 'create', 'source', COALESCE(e.note, 'app'))
        WHEN e.entity = 'demand' AND e.action = 'reject' THEN json_object('action', 'reject', 'reason', COALESCE(e.note, ''))
        WHEN e.entity = 'demand' AND e.action = 'refer' AND instr(e.note, char(10)) > 0 THEN json_object('action', 'refer',
            'referred_to', substr(e.note, 1, instr(e.note, char(10)) - 1), 'reason', substr(e.note, instr(e.note, char(10)) + 1))
        -- Before line breaks separated them, a referral was written "where: why".
        WHEN e.entity = 'demand' AND e.action = 'refer' AND instr(e.note, ': ') > 0 THEN json_object('action', 'refer',
            'referred_to', substr(e.note, 1, instr(e.note, ': ') - 1), 'reason', substr(e.note, instr(e.note, ': ') + 2))
        WHEN e.entity = 'demand' AND e.action = 'refer' THEN json_object('action', 'refer', 'referred_to', COALESCE(e.note, ''), 'reason', '')
        WHEN e.entity = 'demand' AND e.action = 'merge' THEN json_object('action', 'merge', 'merged_into_id', e.note)
        WHEN e.entity = 'demand' AND e.action = 'merge_in' THEN json_object('action', 'merge_in',
            'cosigns_moved', CAST(substr(e.note, 1, instr(e.note, ' co-signs from ') - 1) AS INTEGER),
            'merged_from_id', substr(e.note, instr(e.note, ' co-signs from ') + 15))
        WHEN e.entity = 'demand' AND e.action IN ('accept', 'resolve', 'reopen') THEN json_object('action', e.action, 'project_id', e.note)
        WHEN e.entity = 'project' AND e.action = 'progress' THEN json_object('action', 'progress',
            'percent', CAST(substr(e.note, 1, instr(e.note, '% ') - 1) AS INTEGER), 'note', substr(e.note, instr(e.note, '% ') + 2))
        WHEN e.entity = 'project' AND e.action = 'complete' THEN json_object('action', 'complete', 'note', e.note)
        WHEN e.entity = 'project' AND e.action = 'inspect' AND instr(e.note, ': ') > 0 THEN json_object('action', 'inspect',
            'verdict', substr(e.note, 1, instr(e.note, ': ') - 1), 'comment', substr(e.note, instr(e.note, ': ') + 2))
        WHEN e.entity = 'project' AND e.action = 'inspect' THEN json_object('action', 'inspect', 'verdict', e.note, 'comment', NULL)
        WHEN e.entity = 'project' AND e.action IN ('close', 'rework') AND e.note LIKE '% pass % fail of %' THEN json_object('action', e.action,
            'tally', json_object(
                'passes', CAST(substr(e.note, 1, instr(e.note, ' pass ') - 1) AS INTEGER),
                'fails', CAST(substr(e.note, instr(e.note, ' pass ') + 6, instr(e.note, ' fail of ') - instr(e.note, ' pass ') - 6) AS INTEGER),
                'eligible', CAST(substr(e.note, instr(e.note, ' fail of ') + 9) AS INTEGER)))
        WHEN e.entity = 'project' AND e.action = 'hand_over' THEN json_object('action', 'hand_over', 'maintainer_org_id', e.note)
        WHEN e.entity = 'project' AND e.action = 'cancel' THEN json_object('action', 'cancel', 'reason', COALESCE(e.note, ''))
        WHEN e.entity = 'project' AND e.action = 'rate' THEN json_object('action', 'rate', 'score', CAST(e.note AS INTEGER))
        WHEN e.entity = 'claim' AND e.action = 'create' THEN json_object('action', 'create', 'initiated_by', e.note)
        WHEN e.entity = 'resource' AND e.action = 'withdraw' AND e.note IS NOT NULL THEN json_object('action', 'withdraw',
            'withdrawn', CAST(substr(e.note, 1, instr(e.note, ' ') - 1) AS INTEGER))
        WHEN e.entity = 'user' AND e.action = 'create' THEN json_object('action', 'create', 'username', COALESCE(e.note, ''))
        WHEN e.entity = 'user' AND e.action IN ('grant', 'revoke') THEN json_object('action', e.action,
            'role', substr(e.note, length(e.action) + 2, instr(e.note, ' @ ') - length(e.action) - 2),
            'scope_id', substr(e.note, instr(e.note, ' @ ') + 3))
        WHEN e.entity IN ('org_unit', 'organization') THEN json_object('action', e.action, 'name', COALESCE(e.note, ''))
        ELSE json_object('action', e.action)
    END,
    placed.unit_id,
    CASE WHEN length(u.path) >= 75 THEN substr(u.path, 39, 36) END,
    e.at
FROM events AS e
JOIN (
    SELECT ev.id AS event_id, CASE ev.entity
        WHEN 'demand' THEN (SELECT unit_id FROM demands WHERE id = ev.entity_id)
        WHEN 'project' THEN (SELECT unit_id FROM projects WHERE id = ev.entity_id)
        WHEN 'claim' THEN (SELECT p.unit_id FROM claims AS c JOIN projects AS p ON p.id = c.project_id WHERE c.id = ev.entity_id)
        WHEN 'resource' THEN (SELECT unit_id FROM resources WHERE id = ev.entity_id)
        WHEN 'organization' THEN (SELECT unit_id FROM organizations WHERE id = ev.entity_id)
        WHEN 'org_unit' THEN ev.entity_id
    END AS unit_id
    FROM events AS ev
) AS placed ON placed.event_id = e.id
LEFT JOIN org_units AS u ON u.id = placed.unit_id
ORDER BY e.id;

DROP TABLE events;
ALTER TABLE events_typed RENAME TO events;
CREATE INDEX events_entity ON events (entity, entity_id, seq);
CREATE INDEX events_street ON events (street_id, entity, at);
CREATE INDEX events_log ON events (tx, seq);

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

-- Each consumer of the log (notifications, …) and the last event it has taken in: a
-- restart resumes there, and a second process behind the load balancer waits for the
-- row's lock instead of delivering the same event again.
CREATE TABLE event_consumers (
    name TEXT PRIMARY KEY NOT NULL,
    last_tx BIGINT NOT NULL DEFAULT 0,
    last_seq BIGINT NOT NULL DEFAULT 0,
    updated_at TIMESTAMP NOT NULL
);
