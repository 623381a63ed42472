-- The command-line outputs (docs/outputs.md): UTF-8 CSV, header row, money with 2 decimals, ratios with
-- 4, dates ISO, booleans true/false, empty for null. Text cells a spreadsheet would run as a formula are
-- neutralised (sheet_safe); people appear masked only. findings.csv and counties.csv end with the review
-- cycle's columns (finding key, resolution, the ledger counted at T), whatever the comparison.

COPY (
  SELECT sheet_safe(project_id) AS project_id, county_code, approved_on, required_yuan, received_yuan, in_special_yuan,
    distributed_yuan, shortfall_yuan, unallocated_yuan, over_allocated_yuan, funded_on,
    CAST(round(virtual_people, 2) AS DECIMAL(18, 2)) AS virtual_people, actual_people,
    printf('%.4f', headcount_ratio) AS headcount_ratio, per_capita_yuan, old_method_yuan, new_method_yuan,
    CASE WHEN is_stock THEN 'true' WHEN NOT is_stock THEN 'false' END AS is_stock,
    CASE WHEN is_increment THEN 'true' ELSE 'false' END AS is_increment,
    unallocated_0_180, unallocated_181_365, unallocated_366_730, unallocated_731_1095, unallocated_over_1095
  FROM m_projects ORDER BY project_id
) TO $projects_csv (HEADER, DELIMITER ',');

COPY (
  SELECT code AS county_code, sheet_safe(name) AS county_name, sheet_safe(city_name) AS city_name, projects,
    required_yuan, received_yuan, distributed_yuan, unallocated_yuan, shortfall_yuan,
    stock_projects, stock_baseline_yuan, stock_remaining_yuan,
    CAST(round(stock_progress, 4) AS DECIMAL(18, 4)) AS stock_progress, increment_projects, increment_open_yuan,
    COLUMNS(c -> regexp_full_match(c, 'F[0-9]{2}')),
    findings_open, rectified_confirmed, rectified_not_confirmed, in_progress, explained, unmatched_rectifications
  FROM m_rollups WHERE level = 'county' ORDER BY code
) TO $counties_csv (HEADER, DELIMITER ',');

COPY (
  SELECT code, sheet_safe(project_id) AS project_id, sheet_safe(village_code) AS village_code,
    mask_id(person_id) AS person, amount_yuan, sheet_safe(mask_ids_in(detail)) AS detail,
    sheet_safe(finding_key) AS finding_key, CASE WHEN resolved THEN 'true' ELSE 'false' END AS resolved,
    rectification, verdict
  FROM m_findings ORDER BY code, project_id, village_code NULLS FIRST, event_on NULLS FIRST, record_id NULLS FIRST
) TO $findings_csv (HEADER, DELIMITER ',');

COPY (
  SELECT month, received_yuan, distributed_yuan, unallocated_yuan, stock_remaining_yuan
  FROM m_monthly ORDER BY month
) TO $monthly_csv (HEADER, DELIMITER ',');

COPY (
  SELECT r.table_name AS "table", sheet_safe(s.file) AS file, r.row, r.field,
    sheet_safe(CASE WHEN r.field = 'person_id' THEN mask_id(r.value) ELSE mask_ids_in(r.value) END) AS value,
    r.reason_zh, r.reason_en
  FROM rejects r JOIN sources s USING (file_id)
  ORDER BY r.file_id, r.row, r.field NULLS FIRST
) TO $rejects_csv (HEADER, DELIMITER ',');
