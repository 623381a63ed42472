-- The province's monthly series (m_monthly), money in fen.
SELECT month, fen(received_yuan) AS received_fen, fen(distributed_yuan) AS distributed_fen,
  fen(unallocated_yuan) AS unallocated_fen, fen(stock_remaining_yuan) AS stock_remaining_fen
FROM m_monthly ORDER BY month;
