-- Which shard file holds each project's page data: the assignment is made in common/shard.js (the project
-- page computes the same number from the id) and bound here as JSON, so the queries below can read the
-- projects shard by shard.
CREATE OR REPLACE TEMP TABLE site_project_shards AS
SELECT s.project_id, s.shard
FROM (SELECT unnest(from_json($shards, '[{"project_id":"VARCHAR","shard":"INTEGER"}]')) AS s);
