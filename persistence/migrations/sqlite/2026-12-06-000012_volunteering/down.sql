DROP TABLE service_records;
DROP TABLE volunteer_signups;
DROP TABLE volunteer_activities;
