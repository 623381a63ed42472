-- Every finding of the 审计线索 page and the county pages, kept in DuckDB (loaders/site/pages/findings.ts
-- reads it shard by shard, so Node never holds a row per finding: 2 million findings took 5.5 GB as row
-- objects, docs/benchmarks/findings-output.md). Each finding carries its place in the outputs' stable order
-- (n: the 整改不实 claims first, then site/findings.sql's order), its county's index in $counties (the
-- roll-up's order) and its rule's in $codes, hence its shard (county × rule, docs/outputs.md#findings-page),
-- its rectification state as the page's filter names it, and its person keyed: HMAC-SHA256 of the ID with
-- the site's secret, computed here once per distinct person from the secret's padded keys $inner and $outer
-- (bound, never in the text; loaders/site/export.ts personKeyPads makes them, the same key as personKey).
-- Record numbers, detail texts and notes may hold an ID number, so they are masked (site_text).
CREATE OR REPLACE TEMP TABLE site_finding_rows AS
WITH lists AS (
  SELECT CAST(from_json($counties, '["VARCHAR"]') AS VARCHAR[]) AS counties,
    CAST(from_json($codes, '["VARCHAR"]') AS VARCHAR[]) AS codes
), persons AS (
  SELECT person_id, left(sha256(unhex($outer) || unhex(sha256(unhex($inner) || encode(person_id)))), 12) AS person_key
  FROM (SELECT DISTINCT person_id FROM m_findings WHERE person_id IS NOT NULL)
), ordered AS (
  SELECT f.*, row_number() OVER (ORDER BY coalesce(f.verdict = 'not_confirmed', false) DESC, f.code, f.project_id,
      f.village_code NULLS FIRST, f.event_on NULLS FIRST, f.record_id NULLS FIRST) - 1 AS n,
    CAST(list_position(l.counties, f.county_code) - 1 AS INTEGER) AS county_index,
    CAST((list_position(l.counties, f.county_code) - 1) * len(l.codes) + list_position(l.codes, f.code) - 1
      AS INTEGER) AS shard,
    CAST(list_position(l.codes, f.code) - 1 AS INTEGER) AS rule_index
  FROM m_findings f, lists l
), spread AS (
  -- the shards of a person whose findings lie in more than one: the page fetches them all for 同一人
  SELECT person_id, list(DISTINCT shard ORDER BY shard) AS person_shards
  FROM ordered WHERE person_id IS NOT NULL
  GROUP BY person_id HAVING count(DISTINCT shard) > 1
)
SELECT o.n, o.shard, o.county_index, o.rule_index,
  o.finding_key, o.code, o.project_id, o.county_code, o.village_code, site_text(v.village_name) AS village_name,
  mask_id(o.person_id) AS person, p.person_key, sp.person_shards,
  CASE WHEN o.person_id IS NOT NULL THEN count(*) OVER (PARTITION BY o.person_id) END AS person_findings,
  site_text(o.record_id) AS record_id, fen_int(o.amount_yuan) AS amount_fen, CAST(o.event_on AS VARCHAR) AS event_on,
  site_text(o.detail) AS detail, o.open, o.rectification, CAST(o.reported_on AS VARCHAR) AS reported_on,
  site_text(o.note) AS note, o.verdict, coalesce(o.verdict, o.rectification, 'none') AS state,
  site_text(s.file) AS source_file, di.src_row AS source_row
FROM ordered o
LEFT JOIN persons p USING (person_id)
LEFT JOIN spread sp USING (person_id)
LEFT JOIN villages v USING (village_code)
LEFT JOIN distributions di ON di.record_id = o.record_id
LEFT JOIN sources s ON s.file_id = di.src_file;
