-- Seed 001's table of people by the total credited to them (docs/metrics.md#bands): four bands of the
-- amount, with the shares the Guangdong reply of 2022 gives for 2.0889 million people, for comparison.
CREATE OR REPLACE TABLE m_bands AS
SELECT * FROM (VALUES
  (1, 'ge9000', '≥ 9,000 元', 9000.00, NULL, 0.0327),
  (2, '6000_9000', '6,000–9,000 元', 6000.00, 9000.00, 0.1047),
  (3, '3000_6000', '3,000–6,000 元', 3000.00, 6000.00, 0.0477),
  (4, 'lt3000', '< 3,000 元', 0.00, 3000.00, 0.8150)
) t(rank, band, label, min_yuan, max_yuan, seed_share);

-- People per band, province-wide (each person's total over all projects) and by county (a person counts
-- in the county of each project that credited them, with that county's amount), and each band's share of
-- the people of its level. A person is counted by id_digits (docs/decisions.md O14).
CREATE OR REPLACE TABLE m_amount_bands AS
WITH people AS (
  SELECT 'all' AS level, '' AS code, id_digits, sum(amount_yuan) AS amount
  FROM asof_credits d GROUP BY id_digits
  UNION ALL
  SELECT 'county', p.county_code, d.id_digits, sum(d.amount_yuan)
  FROM asof_credits d JOIN asof_projects p USING (project_id) GROUP BY p.county_code, d.id_digits
), banded AS (
  -- counted per band before the levels are crossed with the bands: a few hundred rows to join, not a row
  -- per person
  SELECT p.level, p.code, b.band, count(p.amount) AS people, sum(p.amount) AS amount
  FROM people p JOIN m_bands b ON p.amount >= b.min_yuan AND (b.max_yuan IS NULL OR p.amount < b.max_yuan)
  GROUP BY p.level, p.code, b.band
), levels AS (
  SELECT DISTINCT level, code FROM people UNION SELECT 'all', ''
)
SELECT l.level, l.code, b.band,
  CAST(coalesce(x.people, 0) AS INTEGER) AS people,
  CAST(coalesce(x.amount, 0) AS DECIMAL(18, 2)) AS amount_yuan,
  CAST(coalesce(x.people, 0) AS DOUBLE) / nullif(sum(coalesce(x.people, 0)) OVER (PARTITION BY l.level, l.code), 0) AS share
FROM levels l CROSS JOIN m_bands b
LEFT JOIN banded x ON x.level = l.level AND x.code = l.code AND x.band = b.band
ORDER BY l.level, l.code, b.rank;
