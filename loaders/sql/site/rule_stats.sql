-- Per rule over the whole data set (m_rule_stats): findings, projects, counties, the sum of its amounts.
SELECT code, findings, projects, counties, fen(amount_yuan) AS amount_fen FROM m_rule_stats ORDER BY code;
