-- Collects the rejects of one table's files being validated (__TABLE__ is replaced by the table's name from
-- the contract): every problem of every failed row, with the value as it stood in the file and a reason in
-- Chinese and English. Duplicates are collected by dedupe.sql.
INSERT INTO rejects
WITH problems AS (
  SELECT _file, _row, substr(field, 3) AS field, code
  FROM (UNPIVOT (SELECT _file, _row, COLUMNS('^e_') FROM chk___TABLE__ WHERE NOT ok)
        ON COLUMNS('^e_') INTO NAME field VALUE code)
), raw AS (
  FROM (SELECT s.* FROM stg___TABLE__ s SEMI JOIN problems p ON p._file = s._file AND p._row = s._row)
  UNPIVOT INCLUDE NULLS (value FOR field IN (COLUMNS(* EXCLUDE (_file, _row, _blank))))
)
SELECT
  $table_name,
  p._file,
  p._row,
  p.field,
  r.value,
  p.code,
  coalesce(l.label || ' ', '') || reason.zh,
  coalesce(p.field || ' ', '') || reason.en
FROM problems p
JOIN reasons reason ON reason.code = p.code
LEFT JOIN raw r ON r._file = p._file AND r._row = p._row AND r.field = p.field
LEFT JOIN field_labels l ON l.table_name = $table_name AND l.field = p.field
ORDER BY p._file, p._row, p.field;
