-- The figures that prove each finding (docs/findings.md#proof), one row per finding_key, as of $as_of:
-- the same m_projects / asof_* values the rule in findings.sql compared, kept typed (money DECIMAL(18,2),
-- dates DATE, counts INTEGER, headcounts and ratios DECIMAL(18,6)) so an export writes numbers and dates,
-- not text. A column is filled only for the rules it proves (common/evidence.js PROOF_COLUMNS says which)
-- and NULL otherwise, so every export has the same columns.
CREATE OR REPLACE TABLE m_finding_proof AS
WITH repeated AS (
  -- F08: which credit of the person on the project this is, and the first one's date, in the rule's order.
  SELECT d.record_id, row_number() OVER w AS n, first_value(d.credited_on) OVER w AS first_on
  FROM asof_credits d
  SEMI JOIN (SELECT project_id, person_id FROM m_findings WHERE code = 'F08') USING (project_id, person_id)
  WINDOW w AS (PARTITION BY d.project_id, d.person_id ORDER BY d.credited_on, d.record_id)
)
SELECT
  f.finding_key,
  CASE WHEN f.code IN ('F01', 'F02', 'F03') THEN mp.required_yuan END AS required_yuan,
  CASE f.code WHEN 'F01' THEN mp.received_at_approval WHEN 'F02' THEN mp.received_at_supply
              WHEN 'F05' THEN mp.received_yuan END AS received_yuan,
  CASE WHEN f.code = 'F03' THEN mp.in_special_at_deadline END AS in_special_yuan,
  CASE WHEN f.code = 'F05' THEN mp.distributed_yuan END AS distributed_yuan,
  CASE WHEN f.code = 'F12' THEN mp.new_method_yuan END AS new_method_yuan,
  CASE WHEN f.code = 'F12' THEN mp.old_method_yuan END AS old_method_yuan,
  -- the shortfall (F01-F03: required - what there was), the excess (F05) or how far the new method falls
  -- below the old (F12): always positive for a finding.
  CAST(CASE f.code
    WHEN 'F01' THEN mp.required_yuan - mp.received_at_approval
    WHEN 'F02' THEN mp.required_yuan - mp.received_at_supply
    WHEN 'F03' THEN mp.required_yuan - mp.in_special_at_deadline
    WHEN 'F05' THEN mp.distributed_yuan - mp.received_yuan
    WHEN 'F12' THEN mp.old_method_yuan - mp.new_method_yuan
  END AS DECIMAL(18, 2)) AS gap_yuan,
  CASE WHEN f.code IN ('F01', 'F03', 'F04') THEN mp.approved_on END AS approved_on,
  CASE WHEN f.code = 'F02' THEN mp.supplied_on END AS supplied_on,
  CASE WHEN f.code = 'F04' THEN mp.funded_on END AS funded_on,
  CASE WHEN f.code = 'F10' THEN pv.compensation_paid_on END AS compensation_paid_on,
  -- the last day allowed: F03 transfer, F04 enrolment, F10 the quota's validity (credits after it are late)
  CASE f.code
    WHEN 'F03' THEN mp.approved_on + pp.transfer_deadline_days
    WHEN 'F04' THEN greatest(mp.funded_on, mp.approved_on) + pp.enrolment_deadline_days
    WHEN 'F10' THEN CAST(pv.compensation_paid_on + to_years(pp.quota_valid_years) AS DATE)
  END AS deadline_on,
  CASE f.code WHEN 'F04' THEN mp.first_credited_on WHEN 'F08' THEN r.first_on END AS first_credited_on,
  CAST(CASE WHEN f.code IN ('F06', 'F07') THEN mp.actual_people WHEN f.code = 'F11' THEN vh.actual_people END
    AS INTEGER) AS actual_people,
  CASE WHEN f.code IN ('F06', 'F07') THEN mp.virtual_people END AS virtual_people,
  -- actual / virtual to 6 decimals, rounded half up from the exact headcounts (the rule itself compares
  -- the exact values); empty when the villages support no one (virtual 0).
  CASE WHEN f.code IN ('F06', 'F07') AND mp.virtual_pico > 0
       THEN CAST(div_round(CAST(mp.actual_people AS HUGEINT) * CAST(1000000000000000000 AS HUGEINT),
                           CAST(mp.virtual_pico AS HUGEINT)) AS DECIMAL(38, 0)) * 0.000001 END
    ::DECIMAL(18, 6) AS headcount_ratio,
  CASE f.code WHEN 'F06' THEN pp.dilution_ratio WHEN 'F07' THEN pp.undercoverage_ratio END AS threshold_ratio,
  CASE WHEN f.code = 'F11' THEN pv.quota END::INTEGER AS quota,
  CASE WHEN f.code = 'F08' THEN r.n END::INTEGER AS credit_n,
  CASE WHEN f.code = 'F09' THEN date_sub('year', id_birth_date(f.person_id), f.event_on) END::INTEGER AS age_years,
  CASE WHEN f.code = 'F09' THEN pp.adult_age END::INTEGER AS adult_age
FROM m_findings f
JOIN m_projects mp USING (project_id)
JOIN asof_project_policy pp USING (project_id)
-- Equality-only joins, each matching at most one row (a project-village, a credit): a condition on the
-- finding's code in ON makes DuckDB compare every finding with every row (a nested loop, 12 s for 26,355
-- findings at province), so the code is tested in the CASE of each column instead.
LEFT JOIN asof_project_villages pv ON pv.project_id = f.project_id AND pv.village_code = f.village_code
LEFT JOIN asof_village_headcount vh ON vh.project_id = f.project_id AND vh.village_code = f.village_code
LEFT JOIN repeated r ON r.record_id = f.record_id;
