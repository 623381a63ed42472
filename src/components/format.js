// Chinese number and date formats for the pages. Money arrives in whole fen (exact integers).

/**
 * Money in fen as 万元 or 亿元 text, the unit chosen by size (or forced).
 * @param {number | null | undefined} fen
 * @param {{unit?: "元" | "万元" | "亿元", digits?: number}} [options]
 * @returns {string}
 * @example yuan(1234567800) === "1,234.57万元"
 */
export function yuan(fen, { unit, digits } = {}) {
  if (fen === null || fen === undefined || Number.isNaN(fen)) return "—";
  const value = fen / 100;
  const chosen = unit ?? (Math.abs(value) >= 1e8 ? "亿元" : Math.abs(value) >= 1e4 ? "万元" : "元");
  const scale = chosen === "亿元" ? 1e8 : chosen === "万元" ? 1e4 : 1;
  const d = digits ?? (chosen === "元" ? 2 : 2);
  return `${(value / scale).toLocaleString("zh-CN", { minimumFractionDigits: d, maximumFractionDigits: d })}${chosen}`;
}

/**
 * Money in fen as exact yuan with 2 decimals and thousands separators (for tables and evidence).
 * @param {number | null | undefined} fen
 * @example yuanExact(123456) === "1,234.56"
 */
export function yuanExact(fen) {
  if (fen === null || fen === undefined) return "—";
  const negative = fen < 0;
  const abs = Math.abs(Math.round(fen));
  const whole = Math.floor(abs / 100).toLocaleString("en-US");
  return `${negative ? "-" : ""}${whole}.${String(abs % 100).padStart(2, "0")}`;
}

/**
 * The unit and divisor that suit a set of fen values, for chart axes.
 * @param {number} maxFen
 * @returns {{unit: string, divisor: number}}
 */
export function moneyScale(maxFen) {
  const value = Math.abs(maxFen) / 100;
  if (value >= 1e8) return { unit: "亿元", divisor: 1e10 };
  if (value >= 1e4) return { unit: "万元", divisor: 1e6 };
  return { unit: "元", divisor: 100 };
}

/**
 * An ISO date as 2024年3月5日, or a month (YYYY-MM) as 2024年3月.
 * @param {string | null | undefined} iso
 * @example dateZh("2024-03-05") === "2024年3月5日"
 */
export function dateZh(iso) {
  if (!iso) return "—";
  const [y, m, d] = iso.split("-").map(Number);
  return d ? `${y}年${m}月${d}日` : `${y}年${m}月`;
}

/** @param {string | null | undefined} iso @example monthZh("2024-03-31") === "2024年3月" */
export function monthZh(iso) {
  if (!iso) return "—";
  const [y, m] = iso.split("-").map(Number);
  return `${y}年${m}月`;
}

/**
 * A ratio as a percentage.
 * @param {number | null | undefined} ratio
 * @param {number} [digits]
 */
export function percent(ratio, digits = 1) {
  if (ratio === null || ratio === undefined || Number.isNaN(ratio)) return "—";
  return `${(ratio * 100).toFixed(digits)}%`;
}

/** @param {number | null | undefined} n */
export function count(n) {
  if (n === null || n === undefined) return "—";
  return Math.round(n).toLocaleString("zh-CN");
}

/** @param {number | null | undefined} n @param {number} [digits] */
export function decimal(n, digits = 2) {
  if (n === null || n === undefined || Number.isNaN(n)) return "—";
  return n.toLocaleString("zh-CN", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
