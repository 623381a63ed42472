-- Seed 001's amount bands (m_bands) and the people in each, province-wide and by county (m_amount_bands).
SELECT a.level, a.code, a.band, b.label, CAST(b.min_yuan AS DOUBLE) AS min_yuan, CAST(b.max_yuan AS DOUBLE) AS max_yuan,
  CAST(b.seed_share AS DOUBLE) AS seed_share, a.people, fen(a.amount_yuan) AS amount_fen, a.share
FROM m_amount_bands a JOIN m_bands b USING (band)
ORDER BY a.level, a.code, b.rank;
