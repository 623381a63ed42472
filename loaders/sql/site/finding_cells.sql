-- The 审计线索 page's summary of site_finding_rows (site/finding_rows.sql): findings and their amount by
-- county, rule, open or resolved, and rectification state. The page counts any choice of these filters from
-- it without loading a row, and knows before it fetches a shard how many rows the shard holds.
SELECT county_index AS county, rule_index AS rule, open, state, CAST(count(*) AS INTEGER) AS n,
  CAST(coalesce(sum(amount_fen), 0) AS DOUBLE) AS amount_fen
FROM site_finding_rows
GROUP BY ALL
ORDER BY county, rule, open DESC, state;
