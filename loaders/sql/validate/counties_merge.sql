-- After counties.csv is validated and deduplicated: its rows override or extend GB/T 2260.
CREATE OR REPLACE TEMP TABLE new_counties AS
SELECT c.county_code, c.county_name, left(c.county_code, 4) AS city_code, c.city_name,
       left(c.county_code, 2) AS province_code,
       coalesce((SELECT any_value(g.province_name) FROM counties g WHERE g.province_code = left(c.county_code, 2)), '') AS province_name,
       s.file AS source
FROM county_overrides c JOIN sources s ON s.file_id = c.src_file;

DELETE FROM counties WHERE county_code IN (SELECT county_code FROM new_counties);
INSERT INTO counties SELECT * FROM new_counties;
