-- Control totals recounted from the warehouse, per source file of a loaded table (the ledger too): the rows stored and the
-- money they hold (projects: required; fund flows by flow and distributions by account: amount), one
-- total row per file (total = true) and one row per part. Counted here, independently of the load report,
-- so that the page can show that both agree; a file whose rows were all rejected counts 0.
WITH stored AS (
  SELECT 'projects' AS table_name, src_file, NULL AS part, required_yuan AS amount FROM projects
  UNION ALL SELECT 'villages', src_file, NULL, NULL FROM villages
  UNION ALL SELECT 'project_villages', src_file, NULL, NULL FROM project_villages
  UNION ALL SELECT 'fund_flows', src_file, flow, amount_yuan FROM fund_flows
  UNION ALL SELECT 'distributions', src_file, account, amount_yuan FROM distributions
  UNION ALL SELECT 'rectifications', src_file, NULL, NULL FROM rectifications
), money(table_name, has_money) AS (
  VALUES ('projects', true), ('villages', false), ('project_villages', false), ('fund_flows', true),
         ('distributions', true), ('rectifications', false)
)
SELECT s.table_name, CAST(s.file_id AS INTEGER) AS file_id, x.part, grouping(x.part) = 1 AS total,
  count(x.table_name)::DOUBLE AS rows,
  CASE WHEN any_value(m.has_money) THEN fen(coalesce(sum(x.amount), 0)) END AS amount_fen
FROM sources s
JOIN money m USING (table_name)
LEFT JOIN stored x ON x.table_name = s.table_name AND x.src_file = s.file_id
GROUP BY GROUPING SETS ((s.table_name, s.file_id), (s.table_name, s.file_id, x.part))
HAVING grouping(x.part) = 1 OR x.part IS NOT NULL
ORDER BY file_id, total DESC, x.part;
