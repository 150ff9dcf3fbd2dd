-- The figures' counts, kept per unit as well as per community: a district's figures over
-- two years summed 120,000 community rows (one per community, month and metric) on every
-- request. Now each cell is one unit, community type and month, with all its counts in one
-- text (domain::statistics::Counts), kept for the community of the record and each unit above
-- it, so a unit's figures read its own cells and its children's: a few hundred rows.
-- The volunteers' minutes are counted the same way (by the month they were recorded).
DROP TABLE stat_cells;
CREATE TABLE stat_cells (
    unit_id TEXT NOT NULL REFERENCES org_units (id),
    -- The community's type ('' for none): the split by community type is read from the
    -- unit's own cells.
    community_type TEXT NOT NULL,
    month TEXT NOT NULL,
    counts TEXT NOT NULL,
    PRIMARY KEY (unit_id, month, community_type)
);
-- The statistics consumer counts the log again from its start.
DELETE FROM event_consumers WHERE name = 'statistics';
