DROP TABLE case_messages;
DROP TABLE coordination_cases;
