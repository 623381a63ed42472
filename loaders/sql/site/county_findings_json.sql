-- The county pages' findings (county/<code>.json) as JSON columns, one row per county of index $from to $to
-- in the roll-up's order (site/finding_rows.sql), in the outputs' order; loaders/site/pages/counties.ts
-- writes each into its county's file, so Node holds one batch of counties' text, never a row per finding.
SELECT county_code, CAST(to_json({
  'finding_key': list(finding_key ORDER BY n), 'code': list(code ORDER BY n),
  'project_id': list(project_id ORDER BY n), 'village_code': list(village_code ORDER BY n),
  'village_name': list(village_name ORDER BY n), 'person': list(person ORDER BY n),
  'record_id': list(record_id ORDER BY n), 'amount_fen': list(amount_fen ORDER BY n),
  'event_on': list(event_on ORDER BY n), 'detail': list(detail ORDER BY n), 'open': list(open ORDER BY n),
  'rectification': list(rectification ORDER BY n), 'reported_on': list(reported_on ORDER BY n),
  'note': list(note ORDER BY n), 'verdict': list(verdict ORDER BY n), 'source_file': list(source_file ORDER BY n),
  'source_row': list(source_row ORDER BY n), 'person_key': list(person_key ORDER BY n)
}) AS VARCHAR) AS json
FROM site_finding_rows
WHERE county_index BETWEEN $from AND $to
GROUP BY county_code
ORDER BY county_code;
