-- 资金沉淀: every project holding money unallocated for over a year, the most such money first (the rows an
-- auditor would visit first).
SELECT project_id, site_text(project_name) AS project_name, county_code, CAST(approved_on AS VARCHAR) AS approved_on,
  fen(received_yuan) AS received_fen, fen(distributed_yuan) AS distributed_fen, fen(unallocated_yuan) AS unallocated_fen,
  fen(unallocated_over_365_yuan) AS unallocated_over_365_fen,
  fen(unallocated_366_730) AS unallocated_366_730_fen, fen(unallocated_731_1095) AS unallocated_731_1095_fen,
  fen(unallocated_over_1095) AS unallocated_over_1095_fen, CAST(oldest_unallocated_on AS VARCHAR) AS oldest_unallocated_on
FROM m_projects WHERE unallocated_over_365_yuan > 0
ORDER BY unallocated_over_365_yuan DESC, project_id;
