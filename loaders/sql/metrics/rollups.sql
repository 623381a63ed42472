-- County, city and province roll-ups of the project figures (docs/metrics.md#rollups), in one pass with
-- GROUPING SETS so the three levels add up by construction: province = cities = counties = projects, to
-- the fen (every sum is of DECIMAL(18,2), which is exact).

-- The rule codes, bound from common/rules.js ($rule_codes): one column of counts per rule, F01 ... F12,
-- whether or not a rule has any finding.
CREATE OR REPLACE TEMP TABLE rule_codes AS SELECT unnest(from_json($rule_codes, '["VARCHAR"]')) AS code;

CREATE OR REPLACE TABLE m_rollups AS
WITH fp AS (
  PIVOT (SELECT project_id, code FROM m_findings UNION ALL SELECT NULL, code FROM rule_codes)
  ON code USING count(project_id) GROUP BY project_id
), fc AS (
  SELECT project_id, count(*) AS findings, count(*) FILTER (WHERE open) AS findings_open
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
    coalesce(COLUMNS(c -> regexp_full_match(c, 'F[0-9]{2}')), 0), coalesce(fc.findings, 0) AS project_findings,
    coalesce(fc.findings_open, 0) AS project_findings_open,
    coalesce(rp.rectified_confirmed, 0) AS rectified_confirmed,
    coalesce(rp.rectified_not_confirmed, 0) AS rectified_not_confirmed,
    coalesce(rp.in_progress, 0) AS in_progress, coalesce(rp.explained, 0) AS explained,
    coalesce(rp.unmatched_rectifications, 0) AS unmatched_rectifications
  FROM m_projects mp
  JOIN counties c USING (county_code)
  LEFT JOIN fp USING (project_id)
  LEFT JOIN fc USING (project_id)
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
    -- 遏增量: the increments still short at T, and what they lacked on their approval day.
    CAST(count(*) FILTER (WHERE is_increment AND shortfall_yuan > 0) AS INTEGER) AS increment_open_projects,
    CAST(coalesce(sum(required_yuan - received_at_approval) FILTER (WHERE is_increment), 0) AS DECIMAL(18, 2))
      AS increment_approval_gap_yuan,
    CAST(coalesce(sum(unallocated_0_180), 0) AS DECIMAL(18, 2)) AS unallocated_0_180,
    CAST(coalesce(sum(unallocated_181_365), 0) AS DECIMAL(18, 2)) AS unallocated_181_365,
    CAST(coalesce(sum(unallocated_366_730), 0) AS DECIMAL(18, 2)) AS unallocated_366_730,
    CAST(coalesce(sum(unallocated_731_1095), 0) AS DECIMAL(18, 2)) AS unallocated_731_1095,
    CAST(coalesce(sum(unallocated_over_1095), 0) AS DECIMAL(18, 2)) AS unallocated_over_1095,
    CAST(coalesce(sum(unallocated_over_365_yuan), 0) AS DECIMAL(18, 2)) AS unallocated_over_365_yuan,
    CAST(coalesce(sum(actual_people), 0) AS BIGINT) AS actual_people,
    CAST(coalesce(sum(virtual_people), 0) AS DECIMAL(18, 6)) AS virtual_people,
    CAST(coalesce(sum(virtual_pico), 0) AS HUGEINT) AS virtual_pico,
    CAST(coalesce(sum(old_method_yuan), 0) AS DECIMAL(18, 2)) AS old_method_yuan,
    CAST(coalesce(sum(new_method_yuan), 0) AS DECIMAL(18, 2)) AS new_method_yuan,
    -- Findings of every rule together, and the projects with at least one.
    CAST(coalesce(sum(project_findings), 0) AS INTEGER) AS findings,
    CAST(count(*) FILTER (WHERE project_findings > 0) AS INTEGER) AS finding_projects,
    -- The review cycle (docs/review.md): open findings, and the ledger counted at T.
    CAST(coalesce(sum(project_findings_open), 0) AS INTEGER) AS findings_open,
    CAST(coalesce(sum(rectified_confirmed), 0) AS INTEGER) AS rectified_confirmed,
    CAST(coalesce(sum(rectified_not_confirmed), 0) AS INTEGER) AS rectified_not_confirmed,
    CAST(coalesce(sum(in_progress), 0) AS INTEGER) AS in_progress,
    CAST(coalesce(sum(explained), 0) AS INTEGER) AS explained,
    CAST(coalesce(sum(unmatched_rectifications), 0) AS INTEGER) AS unmatched_rectifications,
    CAST(sum(COLUMNS(c -> regexp_full_match(c, 'F[0-9]{2}'))) AS INTEGER)
  FROM rows
  GROUP BY GROUPING SETS ((county_code, city_code), (city_code), ())
)
SELECT agg.level, agg.code,
  CASE agg.level WHEN 'county' THEN c.county_name WHEN 'city' THEN ci.city_name ELSE '' END AS name,
  CASE agg.level WHEN 'county' THEN c.city_name WHEN 'city' THEN ci.city_name ELSE '' END AS city_name,
  CASE agg.level WHEN 'county' THEN c.city_code WHEN 'city' THEN agg.code ELSE '' END AS city_code,
  agg.* EXCLUDE (level, code, virtual_pico),
  -- 减存量: stock_progress = 1 - remaining / baseline, exact to 6 decimals (half up), null without stock;
  -- common/figures.js stockProgress is the same arithmetic for a filtered subtotal.
  -- Below zero (more open now than at the baseline, after refunds) it rounds half away from zero.
  CASE WHEN agg.stock_baseline_yuan > 0 THEN CAST(CAST(
      sign(agg.stock_baseline_yuan - agg.stock_remaining_yuan) * div_round(
        abs(yuan_to_fen(agg.stock_baseline_yuan) - yuan_to_fen(agg.stock_remaining_yuan)) * 1000000,
        yuan_to_fen(agg.stock_baseline_yuan)) AS DECIMAL(38, 0)) * 0.000001 AS DECIMAL(18, 6)) END AS stock_progress,
  CAST(agg.stock_baseline_yuan - agg.stock_remaining_yuan AS DECIMAL(18, 2)) AS stock_reduced_yuan,
  -- Headcount of the level: actual / virtual people (the virtual summed exactly, in 10^-12 persons) and
  -- the money distributed per person credited, to the fen (half up).
  CASE WHEN agg.virtual_pico > 0
       THEN CAST(agg.actual_people AS DOUBLE) * 1e12 / CAST(agg.virtual_pico AS DOUBLE) END AS headcount_ratio,
  CASE WHEN agg.actual_people > 0
       THEN fen_to_yuan(div_round(yuan_to_fen(agg.distributed_yuan), CAST(agg.actual_people AS HUGEINT))) END AS per_capita_yuan
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
