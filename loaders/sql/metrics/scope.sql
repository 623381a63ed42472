-- The data as of $as_of (docs/metrics.md#as-of): projects approved after it do not exist yet; flows,
-- distributions, supplies and payments dated after it are ignored. And the policy that applies to each
-- project (docs/policy.md#parameters: the county's override, else its city's, else the global setting).

CREATE OR REPLACE TEMP TABLE policy AS
SELECT
  scope,
  CAST(policy ->> 'scope_start' AS DATE) AS scope_start,
  CAST(policy ->> 'stock_baseline' AS DATE) AS stock_baseline,
  CAST(policy ->> 'transfer_deadline_days' AS INTEGER) AS transfer_deadline_days,
  CAST(policy ->> 'enrolment_deadline_days' AS INTEGER) AS enrolment_deadline_days,
  CAST(policy ->> 'quota_valid_years' AS INTEGER) AS quota_valid_years,
  CAST(policy ->> 'per_person_yuan' AS DECIMAL(18, 2)) AS per_person_yuan,
  CAST(policy ->> 'annuity_divisor' AS DECIMAL(18, 6)) AS annuity_divisor,
  CAST(policy ->> 'base_pension_yuan' AS DECIMAL(18, 2)) AS base_pension_yuan,
  CAST(policy ->> 'dilution_ratio' AS DECIMAL(18, 6)) AS dilution_ratio,
  CAST(policy ->> 'undercoverage_ratio' AS DECIMAL(18, 6)) AS undercoverage_ratio,
  CAST(policy ->> 'adult_age' AS INTEGER) AS adult_age
FROM policy_scopes;

-- 22号文 tiers (seed 001): the ratio of the first tier whose upper bound (inclusive) holds the zone price.
CREATE OR REPLACE TEMP TABLE policy_tiers AS
WITH t AS (
  SELECT scope, from_json(policy -> 'land_ratio_tiers', '[{"max_price":"DECIMAL(18,2)","ratio":"DECIMAL(9,6)"}]') AS tiers
  FROM policy_scopes
)
SELECT scope, generate_subscripts(tiers, 1) AS tier, unnest(tiers).max_price AS max_price,
       unnest(tiers).ratio AS ratio
FROM t;

CREATE OR REPLACE TEMP TABLE asof_projects AS
SELECT
  pr.project_id, pr.project_name, pr.county_code, pr.applied_on, pr.approved_on,
  CASE WHEN pr.supplied_on <= $as_of THEN pr.supplied_on END AS supplied_on,
  pr.area_mu, pr.farmland_mu, pr.zone_price, pr.method, pr.required_yuan,
  coalesce(c.scope, ci.scope, '*') AS scope
FROM projects pr
LEFT JOIN policy c ON c.scope = pr.county_code
LEFT JOIN policy ci ON ci.scope = left(pr.county_code, 4)
WHERE pr.approved_on <= $as_of;

CREATE OR REPLACE TEMP TABLE asof_project_policy AS
SELECT p.*, pol.* EXCLUDE (scope), r.land_ratio
FROM asof_projects p
JOIN policy pol USING (scope)
JOIN (
  SELECT p.project_id, arg_min(t.ratio, t.tier) AS land_ratio
  FROM asof_projects p JOIN policy_tiers t ON t.scope = p.scope AND (t.max_price IS NULL OR p.zone_price <= t.max_price)
  GROUP BY p.project_id
) r USING (project_id);

-- Signed money of every flow: received counts deposits minus refunds; in_special counts deposits into
-- and refunds out of the special account and every transfer (a transfer always goes into it).
CREATE OR REPLACE TEMP TABLE asof_flows AS
SELECT ff.project_id, ff.flow_id, ff.flow, ff.account, ff.flow_on, ff.amount_yuan,
  CASE ff.flow WHEN 'deposit' THEN ff.amount_yuan WHEN 'refund' THEN -ff.amount_yuan ELSE 0 END AS received_delta,
  CASE WHEN ff.flow = 'transfer' THEN ff.amount_yuan
       WHEN ff.account = 'special' AND ff.flow = 'deposit' THEN ff.amount_yuan
       WHEN ff.account = 'special' AND ff.flow = 'refund' THEN -ff.amount_yuan
       ELSE 0 END AS special_delta
FROM fund_flows ff SEMI JOIN asof_projects p USING (project_id)
WHERE ff.flow_on <= $as_of;

-- The credits as of $as_of are those dated by then, of a project approved by then. Whether that is every
-- credit (every project approved by then and no credit dated after; a credit's project always exists, an
-- unknown one is rejected at load): metrics.ts then makes asof_credits a view of distributions
-- (metrics/asof_credits_all.sql), else a copy of the credits in scope (metrics/asof_credits_cut.sql),
-- docs/decisions.md O12.
CREATE OR REPLACE TEMP TABLE asof_cover AS
SELECT NOT EXISTS (SELECT 1 FROM projects WHERE NOT coalesce(approved_on <= $as_of, false))
  AND coalesce((SELECT max(credited_on) FROM distributions) <= $as_of, true) AS every_credit;

CREATE OR REPLACE TEMP TABLE asof_project_villages AS
SELECT pvi.project_id, pvi.village_code, pvi.farmland_mu, pvi.quota,
  CASE WHEN pvi.compensation_paid_on <= $as_of THEN pvi.compensation_paid_on END AS compensation_paid_on,
  v.village_name, v.farmland_per_capita_mu, v.adult_share
FROM project_villages pvi SEMI JOIN asof_projects p USING (project_id)
JOIN villages v USING (village_code);
