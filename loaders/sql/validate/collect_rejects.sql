-- Collects the rejects of the chunk of one table just validated (chk_<table>, from stg_<table>): every
-- problem of every failed row, with the value as it stood in the file (an ID masked, docs/privacy.md) and
-- a reason in Chinese and English. What the reader already knew about a cell (_issues: an ID stored as a
-- number, an Excel error) is the reason for that field. Duplicates are collected by dedupe.sql.
-- Parameters: $table_name.
INSERT INTO rejects
WITH failed AS (
  FROM query_table('chk_' || $table_name) WHERE NOT ok
), issues AS (
  SELECT _file, _row, split_part(issue, '=', 1) AS field, split_part(issue, '=', 2) AS code
  FROM (SELECT _file, _row, unnest(string_split(_issues, ';')) AS issue FROM failed WHERE _issues IS NOT NULL)
), rules AS (
  SELECT _file, _row, substr(field, 3) AS field, code
  FROM (UNPIVOT (SELECT _file, _row, COLUMNS('^e_') FROM failed) ON COLUMNS('^e_') INTO NAME field VALUE code)
), problems AS (
  SELECT * FROM issues
  UNION ALL
  SELECT * FROM rules r
  WHERE NOT EXISTS (SELECT 1 FROM issues i WHERE i._file = r._file AND i._row = r._row AND i.field = r.field)
), raw AS (
  FROM (SELECT s.* EXCLUDE (_blank, _issues, _label) FROM query_table('stg_' || $table_name) s
        SEMI JOIN problems p ON p._file = s._file AND p._row = s._row)
  UNPIVOT INCLUDE NULLS (value FOR field IN (COLUMNS(* EXCLUDE (_file, _row))))
), coded AS (
  -- A value that fails its field because it is an Excel error value (a CSV saved from a sheet with #N/A)
  -- gets that reason.
  SELECT p.*, r.value,
    CASE WHEN p.code <> 'excel_error' AND is_excel_error(clean_code(r.value)) THEN 'excel_error' ELSE p.code END AS reason_code
  FROM problems p
  LEFT JOIN raw r ON r._file = p._file AND r._row = p._row AND r.field = p.field
)
SELECT
  $table_name,
  p._file,
  p._row,
  nullif(p.field, ''),
  reject_value(p.field, p.value),
  p.reason_code,
  coalesce(l.label || ' ', '') || reason.zh,
  coalesce(nullif(p.field, '') || ' ', '') || reason.en
FROM coded p
JOIN reasons reason ON reason.code = p.reason_code
LEFT JOIN field_labels l ON l.table_name = $table_name AND l.field = p.field
ORDER BY p._file, p._row, p.field;
