DROP TABLE claims;
DROP TABLE resources;
DROP TABLE ratings;
DROP TABLE inspections;
DROP TABLE project_progress;
DROP TABLE project_demands;
DROP TABLE projects;
