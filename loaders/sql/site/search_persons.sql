-- 搜索: the person index's shards $from to $to as JSON text, one row per shard: every person credited by T,
-- keyed by the last four characters of the ID, as [masked ID (docs/privacy.md#masking), the indices in
-- search.json's project list (project_names.sql's order) of the projects that credited them, credits].
-- The full ID never leaves this query. The credits come from site_person_credits (person_shard_rows.sql),
-- stored in shard order.
WITH people AS (
  SELECT d.shard, right(d.person_id, 4) AS last4, mask_id(d.person_id) AS person,
    list_sort(list(DISTINCT d.i)) AS projects, count(*) AS credits
  FROM site_person_credits d
  WHERE d.shard BETWEEN $from AND $to
  GROUP BY d.shard, d.person_id
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
