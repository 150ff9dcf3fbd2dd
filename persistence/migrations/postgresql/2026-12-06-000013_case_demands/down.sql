ALTER TABLE demands DROP COLUMN case_id;
