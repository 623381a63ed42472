// Money as whole fen (integers, exact in JavaScript up to 2^53 fen, about 9 × 10^13 yuan) and as yuan text
// with 2 decimals. Every conversion between the two goes through these functions.

/**
 * Yuan (text as the outputs write it, or a number with at most 2 decimals) as whole fen; null for empty.
 * Throws on text that is not an amount, rather than guess.
 * @param {string | number | null | undefined} yuan
 * @returns {number | null}
 * @example yuanToFen("-1.50") === -150 && yuanToFen("9000") === 900000 && yuanToFen("-0.05") === -5
 */
export function yuanToFen(yuan) {
  if (yuan === null || yuan === undefined || yuan === "") return null;
  const text = typeof yuan === "number" ? yuanNumberText(yuan) : String(yuan).trim();
  const m = /^([+-]?)(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) throw new Error(`not an amount in yuan: ${JSON.stringify(yuan)}`);
  const fen = Number(m[2]) * 100 + Number((m[3] ?? "").padEnd(2, "0"));
  return m[1] === "-" ? -fen : fen;
}

/** @param {number} yuan */
function yuanNumberText(yuan) {
  const fen = Math.round(yuan * 100);
  if (Math.abs(fen - yuan * 100) > 1e-6 * Math.max(1, Math.abs(yuan)))
    throw new Error(`not an amount in yuan (more than 2 decimals): ${yuan}`);
  return /** @type {string} */ (fenToYuan(fen));
}

/**
 * Whole fen as yuan text with 2 decimals and no separators (how the CSV outputs write money).
 * @param {number | null | undefined} fen
 * @returns {string | null}
 * @example fenToYuan(-150) === "-1.50" && fenToYuan(5) === "0.05"
 */
export function fenToYuan(fen) {
  if (fen === null || fen === undefined || Number.isNaN(fen)) return null;
  const abs = Math.abs(Math.round(fen));
  return `${fen < 0 && abs > 0 ? "-" : ""}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}
