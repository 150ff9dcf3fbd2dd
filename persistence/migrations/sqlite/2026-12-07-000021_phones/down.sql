ALTER TABLE demands DROP COLUMN author_phone;
DROP INDEX users_phone;
