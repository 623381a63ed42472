-- Every finding with its evidence (m_findings), in the outputs' stable order. The person's ID leaves this
-- query only to be keyed (HMAC, loaders/site/export.ts) and masked; record numbers and detail texts may hold
-- an ID number (systems build record ids that way), so they are masked wherever one stands in them.
SELECT f.code, f.project_id, f.county_code, f.village_code, site_text(v.village_name) AS village_name,
  f.person_id, mask_id(f.person_id) AS person, site_text(f.record_id) AS record_id,
  fen(f.amount_yuan) AS amount_fen, CAST(f.event_on AS VARCHAR) AS event_on, site_text(f.detail) AS detail
FROM m_findings f LEFT JOIN villages v USING (village_code)
ORDER BY f.code, f.project_id, f.village_code NULLS FIRST, f.event_on NULLS FIRST, f.record_id NULLS FIRST;
