-- fund_flows (资金流水, docs/data.md#fund-flows): a known project, a known type and account, a transfer
-- always into the special account, a date, an amount > 0; flow_id unique (first row kept). c_ cleaned,
-- t_ parsed, e_ judged, f_ how it was typed (docs/decisions.md I22).
-- Parameters: $today, $fund_flows_flow_values, $fund_flows_account_values.
CREATE OR REPLACE TEMP TABLE chk_fund_flows AS
WITH c AS (
  SELECT _file, _row, _issues,
    flow_id AS r_flow_id, project_id AS r_project_id, flow_on AS r_flow_on, amount_yuan AS r_amount,
    clean_code(flow_id) AS c_flow_id,
    clean_code(project_id) AS c_project_id,
    clean_code(flow) AS c_flow,
    clean_code(account) AS c_account,
    clean_code(flow_on) AS c_flow_on,
    clean_code(amount_yuan) AS c_amount
  FROM stg_fund_flows
), t AS (
  SELECT c.*,
    enum_value(c_flow, $fund_flows_flow_values) AS t_flow,
    enum_value(c_account, $fund_flows_account_values) AS t_account,
    parse_date(date_text(c_flow_on)) AS t_flow_on,
    number_text(c_amount, '元') AS n_amount,
    TRY_CAST(number_text(c_amount, '元') AS DECIMAL(18, 2)) AS t_amount,
    p.project_id IS NOT NULL AS project_found
  FROM c LEFT JOIN projects p ON p.project_id = c.c_project_id
), checked AS (
  SELECT _file, _row, _issues,
    c_flow_id AS flow_id, c_project_id AS project_id, t_flow AS flow, t_account AS account,
    t_flow_on AS flow_on, t_amount AS amount_yuan,
    key_issue(c_flow_id, true) AS e_flow_id,
    coalesce(key_issue(c_project_id, true),
             CASE WHEN project_found THEN NULL
                  WHEN c_project_id IN (SELECT project_id FROM seen_projects) THEN 'project_rejected'
                  ELSE 'project_unknown' END) AS e_project_id,
    CASE WHEN c_flow IS NULL THEN 'required' WHEN t_flow IS NULL THEN 'flow_value' END AS e_flow,
    CASE WHEN c_account IS NULL THEN 'required'
         WHEN t_account IS NULL THEN 'fund_account_value'
         WHEN t_flow = 'transfer' AND t_account <> 'special' THEN 'transfer_account' END AS e_account,
    date_issue(c_flow_on, t_flow_on, true, $today) AS e_flow_on,
    money_issue(c_amount, n_amount, t_amount, true, false) AS e_amount_yuan,
    text_forms(r_flow_id, c_flow_id) AS f_flow_id,
    text_forms(r_project_id, c_project_id) AS f_project_id,
    date_forms(r_flow_on, t_flow_on) AS f_flow_on,
    number_forms(r_amount, n_amount) AS f_amount_yuan
  FROM t
)
SELECT *, coalesce(e_flow_id, e_project_id, e_flow, e_account, e_flow_on, e_amount_yuan) IS NULL
          AND _issues IS NULL AS ok
FROM checked;

INSERT INTO fund_flows
SELECT flow_id, project_id, flow, account, flow_on, amount_yuan, _file, _row
FROM chk_fund_flows c
WHERE ok;
