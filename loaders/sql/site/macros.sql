-- What the site's queries share (loaders/sql/site/*.sql). Money goes to the pages as whole fen, a JSON number
-- exact up to 2^53 fen; free text of the data goes with every ID number in it masked (docs/privacy.md#mask-in-text).
CREATE OR REPLACE MACRO fen(x) AS CAST(yuan_to_fen(x) AS DOUBLE);
CREATE OR REPLACE MACRO site_text(x) AS mask_ids_in(x);
-- A display ratio of two amounts (到位率 received ÷ required, 沉淀 shares): empty when the whole is 0.
CREATE OR REPLACE MACRO share_of(part, whole) AS CASE WHEN whole > 0 THEN CAST(part / whole AS DOUBLE) END;
-- A rejected value as the data quality page shows it: an ID masked; a line the parser could not split may
-- carry columns we do not load (a name, say), so there every run of non-ASCII text is blanked too.
CREATE OR REPLACE MACRO reject_value(field, value) AS CASE
  WHEN field = 'person_id' THEN mask_id(value)
  WHEN field IS NULL THEN regexp_replace(mask_ids_in(left(value, 200)), '[^\x00-\x7F]+', '＊', 'g')
  ELSE mask_ids_in(left(value, 200))
END;
-- Money as whole fen in a JSON text made by DuckDB (to_json writes a DOUBLE with ".0").
CREATE OR REPLACE MACRO fen_int(x) AS CAST(yuan_to_fen(x) AS BIGINT);
-- A list as it is, or NULL when none of its values is set: a JSON column of a shard that no row fills goes
-- out as null, not a null per row (site/finding_shard_json.sql).
CREATE OR REPLACE MACRO filled_list(l) AS CASE WHEN list_bool_or(list_transform(l, x -> x IS NOT NULL)) THEN l END;
