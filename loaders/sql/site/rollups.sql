-- Every roll-up row (the province, its cities, its counties) as the pages show it: the figures of m_rollups,
-- money in fen, with the status, its reasons and the policy scope that judged it; the open findings and the
-- rectification claims counted at T (docs/review.md#verdict); and the period comparison of m_changes
-- (docs/review.md#comparison, against T0): each figure then, its change (now − then), the stock
-- cleared, new increment projects, findings new / resolved, and the status at T0.
SELECT r.level, r.code, r.name, r.city_code, r.city_name, r.projects,
  fen(r.required_yuan) AS required_fen, fen(r.received_yuan) AS received_fen,
  fen(r.in_special_yuan) AS in_special_fen, fen(r.distributed_yuan) AS distributed_fen,
  fen(r.unallocated_yuan) AS unallocated_fen, fen(r.over_allocated_yuan) AS over_allocated_fen,
  fen(r.shortfall_yuan) AS shortfall_fen, share_of(r.received_yuan, r.required_yuan) AS received_share,
  share_of(r.unallocated_yuan, r.received_yuan) AS unallocated_share,
  share_of(r.unallocated_over_365_yuan, r.unallocated_yuan) AS unallocated_over_365_share,
  r.stock_projects, fen(r.stock_baseline_yuan) AS stock_baseline_fen, fen(r.stock_remaining_yuan) AS stock_remaining_fen,
  CAST(r.stock_progress AS DOUBLE) AS stock_progress, fen(r.stock_reduced_yuan) AS stock_reduced_fen,
  r.increment_projects, fen(r.increment_open_yuan) AS increment_open_fen, r.increment_open_projects,
  fen(r.increment_approval_gap_yuan) AS increment_approval_gap_fen,
  fen(r.unallocated_0_180) AS unallocated_0_180_fen, fen(r.unallocated_181_365) AS unallocated_181_365_fen,
  fen(r.unallocated_366_730) AS unallocated_366_730_fen, fen(r.unallocated_731_1095) AS unallocated_731_1095_fen,
  fen(r.unallocated_over_1095) AS unallocated_over_1095_fen, fen(r.unallocated_over_365_yuan) AS unallocated_over_365_fen,
  CAST(r.actual_people AS DOUBLE) AS actual_people, CAST(r.virtual_people AS DOUBLE) AS virtual_people,
  r.headcount_ratio, fen(r.per_capita_yuan) AS per_capita_fen,
  fen(monthly_pension_yuan(r.per_capita_yuan, CAST(ps.policy ->> 'annuity_divisor' AS DECIMAL(18, 6)))) AS monthly_from_account_fen,
  fen(r.old_method_yuan) AS old_method_fen, fen(r.new_method_yuan) AS new_method_fen,
  fen(r.new_method_yuan - r.old_method_yuan) AS method_gap_fen, share_of(r.new_method_yuan, r.old_method_yuan) AS new_old_share,
  r.findings, r.finding_projects, COLUMNS(c -> regexp_full_match(c, 'F[0-9]{2}')),
  r.findings_open, r.rectified_confirmed, r.rectified_not_confirmed, r.in_progress, r.explained,
  r.unmatched_rectifications,
  fen(ch.received_yuan_then) AS received_then_fen, fen(ch.received_yuan_now - ch.received_yuan_then) AS received_change_fen,
  fen(ch.distributed_yuan_then) AS distributed_then_fen,
  fen(ch.distributed_yuan_now - ch.distributed_yuan_then) AS distributed_change_fen,
  fen(ch.unallocated_yuan_then) AS unallocated_then_fen,
  fen(ch.unallocated_yuan_now - ch.unallocated_yuan_then) AS unallocated_change_fen,
  fen(ch.shortfall_yuan_then) AS shortfall_then_fen, fen(ch.shortfall_yuan_now - ch.shortfall_yuan_then) AS shortfall_change_fen,
  fen(ch.stock_remaining_yuan_then) AS stock_remaining_then_fen, fen(ch.stock_cleared_yuan) AS stock_cleared_fen,
  fen(ch.increment_open_yuan_then) AS increment_open_then_fen,
  fen(ch.increment_open_yuan_now - ch.increment_open_yuan_then) AS increment_open_change_fen,
  ch.new_increment_projects, ch.findings_open_then, ch.findings_open_now - ch.findings_open_then AS findings_open_change,
  ch.findings_new, ch.findings_resolved, ch.findings_reopened,
  st.status AS status_then,
  s.status, s.reasons, m.scope
FROM m_rollups r JOIN m_status s USING (level, code) JOIN m_scopes m USING (level, code)
JOIN policy_scopes ps ON ps.scope = m.scope
LEFT JOIN m_changes ch USING (level, code)
LEFT JOIN m_status_then st USING (level, code)
ORDER BY r.level, r.code;
