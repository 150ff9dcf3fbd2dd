DROP TABLE idempotency_keys;
ALTER TABLE users DROP COLUMN password_change_required;
DROP INDEX claims_one_pending;
