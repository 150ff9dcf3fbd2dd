ALTER TABLE org_units DROP COLUMN disclosure_day;
