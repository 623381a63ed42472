-- Removes the later rows of a duplicated key of fund_flows, found and rejected by validate/dedupe.sql.
DELETE FROM fund_flows t USING duplicate_rows d WHERE t.src_file = d._file AND t.src_row = d._row;
