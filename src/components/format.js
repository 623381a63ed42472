// Every number, amount and date the pages show, as text (test/format.test.ts holds each one's literal
// output). Money arrives in whole fen (exact integers). Zeros read one way: money "0.00" in its unit,
// counts "0"; a missing figure "—". Text of the data goes through `text`, which drops bidi controls.
import { fenToYuan } from "@xianbao/common/money.js";
import { plainText } from "@xianbao/common/text.js";

/** What a missing figure reads as. */
export const MISSING = "—";

/** @param {unknown} v */
const missing = (v) => v === null || v === undefined || (typeof v === "number" && Number.isNaN(v));

/** @param {number} value @param {number} digits */
const grouped = (value, digits) =>
  value.toLocaleString("zh-CN", { minimumFractionDigits: digits, maximumFractionDigits: digits });

/**
 * Money in fen as 元, 万元 or 亿元 text, the unit chosen by size (or forced), 2 decimals.
 * @param {number | null | undefined} fen
 * @param {{unit?: "元" | "万元" | "亿元", digits?: number}} [options]
 * @example yuan(1234567800) === "1,234.57万元" && yuan(0) === "0.00元"
 */
export function yuan(fen, { unit, digits = 2 } = {}) {
  if (missing(fen)) return MISSING;
  const value = /** @type {number} */ (fen) / 100;
  const chosen = unit ?? (Math.abs(value) >= 1e8 ? "亿元" : Math.abs(value) >= 1e4 ? "万元" : "元");
  const scale = chosen === "亿元" ? 1e8 : chosen === "万元" ? 1e4 : 1;
  return `${grouped(value / scale, digits)}${chosen}`;
}

/**
 * Money in a column headed "万元": the number of 万元 with 2 decimals and no unit, so a column compares at a
 * glance (yuan() would switch units by size). A non-zero amount never reads as zero: under 0.005万元 it
 * reads "<0.01".
 * @param {number | null | undefined} fen
 * @example wan(123456789) === "123.46" && wan(1) === "<0.01" && wan(0) === "0.00"
 */
export function wan(fen) {
  if (missing(fen)) return MISSING;
  const f = /** @type {number} */ (fen);
  if (f > 0 && f < 5000) return "<0.01";
  if (f < 0 && f > -5000) return ">-0.01";
  return grouped(f / 1e6, 2);
}

/**
 * Money in fen as exact yuan with 2 decimals and thousands separators (for evidence).
 * @param {number | null | undefined} fen
 * @example yuanExact(123456) === "1,234.56" && yuanExact(-150) === "-1.50"
 */
export function yuanExact(fen) {
  const plain = missing(fen) ? null : fenToYuan(/** @type {number} */ (fen));
  if (plain === null) return MISSING;
  const [whole, frac] = plain.split(".");
  return `${whole.replace(/\B(?=(\d{3})+$)/g, ",")}.${frac}`;
}

/**
 * The unit and divisor that suit a set of fen values, for chart axes.
 * @param {number} maxFen
 * @returns {{unit: string, divisor: number}}
 * @example moneyScale(5e10).unit === "亿元"
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
 * @example dateZh("2024-03-05") === "2024年3月5日" && dateZh("2024-03") === "2024年3月"
 */
export function dateZh(iso) {
  if (!iso) return MISSING;
  const [y, m, d] = iso.split("-").map(Number);
  return d ? `${y}年${m}月${d}日` : `${y}年${m}月`;
}

/** The month of an ISO date. @param {string | null | undefined} iso @example monthZh("2024-03-31") === "2024年3月" */
export function monthZh(iso) {
  if (!iso) return MISSING;
  const [y, m] = iso.split("-").map(Number);
  return `${y}年${m}月`;
}

/**
 * A ratio as a percentage.
 * @param {number | null | undefined} ratio
 * @param {number} [digits]
 * @example percent(0.6625) === "66.3%" && percent(null) === "—"
 */
export function percent(ratio, digits = 1) {
  if (missing(ratio)) return MISSING;
  const r = /** @type {number} */ (ratio);
  return `${(r * 100).toFixed(digits)}%`;
}

/** A count with thousands separators. @param {number | null | undefined} n @example count(12345) === "12,345" */
export function count(n) {
  if (missing(n)) return MISSING;
  return Math.round(/** @type {number} */ (n)).toLocaleString("zh-CN");
}

/** A decimal with separators. @param {number | null | undefined} n @param {number} [digits] @example decimal(1234.5) === "1,234.50" */
export function decimal(n, digits = 2) {
  if (missing(n)) return MISSING;
  return grouped(/** @type {number} */ (n), digits);
}

/**
 * Log-axis tick text: only 1, 2 and 5 times a power of ten are labelled, in plain numbers (no "100m").
 * @param {number} d
 * @example axisFormat(2000) === "2,000" && axisFormat(3000) === ""
 */
export function axisFormat(d) {
  const m = d / 10 ** Math.floor(Math.log10(d) + 1e-9);
  return Math.abs(m - 1) < 1e-9 || Math.abs(m - 2) < 1e-9 || Math.abs(m - 5) < 1e-9
    ? d.toLocaleString("zh-CN")
    : "";
}

/**
 * Text of the data (a name, an id, a detail) as it is shown: bidi controls dropped, missing as "—".
 * @param {unknown} value
 * @example text("A\u202eB") === "AB" && text(null) === "—"
 */
export function text(value) {
  if (value === null || value === undefined || value === "") return MISSING;
  return plainText(value);
}
