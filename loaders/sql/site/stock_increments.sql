-- 遏增量: every increment project (approved after the stock baseline, short on its approval day).
SELECT project_id, site_text(project_name) AS project_name, county_code, CAST(approved_on AS VARCHAR) AS approved_on,
  fen(required_yuan) AS required_fen, fen(received_at_approval) AS received_at_approval_fen,
  fen(received_yuan) AS received_fen, fen(shortfall_yuan) AS shortfall_fen
FROM m_projects WHERE is_increment
ORDER BY project_id;
