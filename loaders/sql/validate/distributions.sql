-- distributions (分配到人, docs/data.md#distributions): a known project and a village of that project, a
-- valid 18-character citizen ID (GB 11643 check character), an amount > 0, a date, a known account;
-- record_id unique (first row kept). c_ cleaned, t_ parsed, e_ judged, f_ how it was typed
-- (docs/decisions.md I22). Parameters: $today, $distributions_account_values.
CREATE OR REPLACE TEMP TABLE chk_distributions AS
WITH c AS (
  SELECT _file, _row, _issues,
    record_id AS r_record_id, project_id AS r_project_id, village_code AS r_village_code,
    person_id AS r_person_id, amount_yuan AS r_amount, credited_on AS r_credited_on,
    clean_code(record_id) AS c_record_id,
    clean_code(project_id) AS c_project_id,
    clean_code(village_code) AS c_village_code,
    upper(clean_code(person_id)) AS c_person_id,
    clean_code(amount_yuan) AS c_amount,
    clean_code(credited_on) AS c_credited_on,
    clean_code(account) AS c_account
  FROM stg_distributions
), t AS (
  SELECT c.*,
    regexp_full_match(c_person_id, '[0-9]{17}[0-9X]') AS id_shape18,
    TRY_CAST(left(c_person_id, 17) AS BIGINT) AS id17,
    number_text(c_amount, '元') AS n_amount,
    TRY_CAST(number_text(c_amount, '元') AS DECIMAL(18, 2)) AS t_amount,
    parse_date(date_text(c_credited_on)) AS t_credited_on,
    enum_value(c_account, $distributions_account_values) AS t_account,
    p.project_id IS NOT NULL AS project_found,
    pv.project_id IS NOT NULL AS pair_found
  FROM c
  LEFT JOIN projects p ON p.project_id = c.c_project_id
  LEFT JOIN project_villages pv ON pv.project_id = c.c_project_id AND pv.village_code = c.c_village_code
), ids AS (
  SELECT *,
    is_birth_day(id_digits_ymd(id17)) AS id_birth_ok,
    id_check_char_of(id17) = right(c_person_id, 1) AS id_check_ok
  FROM t
), checked AS (
  SELECT _file, _row, _issues,
    c_record_id AS record_id, c_project_id AS project_id, c_village_code AS village_code,
    c_person_id AS person_id, id17 AS id_digits, t_amount AS amount_yuan, t_credited_on AS credited_on, t_account AS account,
    key_issue(c_record_id, true) AS e_record_id,
    coalesce(key_issue(c_project_id, true),
             CASE WHEN project_found THEN NULL
                  WHEN c_project_id IN (SELECT project_id FROM seen_projects) THEN 'project_rejected'
                  ELSE 'project_unknown' END) AS e_project_id,
    CASE WHEN c_village_code IS NULL THEN 'required'
         WHEN is_sci_number(c_village_code) THEN 'stored_as_number'
         WHEN NOT regexp_full_match(c_village_code, '[0-9]{12}') THEN 'village_code_format'
         WHEN project_found AND NOT pair_found THEN 'project_village_unknown'
    END AS e_village_code,
    CASE WHEN c_person_id IS NULL THEN 'required'
         WHEN is_sci_number(c_person_id) THEN 'stored_as_number'
         ELSE id_issue(c_person_id, id_shape18, id_birth_ok, id_check_ok) END AS e_person_id,
    money_issue(c_amount, n_amount, t_amount, true, false) AS e_amount_yuan,
    date_issue(c_credited_on, t_credited_on, true, $today) AS e_credited_on,
    CASE WHEN c_account IS NULL THEN 'required'
         WHEN t_account IS NULL THEN 'person_account_value' END AS e_account,
    text_forms(r_record_id, c_record_id) AS f_record_id,
    text_forms(r_project_id, c_project_id) AS f_project_id,
    text_forms(r_village_code, c_village_code) AS f_village_code,
    id_forms(r_person_id, c_person_id) AS f_person_id,
    number_forms(r_amount, n_amount) AS f_amount_yuan,
    date_forms(r_credited_on, t_credited_on) AS f_credited_on
  FROM ids
)
SELECT *, coalesce(e_record_id, e_project_id, e_village_code, e_person_id, e_amount_yuan, e_credited_on,
                   e_account) IS NULL AND _issues IS NULL AS ok
FROM checked;

INSERT INTO distributions
SELECT record_id, project_id, village_code, person_id, id_digits, amount_yuan, credited_on, account, _file, _row
FROM chk_distributions c
WHERE ok;

-- ID numbers ending in 000, per file: real ones rarely do; a column Excel stored as a number always does
-- (15 digits kept). ingest.ts warns about the file when many do (docs/decisions.md I23).
INSERT INTO file_checks
SELECT _file, 'id_tail_000', count(*) FILTER (WHERE ends_with(person_id, '000')), count(person_id),
  count(*) FILTER (WHERE ends_with(person_id, '000') AND ok)
FROM chk_distributions
GROUP BY _file;
