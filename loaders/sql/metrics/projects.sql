-- One row per project as of $as_of: every figure of docs/metrics.md and the stock / increment flags
-- ("减存量、遏增量", seed 000).
-- stock: scope_start <= approved_on <= stock_baseline and a shortfall at the baseline; needs T >= the
-- baseline (before it the stock figures are empty). increment: approved after the baseline while
-- received on the approval day < required.
CREATE OR REPLACE TABLE m_projects AS
SELECT
  pp.project_id, pp.project_name, pp.county_code, pp.approved_on, pp.supplied_on, pp.method,
  pp.area_mu, pp.farmland_mu, pp.zone_price, pp.required_yuan,
  l.received_yuan, l.in_special_yuan, l.distributed_yuan,
  CAST(greatest(0, pp.required_yuan - l.received_yuan) AS DECIMAL(18, 2)) AS shortfall_yuan,
  CAST(greatest(0, l.received_yuan - l.distributed_yuan) AS DECIMAL(18, 2)) AS unallocated_yuan,
  CAST(greatest(0, l.distributed_yuan - l.received_yuan) AS DECIMAL(18, 2)) AS over_allocated_yuan,
  l.funded_on, l.received_at_approval, l.received_at_supply, l.in_special_at_deadline, l.first_credited_on,
  h.virtual_pico, h.virtual_people, h.actual_people,
  CASE WHEN h.virtual_pico > 0 THEN h.actual_people * 1e12 / CAST(h.virtual_pico AS DOUBLE) END AS headcount_ratio,
  CASE WHEN h.actual_people > 0
       THEN fen_to_yuan(div_round(yuan_to_fen(l.distributed_yuan), CAST(h.actual_people AS HUGEINT))) END AS per_capita_yuan,
  pp.annuity_divisor, pp.base_pension_yuan, pp.per_person_yuan, pp.land_ratio,
  m.old_method_yuan, m.new_method_yuan,
  CASE WHEN $as_of >= pp.stock_baseline
       THEN pp.approved_on BETWEEN pp.scope_start AND pp.stock_baseline
            AND pp.required_yuan - l.received_at_baseline > 0 END AS is_stock,
  CASE WHEN $as_of >= pp.stock_baseline
        AND pp.approved_on BETWEEN pp.scope_start AND pp.stock_baseline
        AND pp.required_yuan - l.received_at_baseline > 0
       THEN CAST(pp.required_yuan - l.received_at_baseline AS DECIMAL(18, 2)) END AS stock_baseline_yuan,
  pp.approved_on > pp.stock_baseline AND l.received_at_approval < pp.required_yuan AS is_increment,
  pp.stock_baseline, pp.scope_start,
  a.unallocated_0_180, a.unallocated_181_365, a.unallocated_366_730, a.unallocated_731_1095,
  a.unallocated_over_1095, a.oldest_unallocated_on
FROM asof_project_policy pp
JOIN ledger l USING (project_id)
JOIN headcount h USING (project_id)
JOIN methods m USING (project_id)
LEFT JOIN ageing_buckets a USING (project_id);

-- monthly_from_account = per_capita_yuan / annuity_divisor, exact to the fen (seed 001: 9000 / 139 + 55
-- base pension is about 120 yuan a month).
ALTER TABLE m_projects ADD COLUMN monthly_from_account_yuan DECIMAL(18, 2);
UPDATE m_projects SET monthly_from_account_yuan = monthly_pension_yuan(per_capita_yuan, annuity_divisor)
WHERE per_capita_yuan IS NOT NULL;

UPDATE m_projects SET
  unallocated_0_180 = coalesce(unallocated_0_180, 0), unallocated_181_365 = coalesce(unallocated_181_365, 0),
  unallocated_366_730 = coalesce(unallocated_366_730, 0), unallocated_731_1095 = coalesce(unallocated_731_1095, 0),
  unallocated_over_1095 = coalesce(unallocated_over_1095, 0);

-- 沉淀超过一年: money unallocated whose deposit is 366 days old or more at T (the three oldest age buckets),
-- the figure of the 资金沉淀 page and of the league table's status (docs/metrics.md#ageing).
ALTER TABLE m_projects ADD COLUMN unallocated_over_365_yuan DECIMAL(18, 2);
UPDATE m_projects SET unallocated_over_365_yuan =
  CAST(unallocated_366_730 + unallocated_731_1095 + unallocated_over_1095 AS DECIMAL(18, 2));
