DROP INDEX organizations_unit_name;
DROP INDEX org_units_parent_name;
