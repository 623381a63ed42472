-- Unallocated ageing (docs/metrics.md#ageing): deposits are consumed first-in first-out by distributions;
-- refunds take back the newest deposits first; what is left keeps its deposit date.
-- Refunds as a stack: H is the running balance of deposits - refunds (same day: deposits first). What a
-- deposit keeps is the part of its slice of the stack, [H before, H after], that the balance never falls
-- below afterwards; a slice below zero only repays earlier over-refunds. Then distributions take the
-- oldest kept money first.
CREATE OR REPLACE TEMP TABLE ageing AS
WITH ev AS (
  SELECT project_id, flow_id, flow_on, flow, amount_yuan,
    CASE flow WHEN 'deposit' THEN amount_yuan ELSE -amount_yuan END AS delta,
    row_number() OVER (PARTITION BY project_id
                       ORDER BY flow_on, CASE flow WHEN 'deposit' THEN 0 ELSE 1 END, flow_id) AS seq
  FROM asof_flows f WHERE flow IN ('deposit', 'refund')
), stack AS (
  SELECT *, sum(delta) OVER w AS h_after
  FROM ev WINDOW w AS (PARTITION BY project_id ORDER BY seq ROWS UNBOUNDED PRECEDING)
), floors AS (
  SELECT *, h_after - delta AS h_before,
    min(h_after) OVER (PARTITION BY project_id ORDER BY seq ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS floor_after
  FROM stack
), kept AS (
  SELECT project_id, flow_id, flow_on, seq,
    greatest(0, least(amount_yuan, floor_after - greatest(h_before, 0))) AS kept_yuan
  FROM floors WHERE flow = 'deposit'
), fifo AS (
  SELECT k.*, sum(kept_yuan) OVER (PARTITION BY project_id ORDER BY seq ROWS UNBOUNDED PRECEDING) AS kept_running,
         coalesce(dd.distributed, 0) AS distributed
  FROM kept k LEFT JOIN (SELECT project_id, sum(amount_yuan) AS distributed FROM asof_credits d GROUP BY project_id) dd USING (project_id)
)
SELECT project_id, flow_id, flow_on,
  CAST(greatest(0, least(kept_yuan, kept_running - distributed)) AS DECIMAL(18, 2)) AS left_yuan,
  CAST($as_of - flow_on AS INTEGER) AS age_days
FROM fifo;

CREATE OR REPLACE TEMP TABLE ageing_buckets AS
SELECT project_id,
  CAST(coalesce(sum(left_yuan) FILTER (WHERE age_days <= 180), 0) AS DECIMAL(18, 2)) AS unallocated_0_180,
  CAST(coalesce(sum(left_yuan) FILTER (WHERE age_days BETWEEN 181 AND 365), 0) AS DECIMAL(18, 2)) AS unallocated_181_365,
  CAST(coalesce(sum(left_yuan) FILTER (WHERE age_days BETWEEN 366 AND 730), 0) AS DECIMAL(18, 2)) AS unallocated_366_730,
  CAST(coalesce(sum(left_yuan) FILTER (WHERE age_days BETWEEN 731 AND 1095), 0) AS DECIMAL(18, 2)) AS unallocated_731_1095,
  CAST(coalesce(sum(left_yuan) FILTER (WHERE age_days > 1095), 0) AS DECIMAL(18, 2)) AS unallocated_over_1095,
  min(flow_on) FILTER (WHERE left_yuan > 0) AS oldest_unallocated_on
FROM ageing GROUP BY project_id;
