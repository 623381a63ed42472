-- Every finding with its evidence (m_findings), its key, whether it is open at T and the rectification
-- counted at T with its verdict (docs/review.md#verdict), and the record's source file and row (as the
-- evidence export gives them, loaders/evidence.ts). The 整改不实 claims (rectified, not confirmed by the
-- data) come first, then the outputs' stable order. The person's ID leaves this query only to be keyed
-- (HMAC, loaders/site/export.ts) and masked; record numbers, detail texts and notes may hold an ID number
-- (systems build record ids that way), so they are masked wherever one stands in them.
SELECT f.finding_key, f.code, f.project_id, f.county_code, f.village_code, site_text(v.village_name) AS village_name,
  f.person_id, mask_id(f.person_id) AS person, site_text(f.record_id) AS record_id,
  fen(f.amount_yuan) AS amount_fen, CAST(f.event_on AS VARCHAR) AS event_on, site_text(f.detail) AS detail,
  f.open, f.rectification, CAST(f.reported_on AS VARCHAR) AS reported_on, site_text(f.note) AS note, f.verdict,
  site_text(s.file) AS source_file, di.src_row AS source_row
FROM m_findings f LEFT JOIN villages v USING (village_code)
LEFT JOIN distributions di ON di.record_id = f.record_id
LEFT JOIN sources s ON s.file_id = di.src_file
ORDER BY coalesce(f.verdict = 'not_confirmed', false) DESC, f.code, f.project_id, f.village_code NULLS FIRST,
  f.event_on NULLS FIRST, f.record_id NULLS FIRST;
