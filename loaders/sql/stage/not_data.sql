-- The rows of one staged file that are not data (docs/decisions.md I17): a totals row anywhere (its first
-- cell a totals word such as 合计, every text field empty or that word), and below the last data row the
-- rows whose first cell is a signature or note word (填表人, 审核人, 注: ...). Lines DuckDB could not split
-- (line_rejects, with their first cell) count too. Then, when there are money fields, the file's control
-- total: the last 合计/总计 row against the sum of every data row (loaded or rejected).
-- Parameters: $table_name, $file_id, $text_fields and $money_fields (comma-separated field names).
CREATE OR REPLACE TEMP TABLE not_data_rows AS
WITH staged AS (
  SELECT _row, _label AS label,
    list_bool_and(list_transform(list_value(*COLUMNS(c -> list_contains(string_split($text_fields, ','), c))),
      x -> coalesce(regexp_replace(x, '\s', '', 'g'), '') IN ('', _label))) AS only_label
  FROM query_table('stg_' || $table_name)
  WHERE _file = $file_id AND _label IS NOT NULL
), candidates AS (
  SELECT _row, only_label, false AS line, totals_word(label) AS total, footer_word(label) AS footer FROM staged
  UNION ALL
  SELECT row, false, true, totals_word(label), footer_word(label) FROM line_rejects WHERE label IS NOT NULL
), words AS (
  FROM candidates WHERE total IS NOT NULL OR footer IS NOT NULL
), last_data AS (
  SELECT coalesce(greatest(
    (SELECT max(_row) FROM query_table('stg_' || $table_name) s
     WHERE _file = $file_id AND NOT _blank AND _row NOT IN (SELECT _row FROM words)),
    (SELECT max(row) FROM line_rejects WHERE row NOT IN (SELECT _row FROM words))), 0) AS last
)
SELECT _row, CASE WHEN total IS NOT NULL THEN 'total' ELSE 'footer' END AS kind, coalesce(total, footer) AS word
FROM words, last_data
WHERE (total IS NOT NULL AND only_label AND NOT line) OR _row > last
ORDER BY _row;

CREATE OR REPLACE TEMP TABLE control_totals (
  _row BIGINT, field VARCHAR, stated VARCHAR, sum VARCHAR, difference VARCHAR, unread BIGINT, agrees BOOLEAN
);
