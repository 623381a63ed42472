-- Monthly series (docs/metrics.md#monthly): at each month's last day (T for T's month), as if the data stopped
-- that day: received, distributed, unallocated (sum over projects of max(0, received - distributed)) and
-- the stock still missing (stock projects' shortfall; empty before the stock baseline).
-- Sparse: a project's figures change only in months with one of its events (its approval, a flow, a
-- credit), so each project contributes a change at those months and the series is their running sum.
CREATE OR REPLACE TABLE m_monthly_county AS
WITH ev AS (
  -- every event at the month it takes effect: not before the project exists (its approval month)
  SELECT p.project_id, greatest(date_trunc('month', f.flow_on), date_trunc('month', p.approved_on)) AS month,
         f.received_delta AS received, 0::DECIMAL(18, 2) AS distributed
  FROM asof_flows f JOIN asof_projects p USING (project_id)
  UNION ALL
  SELECT p.project_id, greatest(date_trunc('month', d.credited_on), date_trunc('month', p.approved_on)),
         0::DECIMAL(18, 2), d.amount_yuan
  FROM asof_credits d JOIN asof_projects p USING (project_id)
  UNION ALL
  SELECT project_id, date_trunc('month', approved_on), 0::DECIMAL(18, 2), 0::DECIMAL(18, 2) FROM asof_projects p
), per_month AS (
  SELECT project_id, month, sum(received) AS received, sum(distributed) AS distributed FROM ev GROUP BY ALL
), running AS (
  SELECT pm.project_id, pm.month,
    sum(pm.received) OVER w AS received, sum(pm.distributed) OVER w AS distributed
  FROM per_month pm
  WINDOW w AS (PARTITION BY pm.project_id ORDER BY pm.month ROWS UNBOUNDED PRECEDING)
), states AS (
  SELECT r.project_id, r.month, r.received, r.distributed,
    greatest(0, r.received - r.distributed) AS unallocated,
    CASE WHEN mp.is_stock THEN greatest(0, mp.required_yuan - r.received) ELSE 0 END AS stock_remaining
  FROM running r JOIN m_projects mp USING (project_id)
), deltas AS (
  SELECT s.project_id, s.month,
    s.received - coalesce(lag(s.received) OVER w, 0) AS received,
    s.distributed - coalesce(lag(s.distributed) OVER w, 0) AS distributed,
    s.unallocated - coalesce(lag(s.unallocated) OVER w, 0) AS unallocated,
    s.stock_remaining - coalesce(lag(s.stock_remaining) OVER w, 0) AS stock_remaining
  FROM states s
  WINDOW w AS (PARTITION BY s.project_id ORDER BY s.month)
), changes AS (
  SELECT p.county_code, CAST(dl.month AS DATE) AS month, sum(dl.received) AS received,
         sum(dl.distributed) AS distributed, sum(dl.unallocated) AS unallocated,
         sum(dl.stock_remaining) AS stock_remaining
  FROM deltas dl JOIN asof_projects p USING (project_id)
  GROUP BY p.county_code, dl.month
), months AS (
  SELECT CAST(m AS DATE) AS month,
         least(CAST(m + INTERVAL 1 MONTH - INTERVAL 1 DAY AS DATE), CAST($as_of AS DATE)) AS month_end
  FROM range(CAST((SELECT min(date_trunc('month', approved_on)) FROM asof_projects p) AS TIMESTAMP),
             CAST(date_trunc('month', CAST($as_of AS DATE)) AS TIMESTAMP) + INTERVAL 1 DAY, INTERVAL 1 MONTH) r(m)
), baseline AS (
  SELECT min(stock_baseline) AS first_baseline FROM asof_project_policy pp
), grid AS (
  SELECT c.county_code, months.month, months.month_end
  FROM (SELECT DISTINCT county_code FROM asof_projects p) c CROSS JOIN months
)
SELECT
  g.county_code,
  strftime(g.month, '%Y-%m') AS month,
  g.month_end,
  CAST(coalesce(sum(c.received) OVER w, 0) AS DECIMAL(18, 2)) AS received_yuan,
  CAST(coalesce(sum(c.distributed) OVER w, 0) AS DECIMAL(18, 2)) AS distributed_yuan,
  CAST(coalesce(sum(c.unallocated) OVER w, 0) AS DECIMAL(18, 2)) AS unallocated_yuan,
  CASE WHEN g.month_end >= baseline.first_baseline
       THEN CAST(coalesce(sum(c.stock_remaining) OVER w, 0) AS DECIMAL(18, 2)) END AS stock_remaining_yuan
FROM grid g
CROSS JOIN baseline
LEFT JOIN changes c ON c.county_code = g.county_code AND c.month = g.month
WINDOW w AS (PARTITION BY g.county_code ORDER BY g.month ROWS UNBOUNDED PRECEDING);

-- The province series is the sum of the county series, so both agree to the fen.
CREATE OR REPLACE TABLE m_monthly AS
SELECT month, any_value(month_end) AS month_end,
  CAST(sum(received_yuan) AS DECIMAL(18, 2)) AS received_yuan,
  CAST(sum(distributed_yuan) AS DECIMAL(18, 2)) AS distributed_yuan,
  CAST(sum(unallocated_yuan) AS DECIMAL(18, 2)) AS unallocated_yuan,
  CAST(sum(stock_remaining_yuan) AS DECIMAL(18, 2)) AS stock_remaining_yuan
FROM m_monthly_county
GROUP BY month
ORDER BY month;
