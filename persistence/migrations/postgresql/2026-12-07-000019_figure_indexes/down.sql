DROP INDEX grants_role_unit;
DROP INDEX claims_project_money;
DROP INDEX projects_unit_created;
