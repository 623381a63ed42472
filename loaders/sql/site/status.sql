-- County status for the league table (县区进展), a colour a reviewer reads at a glance, with its reasons:
--   红 red    new arrears after the stock baseline (遏增量 failed: increment projects with money still
--             open), stock cleared by less than half (减存量 behind), or money credited beyond what
--             arrived (F05);
--   黄 yellow otherwise, if stock or other shortfall is still open, or money has sat unallocated for more
--             than a year;
--   绿 green  nothing open, nothing stale.
CREATE OR REPLACE TABLE m_status AS
SELECT
  level, code,
  CASE
    WHEN increment_open_yuan > 0 OR coalesce(stock_progress, 1) < 0.5 OR over_allocated_yuan > 0 THEN 'red'
    WHEN coalesce(stock_remaining_yuan, 0) > 0 OR shortfall_yuan > 0
         OR unallocated_366_730 + unallocated_731_1095 + unallocated_over_1095 > 0 THEN 'yellow'
    ELSE 'green'
  END AS status,
  list_filter([
    CASE WHEN increment_open_yuan > 0 THEN 'increment' END,
    CASE WHEN coalesce(stock_progress, 1) < 0.5 THEN 'stock_behind' END,
    CASE WHEN over_allocated_yuan > 0 THEN 'over_allocated' END,
    CASE WHEN coalesce(stock_remaining_yuan, 0) > 0 AND coalesce(stock_progress, 1) >= 0.5 THEN 'stock_open' END,
    CASE WHEN shortfall_yuan > 0 THEN 'shortfall' END,
    CASE WHEN unallocated_366_730 + unallocated_731_1095 + unallocated_over_1095 > 0 THEN 'stale' END
  ], x -> x IS NOT NULL) AS reasons
FROM m_rollups;
