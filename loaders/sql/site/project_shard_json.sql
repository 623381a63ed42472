-- The project pages' shards $from to $to as JSON text, one row per shard (loaders/site/pages/projects.ts
-- compresses and writes them): every project of the shard with its head (the approval and the figures of
-- m_projects as of T, the days its rules look at, its county), its ledger over time (one row on the
-- approval day, on each day money moved or was credited, and on T: the running received, in the special
-- account and distributed, and what they make, shortfall and unallocated, as m_projects has them, so the
-- row on T is the project's figures), its fund flows, its villages (their virtual headcount, the terms of
-- m_projects.virtual_people), its credits (the person masked) and its findings (open or resolved at T, the
-- rectification counted at T and its verdict). Lists are columns:
-- {"day": [...], "received_fen": [...]}. Money in whole fen; text of the data masked (site_text).
WITH sel AS (
  SELECT project_id, shard FROM site_project_shards WHERE shard BETWEEN $from AND $to
), heads AS (
  SELECT mp.project_id, {
    'project_id': mp.project_id, 'project_name': site_text(mp.project_name), 'county_code': mp.county_code,
    'county_name': c.county_name, 'city_code': c.city_code, 'city_name': c.city_name,
    'applied_on': CAST(pr.applied_on AS VARCHAR), 'approved_on': CAST(mp.approved_on AS VARCHAR),
    'supplied_on': CAST(mp.supplied_on AS VARCHAR), 'method': mp.method,
    'area_mu': CAST(mp.area_mu AS DOUBLE), 'farmland_mu': CAST(mp.farmland_mu AS DOUBLE),
    'zone_price': CAST(mp.zone_price AS DOUBLE), 'land_ratio': CAST(mp.land_ratio AS DOUBLE),
    'per_person_fen': fen_int(mp.per_person_yuan),
    'required_fen': fen_int(mp.required_yuan), 'received_fen': fen_int(mp.received_yuan),
    'in_special_fen': fen_int(mp.in_special_yuan), 'distributed_fen': fen_int(mp.distributed_yuan),
    'shortfall_fen': fen_int(mp.shortfall_yuan), 'received_share': share_of(mp.received_yuan, mp.required_yuan),
    'unallocated_fen': fen_int(mp.unallocated_yuan), 'over_allocated_fen': fen_int(mp.over_allocated_yuan),
    'unallocated_over_365_fen': fen_int(mp.unallocated_over_365_yuan),
    'funded_on': CAST(mp.funded_on AS VARCHAR), 'first_credited_on': CAST(mp.first_credited_on AS VARCHAR),
    'received_at_approval_fen': fen_int(mp.received_at_approval), 'received_at_supply_fen': fen_int(mp.received_at_supply),
    'transfer_deadline_on': CAST(mp.approved_on + pp.transfer_deadline_days AS VARCHAR),
    'in_special_at_deadline_fen': fen_int(mp.in_special_at_deadline), 'transfer_deadline_days': pp.transfer_deadline_days,
    'virtual_people': CAST(round(mp.virtual_people, 2) AS DOUBLE), 'actual_people': mp.actual_people,
    'headcount_ratio': round(mp.headcount_ratio, 4), 'per_capita_fen': fen_int(mp.per_capita_yuan),
    'monthly_from_account_fen': fen_int(mp.monthly_from_account_yuan),
    'old_method_fen': fen_int(mp.old_method_yuan), 'new_method_fen': fen_int(mp.new_method_yuan),
    'is_stock': mp.is_stock, 'stock_baseline_fen': fen_int(mp.stock_baseline_yuan), 'is_increment': mp.is_increment,
    'stock_baseline': CAST(mp.stock_baseline AS VARCHAR),
    'unallocated_0_180_fen': fen_int(mp.unallocated_0_180), 'unallocated_181_365_fen': fen_int(mp.unallocated_181_365),
    'unallocated_366_730_fen': fen_int(mp.unallocated_366_730), 'unallocated_731_1095_fen': fen_int(mp.unallocated_731_1095),
    'unallocated_over_1095_fen': fen_int(mp.unallocated_over_1095),
    'oldest_unallocated_on': CAST(mp.oldest_unallocated_on AS VARCHAR)
  } AS head
  FROM m_projects mp
  JOIN sel USING (project_id)
  JOIN projects pr USING (project_id)
  JOIN asof_project_policy pp USING (project_id)
  LEFT JOIN counties c ON c.county_code = mp.county_code
), moves AS (
  SELECT f.project_id, f.flow_on AS day, f.received_delta AS received, f.special_delta AS special, 0 AS credited
  FROM asof_flows f SEMI JOIN sel USING (project_id)
  UNION ALL SELECT d.project_id, d.credited_on, 0, 0, d.amount_yuan FROM asof_credits d SEMI JOIN sel USING (project_id)
  UNION ALL SELECT p.project_id, p.approved_on, 0, 0, 0 FROM asof_projects p SEMI JOIN sel USING (project_id)
  UNION ALL SELECT p.project_id, CAST($as_of AS DATE), 0, 0, 0 FROM asof_projects p SEMI JOIN sel USING (project_id)
), days AS (
  SELECT project_id, day, sum(received) AS received, sum(special) AS special, sum(credited) AS credited
  FROM moves GROUP BY project_id, day
), running AS (
  SELECT project_id, day,
    sum(received) OVER w AS received_yuan, sum(special) OVER w AS in_special_yuan, sum(credited) OVER w AS distributed_yuan
  FROM days
  WINDOW w AS (PARTITION BY project_id ORDER BY day)
), ledger AS (
  SELECT r.project_id, {
    'day': list(CAST(r.day AS VARCHAR) ORDER BY r.day),
    'required_fen': list(fen_int(p.required_yuan) ORDER BY r.day),
    'received_fen': list(fen_int(r.received_yuan) ORDER BY r.day),
    'in_special_fen': list(fen_int(r.in_special_yuan) ORDER BY r.day),
    'distributed_fen': list(fen_int(r.distributed_yuan) ORDER BY r.day),
    'shortfall_fen': list(fen_int(greatest(0, p.required_yuan - r.received_yuan)) ORDER BY r.day),
    'unallocated_fen': list(fen_int(greatest(0, r.received_yuan - r.distributed_yuan)) ORDER BY r.day)
  } AS ledger
  FROM running r JOIN asof_projects p USING (project_id)
  GROUP BY r.project_id
), flow_lists AS (
  SELECT f.project_id, {
    'flow_id': list(site_text(f.flow_id) ORDER BY f.flow_on, f.flow_id),
    'flow': list(f.flow ORDER BY f.flow_on, f.flow_id),
    'account': list(f.account ORDER BY f.flow_on, f.flow_id),
    'flow_on': list(CAST(f.flow_on AS VARCHAR) ORDER BY f.flow_on, f.flow_id),
    'amount_fen': list(fen_int(f.amount_yuan) ORDER BY f.flow_on, f.flow_id),
    'received_delta_fen': list(fen_int(f.received_delta) ORDER BY f.flow_on, f.flow_id),
    'special_delta_fen': list(fen_int(f.special_delta) ORDER BY f.flow_on, f.flow_id)
  } AS flows
  FROM asof_flows f SEMI JOIN sel USING (project_id)
  GROUP BY f.project_id
), village_lists AS (
  SELECT pv.project_id, {
    'village_code': list(pv.village_code ORDER BY pv.village_code),
    'village_name': list(site_text(pv.village_name) ORDER BY pv.village_code),
    'farmland_mu': list(CAST(pv.farmland_mu AS DOUBLE) ORDER BY pv.village_code),
    'farmland_per_capita_mu': list(CAST(pv.farmland_per_capita_mu AS DOUBLE) ORDER BY pv.village_code),
    'adult_share': list(CAST(pv.adult_share AS DOUBLE) ORDER BY pv.village_code),
    'virtual_people': list(CAST(round(vh.virtual_pico / 1e12, 2) AS DOUBLE) ORDER BY pv.village_code),
    'actual_people': list(vh.actual_people ORDER BY pv.village_code),
    'quota': list(pv.quota ORDER BY pv.village_code),
    'compensation_paid_on': list(CAST(pv.compensation_paid_on AS VARCHAR) ORDER BY pv.village_code)
  } AS villages
  FROM asof_project_villages pv
  JOIN asof_village_headcount vh USING (project_id, village_code)
  SEMI JOIN sel USING (project_id)
  GROUP BY pv.project_id
), credit_lists AS (
  SELECT d.project_id, {
    'record_id': list(site_text(d.record_id) ORDER BY d.credited_on, d.record_id),
    'village_code': list(d.village_code ORDER BY d.credited_on, d.record_id),
    'person': list(mask_id(d.person_id) ORDER BY d.credited_on, d.record_id),
    'account': list(d.account ORDER BY d.credited_on, d.record_id),
    'amount_fen': list(fen_int(d.amount_yuan) ORDER BY d.credited_on, d.record_id),
    'credited_on': list(CAST(d.credited_on AS VARCHAR) ORDER BY d.credited_on, d.record_id)
  } AS credits
  FROM asof_credits d SEMI JOIN sel USING (project_id)
  GROUP BY d.project_id
), fo AS (
  -- the findings in the outputs' stable order (site/findings.sql)
  SELECT f.*, row_number() OVER (PARTITION BY f.project_id
    ORDER BY f.code, f.village_code NULLS FIRST, f.event_on NULLS FIRST, f.record_id NULLS FIRST) AS n
  FROM m_findings f SEMI JOIN sel USING (project_id)
), finding_lists AS (
  SELECT f.project_id, {
    'code': list(f.code ORDER BY f.n),
    'village_code': list(f.village_code ORDER BY f.n),
    'village_name': list(site_text(v.village_name) ORDER BY f.n),
    'person': list(mask_id(f.person_id) ORDER BY f.n),
    'record_id': list(site_text(f.record_id) ORDER BY f.n),
    'amount_fen': list(fen_int(f.amount_yuan) ORDER BY f.n),
    'event_on': list(CAST(f.event_on AS VARCHAR) ORDER BY f.n),
    'detail': list(site_text(f.detail) ORDER BY f.n),
    'open': list(f.open ORDER BY f.n),
    -- the rectification counted at T and its verdict (docs/review.md#verdict): most projects have no report,
    -- so these lists are null unless one of its findings has one, and the shard stays small
    'rectification': CASE WHEN count(f.rectification) > 0 THEN list(f.rectification ORDER BY f.n) END,
    'reported_on': CASE WHEN count(f.rectification) > 0 THEN list(CAST(f.reported_on AS VARCHAR) ORDER BY f.n) END,
    'note': CASE WHEN count(f.rectification) > 0 THEN list(site_text(f.note) ORDER BY f.n) END,
    'verdict': CASE WHEN count(f.verdict) > 0 THEN list(f.verdict ORDER BY f.n) END
  } AS findings
  FROM fo f LEFT JOIN villages v USING (village_code)
  GROUP BY f.project_id
)
SELECT sel.shard,
  '{"as_of":' || to_json(CAST($as_of AS VARCHAR)) || ',"projects":{' || string_agg(to_json(sel.project_id) || ':' ||
    json_object('head', h.head, 'ledger', l.ledger, 'flows', fl.flows, 'villages', v.villages, 'credits', c.credits,
      'findings', fi.findings), ',' ORDER BY sel.project_id) || '}}' AS json
FROM sel
JOIN heads h USING (project_id)
LEFT JOIN ledger l USING (project_id)
LEFT JOIN flow_lists fl USING (project_id)
LEFT JOIN village_lists v USING (project_id)
LEFT JOIN credit_lists c USING (project_id)
LEFT JOIN finding_lists fi USING (project_id)
GROUP BY sel.shard
ORDER BY sel.shard;
