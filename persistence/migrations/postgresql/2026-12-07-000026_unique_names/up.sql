-- A unit is known by its name under its parent, and an organisation by its name at its unit:
-- the admin scripts find them so on a rerun, and two of one name cannot be told apart on a
-- screen or in a spreadsheet. A name taken twice before keeps its first holder (ids follow
-- time); each later one gets the end of its id after it.
UPDATE org_units SET name = name || '（' || right(id, 8) || '）'
WHERE EXISTS (
    SELECT 1 FROM org_units earlier
    WHERE earlier.parent_id = org_units.parent_id AND earlier.name = org_units.name AND earlier.id < org_units.id
);
CREATE UNIQUE INDEX org_units_parent_name ON org_units (parent_id, name);
UPDATE organizations SET name = name || '（' || right(id, 8) || '）'
WHERE EXISTS (
    SELECT 1 FROM organizations earlier
    WHERE earlier.unit_id = organizations.unit_id AND earlier.name = organizations.name
      AND earlier.id < organizations.id
);
CREATE UNIQUE INDEX organizations_unit_name ON organizations (unit_id, name);
