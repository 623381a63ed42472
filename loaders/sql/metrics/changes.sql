-- The period comparison (docs/review.md#comparison) between $compare_to (T0, then) and $as_of (T1, now),
-- after both as-of passes: T0's tables were kept as m_*_then, T1's are the m_* tables.

-- Every finding key present at T0 or T1, with what happened to it in the period (mutually exclusive):
--   new        absent at T0, present at T1 (open or already resolved)
--   resolved   open at T0; resolved or absent at T1
--   open       open at T0 and at T1
--   reopened   present but resolved at T0, open again at T1 (a refund took the money back)
--   settled    resolved at T0; resolved or absent at T1
-- So open_now = open_then - resolved + reopened + (new and open at T1).
CREATE OR REPLACE TABLE m_finding_periods AS
SELECT
  finding_key,
  coalesce(n.code, t.code) AS code,
  coalesce(n.project_id, t.project_id) AS project_id,
  coalesce(n.county_code, t.county_code) AS county_code,
  t.finding_key IS NOT NULL AS present_then,
  coalesce(t.open, false) AS open_then,
  n.finding_key IS NOT NULL AS present_now,
  coalesce(n.open, false) AS open_now,
  CASE
    WHEN t.finding_key IS NULL THEN 'new'
    WHEN t.open AND coalesce(n.open, false) THEN 'open'
    WHEN t.open THEN 'resolved'
    WHEN coalesce(n.open, false) THEN 'reopened'
    ELSE 'settled'
  END AS change
FROM m_findings n
FULL JOIN m_findings_then t USING (finding_key);

-- Per county, city and province: the then / now figures, stock cleared, new increment projects and the
-- finding counts. Every level's then and now figures are those of the plain pass at that date (the
-- roll-ups), so they add up as the roll-ups do. A row absent at T0 (no project approved yet) was 0 then;
-- its stock figure then is 0 too, or empty when T0 is before the stock baseline of its counties.
CREATE OR REPLACE TABLE m_changes AS
WITH baseline AS (
  SELECT c.county_code, c.city_code,
    coalesce(pc.stock_baseline, pci.stock_baseline, pg.stock_baseline) AS stock_baseline
  FROM counties c
  CROSS JOIN (SELECT stock_baseline FROM policy WHERE scope = '*') pg
  LEFT JOIN policy pc ON pc.scope = c.county_code
  LEFT JOIN policy pci ON pci.scope = c.city_code
), level_baseline AS (
  SELECT
    CASE WHEN grouping(b.county_code) = 0 THEN 'county' WHEN grouping(b.city_code) = 0 THEN 'city' ELSE 'all' END AS level,
    CASE WHEN grouping(b.county_code) = 0 THEN b.county_code WHEN grouping(b.city_code) = 0 THEN b.city_code ELSE '' END AS code,
    min(b.stock_baseline) AS stock_baseline
  FROM baseline b SEMI JOIN m_rollups r ON r.level = 'county' AND r.code = b.county_code
  GROUP BY GROUPING SETS ((b.county_code, b.city_code), (b.city_code), ())
), findings AS (
  SELECT
    CASE WHEN grouping(fp.county_code) = 0 THEN 'county' WHEN grouping(c.city_code) = 0 THEN 'city' ELSE 'all' END AS level,
    CASE WHEN grouping(fp.county_code) = 0 THEN fp.county_code WHEN grouping(c.city_code) = 0 THEN c.city_code ELSE '' END AS code,
    count(*) FILTER (WHERE open_then) AS findings_open_then,
    count(*) FILTER (WHERE open_now) AS findings_open_now,
    count(*) FILTER (WHERE change = 'new') AS findings_new,
    count(*) FILTER (WHERE change = 'resolved') AS findings_resolved,
    count(*) FILTER (WHERE change = 'new' AND open_now) AS findings_new_open,
    count(*) FILTER (WHERE change = 'reopened') AS findings_reopened
  FROM m_finding_periods fp
  JOIN counties c USING (county_code)
  GROUP BY GROUPING SETS ((fp.county_code, c.city_code), (c.city_code), ())
), increments AS (
  -- 遏增量 (seed 000): projects approved in (T0, T1] that were short of money on their approval day.
  SELECT
    CASE WHEN grouping(mp.county_code) = 0 THEN 'county' WHEN grouping(c.city_code) = 0 THEN 'city' ELSE 'all' END AS level,
    CASE WHEN grouping(mp.county_code) = 0 THEN mp.county_code WHEN grouping(c.city_code) = 0 THEN c.city_code ELSE '' END AS code,
    count(*) FILTER (WHERE mp.is_increment AND mp.approved_on > $compare_to) AS new_increment_projects
  FROM m_projects mp
  JOIN counties c USING (county_code)
  GROUP BY GROUPING SETS ((mp.county_code, c.city_code), (c.city_code), ())
), joined AS (
  SELECT
    r.level, r.code,
    -- the province row is named after the data's province when there is one
    CASE WHEN r.level = 'all'
         THEN coalesce((SELECT CASE WHEN count(DISTINCT c.province_name) = 1 THEN any_value(c.province_name) END
                        FROM counties c SEMI JOIN m_rollups x ON x.level = 'county' AND x.code = c.county_code), '')
         ELSE r.name END AS name,
    r.city_code, r.city_name,
    CAST(coalesce(t.received_yuan, 0) AS DECIMAL(18, 2)) AS received_yuan_then,
    r.received_yuan AS received_yuan_now,
    CAST(coalesce(t.distributed_yuan, 0) AS DECIMAL(18, 2)) AS distributed_yuan_then,
    r.distributed_yuan AS distributed_yuan_now,
    CAST(coalesce(t.unallocated_yuan, 0) AS DECIMAL(18, 2)) AS unallocated_yuan_then,
    r.unallocated_yuan AS unallocated_yuan_now,
    CAST(coalesce(t.shortfall_yuan, 0) AS DECIMAL(18, 2)) AS shortfall_yuan_then,
    r.shortfall_yuan AS shortfall_yuan_now,
    CASE WHEN t.level IS NOT NULL THEN t.stock_remaining_yuan
         WHEN $compare_to >= lb.stock_baseline THEN CAST(0 AS DECIMAL(18, 2)) END AS stock_remaining_yuan_then,
    r.stock_remaining_yuan AS stock_remaining_yuan_now,
    CAST(coalesce(t.increment_open_yuan, 0) AS DECIMAL(18, 2)) AS increment_open_yuan_then,
    r.increment_open_yuan AS increment_open_yuan_now,
    CAST(coalesce(i.new_increment_projects, 0) AS INTEGER) AS new_increment_projects,
    CAST(coalesce(f.findings_open_then, 0) AS INTEGER) AS findings_open_then,
    CAST(coalesce(f.findings_open_now, 0) AS INTEGER) AS findings_open_now,
    CAST(coalesce(f.findings_new, 0) AS INTEGER) AS findings_new,
    CAST(coalesce(f.findings_resolved, 0) AS INTEGER) AS findings_resolved,
    CAST(coalesce(f.findings_new_open, 0) AS INTEGER) AS findings_new_open,
    CAST(coalesce(f.findings_reopened, 0) AS INTEGER) AS findings_reopened
  FROM m_rollups r
  LEFT JOIN m_rollups_then t USING (level, code)
  LEFT JOIN level_baseline lb USING (level, code)
  LEFT JOIN findings f USING (level, code)
  LEFT JOIN increments i USING (level, code)
)
SELECT
  level, code, name, city_code, city_name,
  received_yuan_then, received_yuan_now, distributed_yuan_then, distributed_yuan_now,
  unallocated_yuan_then, unallocated_yuan_now, shortfall_yuan_then, shortfall_yuan_now,
  stock_remaining_yuan_then, stock_remaining_yuan_now,
  CAST(stock_remaining_yuan_then - stock_remaining_yuan_now AS DECIMAL(18, 2)) AS stock_cleared_yuan,
  increment_open_yuan_then, increment_open_yuan_now, new_increment_projects,
  findings_open_then, findings_open_now, findings_new, findings_resolved, findings_new_open, findings_reopened
FROM joined;
