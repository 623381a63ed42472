-- Per rule, over the whole data set: its findings, the projects and counties they fall on, and the sum of
-- their amounts (null for the rules whose findings carry none; docs/findings.md). The findings page's rule
-- cards read it.
CREATE OR REPLACE TABLE m_rule_stats AS
SELECT rc.code,
  CAST(count(f.code) AS INTEGER) AS findings,
  CAST(count(DISTINCT f.project_id) AS INTEGER) AS projects,
  CAST(count(DISTINCT f.county_code) AS INTEGER) AS counties,
  CAST(sum(f.amount_yuan) AS DECIMAL(18, 2)) AS amount_yuan
FROM rule_codes rc LEFT JOIN m_findings f USING (code)
GROUP BY rc.code
ORDER BY rc.code;
