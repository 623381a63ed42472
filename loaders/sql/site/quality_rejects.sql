-- The first $limit rejects in file and row order, every value masked (reject_value).
SELECT r.table_name, s.file, CAST(r.row AS DOUBLE) AS row, r.field, reject_value(r.field, r.value) AS value,
  r.reason_code, r.reason_zh, r.reason_en
FROM rejects r JOIN sources s USING (file_id)
ORDER BY r.file_id, r.row, r.field NULLS FIRST, r.reason_code LIMIT $limit;
