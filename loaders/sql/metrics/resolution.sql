-- Finding identity and resolution (docs/findings.md#finding-key, #resolved, #open), as of $as_of, next to
-- the rules that found them (findings.sql).
--
-- finding_key: code:project_id, code:project_id:village_code for F11, code:project_id:record_id for F08,
-- F09 and F10; the same finding has the same key at every as-of date and in every rebuild of the same
-- data. It carries no ID number: an ID-shaped number inside a record id is masked. Masking can make two
-- record ids of a project equal (they differ only in the masked digits): the first of them by credit date,
-- then record id, keeps the masked text and the later ones get ~2, ~3, ... (docs/decisions.md R1). The
-- rank is over every credit of the project, not only those up to $as_of, so a key does not change with T.
CREATE OR REPLACE TEMP TABLE finding_record_keys AS
WITH projects_with_records AS (
  SELECT DISTINCT project_id FROM m_findings WHERE record_id IS NOT NULL
), masked AS (
  SELECT d.project_id, d.record_id, d.credited_on, mask_ids_in(d.record_id) AS masked
  FROM distributions d SEMI JOIN projects_with_records USING (project_id)
), ranked AS (
  SELECT *, row_number() OVER (PARTITION BY project_id, masked ORDER BY credited_on, record_id) AS n
  FROM masked
)
SELECT record_id, masked || CASE WHEN n > 1 THEN '~' || n ELSE '' END AS record_key
FROM ranked SEMI JOIN m_findings USING (record_id);

-- resolved at T: F01 and F02 when the money arrived later (received >= required), F03 when it reached
-- the special account later, F04 when someone has been credited by T; F05-F12 never while present (only
-- the data changing settles them: the finding is then absent). open = present and not resolved.
CREATE OR REPLACE TABLE m_findings AS
SELECT *, NOT resolved AS open FROM (
SELECT f.*,
  f.code || ':' || f.project_id
    || CASE WHEN f.code = 'F11' THEN ':' || f.village_code
            WHEN f.code IN ('F08', 'F09', 'F10') THEN ':' || rk.record_key
            ELSE '' END AS finding_key,
  CASE f.code
    WHEN 'F01' THEN mp.received_yuan >= mp.required_yuan
    WHEN 'F02' THEN mp.received_yuan >= mp.required_yuan
    WHEN 'F03' THEN mp.in_special_yuan >= mp.required_yuan
    WHEN 'F04' THEN mp.first_credited_on IS NOT NULL
    ELSE false
  END AS resolved
FROM m_findings f
JOIN m_projects mp USING (project_id)
LEFT JOIN finding_record_keys rk USING (record_id)
);
