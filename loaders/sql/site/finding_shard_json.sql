-- The 审计线索 page's shards as JSON text, one row per shard (loaders/site/pages/findings.ts compresses and
-- writes them): $mode 'cell' gives shards $from to $to (county × rule, site/finding_rows.sql), 'not_confirmed'
-- one shard (0) of every 整改不实 claim, 'all' one shard (0) of every finding (written only when there are
-- few). A shard is columns: its projects (with the approval date), villages and source files as
-- dictionaries the rows point into by index, the rows in the outputs' order (n), and their proof figures
-- (metrics/proof.sql: for F06/F07 the headcount ratio, actual and virtual headcount the page ranks by). A
-- column none of the shard's rows fills is null (filled_list, site/macros.sql): a shard is one rule, most
-- findings are not rectified, and the nulls were an eighth of the text (src/components/findingsData.js
-- decodeShard reads both).
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
), sf AS (
  SELECT file, source_file, CAST(row_number() OVER (PARTITION BY file ORDER BY source_file) - 1 AS INTEGER) AS si
  FROM (SELECT DISTINCT file, source_file FROM sel WHERE source_file IS NOT NULL)
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
), source_lists AS (
  SELECT file, list(source_file ORDER BY si) AS sources FROM sf GROUP BY file
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
    'source': sf.si,
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
    LEFT JOIN sf USING (file, source_file)
  GROUP BY s.file
), row_lists AS (
  SELECT file, {
    'n': list_transform(l, x -> x.n),
    'county': list_transform(l, x -> x.county),
    'rule': list_transform(l, x -> x.rule),
    'key': list_transform(l, x -> x.key),
    'project': list_transform(l, x -> x.project),
    'village': filled_list(list_transform(l, x -> x.village)),
    'person': filled_list(list_transform(l, x -> x.person)),
    'person_key': filled_list(list_transform(l, x -> x.person_key)),
    'person_findings': filled_list(list_transform(l, x -> x.person_findings)),
    'person_shards': filled_list(list_transform(l, x -> x.person_shards)),
    'record': filled_list(list_transform(l, x -> x.record)),
    'amount_fen': filled_list(list_transform(l, x -> x.amount_fen)),
    'date': filled_list(list_transform(l, x -> x.date)),
    'detail': filled_list(list_transform(l, x -> x.detail)),
    'rectification': filled_list(list_transform(l, x -> x.rectification)),
    'reported_on': filled_list(list_transform(l, x -> x.reported_on)),
    'note': filled_list(list_transform(l, x -> x.note)),
    'verdict': filled_list(list_transform(l, x -> x.verdict)),
    'source': filled_list(list_transform(l, x -> x.source)),
    'source_row': filled_list(list_transform(l, x -> x.source_row)),
    'open': list_transform(l, x -> x.open)
  } AS rows, {
    -- the proof columns (common/evidence.js PROOF_COLUMNS, test/findings.test.ts checks the list): a shard
    -- is one rule, which fills a few
    'required_yuan': filled_list(list_transform(l, x -> x.p_required_yuan)),
    'received_yuan': filled_list(list_transform(l, x -> x.p_received_yuan)),
    'in_special_yuan': filled_list(list_transform(l, x -> x.p_in_special_yuan)),
    'distributed_yuan': filled_list(list_transform(l, x -> x.p_distributed_yuan)),
    'new_method_yuan': filled_list(list_transform(l, x -> x.p_new_method_yuan)),
    'old_method_yuan': filled_list(list_transform(l, x -> x.p_old_method_yuan)),
    'gap_yuan': filled_list(list_transform(l, x -> x.p_gap_yuan)),
    'approved_on': filled_list(list_transform(l, x -> x.p_approved_on)),
    'supplied_on': filled_list(list_transform(l, x -> x.p_supplied_on)),
    'funded_on': filled_list(list_transform(l, x -> x.p_funded_on)),
    'compensation_paid_on': filled_list(list_transform(l, x -> x.p_compensation_paid_on)),
    'deadline_on': filled_list(list_transform(l, x -> x.p_deadline_on)),
    'first_credited_on': filled_list(list_transform(l, x -> x.p_first_credited_on)),
    'actual_people': filled_list(list_transform(l, x -> x.p_actual_people)),
    'virtual_people': filled_list(list_transform(l, x -> x.p_virtual_people)),
    'headcount_ratio': filled_list(list_transform(l, x -> x.p_headcount_ratio)),
    'threshold_ratio': filled_list(list_transform(l, x -> x.p_threshold_ratio)),
    'quota': filled_list(list_transform(l, x -> x.p_quota)),
    'credit_n': filled_list(list_transform(l, x -> x.p_credit_n)),
    'age_years': filled_list(list_transform(l, x -> x.p_age_years)),
    'adult_age': filled_list(list_transform(l, x -> x.p_adult_age))
  } AS proof
  FROM sorted
)
SELECT r.file AS shard, CAST(json_object('projects', p.projects,
    'villages', coalesce(v.villages, {'code': []::VARCHAR[], 'name': []::VARCHAR[]}),
    'sources', coalesce(sl.sources, []::VARCHAR[]), 'rows', r.rows, 'proof', r.proof) AS VARCHAR) AS json
FROM row_lists r JOIN project_lists p USING (file) LEFT JOIN village_lists v USING (file)
  LEFT JOIN source_lists sl USING (file)
ORDER BY r.file;
