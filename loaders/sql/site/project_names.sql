-- Every project's name (masked text) and county, for the pages that name projects.
SELECT project_id, site_text(project_name) AS project_name, county_code FROM m_projects ORDER BY project_id;
