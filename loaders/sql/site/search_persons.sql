-- 搜索: the person index's shards $from to $to as JSON text, one row per shard: every person credited by T,
-- keyed by the last four characters of the ID, as [masked ID (docs/privacy.md#masking), the indices in
-- search.json's project list (project_names.sql's order) of the projects that credited them, credits].
-- The full ID never leaves this query.
WITH idx AS (
  SELECT project_id, CAST(row_number() OVER (ORDER BY project_id) - 1 AS INTEGER) AS i FROM m_projects
), people AS (
  SELECT s.shard, right(d.person_id, 4) AS last4, mask_id(d.person_id) AS person,
    list_sort(list(DISTINCT idx.i)) AS projects, count(*) AS credits
  FROM asof_credits d
  JOIN site_person_shards s ON s.last4 = right(d.person_id, 4)
  JOIN idx USING (project_id)
  WHERE s.shard BETWEEN $from AND $to
  GROUP BY s.shard, d.person_id
), by_last4 AS (
  -- one sorted list of structs per last four (list_sort orders them field by field: person, projects,
  -- credits), made JSON after: an ordered aggregate of JSON values sorted each group apart, 5x slower
  SELECT shard, last4,
    to_json(list_transform(list_sort(list({'p': person, 'j': projects, 'c': credits})), e -> json_array(e.p, e.j, e.c))) AS entries
  FROM people GROUP BY shard, last4
)
SELECT shard, '{"as_of":' || to_json(CAST($as_of AS VARCHAR)) || ',"persons":{'
  || string_agg(to_json(last4) || ':' || entries, ',' ORDER BY last4) || '}}' AS json
FROM by_last4 GROUP BY shard ORDER BY shard;
