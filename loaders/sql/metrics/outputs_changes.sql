-- changes.csv (docs/outputs.md#changes-csv), written when the metrics compare two dates: the province,
-- then each city, then each county, by code. The code is empty for the province.
COPY (
  SELECT CASE level WHEN 'all' THEN 'province' ELSE level END AS level, nullif(code, '') AS code,
    sheet_safe(name) AS name,
    received_yuan_then, received_yuan_now, distributed_yuan_then, distributed_yuan_now,
    unallocated_yuan_then, unallocated_yuan_now, shortfall_yuan_then, shortfall_yuan_now,
    stock_remaining_yuan_then, stock_remaining_yuan_now, stock_cleared_yuan,
    increment_open_yuan_then, increment_open_yuan_now, new_increment_projects,
    findings_open_then, findings_open_now, findings_new, findings_resolved
  FROM m_changes
  ORDER BY CASE level WHEN 'all' THEN 0 WHEN 'city' THEN 1 ELSE 2 END, code
) TO $changes_csv (HEADER, DELIMITER ',');
