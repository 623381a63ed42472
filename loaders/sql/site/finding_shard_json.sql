-- The 审计线索 page's shards as JSON text, one row per shard (loaders/site/pages/findings.ts compresses and
-- writes them): $mode 'cell' gives shards $from to $to (county × rule, site/finding_rows.sql), 'not_confirmed'
-- one shard (0) of every 整改不实 claim, 'all' one shard (0) of every finding (written only when there are
-- few). A shard is columns: its projects (with the approval date and, for the ranking of F06/F07, the
-- headcount ratio, actual and virtual headcount of m_projects) and villages as dictionaries the rows point
-- into by index, and the rows in the outputs' order (n).
WITH sel AS (
  SELECT CASE WHEN $mode = 'cell' THEN shard ELSE 0 END AS file, *
  FROM site_finding_rows
  WHERE CASE $mode WHEN 'cell' THEN shard BETWEEN $from AND $to
    WHEN 'not_confirmed' THEN coalesce(verdict = 'not_confirmed', false) ELSE true END
), pj AS (
  SELECT file, project_id, CAST(row_number() OVER (PARTITION BY file ORDER BY project_id) - 1 AS INTEGER) AS pi
  FROM (SELECT DISTINCT file, project_id FROM sel)
), vl AS (
  SELECT file, village_code, village_name,
    CAST(row_number() OVER (PARTITION BY file ORDER BY village_code) - 1 AS INTEGER) AS vi
  FROM (SELECT file, village_code, any_value(village_name) AS village_name FROM sel
    WHERE village_code IS NOT NULL GROUP BY ALL)
), project_lists AS (
  SELECT pj.file, {
    'id': list(pj.project_id ORDER BY pj.pi),
    'name': list(site_text(mp.project_name) ORDER BY pj.pi),
    'approved_on': list(CAST(mp.approved_on AS VARCHAR) ORDER BY pj.pi),
    'headcount_ratio': list(CAST(round(mp.headcount_ratio, 4) AS DOUBLE) ORDER BY pj.pi),
    'actual_people': list(mp.actual_people ORDER BY pj.pi),
    'virtual_people': list(CAST(round(mp.virtual_people, 2) AS DOUBLE) ORDER BY pj.pi)
  } AS projects
  FROM pj LEFT JOIN m_projects mp USING (project_id)
  GROUP BY pj.file
), village_lists AS (
  SELECT file, {'code': list(village_code ORDER BY vi), 'name': list(village_name ORDER BY vi)} AS villages
  FROM vl GROUP BY file
), row_lists AS (
  SELECT s.file, {
    'n': list(s.n ORDER BY s.n),
    'county': list(s.county_index ORDER BY s.n),
    'rule': list(s.rule_index ORDER BY s.n),
    'key': list(s.finding_key ORDER BY s.n),
    'project': list(pj.pi ORDER BY s.n),
    'village': list(vl.vi ORDER BY s.n),
    'person': list(s.person ORDER BY s.n),
    'person_key': list(s.person_key ORDER BY s.n),
    'person_findings': list(s.person_findings ORDER BY s.n),
    'person_shards': list(s.person_shards ORDER BY s.n),
    'record': list(s.record_id ORDER BY s.n),
    'amount_fen': list(s.amount_fen ORDER BY s.n),
    'date': list(s.event_on ORDER BY s.n),
    'detail': list(s.detail ORDER BY s.n),
    'open': list(CAST(s.open AS INTEGER) ORDER BY s.n),
    'rectification': list(s.rectification ORDER BY s.n),
    'reported_on': list(s.reported_on ORDER BY s.n),
    'note': list(s.note ORDER BY s.n),
    'verdict': list(s.verdict ORDER BY s.n),
    'source': list(s.source_file ORDER BY s.n),
    'source_row': list(s.source_row ORDER BY s.n)
  } AS rows
  FROM sel s JOIN pj USING (file, project_id) LEFT JOIN vl USING (file, village_code)
  GROUP BY s.file
)
SELECT r.file AS shard, CAST(json_object('projects', p.projects,
    'villages', coalesce(v.villages, {'code': []::VARCHAR[], 'name': []::VARCHAR[]}), 'rows', r.rows) AS VARCHAR) AS json
FROM row_lists r JOIN project_lists p USING (file) LEFT JOIN village_lists v USING (file)
ORDER BY r.file;
