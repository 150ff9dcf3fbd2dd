DROP TABLE stat_cells;
CREATE TABLE stat_cells (
    community_id TEXT NOT NULL REFERENCES org_units (id),
    month TEXT NOT NULL,
    metric TEXT NOT NULL,
    value BIGINT NOT NULL,
    PRIMARY KEY (community_id, month, metric)
);
DELETE FROM event_consumers WHERE name = 'statistics';
