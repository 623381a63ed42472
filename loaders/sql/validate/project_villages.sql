-- project_villages (批次涉及村, DOMAIN section 1): a known project and a known village of the project's
-- county (a village outside it is rejected: approvals are granted per county, docs/decisions.md), unique
-- (project_id, village_code), farmland >= 0, quota a whole number >= 0.
CREATE OR REPLACE TEMP TABLE chk_project_villages AS
WITH typed AS (
  SELECT s.*,
    clean_code(s.project_id) AS t_project_id,
    clean_code(s.village_code) AS t_village_code,
    TRY_CAST(decimal_text(s.farmland_mu) AS DECIMAL(18, 4)) AS t_farmland_mu,
    date_value(s.compensation_paid_on) AS t_paid_on,
    TRY_CAST(number_text(clean_code(s.quota)) AS INTEGER) AS t_quota,
    p.county_code AS project_county,
    v.village_code IS NOT NULL AS village_found
  FROM stg_project_villages s
  LEFT JOIN projects p ON p.project_id = clean_code(s.project_id)
  LEFT JOIN villages v ON v.village_code = clean_code(s.village_code)
), checked AS (
  SELECT _file, _row,
    t_project_id AS project_id, t_village_code AS village_code, t_farmland_mu AS farmland_mu,
    t_paid_on AS compensation_paid_on, t_quota AS quota,
    coalesce(text_problem(project_id, true),
             CASE WHEN project_county IS NOT NULL THEN NULL
                  WHEN t_project_id IN (SELECT project_id FROM chk_projects) THEN 'project_rejected'
                  ELSE 'project_unknown' END) AS e_project_id,
    CASE WHEN t_village_code IS NULL THEN 'required'
         WHEN NOT regexp_full_match(t_village_code, '[0-9]{12}') THEN 'village_code_format'
         WHEN NOT village_found AND t_village_code IN (SELECT village_code FROM chk_villages) THEN 'village_rejected'
         WHEN NOT village_found THEN 'village_unknown'
         WHEN left(t_village_code, 6) <> project_county THEN 'village_outside_county'
    END AS e_village_code,
    coalesce(decimal_problem(farmland_mu, true, 4),
             CASE WHEN t_farmland_mu < 0 THEN 'decimal_negative' END) AS e_farmland_mu,
    date_problem(compensation_paid_on, false, $today) AS e_compensation_paid_on,
    CASE WHEN clean_code(quota) IS NULL THEN NULL
         WHEN NOT regexp_full_match(clean_code(quota), '[0-9]{1,9}') THEN 'integer_format' END AS e_quota
  FROM typed
)
SELECT *, coalesce(e_project_id, e_village_code, e_farmland_mu, e_compensation_paid_on, e_quota) IS NULL AS ok
FROM checked;

CREATE OR REPLACE TEMP TABLE dup_project_villages AS
WITH ok AS (SELECT _file, _row, project_id, village_code FROM chk_project_villages WHERE ok),
     k AS (SELECT project_id, village_code FROM ok GROUP BY ALL HAVING count(*) > 1)
SELECT _file, _row, first_file, first_row FROM (
  SELECT _file, _row, first_value(_file) OVER w AS first_file, first_value(_row) OVER w AS first_row,
         row_number() OVER w AS n
  FROM ok SEMI JOIN k USING (project_id, village_code)
  WINDOW w AS (PARTITION BY project_id, village_code ORDER BY _file, _row)
) WHERE n > 1;

INSERT INTO project_villages
SELECT project_id, village_code, farmland_mu, compensation_paid_on, quota, _file, _row
FROM chk_project_villages c
WHERE ok AND NOT EXISTS (SELECT 1 FROM dup_project_villages d WHERE d._file = c._file AND d._row = c._row);
