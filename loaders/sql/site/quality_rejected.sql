-- Per source file: the distinct rows in the rejects list and the problems (a row may have several).
SELECT CAST(file_id AS INTEGER) AS file_id, count(DISTINCT row)::DOUBLE AS rows, count(*)::DOUBLE AS problems
FROM rejects GROUP BY ALL ORDER BY file_id;
