-- The in-app inbox (issue 18 §5), written by the worker's `notifications` consumer from
-- the event log: one row per person told of an event.
CREATE TABLE notifications (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    event_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    -- The record's title when the event happened: the inbox reads without a lookup per row.
    title TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    read_at TIMESTAMP,
    UNIQUE (user_id, event_id, kind)
);
CREATE INDEX notifications_inbox ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;
