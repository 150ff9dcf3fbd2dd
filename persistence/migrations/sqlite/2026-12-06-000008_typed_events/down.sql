DROP TABLE event_consumers;
CREATE TABLE events_untyped (
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
-- The payload's JSON stands in for the note: nothing reads untyped notes back exactly.
INSERT INTO events_untyped SELECT id, entity, entity_id, action, actor_id, from_state, to_state, payload, at FROM events ORDER BY seq;
DROP TABLE events;
ALTER TABLE events_untyped RENAME TO events;
CREATE INDEX events_entity ON events (entity, entity_id, id);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
