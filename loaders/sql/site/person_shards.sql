-- Which shard file of the search page's person index holds each last-four-characters value of an ID: the
-- assignment is made in common/shard.js (the page computes the same number from what is typed) and bound
-- here as JSON.
CREATE OR REPLACE TEMP TABLE site_person_shards AS
SELECT s.last4, s.shard
FROM (SELECT unnest(from_json($shards, '[{"last4":"VARCHAR","shard":"INTEGER"}]')) AS s);
