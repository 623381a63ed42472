-- 虚拟与实际人数: every project's virtual and actual headcount with its F06 / F07 flag, and for the projects the
-- page names (seed 001's Shenmao railway) what the new method would give the same people: per person and
-- as a monthly pension (docs/metrics.md#monthly-from-account), with the base pension added.
SELECT mp.project_id, site_text(mp.project_name) AS project_name, mp.county_code,
  CAST(round(mp.virtual_people, 2) AS DOUBLE) AS virtual_people, CAST(mp.actual_people AS DOUBLE) AS actual_people,
  round(mp.headcount_ratio, 4) AS headcount_ratio,
  fen(mp.per_capita_yuan) AS per_capita_fen, fen(mp.distributed_yuan) AS distributed_fen,
  fen(mp.monthly_from_account_yuan) AS monthly_from_account_fen,
  fen(mp.monthly_from_account_yuan + mp.base_pension_yuan) AS monthly_total_fen,
  fen(mp.new_method_yuan) AS new_method_fen,
  fen(n.new_per_capita_yuan) AS new_per_capita_fen,
  fen(monthly_pension_yuan(n.new_per_capita_yuan, mp.annuity_divisor)) AS new_monthly_fen,
  f.flag
FROM m_projects mp
CROSS JOIN LATERAL (
  SELECT CASE WHEN mp.actual_people > 0
    THEN fen_to_yuan(div_round(yuan_to_fen(mp.new_method_yuan), CAST(mp.actual_people AS HUGEINT))) END AS new_per_capita_yuan
) n
LEFT JOIN (SELECT project_id, min(code) AS flag FROM m_findings WHERE code IN ('F06', 'F07') GROUP BY project_id) f
  USING (project_id)
ORDER BY mp.project_id;
