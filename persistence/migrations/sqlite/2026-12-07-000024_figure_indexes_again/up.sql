-- The figures read the social money off the projects (`funded_fen`, kept with their funds
-- claims) and count the claims by state alone, so the projects' index carries `funded_fen`
-- and the id the claims are joined on, and the claims need only (project_id, state), which
-- `claims_project` is. The party members are read from an index of them alone.
DROP INDEX projects_unit_created;
CREATE INDEX projects_unit_created ON projects (unit_id, created_at, state, gov_funds_fen, funded_fen, beneficiaries, id);
DROP INDEX claims_project_money;
CREATE INDEX users_party_members ON users (id) WHERE party_member;
