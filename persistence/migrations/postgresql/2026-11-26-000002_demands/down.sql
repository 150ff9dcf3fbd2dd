ALTER TABLE org_units DROP COLUMN answer_days;
ALTER TABLE org_units DROP COLUMN verify_days;
DROP TABLE demand_cosigns;
DROP TABLE demands;
