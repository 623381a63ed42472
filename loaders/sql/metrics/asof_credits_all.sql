-- The credits as of $as_of when that is every credit (metrics/scope.sql asof_cover): distributions itself,
-- not a copy (docs/decisions.md O12: at the national scale a copy is 41 million rows held in memory).
DROP TABLE IF EXISTS asof_cut_credits;
CREATE OR REPLACE TEMP VIEW asof_credits AS SELECT * FROM distributions;
