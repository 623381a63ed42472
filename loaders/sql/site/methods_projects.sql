-- 新旧办法对比: every project with what the browser needs to recompute both methods exactly (the virtual
-- headcount in 10^-12 persons, as text: it exceeds 2^53), and the policy scope it follows.
SELECT mp.project_id, mp.county_code, CAST(mp.area_mu AS DOUBLE) AS area_mu, CAST(mp.zone_price AS DOUBLE) AS zone_price,
  CAST(mp.virtual_pico AS VARCHAR) AS virtual_pico, CAST(mp.actual_people AS DOUBLE) AS actual_people,
  fen(mp.old_method_yuan) AS old_method_fen, fen(mp.new_method_yuan) AS new_method_fen, p.scope,
  CASE WHEN mp.new_method_yuan < mp.old_method_yuan THEN site_text(mp.project_name) END AS below_name
FROM m_projects mp JOIN asof_projects p USING (project_id)
ORDER BY mp.project_id;
