-- How many problems the rejects list holds in all.
SELECT count(*)::DOUBLE AS total FROM rejects;
