-- The 审计线索 page's shards as JSON text, one row per shard (loaders/site/pages/findings.ts compresses and
-- writes them): $mode 'cell' gives shards $from to $to (county × rule, site/finding_rows.sql), 'not_confirmed'
-- one shard (0) of every 整改不实 claim, 'all' one shard (0) of every finding (written only when there are
-- few). A shard is columns: its projects (with the approval date) and villages as dictionaries the rows
-- point into by index, the rows in the outputs' order (n), and their proof figures (metrics/proof.sql:
-- for F06/F07 the headcount ratio, actual and virtual headcount the page ranks by).
WITH sel AS MATERIALIZED (
  SELECT CASE WHEN $mode = 'cell' THEN shard ELSE 0 END AS file, *
  FROM site_finding_rows
  WHERE CASE $mode WHEN 'cell' THEN shard BETWEEN $from AND $to
    WHEN 'not_confirmed' THEN coalesce(verdict = 'not_confirmed', false) ELSE true END
), pj AS (
  SELECT file, project_id, CAST(row_number() OVER (PARTITION BY file ORDER BY project_id) - 1 AS INTEGER) AS pi
  FROM (SELECT DISTINCT file, project_id FROM sel)
), vl AS (
  SELECT file, village_code, village_name,
    CAST(row_number() OVER (PARTITION BY file ORDER BY village_code) - 1 AS INTEGER) AS vi
  FROM (SELECT file, village_code, any_value(village_name) AS village_name FROM sel
    WHERE village_code IS NOT NULL GROUP BY ALL)
), project_lists AS (
  SELECT pj.file, {
    'id': list(pj.project_id ORDER BY pj.pi),
    'name': list(site_text(mp.project_name) ORDER BY pj.pi),
    'approved_on': list(CAST(mp.approved_on AS VARCHAR) ORDER BY pj.pi)
  } AS projects
  FROM pj LEFT JOIN m_projects mp USING (project_id)
  GROUP BY pj.file
), village_lists AS (
  SELECT file, {'code': list(village_code ORDER BY vi), 'name': list(village_name ORDER BY vi)} AS villages
  FROM vl GROUP BY file
), sorted AS (
  -- each shard's rows sorted once, as one list of structs, then split into columns (an ORDER BY per list
  -- sorted the rows forty times)
  SELECT s.file, list({
    'n': s.n,
    'county': s.county_index,
    'rule': s.rule_index,
    'key': s.finding_key,
    'project': pj.pi,
    'village': vl.vi,
    'person': s.person,
    'person_key': s.person_key,
    'person_findings': s.person_findings,
    'person_shards': s.person_shards,
    'record': s.record_id,
    'amount_fen': s.amount_fen,
    'date': s.event_on,
    'detail': s.detail,
    'rectification': s.rectification,
    'reported_on': s.reported_on,
    'note': s.note,
    'verdict': s.verdict,
    'source': s.source_file,
    'source_row': s.source_row,
    'open': CAST(s.open AS INTEGER),
    'p_required_yuan': s.required_yuan,
    'p_received_yuan': s.received_yuan,
    'p_in_special_yuan': s.in_special_yuan,
    'p_distributed_yuan': s.distributed_yuan,
    'p_new_method_yuan': s.new_method_yuan,
    'p_old_method_yuan': s.old_method_yuan,
    'p_gap_yuan': s.gap_yuan,
    'p_approved_on': s.approved_on,
    'p_supplied_on': s.supplied_on,
    'p_funded_on': s.funded_on,
    'p_compensation_paid_on': s.compensation_paid_on,
    'p_deadline_on': s.deadline_on,
    'p_first_credited_on': s.first_credited_on,
    'p_actual_people': s.actual_people,
    'p_virtual_people': s.virtual_people,
    'p_headcount_ratio': s.headcount_ratio,
    'p_threshold_ratio': s.threshold_ratio,
    'p_quota': s.quota,
    'p_credit_n': s.credit_n,
    'p_age_years': s.age_years,
    'p_adult_age': s.adult_age
  } ORDER BY s.n) AS l
  FROM sel s JOIN pj USING (file, project_id) LEFT JOIN vl USING (file, village_code)
  GROUP BY s.file
), row_lists AS (
  SELECT file, {
    'n': list_transform(l, x -> x.n),
    'county': list_transform(l, x -> x.county),
    'rule': list_transform(l, x -> x.rule),
    'key': list_transform(l, x -> x.key),
    'project': list_transform(l, x -> x.project),
    'village': list_transform(l, x -> x.village),
    'person': list_transform(l, x -> x.person),
    'person_key': list_transform(l, x -> x.person_key),
    'person_findings': list_transform(l, x -> x.person_findings),
    'person_shards': list_transform(l, x -> x.person_shards),
    'record': list_transform(l, x -> x.record),
    'amount_fen': list_transform(l, x -> x.amount_fen),
    'date': list_transform(l, x -> x.date),
    'detail': list_transform(l, x -> x.detail),
    'rectification': list_transform(l, x -> x.rectification),
    'reported_on': list_transform(l, x -> x.reported_on),
    'note': list_transform(l, x -> x.note),
    'verdict': list_transform(l, x -> x.verdict),
    'source': list_transform(l, x -> x.source),
    'source_row': list_transform(l, x -> x.source_row),
    'open': list_transform(l, x -> x.open)
  } AS rows, {
    -- the proof columns (common/evidence.js PROOF_COLUMNS, test/findings.test.ts checks the list), a column
    -- none of the shard's rows fills as null: a shard is one rule, which fills a few
    'required_yuan': CASE WHEN list_bool_or(list_transform(l, x -> x.p_required_yuan IS NOT NULL)) THEN list_transform(l, x -> x.p_required_yuan) END,
    'received_yuan': CASE WHEN list_bool_or(list_transform(l, x -> x.p_received_yuan IS NOT NULL)) THEN list_transform(l, x -> x.p_received_yuan) END,
    'in_special_yuan': CASE WHEN list_bool_or(list_transform(l, x -> x.p_in_special_yuan IS NOT NULL)) THEN list_transform(l, x -> x.p_in_special_yuan) END,
    'distributed_yuan': CASE WHEN list_bool_or(list_transform(l, x -> x.p_distributed_yuan IS NOT NULL)) THEN list_transform(l, x -> x.p_distributed_yuan) END,
    'new_method_yuan': CASE WHEN list_bool_or(list_transform(l, x -> x.p_new_method_yuan IS NOT NULL)) THEN list_transform(l, x -> x.p_new_method_yuan) END,
    'old_method_yuan': CASE WHEN list_bool_or(list_transform(l, x -> x.p_old_method_yuan IS NOT NULL)) THEN list_transform(l, x -> x.p_old_method_yuan) END,
    'gap_yuan': CASE WHEN list_bool_or(list_transform(l, x -> x.p_gap_yuan IS NOT NULL)) THEN list_transform(l, x -> x.p_gap_yuan) END,
    'approved_on': CASE WHEN list_bool_or(list_transform(l, x -> x.p_approved_on IS NOT NULL)) THEN list_transform(l, x -> x.p_approved_on) END,
    'supplied_on': CASE WHEN list_bool_or(list_transform(l, x -> x.p_supplied_on IS NOT NULL)) THEN list_transform(l, x -> x.p_supplied_on) END,
    'funded_on': CASE WHEN list_bool_or(list_transform(l, x -> x.p_funded_on IS NOT NULL)) THEN list_transform(l, x -> x.p_funded_on) END,
    'compensation_paid_on': CASE WHEN list_bool_or(list_transform(l, x -> x.p_compensation_paid_on IS NOT NULL)) THEN list_transform(l, x -> x.p_compensation_paid_on) END,
    'deadline_on': CASE WHEN list_bool_or(list_transform(l, x -> x.p_deadline_on IS NOT NULL)) THEN list_transform(l, x -> x.p_deadline_on) END,
    'first_credited_on': CASE WHEN list_bool_or(list_transform(l, x -> x.p_first_credited_on IS NOT NULL)) THEN list_transform(l, x -> x.p_first_credited_on) END,
    'actual_people': CASE WHEN list_bool_or(list_transform(l, x -> x.p_actual_people IS NOT NULL)) THEN list_transform(l, x -> x.p_actual_people) END,
    'virtual_people': CASE WHEN list_bool_or(list_transform(l, x -> x.p_virtual_people IS NOT NULL)) THEN list_transform(l, x -> x.p_virtual_people) END,
    'headcount_ratio': CASE WHEN list_bool_or(list_transform(l, x -> x.p_headcount_ratio IS NOT NULL)) THEN list_transform(l, x -> x.p_headcount_ratio) END,
    'threshold_ratio': CASE WHEN list_bool_or(list_transform(l, x -> x.p_threshold_ratio IS NOT NULL)) THEN list_transform(l, x -> x.p_threshold_ratio) END,
    'quota': CASE WHEN list_bool_or(list_transform(l, x -> x.p_quota IS NOT NULL)) THEN list_transform(l, x -> x.p_quota) END,
    'credit_n': CASE WHEN list_bool_or(list_transform(l, x -> x.p_credit_n IS NOT NULL)) THEN list_transform(l, x -> x.p_credit_n) END,
    'age_years': CASE WHEN list_bool_or(list_transform(l, x -> x.p_age_years IS NOT NULL)) THEN list_transform(l, x -> x.p_age_years) END,
    'adult_age': CASE WHEN list_bool_or(list_transform(l, x -> x.p_adult_age IS NOT NULL)) THEN list_transform(l, x -> x.p_adult_age) END
  } AS proof
  FROM sorted
)
SELECT r.file AS shard, CAST(json_object('projects', p.projects,
    'villages', coalesce(v.villages, {'code': []::VARCHAR[], 'name': []::VARCHAR[]}), 'rows', r.rows, 'proof', r.proof) AS VARCHAR) AS json
FROM row_lists r JOIN project_lists p USING (file) LEFT JOIN village_lists v USING (file)
ORDER BY r.file;
