DROP INDEX users_party_members;
CREATE INDEX claims_project_money ON claims (project_id, state, resource_id, quantity);
DROP INDEX projects_unit_created;
CREATE INDEX projects_unit_created ON projects (unit_id, created_at, state, gov_funds_fen, beneficiaries);
