DROP TABLE faults;
ALTER TABLE projects DROP COLUMN handover_note;
ALTER TABLE projects DROP COLUMN handover_state;
