-- A district's day of the month by which each street's disclosure of the month before is
-- due; past it, the worker publishes the ones not yet published. None: it never does.
ALTER TABLE org_units ADD COLUMN disclosure_day INTEGER CHECK (disclosure_day BETWEEN 1 AND 28);
