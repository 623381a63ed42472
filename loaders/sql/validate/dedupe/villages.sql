-- Removes the later rows of a duplicated key of villages, found and rejected by validate/dedupe.sql.
DELETE FROM villages t USING duplicate_rows d WHERE t.src_file = d._file AND t.src_row = d._row;
