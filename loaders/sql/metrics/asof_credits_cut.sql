-- The credits as of $as_of when some are not (metrics/scope.sql asof_cover): those dated by then, of a
-- project approved by then (docs/metrics.md#1-截止日-t--as-of-t), copied once for the queries of the pass.
CREATE OR REPLACE TEMP TABLE asof_cut_credits AS
SELECT di.* FROM distributions di SEMI JOIN asof_projects p USING (project_id)
WHERE di.credited_on <= $as_of;
CREATE OR REPLACE TEMP VIEW asof_credits AS SELECT * FROM asof_cut_credits;
