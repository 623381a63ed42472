-- 虚拟与实际人数: every project's virtual and actual headcount with its F06 / F07 flag.
SELECT mp.project_id, site_text(mp.project_name) AS project_name, mp.county_code,
  CAST(round(mp.virtual_people, 2) AS DOUBLE) AS virtual_people, CAST(mp.actual_people AS DOUBLE) AS actual_people,
  fen(mp.per_capita_yuan) AS per_capita_fen, fen(mp.distributed_yuan) AS distributed_fen,
  fen(mp.monthly_from_account_yuan) AS monthly_from_account_fen, fen(mp.new_method_yuan) AS new_method_fen,
  f.flag
FROM m_projects mp
LEFT JOIN (SELECT project_id, min(code) AS flag FROM m_findings WHERE code IN ('F06', 'F07') GROUP BY project_id) f
  USING (project_id)
ORDER BY mp.project_id;
