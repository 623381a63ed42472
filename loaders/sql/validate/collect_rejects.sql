-- Collects the rejects of one table (TABLE is replaced by the table's name from the contract): every field
-- problem of every failed row, and every duplicate (naming the row that was kept), each with the value as
-- it stood in the file and a reason in Chinese and English.
INSERT INTO rejects
WITH problems AS (
  SELECT _file, _row, substr(field, 3) AS field, code, NULL::USMALLINT AS first_file, NULL::BIGINT AS first_row
  FROM (UNPIVOT (SELECT _file, _row, COLUMNS('^e_') FROM chk_TABLE WHERE NOT ok)
        ON COLUMNS('^e_') INTO NAME field VALUE code)
  UNION ALL
  SELECT _file, _row, $key_field, 'duplicate_key', first_file, first_row FROM dup_TABLE
), raw AS (
  FROM (SELECT s.* FROM stg_TABLE s SEMI JOIN problems p ON p._file = s._file AND p._row = s._row)
  UNPIVOT INCLUDE NULLS (value FOR field IN (COLUMNS(* EXCLUDE (_file, _row, _blank))))
)
SELECT
  $table_name,
  p._file,
  p._row,
  p.field,
  r.value,
  p.code,
  coalesce(l.label || ' ', '') || reason.zh ||
    CASE WHEN p.first_file IS NOT NULL
         THEN ' (保留的是 ' || f.file || ' 第 ' || p.first_row || ' 行)' ELSE '' END,
  coalesce(p.field || ' ', '') || reason.en ||
    CASE WHEN p.first_file IS NOT NULL
         THEN ' (kept: ' || f.file || ' row ' || p.first_row || ')' ELSE '' END
FROM problems p
JOIN reasons reason ON reason.code = p.code
LEFT JOIN raw r ON r._file = p._file AND r._row = p._row AND r.field = p.field
LEFT JOIN field_labels l ON l.table_name = $table_name AND l.field = p.field
LEFT JOIN sources f ON f.file_id = p.first_file
ORDER BY p._file, p._row, p.field;
