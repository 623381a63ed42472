-- Every policy scope ("*" the whole data set, then city and county overrides), resolved, as JSON text, its
-- money parameters in fen, and the monthly pension the per-person amount gives (÷ annuity_divisor, and
-- with the base pension added: docs/metrics.md#monthly-from-account).
WITH p AS (
  SELECT scope, policy, CAST(policy ->> 'per_person_yuan' AS DECIMAL(18, 2)) AS per_person,
    CAST(policy ->> 'base_pension_yuan' AS DECIMAL(18, 2)) AS base,
    CAST(policy ->> 'annuity_divisor' AS DECIMAL(18, 6)) AS divisor
  FROM policy_scopes
)
SELECT scope, CAST(policy AS VARCHAR) AS policy, fen(per_person) AS per_person_fen, fen(base) AS base_pension_fen,
  fen(monthly_pension_yuan(per_person, divisor)) AS per_person_monthly_fen,
  fen(monthly_pension_yuan(per_person, divisor) + base) AS per_person_total_fen
FROM p ORDER BY scope <> '*', scope;
