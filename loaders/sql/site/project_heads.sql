-- The project page's head (docs/metrics.md): the approval, every figure of m_projects as of T, the days its
-- rules look at (received on the approval and supply days, in the special account on the transfer
-- deadline) and the county it belongs to. Shards $from to $to, in shard and id order.
SELECT s.shard, mp.project_id, site_text(mp.project_name) AS project_name, mp.county_code, c.county_name,
  c.city_code, c.city_name, CAST(pr.applied_on AS VARCHAR) AS applied_on,
  CAST(mp.approved_on AS VARCHAR) AS approved_on, CAST(mp.supplied_on AS VARCHAR) AS supplied_on, mp.method,
  CAST(mp.area_mu AS DOUBLE) AS area_mu, CAST(mp.farmland_mu AS DOUBLE) AS farmland_mu,
  CAST(mp.zone_price AS DOUBLE) AS zone_price, CAST(mp.land_ratio AS DOUBLE) AS land_ratio,
  fen(mp.per_person_yuan) AS per_person_fen,
  fen(mp.required_yuan) AS required_fen, fen(mp.received_yuan) AS received_fen,
  fen(mp.in_special_yuan) AS in_special_fen, fen(mp.distributed_yuan) AS distributed_fen,
  fen(mp.shortfall_yuan) AS shortfall_fen, share_of(mp.received_yuan, mp.required_yuan) AS received_share, fen(mp.unallocated_yuan) AS unallocated_fen,
  fen(mp.over_allocated_yuan) AS over_allocated_fen, fen(mp.unallocated_over_365_yuan) AS unallocated_over_365_fen,
  CAST(mp.funded_on AS VARCHAR) AS funded_on, CAST(mp.first_credited_on AS VARCHAR) AS first_credited_on,
  fen(mp.received_at_approval) AS received_at_approval_fen, fen(mp.received_at_supply) AS received_at_supply_fen,
  CAST(mp.approved_on + pp.transfer_deadline_days AS VARCHAR) AS transfer_deadline_on,
  fen(mp.in_special_at_deadline) AS in_special_at_deadline_fen, pp.transfer_deadline_days,
  CAST(round(mp.virtual_people, 2) AS DOUBLE) AS virtual_people, CAST(mp.actual_people AS DOUBLE) AS actual_people,
  round(mp.headcount_ratio, 4) AS headcount_ratio, fen(mp.per_capita_yuan) AS per_capita_fen,
  fen(mp.monthly_from_account_yuan) AS monthly_from_account_fen,
  fen(mp.old_method_yuan) AS old_method_fen, fen(mp.new_method_yuan) AS new_method_fen,
  mp.is_stock, fen(mp.stock_baseline_yuan) AS stock_baseline_fen, mp.is_increment,
  CAST(mp.stock_baseline AS VARCHAR) AS stock_baseline,
  fen(mp.unallocated_0_180) AS unallocated_0_180_fen, fen(mp.unallocated_181_365) AS unallocated_181_365_fen,
  fen(mp.unallocated_366_730) AS unallocated_366_730_fen, fen(mp.unallocated_731_1095) AS unallocated_731_1095_fen,
  fen(mp.unallocated_over_1095) AS unallocated_over_1095_fen,
  CAST(mp.oldest_unallocated_on AS VARCHAR) AS oldest_unallocated_on
FROM m_projects mp
JOIN site_project_shards s USING (project_id)
JOIN projects pr USING (project_id)
JOIN asof_project_policy pp USING (project_id)
LEFT JOIN counties c ON c.county_code = mp.county_code
WHERE s.shard BETWEEN $from AND $to
ORDER BY s.shard, mp.project_id;
