-- A property demand taken up by a coordination case (三方联动) points at it; the case
-- settling resolves the demand.
ALTER TABLE demands ADD COLUMN case_id TEXT REFERENCES coordination_cases (id);
