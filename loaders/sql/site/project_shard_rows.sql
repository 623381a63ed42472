-- The credits and fund flows as of T with their project's shard, stored in shard order (docs/decisions.md
-- O11): project_shard_json reads a batch of shards with `shard BETWEEN $from AND $to`, which skips every row
-- group outside the batch by its min and max instead of reading all the credits again for each batch.
-- writeProjects (loaders/site/pages/projects.ts) drops both once the shards are written.
CREATE OR REPLACE TEMP TABLE site_project_credits AS
SELECT s.shard, d.* EXCLUDE (id_digits) FROM asof_credits d JOIN site_project_shards s USING (project_id) ORDER BY s.shard;

CREATE OR REPLACE TEMP TABLE site_project_flows AS
SELECT s.shard, f.* FROM asof_flows f JOIN site_project_shards s USING (project_id) ORDER BY s.shard;
