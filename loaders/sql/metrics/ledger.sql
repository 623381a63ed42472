-- Funding ledger per project (docs/metrics.md#ledger), as of $as_of:
-- received(p, t) = deposits - refunds; in_special(p, t) = deposits into and refunds out of the special
-- account + every transfer; distributed(p, t); each at T and on the days the rules look at (approval,
-- supply, approval + transfer deadline (seed 004 art. 13), stock baseline (seed 000)).
-- funded_on(p) = the first day the running received reaches required_yuan; for a project that requires
-- nothing it is the approval day (docs/decisions.md).
CREATE OR REPLACE TEMP TABLE ledger AS
WITH flows AS (
  SELECT pp.project_id,
    coalesce(sum(f.received_delta), 0) AS received_yuan,
    coalesce(sum(f.special_delta), 0) AS in_special_yuan,
    coalesce(sum(f.received_delta) FILTER (WHERE f.flow_on <= pp.approved_on), 0) AS received_at_approval,
    coalesce(sum(f.received_delta) FILTER (WHERE f.flow_on <= pp.supplied_on), 0) AS received_at_supply,
    coalesce(sum(f.special_delta) FILTER (WHERE f.flow_on <= pp.approved_on + pp.transfer_deadline_days), 0)
      AS in_special_at_deadline,
    coalesce(sum(f.received_delta) FILTER (WHERE f.flow_on <= pp.stock_baseline), 0) AS received_at_baseline
  FROM asof_project_policy pp LEFT JOIN asof_flows f USING (project_id)
  GROUP BY pp.project_id
), daily AS (
  SELECT project_id, flow_on, sum(received_delta) AS delta FROM asof_flows f GROUP BY project_id, flow_on
), funded AS (
  SELECT project_id, min(flow_on) AS funded_on
  FROM (
    SELECT dl.project_id, dl.flow_on, pp.required_yuan,
           sum(dl.delta) OVER (PARTITION BY dl.project_id ORDER BY dl.flow_on) AS running
    FROM daily dl JOIN asof_project_policy pp USING (project_id)
  )
  WHERE running >= required_yuan
  GROUP BY project_id
), dist AS (
  SELECT project_id, sum(amount_yuan) AS distributed_yuan, min(credited_on) AS first_credited_on
  FROM asof_credits d GROUP BY project_id
)
SELECT
  pp.project_id,
  CAST(fl.received_yuan AS DECIMAL(18, 2)) AS received_yuan,
  CAST(fl.in_special_yuan AS DECIMAL(18, 2)) AS in_special_yuan,
  CAST(coalesce(dist.distributed_yuan, 0) AS DECIMAL(18, 2)) AS distributed_yuan,
  CAST(fl.received_at_approval AS DECIMAL(18, 2)) AS received_at_approval,
  CASE WHEN pp.supplied_on IS NOT NULL THEN CAST(fl.received_at_supply AS DECIMAL(18, 2)) END AS received_at_supply,
  CAST(fl.in_special_at_deadline AS DECIMAL(18, 2)) AS in_special_at_deadline,
  CAST(fl.received_at_baseline AS DECIMAL(18, 2)) AS received_at_baseline,
  CASE WHEN pp.required_yuan = 0 THEN pp.approved_on ELSE funded.funded_on END AS funded_on,
  dist.first_credited_on
FROM asof_project_policy pp
JOIN flows fl USING (project_id)
LEFT JOIN funded USING (project_id)
LEFT JOIN dist USING (project_id);
