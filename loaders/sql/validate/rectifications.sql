-- rectifications (整改台账, docs/data.md#rectifications): the findings list a county was sent, returned with
-- 整改状态 / 报告日期 / 整改说明 filled in. The list's other columns were set aside as extra columns.
-- A row whose three answer columns are all empty is a finding the county did not answer: not data, so it
-- is neither loaded nor rejected but counted as unanswered (docs/decisions.md R2).
-- The key must have the shape of its rule (docs/findings.md#finding-key) and name a known project: a
-- malformed key or one of an unknown project is rejected; a well-formed key that matches no finding at T
-- is kept and reported as unmatched by the metrics (docs/review.md#unmatched). Rows may repeat a key:
-- every report counts in its turn (metrics/rectifications.sql), so nothing here is a duplicate.
INSERT INTO unanswered
SELECT _file, _row FROM stg_rectifications
WHERE clean_text(status) IS NULL AND clean_text(reported_on) IS NULL AND clean_text(note) IS NULL;

DELETE FROM stg_rectifications s USING unanswered u WHERE s._file = u.file_id AND s._row = u.row;

CREATE OR REPLACE TEMP TABLE chk_rectifications AS
WITH c AS (
  SELECT _file, _row, _issues,
    -- A Chinese input method types the colon full-width; clean_code folds it. The rule code's letter may
    -- be typed in lower case.
    upper(left(clean_code(finding_key), 3)) || substr(clean_code(finding_key), 4) AS c_key,
    clean_code(status) AS c_status,
    clean_code(reported_on) AS c_reported_on,
    clean_text(note) AS c_note
  FROM stg_rectifications
), shaped AS (
  SELECT c.*,
    left(c_key, 3) AS code,
    CASE
      WHEN regexp_full_match(c_key, 'F(0[1-7]|12):.+') THEN 'project'
      WHEN regexp_full_match(c_key, 'F11:.+:[0-9]{12}') THEN 'village'
      WHEN regexp_full_match(c_key, 'F(08|09|10):.+:.+') THEN 'record'
    END AS shape,
    substr(c_key, 5) AS rest
  FROM c
), candidates AS (
  -- The project id is the whole rest of a project-level key, the rest less its village code for F11, and
  -- for a credit-level key a prefix of the rest ending before one of its colons (either id may hold a
  -- colon): each is looked up, the longest known one wins.
  SELECT _file, _row,
    CASE shape
      WHEN 'project' THEN [rest]
      WHEN 'village' THEN [left(rest, length(rest) - 13)]
      ELSE [array_to_string(parts[1:i], ':') FOR i IN range(1, len(parts))]
    END AS ids
  FROM (SELECT *, string_split(rest, ':') AS parts FROM shaped WHERE shape IS NOT NULL)
), found AS (
  SELECT k._file, k._row, arg_max(p.project_id, length(p.project_id)) AS project_id
  FROM (SELECT _file, _row, unnest(ids) AS id FROM candidates) k
  JOIN projects p ON p.project_id = k.id
  GROUP BY k._file, k._row
), rejected AS (
  SELECT DISTINCT k._file, k._row
  FROM (SELECT _file, _row, unnest(ids) AS id FROM candidates) k
  SEMI JOIN seen_projects s ON s.project_id = k.id
), t AS (
  SELECT s.*, f.project_id,
    r._row IS NOT NULL AS project_rejected,
    enum_value(c_status, $rectifications_status_values) AS t_status,
    parse_date(date_text(c_reported_on)) AS t_reported_on
  FROM shaped s
  LEFT JOIN found f USING (_file, _row)
  LEFT JOIN rejected r USING (_file, _row)
), checked AS (
  SELECT _file, _row, _issues,
    c_key AS finding_key, code, project_id, t_status AS status, t_reported_on AS reported_on, c_note AS note,
    CASE WHEN c_key IS NULL THEN 'required'
         WHEN length(c_key) > 500 THEN 'text_too_long'
         WHEN shape IS NULL THEN 'finding_key_format'
         WHEN project_id IS NOT NULL THEN NULL
         WHEN project_rejected THEN 'project_rejected'
         ELSE 'finding_key_project' END AS e_finding_key,
    CASE WHEN c_status IS NULL THEN 'required'
         WHEN t_status IS NULL THEN 'rectification_status_value' END AS e_status,
    date_issue(c_reported_on, t_reported_on, true, $today) AS e_reported_on,
    CASE WHEN length(c_note) > 2000 THEN 'note_too_long' END AS e_note
  FROM t
)
SELECT *, coalesce(e_finding_key, e_status, e_reported_on, e_note) IS NULL AND _issues IS NULL AS ok
FROM checked;

INSERT INTO rectifications
SELECT finding_key, code, project_id, status, reported_on, note, _file, _row
FROM chk_rectifications c
WHERE ok;
