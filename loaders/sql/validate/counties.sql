-- counties.csv (optional): county_code, county_name, city_name override or extend GB/T 2260.
CREATE OR REPLACE TEMP TABLE chk_counties AS
WITH c AS (
  SELECT _file, _row, _issues,
    county_code AS r_county_code,
    clean_code(county_code) AS c_county_code,
    clean_text(county_name) AS c_county_name,
    clean_text(city_name) AS c_city_name
  FROM stg_counties
), checked AS (
  SELECT _file, _row, _issues, c_county_code AS county_code, c_county_name AS county_name, c_city_name AS city_name,
    CASE WHEN c_county_code IS NULL THEN 'required'
         WHEN is_sci_number(c_county_code) THEN 'stored_as_number'
         WHEN NOT regexp_full_match(c_county_code, '[0-9]{6}') THEN 'county_code_format' END AS e_county_code,
    text_issue(c_county_name, true) AS e_county_name,
    text_issue(c_city_name, true) AS e_city_name,
    text_forms(r_county_code, c_county_code) AS f_county_code
  FROM c
)
SELECT *, coalesce(e_county_code, e_county_name, e_city_name) IS NULL AND _issues IS NULL AS ok FROM checked;

CREATE TEMP TABLE IF NOT EXISTS county_overrides (
  county_code VARCHAR, county_name VARCHAR, city_name VARCHAR, src_file USMALLINT, src_row BIGINT
);
INSERT INTO county_overrides SELECT county_code, county_name, city_name, _file, _row FROM chk_counties WHERE ok;
