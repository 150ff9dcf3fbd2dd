-- What the figures read besides the counts, each from an index alone (docs/BENCHMARKS.md,
-- "The figures"): a district's projects of a period, their claims, and the volunteers
-- registered in its teams (without it, every grant of the district's 200,000 residents).
CREATE INDEX projects_unit_created ON projects (unit_id, created_at, state, gov_funds_fen, beneficiaries);
CREATE INDEX claims_project_money ON claims (project_id, state, resource_id, quantity);
CREATE INDEX grants_role_unit ON grants (role, unit_id, user_id);
