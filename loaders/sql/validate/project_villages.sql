-- project_villages (批次涉及村, docs/data.md#project-villages): a known project and a known village of the project's
-- county (a village outside it is rejected: approvals are granted per county, docs/decisions.md I4), unique
-- (project_id, village_code), farmland >= 0, quota a whole number >= 0. c_ cleaned, t_ parsed, e_ judged,
-- f_ how it was typed (docs/decisions.md I22). Parameters: $today.
CREATE OR REPLACE TEMP TABLE chk_project_villages AS
WITH c AS (
  SELECT _file, _row, _issues,
    project_id AS r_project_id, village_code AS r_village_code, farmland_mu AS r_farmland_mu,
    compensation_paid_on AS r_paid_on, quota AS r_quota,
    clean_code(project_id) AS c_project_id,
    clean_code(village_code) AS c_village_code,
    clean_code(farmland_mu) AS c_farmland_mu,
    clean_code(compensation_paid_on) AS c_paid_on,
    clean_code(quota) AS c_quota
  FROM stg_project_villages
), t AS (
  SELECT c.*,
    number_text(c_farmland_mu, '亩') AS n_farmland_mu,
    TRY_CAST(number_text(c_farmland_mu, '亩') AS DECIMAL(18, 4)) AS t_farmland_mu,
    parse_date(date_text(c_paid_on)) AS t_paid_on,
    number_text(c_quota, '人') AS n_quota,
    TRY_CAST(number_text(c_quota, '人') AS INTEGER) AS t_quota,
    p.county_code AS project_county,
    v.village_code IS NOT NULL AS village_found
  FROM c
  LEFT JOIN projects p ON p.project_id = c.c_project_id
  LEFT JOIN villages v ON v.village_code = c.c_village_code
), checked AS (
  SELECT _file, _row, _issues,
    c_project_id AS project_id, c_village_code AS village_code, t_farmland_mu AS farmland_mu,
    t_paid_on AS compensation_paid_on, t_quota AS quota,
    coalesce(key_issue(c_project_id, true),
             CASE WHEN project_county IS NOT NULL THEN NULL
                  WHEN c_project_id IN (SELECT project_id FROM seen_projects) THEN 'project_rejected'
                  ELSE 'project_unknown' END) AS e_project_id,
    CASE WHEN c_village_code IS NULL THEN 'required'
         WHEN is_sci_number(c_village_code) THEN 'stored_as_number'
         WHEN NOT regexp_full_match(c_village_code, '[0-9]{12}') THEN 'village_code_format'
         WHEN NOT village_found AND c_village_code IN (SELECT village_code FROM seen_villages) THEN 'village_rejected'
         WHEN NOT village_found THEN 'village_unknown'
         WHEN left(c_village_code, 6) <> project_county THEN 'village_outside_county'
    END AS e_village_code,
    coalesce(decimal_issue(c_farmland_mu, n_farmland_mu, true, 4),
             CASE WHEN t_farmland_mu < 0 THEN 'decimal_negative' END) AS e_farmland_mu,
    date_issue(c_paid_on, t_paid_on, false, $today) AS e_compensation_paid_on,
    CASE WHEN c_quota IS NULL THEN NULL
         WHEN n_quota IS NULL OR NOT regexp_full_match(n_quota, '[0-9]{1,9}') THEN 'integer_format' END AS e_quota,
    text_forms(r_project_id, c_project_id) AS f_project_id,
    text_forms(r_village_code, c_village_code) AS f_village_code,
    number_forms(r_farmland_mu, n_farmland_mu) AS f_farmland_mu,
    date_forms(r_paid_on, t_paid_on) AS f_compensation_paid_on,
    number_forms(r_quota, n_quota) AS f_quota
  FROM t
)
SELECT *, coalesce(e_project_id, e_village_code, e_farmland_mu, e_compensation_paid_on, e_quota) IS NULL
          AND _issues IS NULL AS ok
FROM checked;

INSERT INTO project_villages
SELECT project_id, village_code, farmland_mu, compensation_paid_on, quota, _file, _row
FROM chk_project_villages c
WHERE ok;
