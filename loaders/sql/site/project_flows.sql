-- A project's fund flows up to T (data.md#fund-flows), in date and voucher order. Shards $from to $to.
SELECT f.project_id, site_text(f.flow_id) AS flow_id, f.flow, f.account, CAST(f.flow_on AS VARCHAR) AS flow_on,
  fen(f.amount_yuan) AS amount_fen, fen(f.received_delta) AS received_delta_fen, fen(f.special_delta) AS special_delta_fen
FROM asof_flows f JOIN site_project_shards s USING (project_id)
WHERE s.shard BETWEEN $from AND $to
ORDER BY f.project_id, f.flow_on, f.flow_id;
