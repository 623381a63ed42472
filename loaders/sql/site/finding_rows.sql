-- Every finding of the 审计线索 page and the county pages, kept in DuckDB (loaders/site/pages/findings.ts
-- reads it shard by shard, so Node never holds a row per finding: 2 million findings took 5.5 GB as row
-- objects, docs/benchmarks/findings-output.md). Each finding carries its place in the outputs' stable order
-- (n: the 整改不实 claims first, then rule, project, village, date and record, as findings.csv), its county's index in $counties (the
-- roll-up's order) and its rule's in $codes, hence its shard (county × rule, docs/outputs.md#findings-page),
-- its rectification state as the page's filter names it, and its person keyed: HMAC-SHA256 of the ID with
-- the site's secret, computed here once per distinct person from the secret's padded keys $inner and $outer
-- (bound, never in the text; loaders/site/export.ts personKeyPads makes them, the same key as personKey).
-- Record numbers, detail texts and notes may hold an ID number, so they are masked (site_text). The proof
-- columns of m_finding_proof follow, each under its own name (common/evidence.js PROOF_COLUMNS).
CREATE OR REPLACE TEMP TABLE site_finding_rows AS
WITH lists AS (
  SELECT CAST(from_json($counties, '["VARCHAR"]') AS VARCHAR[]) AS counties,
    CAST(from_json($codes, '["VARCHAR"]') AS VARCHAR[]) AS codes
), ordered AS (
  -- the order on the narrow keys only (sorting the whole rows spilled at 2 million findings)
  SELECT finding_key, row_number() OVER (ORDER BY coalesce(verdict = 'not_confirmed', false) DESC, code, project_id,
      village_code NULLS FIRST, event_on NULLS FIRST, record_id NULLS FIRST) - 1 AS n
  FROM m_findings
), placed AS (
  SELECT f.finding_key, f.person_id,
    CAST(list_position(l.counties, f.county_code) - 1 AS INTEGER) AS county_index,
    CAST(list_position(l.codes, f.code) - 1 AS INTEGER) AS rule_index,
    CAST((list_position(l.counties, f.county_code) - 1) * len(l.codes) + list_position(l.codes, f.code) - 1
      AS INTEGER) AS shard
  FROM m_findings f, lists l
), person_shards AS (
  SELECT person_id, shard, count(*) AS n FROM placed WHERE person_id IS NOT NULL GROUP BY person_id, shard
), persons AS (
  -- each person once: the key, the count of their findings and, when these lie in more than one shard,
  -- the shards (the page fetches them all for 同一人); no DISTINCT aggregate (slow over 2 million persons)
  SELECT person_id,
    left(sha256(unhex($outer) || unhex(sha256(unhex($inner) || encode(person_id)))), 12) AS person_key,
    sum(n) AS person_findings,
    CASE WHEN count(*) > 1 THEN list(shard ORDER BY shard) END AS person_shards
  FROM person_shards
  GROUP BY person_id
)
SELECT o.n, pl.shard, pl.county_index, pl.rule_index,
  f.finding_key, f.code, f.project_id, f.county_code, f.village_code, site_text(v.village_name) AS village_name,
  mask_id(f.person_id) AS person, p.person_key, p.person_shards, p.person_findings,
  site_text(f.record_id) AS record_id, fen_int(f.amount_yuan) AS amount_fen, CAST(f.event_on AS VARCHAR) AS event_on,
  site_text(f.detail) AS detail, f.open, f.rectification, CAST(f.reported_on AS VARCHAR) AS reported_on,
  site_text(f.note) AS note, f.verdict, coalesce(f.verdict, f.rectification, 'none') AS state,
  site_text(s.file) AS source_file, di.src_row AS source_row,
  -- the figures that prove it (metrics/proof.sql), as text: exact decimals and ISO dates, as the export has them
  pr.* EXCLUDE (proof_key)
FROM m_findings f
JOIN ordered o USING (finding_key)
JOIN placed pl USING (finding_key)
LEFT JOIN persons p ON p.person_id = f.person_id
LEFT JOIN villages v ON v.village_code = f.village_code
LEFT JOIN distributions di ON di.record_id = f.record_id
LEFT JOIN sources s ON s.file_id = di.src_file
LEFT JOIN (SELECT finding_key AS proof_key, COLUMNS(* EXCLUDE (finding_key))::VARCHAR FROM m_finding_proof) pr
  ON pr.proof_key = f.finding_key
-- stored by shard, so that reading a run of shards (site/finding_shard_json.sql) skips the others' row groups
ORDER BY pl.shard, o.n;
