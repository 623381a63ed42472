-- How many people the search page's person index holds, to choose how many shards to write.
SELECT count(DISTINCT id_digits)::DOUBLE AS persons FROM asof_credits;
