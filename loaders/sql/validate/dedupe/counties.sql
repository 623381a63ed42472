-- Removes the later rows of a duplicated county_code of counties.csv, found and rejected by validate/dedupe.sql.
DELETE FROM county_overrides t USING duplicate_rows d WHERE t.src_file = d._file AND t.src_row = d._row;
