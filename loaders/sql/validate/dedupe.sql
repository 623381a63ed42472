-- Duplicate keys of one loaded table (__TABLE__ and __KEYS__ are replaced by the table and its key columns from
-- the contract): among the rows that passed every rule, the first by file then row is kept; each later one
-- is rejected naming the kept row, and removed. Run once all files of the table are loaded, so duplicates
-- across files of a folder are found too.
CREATE OR REPLACE TEMP TABLE dup___TABLE__ AS
WITH k AS (SELECT __KEYS__ FROM __TABLE__ GROUP BY __KEYS__ HAVING count(*) > 1)
SELECT src_file AS _file, src_row AS _row, key_text, first_file, first_row FROM (
  SELECT t.src_file, t.src_row, concat_ws(' / ', __KEYS__) AS key_text,
         first_value(t.src_file) OVER w AS first_file, first_value(t.src_row) OVER w AS first_row,
         row_number() OVER w AS n
  FROM __TABLE__ t SEMI JOIN k USING (__KEYS__)
  WINDOW w AS (PARTITION BY __KEYS__ ORDER BY t.src_file, t.src_row)
) WHERE n > 1;

INSERT INTO rejects
SELECT $table_name, d._file, d._row, $key_field, d.key_text, 'duplicate_key',
  coalesce(l.label || ' ', '') || reason.zh || ' (保留的是 ' || f.file || ' 第 ' || d.first_row || ' 行)',
  $key_field || ' ' || reason.en || ' (kept: ' || f.file || ' row ' || d.first_row || ')'
FROM dup___TABLE__ d
JOIN reasons reason ON reason.code = 'duplicate_key'
JOIN sources f ON f.file_id = d.first_file
LEFT JOIN field_labels l ON l.table_name = $table_name AND l.field = $key_field
ORDER BY d._file, d._row;

DELETE FROM __TABLE__ t USING dup___TABLE__ d WHERE t.src_file = d._file AND t.src_row = d._row;
