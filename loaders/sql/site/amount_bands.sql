-- Seed 001's amount bands (m_bands) and the people in each, province-wide and by county (m_amount_bands),
-- with each band's mean per person and what the mean and the band's bounds give as a monthly pension
-- (docs/metrics.md#monthly-from-account): the individual account (÷ annuity_divisor) and with the base
-- pension added, both from the top-level policy (docs/policy.md#most-specific).
WITH pol AS (
  SELECT CAST(policy ->> 'annuity_divisor' AS DECIMAL(18, 6)) AS divisor,
    CAST(policy ->> 'base_pension_yuan' AS DECIMAL(18, 2)) AS base
  FROM policy_scopes WHERE scope = '*'
), banded AS (
  SELECT a.*, b.rank, b.label, b.min_yuan, b.max_yuan, b.seed_share,
    CASE WHEN a.people > 0 THEN fen_to_yuan(div_round(yuan_to_fen(a.amount_yuan), CAST(a.people AS HUGEINT))) END AS mean_yuan
  FROM m_amount_bands a JOIN m_bands b USING (band)
)
SELECT x.level, x.code, x.band, x.label, CAST(x.min_yuan AS DOUBLE) AS min_yuan, CAST(x.max_yuan AS DOUBLE) AS max_yuan,
  CAST(x.seed_share AS DOUBLE) AS seed_share, x.people, fen(x.amount_yuan) AS amount_fen, x.share,
  fen(x.mean_yuan) AS mean_fen,
  fen(monthly_pension_yuan(x.mean_yuan, pol.divisor)) AS mean_monthly_fen,
  fen(monthly_pension_yuan(x.mean_yuan, pol.divisor) + pol.base) AS mean_total_fen,
  fen(monthly_pension_yuan(x.min_yuan, pol.divisor)) AS min_monthly_fen,
  fen(monthly_pension_yuan(x.max_yuan, pol.divisor)) AS max_monthly_fen,
  fen(monthly_pension_yuan(x.min_yuan, pol.divisor) + pol.base) AS min_total_fen,
  fen(monthly_pension_yuan(x.max_yuan, pol.divisor) + pol.base) AS max_total_fen
FROM banded x CROSS JOIN pol
ORDER BY x.level, x.code, x.rank;
