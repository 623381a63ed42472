-- Every county's monthly series (m_monthly_county), money in fen, from the county's first month with any
-- figure (the months before its first approval are all zero and only add bytes to its page).
WITH m AS (
  SELECT county_code, month, fen(received_yuan) AS received_fen, fen(distributed_yuan) AS distributed_fen,
    fen(unallocated_yuan) AS unallocated_fen, fen(stock_remaining_yuan) AS stock_remaining_fen,
    max(received_yuan <> 0 OR distributed_yuan <> 0 OR coalesce(stock_remaining_yuan, 0) <> 0)
      OVER (PARTITION BY county_code ORDER BY month ROWS UNBOUNDED PRECEDING) AS started,
    row_number() OVER (PARTITION BY county_code ORDER BY month DESC) AS from_end
  FROM m_monthly_county
)
SELECT county_code, month, received_fen, distributed_fen, unallocated_fen, stock_remaining_fen
FROM m WHERE started OR from_end = 1
ORDER BY county_code, month;
