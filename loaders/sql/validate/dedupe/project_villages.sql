-- Removes the later rows of a duplicated key of project_villages, found and rejected by validate/dedupe.sql.
DELETE FROM project_villages t USING duplicate_rows d WHERE t.src_file = d._file AND t.src_row = d._row;
