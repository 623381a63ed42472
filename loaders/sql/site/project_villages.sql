-- A project's villages (data.md#project-villages): land, the 人土比 inputs, each village's virtual headcount
-- (asof_village_headcount, the terms of m_projects.virtual_people), the people credited there and the quota.
-- Shards $from to $to.
SELECT pv.project_id, pv.village_code, site_text(pv.village_name) AS village_name,
  CAST(pv.farmland_mu AS DOUBLE) AS farmland_mu, CAST(pv.farmland_per_capita_mu AS DOUBLE) AS farmland_per_capita_mu,
  CAST(pv.adult_share AS DOUBLE) AS adult_share,
  CAST(round(vh.virtual_pico / 1e12, 2) AS DOUBLE) AS virtual_people, CAST(vh.actual_people AS DOUBLE) AS actual_people,
  pv.quota, CAST(pv.compensation_paid_on AS VARCHAR) AS compensation_paid_on
FROM asof_project_villages pv
JOIN asof_village_headcount vh USING (project_id, village_code)
JOIN site_project_shards s USING (project_id)
WHERE s.shard BETWEEN $from AND $to
ORDER BY pv.project_id, pv.village_code;
