DROP INDEX demands_community_deadline;
DROP INDEX demands_street_deadline;
DROP INDEX demands_deadline;
DROP INDEX demands_community_category;
DROP TABLE demand_terms;
