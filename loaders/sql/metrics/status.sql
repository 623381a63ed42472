-- The status of every county, city and the province (docs/metrics.md#status), a colour a reviewer reads
-- at a glance, with its reasons. The thresholds are policy parameters (status_* in policy.json, defaults in
-- loaders/policy.ts, chosen in docs/decisions.md S1), each compared exactly: a share of money as
-- amount > share × base, in DECIMAL, never a float.
--   红 red    increment:      new arrears still open (increment_open) > status_red_increment_share × required
--             stock_behind:   stock progress < status_red_stock_progress
--             over_allocated: credited beyond what arrived > status_red_over_allocated_share × distributed
--   黄 yellow otherwise, stock_slow: stock progress < status_yellow_stock_progress
--             shortfall:      shortfall > status_yellow_shortfall_share × required
--             stale:          unallocated for over a year > status_yellow_stale_share × received
--   绿 green  none of these.
-- stock progress < t, with progress = 1 - remaining / baseline, is remaining > (1 - t) × baseline.

-- The policy scope of each roll-up row: a county's is its projects' (scope.sql resolved it), a city's its
-- own override or else the province's, the province's the global one.
CREATE OR REPLACE TABLE m_scopes AS
SELECT 'county' AS level, county_code AS code, any_value(scope) AS scope FROM asof_projects GROUP BY county_code
UNION ALL
SELECT 'city', r.code, coalesce(ps.scope, '*')
FROM m_rollups r LEFT JOIN policy_scopes ps ON ps.scope = r.code WHERE r.level = 'city'
UNION ALL
SELECT 'all', '', '*';

CREATE OR REPLACE TABLE m_status AS
WITH t AS (
  SELECT r.*,
    CAST(ps.policy ->> 'status_red_increment_share' AS DECIMAL(38, 6)) AS red_increment,
    CAST(ps.policy ->> 'status_red_stock_progress' AS DECIMAL(38, 6)) AS red_progress,
    CAST(ps.policy ->> 'status_red_over_allocated_share' AS DECIMAL(38, 6)) AS red_over,
    CAST(ps.policy ->> 'status_yellow_stock_progress' AS DECIMAL(38, 6)) AS yellow_progress,
    CAST(ps.policy ->> 'status_yellow_shortfall_share' AS DECIMAL(38, 6)) AS yellow_shortfall,
    CAST(ps.policy ->> 'status_yellow_stale_share' AS DECIMAL(38, 6)) AS yellow_stale
  FROM m_rollups r JOIN m_scopes s USING (level, code) JOIN policy_scopes ps ON ps.scope = s.scope
), judged AS (
  SELECT level, code,
    increment_open_yuan > red_increment * required_yuan AS increment,
    coalesce(stock_baseline_yuan > 0 AND stock_remaining_yuan > (1 - red_progress) * stock_baseline_yuan, false)
      AS stock_behind,
    over_allocated_yuan > red_over * distributed_yuan AS over_allocated,
    coalesce(stock_baseline_yuan > 0 AND stock_remaining_yuan > (1 - yellow_progress) * stock_baseline_yuan, false)
      AS stock_slow,
    shortfall_yuan > yellow_shortfall * required_yuan AS shortfall,
    unallocated_over_365_yuan > yellow_stale * received_yuan AS stale
  FROM t
)
SELECT level, code,
  CASE WHEN increment OR stock_behind OR over_allocated THEN 'red'
       WHEN stock_slow OR shortfall OR stale THEN 'yellow'
       ELSE 'green' END AS status,
  list_filter([
    CASE WHEN increment THEN 'increment' END,
    CASE WHEN stock_behind THEN 'stock_behind' END,
    CASE WHEN over_allocated THEN 'over_allocated' END,
    CASE WHEN stock_slow AND NOT stock_behind THEN 'stock_slow' END,
    CASE WHEN shortfall THEN 'shortfall' END,
    CASE WHEN stale THEN 'stale' END
  ], x -> x IS NOT NULL) AS reasons
FROM judged;
