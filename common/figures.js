// The figures the browser must recompute for rows a user chose (a filtered league table's subtotals), each
// the same arithmetic as its SQL column in loaders/sql/metrics/rollups.sql, to the last digit
// (test/figures.test.ts runs both on every county, city and the province of the small sample).

/**
 * Stock progress (存量化解进度) = 1 − remaining ÷ baseline, rounded half up (half away from zero below
 * zero) to 6 decimals as m_rollups.stock_progress is; null when the baseline is 0 or unknown
 * (docs/metrics.md#stock-progress).
 * @param {number | null | undefined} baselineFen
 * @param {number | null | undefined} remainingFen
 * @returns {number | null}
 * @example stockProgress(400000, 100000) === 0.75 && stockProgress(3, 1) === 0.666667
 */
export function stockProgress(baselineFen, remainingFen) {
  if (!baselineFen || baselineFen <= 0 || remainingFen === null || remainingFen === undefined) return null;
  const b = BigInt(baselineFen);
  const n = (b - BigInt(remainingFen)) * 1000000n;
  const abs = n < 0n ? -n : n;
  // The SQL's sign × div_round(|n|, b): half up, and half away from zero below zero.
  const q = (2n * abs + b) / (2n * b);
  return Number(n < 0n ? -q : q) / 1e6;
}

/**
 * Column sums of rows, each key summed exactly (fen and counts are integers); a key that is null on every
 * row stays null (a figure that is undefined, such as the stock before its baseline).
 * @param {Record<string, any>[]} rows
 * @param {readonly string[]} keys
 * @returns {Record<string, number | null>}
 * @example sumColumns([{a: 1, b: null}, {a: 2, b: null}], ["a", "b"]) // {a: 3, b: null}
 */
export function sumColumns(rows, keys) {
  /** @type {Record<string, number | null>} */
  const out = {};
  for (const key of keys) {
    let total = null;
    for (const r of rows) if (r[key] !== null && r[key] !== undefined) total = (total ?? 0) + r[key];
    out[key] = total;
  }
  return out;
}
