-- The county pages' findings (county/<code>.json) as JSON columns, one row per county of index $from to $to
-- in the roll-up's order (site/finding_rows.sql), in the outputs' order; loaders/site/pages/counties.ts
-- writes each into its county's file, so Node holds one batch of counties' text, never a row per finding.
-- Each county's rows are sorted once, as one list of structs, then split into columns.
WITH sorted AS (
  SELECT county_code, list({
    'finding_key': finding_key, 'code': code, 'project_id': project_id, 'village_code': village_code,
    'village_name': village_name, 'person': person, 'record_id': record_id, 'amount_fen': amount_fen,
    'event_on': event_on, 'detail': detail, 'open': open, 'rectification': rectification,
    'reported_on': reported_on, 'note': note, 'verdict': verdict, 'source_file': source_file,
    'source_row': source_row, 'person_key': person_key
  } ORDER BY n) AS l
  FROM site_finding_rows
  WHERE county_index BETWEEN $from AND $to
  GROUP BY county_code
)
SELECT county_code, CAST(to_json({
  'finding_key': list_transform(l, x -> x.finding_key), 'code': list_transform(l, x -> x.code),
  'project_id': list_transform(l, x -> x.project_id), 'village_code': list_transform(l, x -> x.village_code),
  'village_name': list_transform(l, x -> x.village_name), 'person': list_transform(l, x -> x.person),
  'record_id': list_transform(l, x -> x.record_id), 'amount_fen': list_transform(l, x -> x.amount_fen),
  'event_on': list_transform(l, x -> x.event_on), 'detail': list_transform(l, x -> x.detail),
  'open': list_transform(l, x -> x.open), 'rectification': list_transform(l, x -> x.rectification),
  'reported_on': list_transform(l, x -> x.reported_on), 'note': list_transform(l, x -> x.note),
  'verdict': list_transform(l, x -> x.verdict), 'source_file': list_transform(l, x -> x.source_file),
  'source_row': list_transform(l, x -> x.source_row), 'person_key': list_transform(l, x -> x.person_key)
}) AS VARCHAR) AS json
FROM sorted
ORDER BY county_code;
