-- The projects of the figures, their claims and money are counted into the cells from their
-- events as the demands are (domain::statistics::project_step), instead of read from a
-- district's ten thousand projects on every request: the statistics consumer counts the log
-- again from its start.
DELETE FROM stat_cells;
DELETE FROM event_consumers WHERE name = 'statistics';
