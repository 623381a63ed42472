-- A county page's projects: what its table, flags and findings need and nothing the page does not show
-- (a county of the province scale has up to about 1,500 projects and must stay well under 300 KB gzip).
SELECT county_code, project_id, site_text(project_name) AS project_name, CAST(approved_on AS VARCHAR) AS approved_on,
  CAST(supplied_on AS VARCHAR) AS supplied_on, method, fen(required_yuan) AS required_fen,
  fen(received_yuan) AS received_fen, fen(shortfall_yuan) AS shortfall_fen, fen(distributed_yuan) AS distributed_fen,
  fen(unallocated_yuan) AS unallocated_fen, fen(unallocated_over_365_yuan) AS unallocated_over_365_fen,
  CAST(round(virtual_people, 2) AS DOUBLE) AS virtual_people, CAST(actual_people AS DOUBLE) AS actual_people,
  is_stock, is_increment
FROM m_projects ORDER BY county_code, project_id;
