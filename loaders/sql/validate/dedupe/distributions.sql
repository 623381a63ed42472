-- Removes the later rows of a duplicated key of distributions, found and rejected by validate/dedupe.sql.
DELETE FROM distributions t USING duplicate_rows d WHERE t.src_file = d._file AND t.src_row = d._row;
