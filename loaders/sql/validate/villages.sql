-- villages (被征地单位, docs/data.md#villages): 12-digit code whose first 6 digits are a known county.
-- c_ cleaned, t_ parsed, e_ judged, f_ how it was typed (docs/decisions.md I22). No parameters.
CREATE OR REPLACE TEMP TABLE chk_villages AS
WITH c AS (
  SELECT _file, _row, _issues,
    village_code AS r_village_code, farmland_per_capita_mu AS r_per_capita, adult_share AS r_adult_share,
    clean_code(village_code) AS c_village_code,
    clean_text(village_name) AS c_village_name,
    clean_code(farmland_per_capita_mu) AS c_per_capita,
    clean_code(adult_share) AS c_adult_share
  FROM stg_villages
), n AS (
  SELECT *, number_text(c_per_capita, '亩') AS n_per_capita, share_text(c_adult_share) AS n_adult_share FROM c
), t AS (
  SELECT *,
    TRY_CAST(n_per_capita AS DECIMAL(18, 4)) AS t_per_capita,
    TRY_CAST(n_adult_share AS DECIMAL(9, 6)) AS t_adult_share
  FROM n
), checked AS (
  SELECT _file, _row, _issues,
    c_village_code AS village_code, c_village_name AS village_name,
    t_per_capita AS farmland_per_capita_mu, t_adult_share AS adult_share,
    CASE WHEN c_village_code IS NULL THEN 'required'
         WHEN is_sci_number(c_village_code) THEN 'stored_as_number'
         WHEN NOT regexp_full_match(c_village_code, '[0-9]{12}') THEN 'village_code_format'
         WHEN left(c_village_code, 6) NOT IN (SELECT county_code FROM counties) THEN 'village_county_unknown'
    END AS e_village_code,
    text_issue(c_village_name, true) AS e_village_name,
    coalesce(decimal_issue(c_per_capita, n_per_capita, true, 4),
             CASE WHEN t_per_capita <= 0 THEN 'decimal_not_positive' END) AS e_farmland_per_capita_mu,
    CASE WHEN c_adult_share IS NULL THEN 'required'
         WHEN n_adult_share IS NULL THEN 'number_format'
         WHEN decimals(n_adult_share) > 6 THEN 'decimal_places_6'
         WHEN t_adult_share IS NULL OR t_adult_share <= 0 OR t_adult_share > 1 THEN 'share_range'
    END AS e_adult_share,
    text_forms(r_village_code, c_village_code) AS f_village_code,
    number_forms(r_per_capita, n_per_capita) AS f_farmland_per_capita_mu,
    number_forms(r_adult_share, n_adult_share) AS f_adult_share
  FROM t
)
SELECT *, coalesce(e_village_code, e_village_name, e_farmland_per_capita_mu, e_adult_share) IS NULL
          AND _issues IS NULL AS ok
FROM checked;

INSERT INTO villages
SELECT village_code, village_name, farmland_per_capita_mu, adult_share, _file, _row
FROM chk_villages c
WHERE ok;
