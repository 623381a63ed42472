-- Audit findings (docs/findings.md), one row each, as of $as_of. Rule codes are stable. person_id is
-- kept whole here, inside the local warehouse; every output masks it (docs/privacy.md#masking).
CREATE OR REPLACE TABLE m_findings (
  code VARCHAR NOT NULL,
  project_id VARCHAR NOT NULL,
  county_code VARCHAR NOT NULL,
  village_code VARCHAR,
  person_id VARCHAR,
  record_id VARCHAR,
  amount_yuan DECIMAL(18, 2),
  event_on DATE,
  detail VARCHAR NOT NULL
);

-- F01 先保后征 (seed 000; seed 004 art. 5): approved while received < required; amount = shortfall that day.
INSERT INTO m_findings
SELECT 'F01', project_id, county_code, NULL, NULL, NULL,
  CAST(required_yuan - received_at_approval AS DECIMAL(18, 2)), approved_on,
  '批复日 ' || approved_on || ' 到账 ' || received_at_approval || ' 元, 应筹 ' || required_yuan || ' 元'
FROM m_projects WHERE received_at_approval < required_yuan;

-- F02 先保后供 (seed 000): land supplied while received < required; amount = shortfall on the supply day.
INSERT INTO m_findings
SELECT 'F02', project_id, county_code, NULL, NULL, NULL,
  CAST(required_yuan - received_at_supply AS DECIMAL(18, 2)), supplied_on,
  '供地日 ' || supplied_on || ' 到账 ' || received_at_supply || ' 元, 应筹 ' || required_yuan || ' 元'
FROM m_projects WHERE supplied_on IS NOT NULL AND received_at_supply < required_yuan;

-- F03 (seed 004 art. 13): not in the special account within transfer_deadline_days of approval, once that
-- day has come; amount = required - in_special on that day.
INSERT INTO m_findings
SELECT 'F03', mp.project_id, mp.county_code, NULL, NULL, NULL,
  CAST(mp.required_yuan - mp.in_special_at_deadline AS DECIMAL(18, 2)), mp.approved_on + pp.transfer_deadline_days,
  '批复后 ' || pp.transfer_deadline_days || ' 天 (' || (mp.approved_on + pp.transfer_deadline_days) || ') 财政专户仅 '
    || mp.in_special_at_deadline || ' 元, 应筹 ' || mp.required_yuan || ' 元'
FROM m_projects mp JOIN asof_project_policy pp USING (project_id)
WHERE mp.approved_on + pp.transfer_deadline_days <= $as_of AND mp.in_special_at_deadline < mp.required_yuan;

-- F04 (seed 004 art. 15): funds fully in place, nobody credited within enrolment_deadline_days, once that
-- day has come. Art. 15 starts the clock when the funds are in place AND the approval is issued; under
-- 先保后征 the funds come first, so the clock starts on the later of funded_on and approved_on
-- (docs/decisions.md). A project that requires nothing has nothing to enrol.
INSERT INTO m_findings
SELECT 'F04', mp.project_id, mp.county_code, NULL, NULL, NULL, NULL,
  greatest(mp.funded_on, mp.approved_on) + pp.enrolment_deadline_days,
  '资金 ' || mp.funded_on || ' 到位、' || mp.approved_on || ' 批复, 至 '
    || (greatest(mp.funded_on, mp.approved_on) + pp.enrolment_deadline_days) || ' 仍无人参保记账'
FROM m_projects mp JOIN asof_project_policy pp USING (project_id)
WHERE mp.required_yuan > 0 AND mp.funded_on IS NOT NULL
  AND greatest(mp.funded_on, mp.approved_on) + pp.enrolment_deadline_days <= $as_of
  AND (mp.first_credited_on IS NULL
       OR mp.first_credited_on > greatest(mp.funded_on, mp.approved_on) + pp.enrolment_deadline_days);

-- F05 (reconciliation): distributed > received; amount = the excess.
INSERT INTO m_findings
SELECT 'F05', project_id, county_code, NULL, NULL, NULL, over_allocated_yuan, NULL,
  '已分配 ' || distributed_yuan || ' 元 > 到账 ' || received_yuan || ' 元'
FROM m_projects WHERE distributed_yuan > received_yuan;

-- F06 (seed 001, the Shenmao railway): actual / virtual >= dilution_ratio, compared exactly. Money credited
-- to people on a project whose villages support no one (virtual 0) is flagged too (docs/decisions.md).
INSERT INTO m_findings
SELECT 'F06', mp.project_id, mp.county_code, NULL, NULL, NULL, NULL, NULL,
  '实际 ' || mp.actual_people || ' 人 / 虚拟 ' || round(mp.virtual_people, 2) || ' 人'
    || CASE WHEN mp.virtual_pico > 0 THEN ' = ' || printf('%.2f', mp.headcount_ratio) ELSE ' (虚拟人数为 0)' END
FROM m_projects mp JOIN asof_project_policy pp USING (project_id)
WHERE mp.actual_people > 0
  AND CAST(mp.actual_people AS HUGEINT) * 1000000000000 >= pp.dilution_ratio * CAST(mp.virtual_pico AS DECIMAL(38, 0));

-- F07 (seed 001): funded (received >= required at T) and actual / virtual < undercoverage_ratio.
INSERT INTO m_findings
SELECT 'F07', mp.project_id, mp.county_code, NULL, NULL, NULL, NULL, NULL,
  '实际 ' || mp.actual_people || ' 人 / 虚拟 ' || round(mp.virtual_people, 2) || ' 人 = '
    || printf('%.2f', coalesce(mp.headcount_ratio, 0))
FROM m_projects mp JOIN asof_project_policy pp USING (project_id)
WHERE mp.virtual_pico > 0 AND mp.received_yuan >= mp.required_yuan
  AND CAST(mp.actual_people AS HUGEINT) * 1000000000000 < pp.undercoverage_ratio * CAST(mp.virtual_pico AS DECIMAL(38, 0));

-- F08 (reconciliation): the same person credited again for the same project; one row per repeated credit
-- (credits in date order, then record id), amount = that credit. The same person is the same
-- id_digits (docs/decisions.md O14).
INSERT INTO m_findings
WITH twice AS (
  SELECT project_id, id_digits FROM asof_credits d GROUP BY project_id, id_digits HAVING count(*) > 1
), ordered AS (
  SELECT d.*, row_number() OVER w AS n, first_value(d.record_id) OVER w AS first_record,
         first_value(d.credited_on) OVER w AS first_on
  FROM asof_credits d SEMI JOIN twice USING (project_id, id_digits)
  WINDOW w AS (PARTITION BY d.project_id, d.id_digits ORDER BY d.credited_on, d.record_id)
)
SELECT 'F08', o.project_id, p.county_code, o.village_code, o.person_id, o.record_id, o.amount_yuan, o.credited_on,
  '第 ' || o.n || ' 次记账 (首次: 记录 ' || o.first_record || ', ' || o.first_on || ')'
FROM ordered o JOIN asof_projects p USING (project_id)
WHERE o.n > 1;

-- F09 (seed 004 art. 17): a person under adult_age on the credit day credited to an individual account
-- (should be the pre-deposit account); amount = the credit.
INSERT INTO m_findings
SELECT 'F09', d.project_id, pp.county_code, d.village_code, d.person_id, d.record_id, d.amount_yuan, d.credited_on,
  '记账日 ' || d.credited_on || ' 未满 ' || pp.adult_age || ' 周岁 ('
    || date_sub('year', id_digits_birth_date(d.id_digits), d.credited_on) || ' 岁), 应记入个人预存款账户'
FROM asof_credits d JOIN asof_project_policy pp USING (project_id)
WHERE d.account = 'individual' AND date_sub('year', id_digits_birth_date(d.id_digits), d.credited_on) < pp.adult_age;

-- F10 (seed 003): credited after the quota expired, credited_on > compensation_paid_on + quota_valid_years;
-- amount = the credit.
INSERT INTO m_findings
SELECT 'F10', d.project_id, pp.county_code, d.village_code, d.person_id, d.record_id, d.amount_yuan, d.credited_on,
  '指标自 ' || pv.compensation_paid_on || ' 起 ' || pp.quota_valid_years || ' 年内有效, 于 ' || d.credited_on || ' 记账'
FROM asof_credits d
JOIN asof_project_villages pv USING (project_id, village_code)
JOIN asof_project_policy pp USING (project_id)
WHERE pv.compensation_paid_on IS NOT NULL
  AND d.credited_on > CAST(pv.compensation_paid_on + to_years(pp.quota_valid_years) AS DATE);

-- F11 (seed 003): more people credited in a project-village than its quota.
INSERT INTO m_findings
SELECT 'F11', pv.project_id, pp.county_code, pv.village_code, NULL, NULL, NULL, NULL,
  '参保 ' || c.actual_people || ' 人, 核定指标 ' || pv.quota || ' 人'
FROM asof_project_villages pv
JOIN asof_village_headcount c USING (project_id, village_code)
JOIN asof_project_policy pp USING (project_id)
WHERE pv.quota IS NOT NULL AND c.actual_people > pv.quota;

-- F12 (seed 001, "the new level must not fall below the old"): new_method_yuan < old_method_yuan.
INSERT INTO m_findings
SELECT 'F12', project_id, county_code, NULL, NULL, NULL, NULL, NULL,
  '以地筹资 ' || new_method_yuan || ' 元 < 以人筹资 ' || old_method_yuan || ' 元'
FROM m_projects WHERE new_method_yuan < old_method_yuan;
