-- Duplicate keys of one loaded table, once all its files are loaded (so duplicates across the files of a
-- folder are found too, docs/data.md#duplicates): among the rows that passed every rule, the first by file
-- then row is kept; each later one is rejected naming the kept row. dedupe/<table>.sql then removes them.
-- Parameters: $table_name (the loaded table), $source_table (its source table, for labels), $keys (its
-- key fields, comma-separated).
CREATE OR REPLACE TEMP TABLE duplicate_rows AS
SELECT src_file AS _file, src_row AS _row, key_text, first_file, first_row FROM (
  SELECT src_file, src_row, key_text,
    first_value(src_file) OVER w AS first_file, first_value(src_row) OVER w AS first_row,
    row_number() OVER w AS n
  FROM (SELECT src_file, src_row,
          concat_ws(' / ', *COLUMNS(c -> list_contains(string_split($keys, ','), c))) AS key_text
        FROM query_table($table_name))
  WINDOW w AS (PARTITION BY key_text ORDER BY src_file, src_row)
) WHERE n > 1;

INSERT INTO rejects
SELECT $source_table, d._file, d._row, split_part($keys, ',', 1), reject_value(NULL, d.key_text), 'duplicate_key',
  coalesce(l.label || ' ', '') || reason.zh || ' (保留的是 ' || f.file || ' 第 ' || d.first_row || ' 行)',
  split_part($keys, ',', 1) || ' ' || reason.en || ' (kept: ' || f.file || ' row ' || d.first_row || ')'
FROM duplicate_rows d
JOIN reasons reason ON reason.code = 'duplicate_key'
JOIN sources f ON f.file_id = d.first_file
LEFT JOIN field_labels l ON l.table_name = $source_table AND l.field = split_part($keys, ',', 1)
ORDER BY d._file, d._row;
