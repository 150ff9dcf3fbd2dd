DROP TABLE events;
DROP TABLE refresh_tokens;
DROP TABLE grants;
DROP TABLE users;
DROP TABLE organizations;
DROP TABLE org_units;
DROP FUNCTION events_append_only;
