-- The credits as of T with the shard of the search page's person index their ID falls in (by its last four
-- characters, site/person_shards.sql) and their project's index in search.json's project list
-- (project_names.sql's order), stored in shard order: search_persons.sql reads a batch of shards with
-- `shard BETWEEN $from AND $to`, which skips every row group outside the batch by its min and max, as the
-- project shards do (docs/decisions.md O11). Joining all the credits on their last four characters for
-- each batch instead took 4.9-5.4 s a batch at national (35 batches); the copy takes 12.5 s once, and a
-- batch then 2.2-2.7 s.
-- writePersons (loaders/site/pages/search.ts) drops it once the shards are written.
CREATE OR REPLACE TEMP TABLE site_person_credits AS
WITH idx AS (
  SELECT project_id, CAST(row_number() OVER (ORDER BY project_id) - 1 AS INTEGER) AS i FROM m_projects
)
SELECT s.shard, d.person_id, idx.i
FROM asof_credits d
JOIN site_person_shards s ON s.last4 = right(d.person_id, 4)
JOIN idx USING (project_id)
ORDER BY s.shard;
