DROP TABLE disclosures;
DROP FUNCTION disclosures_are_final();
