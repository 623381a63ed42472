-- projects (征地批次, docs/data.md#projects): every field rule, then loads the good rows; duplicates are
-- judged on the loaded table (dedupe/projects.sql).
-- Each field is cleaned once (c_), parsed once (t_), judged (e_), and how it was typed noted (f_,
-- docs/decisions.md I22). A row the reader already refused (_issues) is never loaded.
-- Parameters: $today, $projects_method_values.
CREATE OR REPLACE TEMP TABLE chk_projects AS
WITH c AS (
  SELECT _file, _row, _issues,
    project_id AS r_project_id, county_code AS r_county_code, applied_on AS r_applied_on,
    approved_on AS r_approved_on, supplied_on AS r_supplied_on, area_mu AS r_area_mu,
    farmland_mu AS r_farmland_mu, zone_price AS r_zone_price, required_yuan AS r_required_yuan,
    clean_code(project_id) AS c_project_id,
    clean_text(project_name) AS c_project_name,
    clean_code(county_code) AS c_county_code,
    clean_code(applied_on) AS c_applied_on,
    clean_code(approved_on) AS c_approved_on,
    clean_code(supplied_on) AS c_supplied_on,
    clean_code(area_mu) AS c_area_mu,
    clean_code(farmland_mu) AS c_farmland_mu,
    clean_code(zone_price) AS c_zone_price,
    clean_code(method) AS c_method,
    clean_code(required_yuan) AS c_required_yuan
  FROM stg_projects
), n AS (
  SELECT *,
    number_text(c_area_mu, '亩') AS n_area_mu,
    number_text(c_farmland_mu, '亩') AS n_farmland_mu,
    number_text(c_zone_price, '元/亩') AS n_zone_price,
    number_text(c_required_yuan, '元') AS n_required_yuan
  FROM c
), t AS (
  SELECT *,
    parse_date(date_text(c_applied_on)) AS t_applied_on,
    parse_date(date_text(c_approved_on)) AS t_approved_on,
    parse_date(date_text(c_supplied_on)) AS t_supplied_on,
    TRY_CAST(n_area_mu AS DECIMAL(18, 4)) AS t_area_mu,
    TRY_CAST(n_farmland_mu AS DECIMAL(18, 4)) AS t_farmland_mu,
    TRY_CAST(n_zone_price AS DECIMAL(18, 2)) AS t_zone_price,
    enum_value(c_method, $projects_method_values) AS t_method,
    TRY_CAST(n_required_yuan AS DECIMAL(18, 2)) AS t_required_yuan
  FROM n
), checked AS (
  SELECT _file, _row, _issues,
    c_project_id AS project_id, c_project_name AS project_name, c_county_code AS county_code,
    t_applied_on AS applied_on, t_approved_on AS approved_on, t_supplied_on AS supplied_on,
    t_area_mu AS area_mu, t_farmland_mu AS farmland_mu, t_zone_price AS zone_price,
    t_method AS method, t_required_yuan AS required_yuan,
    key_issue(c_project_id, true) AS e_project_id,
    text_issue(c_project_name, true) AS e_project_name,
    CASE WHEN c_county_code IS NULL THEN 'required'
         WHEN is_sci_number(c_county_code) THEN 'stored_as_number'
         WHEN NOT regexp_full_match(c_county_code, '[0-9]{6}') THEN 'county_code_format'
         WHEN c_county_code NOT IN (SELECT county_code FROM counties) THEN 'county_unknown' END AS e_county_code,
    date_issue(c_applied_on, t_applied_on, false, $today) AS e_applied_on,
    date_issue(c_approved_on, t_approved_on, true, $today) AS e_approved_on,
    coalesce(date_issue(c_supplied_on, t_supplied_on, false, $today),
             CASE WHEN t_supplied_on < t_approved_on THEN 'supplied_before_approved' END) AS e_supplied_on,
    coalesce(decimal_issue(c_area_mu, n_area_mu, true, 4),
             CASE WHEN t_area_mu < 0 THEN 'decimal_negative' END) AS e_area_mu,
    coalesce(decimal_issue(c_farmland_mu, n_farmland_mu, true, 4),
             CASE WHEN t_farmland_mu < 0 THEN 'decimal_negative'
                  WHEN t_farmland_mu > t_area_mu THEN 'farmland_over_area' END) AS e_farmland_mu,
    coalesce(decimal_issue(c_zone_price, n_zone_price, true, 2),
             CASE WHEN t_zone_price <= 0 THEN 'decimal_not_positive' END) AS e_zone_price,
    CASE WHEN c_method IS NULL THEN 'required' WHEN t_method IS NULL THEN 'method_value' END AS e_method,
    money_issue(c_required_yuan, n_required_yuan, t_required_yuan, true, true) AS e_required_yuan,
    text_forms(r_project_id, c_project_id) AS f_project_id,
    text_forms(r_county_code, c_county_code) AS f_county_code,
    date_forms(r_applied_on, t_applied_on) AS f_applied_on,
    date_forms(r_approved_on, t_approved_on) AS f_approved_on,
    date_forms(r_supplied_on, t_supplied_on) AS f_supplied_on,
    number_forms(r_area_mu, n_area_mu) AS f_area_mu,
    number_forms(r_farmland_mu, n_farmland_mu) AS f_farmland_mu,
    number_forms(r_zone_price, n_zone_price) AS f_zone_price,
    number_forms(r_required_yuan, n_required_yuan) AS f_required_yuan
  FROM t
)
SELECT *, coalesce(e_project_id, e_project_name, e_county_code, e_applied_on, e_approved_on, e_supplied_on,
                   e_area_mu, e_farmland_mu, e_zone_price, e_method, e_required_yuan) IS NULL
          AND _issues IS NULL AS ok
FROM checked;

INSERT INTO projects
SELECT project_id, project_name, county_code, applied_on, approved_on, supplied_on, area_mu, farmland_mu,
       zone_price, method, required_yuan, _file, _row
FROM chk_projects c
WHERE ok;
