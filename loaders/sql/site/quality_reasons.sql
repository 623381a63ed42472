-- The reasons of the rejects, most rows first, with the fix in Chinese and English.
SELECT r.reason_code, coalesce(any_value(x.zh), any_value(r.reason_zh)) AS zh,
  coalesce(any_value(x.en), any_value(r.reason_en)) AS en,
  list(DISTINCT r.table_name ORDER BY r.table_name) AS tables,
  list(DISTINCT coalesce(r.field, '(整行)') ORDER BY coalesce(r.field, '(整行)')) AS fields,
  count(*)::DOUBLE AS problems, count(DISTINCT (r.file_id, r.row))::DOUBLE AS rows
FROM rejects r LEFT JOIN reasons x ON x.code = r.reason_code
GROUP BY r.reason_code ORDER BY rows DESC, problems DESC, r.reason_code;
