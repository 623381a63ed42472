-- counties.csv (optional): county_code, county_name, city_name override or extend GB/T 2260.
CREATE OR REPLACE TEMP TABLE chk_counties AS
WITH c AS (
  SELECT _file, _row,
    clean_code(county_code) AS c_county_code,
    clean_text(county_name) AS c_county_name,
    clean_text(city_name) AS c_city_name
  FROM stg_counties
), checked AS (
  SELECT _file, _row, c_county_code AS county_code, c_county_name AS county_name, c_city_name AS city_name,
    CASE WHEN c_county_code IS NULL THEN 'required'
         WHEN NOT regexp_full_match(c_county_code, '[0-9]{6}') THEN 'county_code_format' END AS e_county_code,
    text_issue(c_county_name, true) AS e_county_name,
    text_issue(c_city_name, true) AS e_city_name
  FROM c
)
SELECT *, coalesce(e_county_code, e_county_name, e_city_name) IS NULL AS ok FROM checked;

CREATE OR REPLACE TEMP TABLE dup_counties AS
WITH ok AS (SELECT _file, _row, county_code FROM chk_counties WHERE ok),
     k AS (SELECT county_code FROM ok GROUP BY county_code HAVING count(*) > 1)
SELECT _file, _row, first_file, first_row FROM (
  SELECT _file, _row, first_value(_file) OVER w AS first_file, first_value(_row) OVER w AS first_row,
         row_number() OVER w AS n
  FROM ok SEMI JOIN k USING (county_code)
  WINDOW w AS (PARTITION BY county_code ORDER BY _file, _row)
) WHERE n > 1;

CREATE OR REPLACE TEMP TABLE new_counties AS
SELECT c.county_code, c.county_name, left(c.county_code, 4) AS city_code, c.city_name,
       left(c.county_code, 2) AS province_code,
       coalesce((SELECT any_value(g.province_name) FROM counties g WHERE g.province_code = left(c.county_code, 2)), '') AS province_name,
       s.file AS source
FROM chk_counties c JOIN sources s ON s.file_id = c._file
WHERE c.ok AND NOT EXISTS (SELECT 1 FROM dup_counties d WHERE d._file = c._file AND d._row = c._row);

DELETE FROM counties WHERE county_code IN (SELECT county_code FROM new_counties);
INSERT INTO counties SELECT * FROM new_counties;
