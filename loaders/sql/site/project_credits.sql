-- A project's credits to people up to T (data.md#distributions), the person masked
-- (docs/privacy.md#masking) and an ID inside a record number masked too. Shards $from to $to.
SELECT d.project_id, site_text(d.record_id) AS record_id, d.village_code, mask_id(d.person_id) AS person,
  d.account, fen(d.amount_yuan) AS amount_fen, CAST(d.credited_on AS VARCHAR) AS credited_on
FROM asof_credits d JOIN site_project_shards s USING (project_id)
WHERE s.shard BETWEEN $from AND $to
ORDER BY d.project_id, d.credited_on, d.record_id;
