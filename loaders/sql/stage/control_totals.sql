-- The file's own control total (docs/decisions.md I17): the last 合计/总计/共计 row of one staged file
-- (from not_data_rows) against the sum of the money fields of every data row of the file, loaded or to
-- be rejected; rows whose amount cannot be read are counted, not summed. A difference is a warning about
-- the file, never a reason to drop rows. Parameters: $table_name, $file_id, $money_fields.
INSERT INTO control_totals
WITH total AS (
  SELECT _row FROM not_data_rows WHERE kind = 'total' AND word IN ('合计', '总计', '共计', '总合计')
  ORDER BY _row DESC LIMIT 1
), cells AS (
  FROM (UNPIVOT (SELECT _row, COLUMNS(c -> list_contains(string_split($money_fields, ','), c))
                 FROM query_table('stg_' || $table_name) WHERE _file = $file_id AND NOT _blank)
        ON COLUMNS(* EXCLUDE (_row)) INTO NAME field VALUE v)
), amounts AS (
  SELECT _row, field, v, TRY_CAST(number_text(clean_code(v), '元') AS DECIMAL(18, 2)) AS amount FROM cells
), sums AS (
  SELECT a.field,
    max(a.amount) FILTER (WHERE a._row = t._row) AS stated,
    max(a.v) FILTER (WHERE a._row = t._row) AS stated_raw,
    coalesce(sum(a.amount) FILTER (WHERE a._row NOT IN (SELECT _row FROM not_data_rows)), 0) AS total,
    count(*) FILTER (WHERE a._row NOT IN (SELECT _row FROM not_data_rows) AND a.v IS NOT NULL AND a.amount IS NULL)
      + (SELECT count(DISTINCT row) FROM line_rejects WHERE row NOT IN (SELECT _row FROM not_data_rows)) AS unread,
    any_value(t._row) AS _row
  FROM amounts a, total t
  GROUP BY a.field
)
SELECT _row, field, CAST(stated AS VARCHAR), CAST(total AS VARCHAR),
  CASE WHEN stated IS NOT NULL AND stated <> total THEN CAST(stated - total AS VARCHAR) END,
  unread, stated IS NOT NULL AND stated = total
FROM sums
WHERE stated_raw IS NOT NULL;
