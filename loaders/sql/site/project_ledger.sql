-- A project's funding ledger over time (docs/metrics.md#ledger): one row on the approval day, one on each
-- day money moved or was credited, and one on T, each with the running received, in the special account
-- and distributed, and what they make: shortfall and unallocated (max(0, ...), as m_projects has them).
-- The row on T equals the project's figures in m_projects. Shards $from to $to.
WITH moves AS (
  SELECT project_id, flow_on AS day, received_delta AS received, special_delta AS special, 0 AS credited
  FROM asof_flows
  UNION ALL SELECT project_id, credited_on, 0, 0, amount_yuan FROM asof_credits
  UNION ALL SELECT project_id, approved_on, 0, 0, 0 FROM asof_projects
  UNION ALL SELECT project_id, CAST($as_of AS DATE), 0, 0, 0 FROM asof_projects
), days AS (
  SELECT m.project_id, m.day, sum(m.received) AS received, sum(m.special) AS special, sum(m.credited) AS credited
  FROM moves m JOIN site_project_shards s USING (project_id)
  WHERE s.shard BETWEEN $from AND $to
  GROUP BY m.project_id, m.day
), running AS (
  SELECT project_id, day,
    sum(received) OVER w AS received_yuan, sum(special) OVER w AS in_special_yuan,
    sum(credited) OVER w AS distributed_yuan
  FROM days
  WINDOW w AS (PARTITION BY project_id ORDER BY day)
)
SELECT r.project_id, CAST(r.day AS VARCHAR) AS day, fen(p.required_yuan) AS required_fen,
  fen(r.received_yuan) AS received_fen, fen(r.in_special_yuan) AS in_special_fen,
  fen(r.distributed_yuan) AS distributed_fen,
  fen(greatest(0, p.required_yuan - r.received_yuan)) AS shortfall_fen,
  fen(greatest(0, r.received_yuan - r.distributed_yuan)) AS unallocated_fen
FROM running r JOIN asof_projects p USING (project_id)
ORDER BY r.project_id, r.day;
