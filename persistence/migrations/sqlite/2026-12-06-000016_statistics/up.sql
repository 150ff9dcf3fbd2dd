-- The figures of SPEC §4.8, kept as counts per community and month of filing (Beijing
-- time, YYYY-MM), written only by the worker's statistics consumer as the demands' events
-- arrive (domain::statistics::tally). A figure over a period is the sum of its months: a
-- few thousand rows, where recounting would read a million demands.
CREATE TABLE stat_cells (
    community_id TEXT NOT NULL REFERENCES org_units (id),
    month TEXT NOT NULL,
    metric TEXT NOT NULL,
    value BIGINT NOT NULL,
    PRIMARY KEY (community_id, month, metric)
);
