-- How the values of the chunk of one table just validated were typed, when not in their plain form
-- (the f_ columns of chk_<table>: a unit stripped, a date form read), counted per file, field and kind
-- for the load report (docs/decisions.md I22). Parameters: $table_name.
INSERT INTO forms_seen
SELECT _file, substr(field, 3) AS field, kind, count(*) AS n
FROM (
  SELECT _file, field, unnest(forms) AS kind
  FROM (UNPIVOT (SELECT _file, COLUMNS('^f_') FROM query_table('chk_' || $table_name)
                 WHERE len(flatten(list_value(*COLUMNS('^f_')))) > 0)
        ON COLUMNS('^f_') INTO NAME field VALUE forms)
)
GROUP BY ALL;
