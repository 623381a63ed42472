-- 搜索: every village of a project at T, with the projects it belongs to (the search page links to them).
SELECT pv.village_code, site_text(any_value(pv.village_name)) AS village_name,
  list(DISTINCT pv.project_id ORDER BY pv.project_id) AS projects
FROM asof_project_villages pv
GROUP BY pv.village_code ORDER BY pv.village_code;
