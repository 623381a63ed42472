-- Every policy scope ("*" the whole data set, then city and county overrides), resolved, as JSON text, and
-- its money parameters in fen.
SELECT scope, CAST(policy AS VARCHAR) AS policy,
  fen(CAST(policy ->> 'per_person_yuan' AS DECIMAL(18, 2))) AS per_person_fen,
  fen(CAST(policy ->> 'base_pension_yuan' AS DECIMAL(18, 2))) AS base_pension_fen
FROM policy_scopes ORDER BY scope <> '*', scope;
