-- Virtual and actual headcount (docs/metrics.md#headcount, seed 001):
-- virtual_people = sum over villages of farmland_mu x adult_share / farmland_per_capita_mu (人土比), kept
-- as a decimal in 10^-12 of a person (so the old method's yuan round to the fen as the exact quotient
-- would): with F = farmland x 10^4, A = share x 10^6, P = per capita x 10^4, units = F x A x 10^6 / P,
-- rounded half up.
-- actual_people = distinct IDs credited by T (counted by id_digits, docs/decisions.md O14);
-- per_capita_yuan = distributed / actual (to the fen, half up);
-- monthly_from_account = per_capita_yuan / annuity_divisor.
-- Per village of a project first (the project page lists them; F11 counts the same people), then summed.
CREATE OR REPLACE TEMP TABLE asof_village_headcount AS
WITH v AS (
  SELECT project_id, village_code,
    div_round(CAST(farmland_mu * 10000 AS HUGEINT) * CAST(adult_share * 1000000 AS HUGEINT) * 1000000,
              CAST(farmland_per_capita_mu * 10000 AS HUGEINT)) AS virtual_pico
  FROM asof_project_villages pv
), a AS (
  SELECT project_id, village_code, count(DISTINCT id_digits) AS actual_people
  FROM asof_credits d GROUP BY project_id, village_code
)
SELECT v.project_id, v.village_code, CAST(v.virtual_pico AS HUGEINT) AS virtual_pico,
  CAST(coalesce(a.actual_people, 0) AS BIGINT) AS actual_people
FROM v LEFT JOIN a USING (project_id, village_code);

CREATE OR REPLACE TEMP TABLE headcount AS
WITH v AS (
  SELECT project_id, sum(virtual_pico) AS virtual_pico FROM asof_village_headcount GROUP BY project_id
), a AS (
  SELECT project_id, count(DISTINCT id_digits) AS actual_people FROM asof_credits d GROUP BY project_id
)
SELECT pp.project_id,
  CAST(coalesce(v.virtual_pico, 0) AS HUGEINT) AS virtual_pico,
  CAST(div_round(CAST(coalesce(v.virtual_pico, 0) AS HUGEINT), CAST(1000000 AS HUGEINT)) * 0.000001 AS DECIMAL(18, 6))
    AS virtual_people,
  CAST(coalesce(a.actual_people, 0) AS BIGINT) AS actual_people
FROM asof_project_policy pp LEFT JOIN v USING (project_id) LEFT JOIN a USING (project_id);
