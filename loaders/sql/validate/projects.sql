-- projects (征地批次, DOMAIN section 1): every field rule, then duplicate project_id (first row kept).
CREATE OR REPLACE TEMP TABLE chk_projects AS
WITH typed AS (
  SELECT s.*,
    clean_code(s.project_id) AS t_project_id,
    clean_text(s.project_name) AS t_project_name,
    clean_code(s.county_code) AS t_county_code,
    date_value(s.applied_on) AS t_applied_on,
    date_value(s.approved_on) AS t_approved_on,
    date_value(s.supplied_on) AS t_supplied_on,
    TRY_CAST(decimal_text(s.area_mu) AS DECIMAL(18, 4)) AS t_area_mu,
    TRY_CAST(decimal_text(s.farmland_mu) AS DECIMAL(18, 4)) AS t_farmland_mu,
    TRY_CAST(decimal_text(s.zone_price) AS DECIMAL(18, 2)) AS t_zone_price,
    enum_value(s.method, $method_values) AS t_method,
    money_value(s.required_yuan) AS t_required_yuan
  FROM stg_projects s
), checked AS (
  SELECT _file, _row,
    t_project_id AS project_id, t_project_name AS project_name, t_county_code AS county_code,
    t_applied_on AS applied_on, t_approved_on AS approved_on, t_supplied_on AS supplied_on,
    t_area_mu AS area_mu, t_farmland_mu AS farmland_mu, t_zone_price AS zone_price,
    t_method AS method, t_required_yuan AS required_yuan,
    text_problem(project_id, true) AS e_project_id,
    text_problem(project_name, true) AS e_project_name,
    CASE WHEN t_county_code IS NULL THEN 'required'
         WHEN NOT regexp_full_match(t_county_code, '[0-9]{6}') THEN 'county_code_format'
         WHEN t_county_code NOT IN (SELECT county_code FROM counties) THEN 'county_unknown' END AS e_county_code,
    date_problem(applied_on, false, $today) AS e_applied_on,
    date_problem(approved_on, true, $today) AS e_approved_on,
    coalesce(date_problem(supplied_on, false, $today),
             CASE WHEN t_supplied_on < t_approved_on THEN 'supplied_before_approved' END) AS e_supplied_on,
    coalesce(decimal_problem(area_mu, true, 4),
             CASE WHEN t_area_mu < 0 THEN 'decimal_negative' END) AS e_area_mu,
    coalesce(decimal_problem(farmland_mu, true, 4),
             CASE WHEN t_farmland_mu < 0 THEN 'decimal_negative'
                  WHEN t_farmland_mu > t_area_mu THEN 'farmland_over_area' END) AS e_farmland_mu,
    coalesce(decimal_problem(zone_price, true, 2),
             CASE WHEN t_zone_price <= 0 THEN 'decimal_not_positive' END) AS e_zone_price,
    CASE WHEN clean_code(method) IS NULL THEN 'required' WHEN t_method IS NULL THEN 'method_value' END AS e_method,
    money_problem(required_yuan, true, true) AS e_required_yuan
  FROM typed
)
SELECT *, coalesce(e_project_id, e_project_name, e_county_code, e_applied_on, e_approved_on, e_supplied_on,
                   e_area_mu, e_farmland_mu, e_zone_price, e_method, e_required_yuan) IS NULL AS ok
FROM checked;

CREATE OR REPLACE TEMP TABLE dup_projects AS
WITH ok AS (SELECT _file, _row, project_id FROM chk_projects WHERE ok),
     k AS (SELECT project_id FROM ok GROUP BY project_id HAVING count(*) > 1)
SELECT _file, _row, first_file, first_row FROM (
  SELECT _file, _row, first_value(_file) OVER w AS first_file, first_value(_row) OVER w AS first_row,
         row_number() OVER w AS n
  FROM ok SEMI JOIN k USING (project_id)
  WINDOW w AS (PARTITION BY project_id ORDER BY _file, _row)
) WHERE n > 1;

INSERT INTO projects
SELECT project_id, project_name, county_code, applied_on, approved_on, supplied_on, area_mu, farmland_mu,
       zone_price, method, required_yuan, _file, _row
FROM chk_projects c
WHERE ok AND NOT EXISTS (SELECT 1 FROM dup_projects d WHERE d._file = c._file AND d._row = c._row);
