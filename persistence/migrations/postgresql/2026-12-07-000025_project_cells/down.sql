-- The older version counts the log again, without the projects.
DELETE FROM stat_cells;
DELETE FROM event_consumers WHERE name = 'statistics';
