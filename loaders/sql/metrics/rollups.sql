-- County, city and province roll-ups of the project figures (DOMAIN section 3), in one pass with
-- GROUPING SETS so the three levels add up by construction: province = cities = counties = projects, to
-- the fen (every sum is of DECIMAL(18,2), which is exact).
CREATE OR REPLACE TABLE m_rollups AS
WITH fp AS (
  SELECT project_id,
    count(*) FILTER (WHERE code = 'F01') AS f01, count(*) FILTER (WHERE code = 'F02') AS f02,
    count(*) FILTER (WHERE code = 'F03') AS f03, count(*) FILTER (WHERE code = 'F04') AS f04,
    count(*) FILTER (WHERE code = 'F05') AS f05, count(*) FILTER (WHERE code = 'F06') AS f06,
    count(*) FILTER (WHERE code = 'F07') AS f07, count(*) FILTER (WHERE code = 'F08') AS f08,
    count(*) FILTER (WHERE code = 'F09') AS f09, count(*) FILTER (WHERE code = 'F10') AS f10,
    count(*) FILTER (WHERE code = 'F11') AS f11, count(*) FILTER (WHERE code = 'F12') AS f12,
    count(*) FILTER (WHERE open) AS findings_open
  FROM m_findings GROUP BY project_id
), rp AS (
  -- The ledger counted at T (metrics/rectifications.sql), by the project its keys name.
  SELECT project_id,
    count(*) FILTER (WHERE verdict = 'confirmed') AS rectified_confirmed,
    count(*) FILTER (WHERE verdict = 'not_confirmed') AS rectified_not_confirmed,
    count(*) FILTER (WHERE status = 'in_progress') AS in_progress,
    count(*) FILTER (WHERE status = 'explained') AS explained,
    count(*) FILTER (WHERE NOT matched) AS unmatched_rectifications
  FROM m_rectifications GROUP BY project_id
), rows AS (
  SELECT mp.*, c.city_code, left(mp.county_code, 2) AS province_code,
    coalesce(fp.f01, 0) AS f01, coalesce(fp.f02, 0) AS f02, coalesce(fp.f03, 0) AS f03, coalesce(fp.f04, 0) AS f04,
    coalesce(fp.f05, 0) AS f05, coalesce(fp.f06, 0) AS f06, coalesce(fp.f07, 0) AS f07, coalesce(fp.f08, 0) AS f08,
    coalesce(fp.f09, 0) AS f09, coalesce(fp.f10, 0) AS f10, coalesce(fp.f11, 0) AS f11, coalesce(fp.f12, 0) AS f12,
    coalesce(fp.findings_open, 0) AS findings_open,
    coalesce(rp.rectified_confirmed, 0) AS rectified_confirmed,
    coalesce(rp.rectified_not_confirmed, 0) AS rectified_not_confirmed,
    coalesce(rp.in_progress, 0) AS in_progress, coalesce(rp.explained, 0) AS explained,
    coalesce(rp.unmatched_rectifications, 0) AS unmatched_rectifications
  FROM m_projects mp
  JOIN counties c USING (county_code)
  LEFT JOIN fp USING (project_id)
  LEFT JOIN rp USING (project_id)
), agg AS (
  SELECT
    CASE WHEN grouping(county_code) = 0 THEN 'county' WHEN grouping(city_code) = 0 THEN 'city' ELSE 'all' END AS level,
    CASE WHEN grouping(county_code) = 0 THEN county_code WHEN grouping(city_code) = 0 THEN city_code ELSE '' END AS code,
    CAST(count(*) AS INTEGER) AS projects,
    CAST(coalesce(sum(required_yuan), 0) AS DECIMAL(18, 2)) AS required_yuan,
    CAST(coalesce(sum(received_yuan), 0) AS DECIMAL(18, 2)) AS received_yuan,
    CAST(coalesce(sum(in_special_yuan), 0) AS DECIMAL(18, 2)) AS in_special_yuan,
    CAST(coalesce(sum(distributed_yuan), 0) AS DECIMAL(18, 2)) AS distributed_yuan,
    CAST(coalesce(sum(unallocated_yuan), 0) AS DECIMAL(18, 2)) AS unallocated_yuan,
    CAST(coalesce(sum(over_allocated_yuan), 0) AS DECIMAL(18, 2)) AS over_allocated_yuan,
    CAST(coalesce(sum(shortfall_yuan), 0) AS DECIMAL(18, 2)) AS shortfall_yuan,
    CASE WHEN count(is_stock) > 0 THEN CAST(count(*) FILTER (WHERE is_stock) AS INTEGER) END AS stock_projects,
    CASE WHEN count(is_stock) > 0 THEN CAST(coalesce(sum(stock_baseline_yuan) FILTER (WHERE is_stock), 0) AS DECIMAL(18, 2)) END AS stock_baseline_yuan,
    CASE WHEN count(is_stock) > 0 THEN CAST(coalesce(sum(shortfall_yuan) FILTER (WHERE is_stock), 0) AS DECIMAL(18, 2)) END AS stock_remaining_yuan,
    CAST(count(*) FILTER (WHERE is_increment) AS INTEGER) AS increment_projects,
    CAST(coalesce(sum(shortfall_yuan) FILTER (WHERE is_increment), 0) AS DECIMAL(18, 2)) AS increment_open_yuan,
    CAST(coalesce(sum(unallocated_0_180), 0) AS DECIMAL(18, 2)) AS unallocated_0_180,
    CAST(coalesce(sum(unallocated_181_365), 0) AS DECIMAL(18, 2)) AS unallocated_181_365,
    CAST(coalesce(sum(unallocated_366_730), 0) AS DECIMAL(18, 2)) AS unallocated_366_730,
    CAST(coalesce(sum(unallocated_731_1095), 0) AS DECIMAL(18, 2)) AS unallocated_731_1095,
    CAST(coalesce(sum(unallocated_over_1095), 0) AS DECIMAL(18, 2)) AS unallocated_over_1095,
    CAST(coalesce(sum(actual_people), 0) AS BIGINT) AS actual_people,
    CAST(coalesce(sum(virtual_people), 0) AS DECIMAL(18, 6)) AS virtual_people,
    CAST(coalesce(sum(old_method_yuan), 0) AS DECIMAL(18, 2)) AS old_method_yuan,
    CAST(coalesce(sum(new_method_yuan), 0) AS DECIMAL(18, 2)) AS new_method_yuan,
    CAST(coalesce(sum(f01), 0) AS INTEGER) AS F01, CAST(coalesce(sum(f02), 0) AS INTEGER) AS F02, CAST(coalesce(sum(f03), 0) AS INTEGER) AS F03,
    CAST(coalesce(sum(f04), 0) AS INTEGER) AS F04, CAST(coalesce(sum(f05), 0) AS INTEGER) AS F05, CAST(coalesce(sum(f06), 0) AS INTEGER) AS F06,
    CAST(coalesce(sum(f07), 0) AS INTEGER) AS F07, CAST(coalesce(sum(f08), 0) AS INTEGER) AS F08, CAST(coalesce(sum(f09), 0) AS INTEGER) AS F09,
    CAST(coalesce(sum(f10), 0) AS INTEGER) AS F10, CAST(coalesce(sum(f11), 0) AS INTEGER) AS F11, CAST(coalesce(sum(f12), 0) AS INTEGER) AS F12,
    CAST(coalesce(sum(findings_open), 0) AS INTEGER) AS findings_open,
    CAST(coalesce(sum(rectified_confirmed), 0) AS INTEGER) AS rectified_confirmed,
    CAST(coalesce(sum(rectified_not_confirmed), 0) AS INTEGER) AS rectified_not_confirmed,
    CAST(coalesce(sum(in_progress), 0) AS INTEGER) AS in_progress,
    CAST(coalesce(sum(explained), 0) AS INTEGER) AS explained,
    CAST(coalesce(sum(unmatched_rectifications), 0) AS INTEGER) AS unmatched_rectifications
  FROM rows
  GROUP BY GROUPING SETS ((county_code, city_code), (city_code), ())
)
SELECT agg.level, agg.code,
  CASE agg.level WHEN 'county' THEN c.county_name WHEN 'city' THEN ci.city_name ELSE '' END AS name,
  CASE agg.level WHEN 'county' THEN c.city_name WHEN 'city' THEN ci.city_name ELSE '' END AS city_name,
  CASE agg.level WHEN 'county' THEN c.city_code WHEN 'city' THEN agg.code ELSE '' END AS city_code,
  agg.* EXCLUDE (level, code),
  CASE WHEN agg.stock_baseline_yuan > 0
       THEN 1 - CAST(agg.stock_remaining_yuan AS DOUBLE) / CAST(agg.stock_baseline_yuan AS DOUBLE) END AS stock_progress
FROM agg
LEFT JOIN counties c ON agg.level = 'county' AND c.county_code = agg.code
LEFT JOIN (SELECT city_code, any_value(city_name) AS city_name FROM counties GROUP BY city_code) ci
  ON agg.level = 'city' AND ci.city_code = agg.code;

-- Findings and open findings per rule at every level (the long form of the F01..F12 columns, with the open
-- ones): one row per level, code and rule that has findings.
CREATE OR REPLACE TABLE m_rule_counts AS
SELECT
  CASE WHEN grouping(f.county_code) = 0 THEN 'county' WHEN grouping(c.city_code) = 0 THEN 'city' ELSE 'all' END AS level,
  CASE WHEN grouping(f.county_code) = 0 THEN f.county_code WHEN grouping(c.city_code) = 0 THEN c.city_code ELSE '' END AS code,
  f.code AS rule,
  CAST(count(*) AS INTEGER) AS findings,
  CAST(count(*) FILTER (WHERE f.open) AS INTEGER) AS open
FROM m_findings f
JOIN counties c USING (county_code)
GROUP BY GROUPING SETS ((f.county_code, c.city_code, f.code), (c.city_code, f.code), (f.code));
