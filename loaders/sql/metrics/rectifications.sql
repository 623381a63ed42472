-- The rectification ledger as of $as_of (docs/review.md#ledger): per finding key, the latest report with
-- reported_on <= T counts; on the same day the later row in file order (files of a folder in name order,
-- then rows: docs/decisions.md R3). A key with no finding at T is unmatched. The verdict on a `rectified`
-- claim (docs/review.md#verdict): confirmed when the finding is resolved or absent at T, not_confirmed
-- (整改不实) when it is still open: the data contradict the claim.
CREATE OR REPLACE TABLE m_rectifications AS
WITH up_to_t AS (
  SELECT r.*,
    row_number() OVER (PARTITION BY finding_key ORDER BY reported_on DESC, src_file DESC, src_row DESC) AS n,
    count(*) OVER (PARTITION BY finding_key) AS reports
  FROM rectifications r
  WHERE reported_on <= $as_of
)
SELECT
  u.finding_key, u.code, u.project_id, pr.county_code, u.status, u.reported_on, u.note,
  CAST(u.reports AS INTEGER) AS reports, u.src_file, u.src_row,
  f.finding_key IS NOT NULL AS matched,
  f.open AS finding_open,
  CASE WHEN u.status = 'rectified' THEN CASE WHEN f.open THEN 'not_confirmed' ELSE 'confirmed' END END AS verdict
FROM up_to_t u
JOIN projects pr USING (project_id)
LEFT JOIN m_findings f USING (finding_key)
WHERE u.n = 1;

-- Every finding with the report counted for it at T (none: empty).
CREATE OR REPLACE TABLE m_findings AS
SELECT f.*, r.status AS rectification, r.reported_on, r.note, r.verdict
FROM m_findings f
LEFT JOIN m_rectifications r USING (finding_key);
