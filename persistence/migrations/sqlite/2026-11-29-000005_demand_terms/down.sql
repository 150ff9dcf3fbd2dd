DROP INDEX demands_community_category;
DROP TABLE demand_terms;
