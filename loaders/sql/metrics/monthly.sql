-- Monthly series (DOMAIN section 3): at each month's last day (T for T's month), as if the data stopped
-- that day: received, distributed, unallocated (sum over projects of max(0, received - distributed)) and
-- the stock still missing (stock projects' shortfall; empty before the stock baseline).
-- Sparse: a project's figures change only in months with one of its events (its approval, a flow, a
-- credit), so each project contributes a change at those months and the series is their running sum.
CREATE OR REPLACE TABLE m_monthly AS
WITH ev AS (
  -- every event at the month it takes effect: not before the project exists (its approval month)
  SELECT p.project_id, greatest(date_trunc('month', f.flow_on), date_trunc('month', p.approved_on)) AS month,
         f.received_delta AS received, 0::DECIMAL(18, 2) AS distributed
  FROM f JOIN p USING (project_id)
  UNION ALL
  SELECT p.project_id, greatest(date_trunc('month', d.credited_on), date_trunc('month', p.approved_on)),
         0::DECIMAL(18, 2), d.amount_yuan
  FROM d JOIN p USING (project_id)
  UNION ALL
  SELECT project_id, date_trunc('month', approved_on), 0::DECIMAL(18, 2), 0::DECIMAL(18, 2) FROM p
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
  SELECT month,
    received - coalesce(lag(received) OVER w, 0) AS received,
    distributed - coalesce(lag(distributed) OVER w, 0) AS distributed,
    unallocated - coalesce(lag(unallocated) OVER w, 0) AS unallocated,
    stock_remaining - coalesce(lag(stock_remaining) OVER w, 0) AS stock_remaining
  FROM states
  WINDOW w AS (PARTITION BY project_id ORDER BY month)
), changes AS (
  SELECT CAST(month AS DATE) AS month, sum(received) AS received, sum(distributed) AS distributed,
         sum(unallocated) AS unallocated, sum(stock_remaining) AS stock_remaining
  FROM deltas GROUP BY month
), months AS (
  SELECT CAST(m AS DATE) AS month
  FROM range(CAST((SELECT min(date_trunc('month', approved_on)) FROM p) AS TIMESTAMP),
             CAST(date_trunc('month', CAST($as_of AS DATE)) AS TIMESTAMP) + INTERVAL 1 DAY, INTERVAL 1 MONTH) r(m)
), baseline AS (
  SELECT min(stock_baseline) AS first_baseline FROM pp
)
SELECT
  strftime(months.month, '%Y-%m') AS month,
  least(CAST(months.month + INTERVAL 1 MONTH - INTERVAL 1 DAY AS DATE), CAST($as_of AS DATE)) AS month_end,
  CAST(coalesce(sum(c.received) OVER w, 0) AS DECIMAL(18, 2)) AS received_yuan,
  CAST(coalesce(sum(c.distributed) OVER w, 0) AS DECIMAL(18, 2)) AS distributed_yuan,
  CAST(coalesce(sum(c.unallocated) OVER w, 0) AS DECIMAL(18, 2)) AS unallocated_yuan,
  CASE WHEN least(CAST(months.month + INTERVAL 1 MONTH - INTERVAL 1 DAY AS DATE), CAST($as_of AS DATE)) >= baseline.first_baseline
       THEN CAST(coalesce(sum(c.stock_remaining) OVER w, 0) AS DECIMAL(18, 2)) END AS stock_remaining_yuan
FROM months
CROSS JOIN baseline
LEFT JOIN changes c ON c.month = months.month
WINDOW w AS (ORDER BY months.month ROWS UNBOUNDED PRECEDING)
ORDER BY months.month;
