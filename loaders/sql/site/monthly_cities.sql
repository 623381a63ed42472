-- Every city's monthly series: the sum of its counties' series (m_monthly_county), as the province's is, so
-- a city agrees with its counties to the fen; the stock is empty in the months it is empty in every county.
SELECT c.city_code, m.month, fen(sum(m.received_yuan)) AS received_fen, fen(sum(m.distributed_yuan)) AS distributed_fen,
  fen(sum(m.unallocated_yuan)) AS unallocated_fen,
  CASE WHEN count(m.stock_remaining_yuan) > 0 THEN fen(sum(m.stock_remaining_yuan)) END AS stock_remaining_fen
FROM m_monthly_county m JOIN counties c USING (county_code)
GROUP BY c.city_code, m.month
ORDER BY c.city_code, m.month;
