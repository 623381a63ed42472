-- The source files the load read, by id.
SELECT CAST(file_id AS INTEGER) AS file_id, file, table_name FROM sources ORDER BY file_id;
