-- The credits and fund flows as of T with their project's shard, stored in shard order: project_shard_json
-- reads a batch of shards with `shard BETWEEN $from AND $to`, which skips every row group outside the batch
-- by its min and max, where a join on the project would read all 41 million credits again for each of the
-- 165 batches of the national scale (measured there: 5.1 s a batch against 3.0 s, for 44 s sorting once).
CREATE OR REPLACE TEMP TABLE site_project_credits AS
SELECT s.shard, d.* FROM asof_credits d JOIN site_project_shards s USING (project_id) ORDER BY s.shard;

CREATE OR REPLACE TEMP TABLE site_project_flows AS
SELECT s.shard, f.* FROM asof_flows f JOIN site_project_shards s USING (project_id) ORDER BY s.shard;
