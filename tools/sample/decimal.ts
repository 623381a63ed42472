/**
 * Exact numbers: money as integers of fen, areas and shares as integers of 1/10000, and exact fractions
 * (bigint numerator and denominator) for the products and quotients the rules compare. No binary floating
 * point ever touches a money amount.
 */

/** An exact fraction n/d with d > 0. */
export interface Rational {
  n: bigint;
  d: bigint;
}

/**
 * Fen as yuan text with 2 decimals.
 * @example fenText(41761170) === "417611.70"
 */
export function fenText(fen: number): string {
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  const cents = abs % 100;
  return `${sign}${(abs - cents) / 100}.${cents < 10 ? "0" : ""}${cents}`;
}

/**
 * Fen as yuan text with thousands separators, as Excel displays accounting amounts.
 * @example groupedFenText(123456750) === "1,234,567.50"
 */
export function groupedFenText(fen: number): string {
  const [whole, frac] = fenText(fen).split(".");
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${frac}`;
}

/**
 * An integer of 10^-places units as decimal text without trailing zeros.
 * @example scaledText(123400, 4) === "12.34"
 */
export function scaledText(units: number, places: number): string {
  const scale = 10 ** places;
  const whole = Math.floor(units / scale);
  const frac = String(units - whole * scale)
    .padStart(places, "0")
    .replace(/0+$/, "");
  return frac ? `${whole}.${frac}` : String(whole);
}

/**
 * The exact fraction written by a decimal number or its text (a policy ratio such as 0.18).
 * @example rationalOf(0.18) // {n: 18n, d: 100n}
 */
export function rationalOf(value: number | string): Rational {
  const text = typeof value === "number" ? String(value) : value;
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new Error(`not a plain decimal: ${text}`);
  const frac = match[3] ?? "";
  const n = BigInt(match[2] + frac) * (match[1] ? -1n : 1n);
  return { n, d: 10n ** BigInt(frac.length) };
}

/** a + b. */
export function addRational(a: Rational, b: Rational): Rational {
  return a.d === b.d ? { n: a.n + b.n, d: a.d } : { n: a.n * b.d + b.n * a.d, d: a.d * b.d };
}

/** a × b. */
export function mulRational(a: Rational, b: Rational): Rational {
  return { n: a.n * b.n, d: a.d * b.d };
}

/** -1, 0 or 1 as a <, = or > b. */
export function compareRational(a: Rational, b: Rational): number {
  const left = a.n * b.d;
  const right = b.n * a.d;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** An integer as a fraction. */
export function whole(value: number | bigint): Rational {
  return { n: BigInt(value), d: 1n };
}

/**
 * A non-negative fraction of yuan rounded half up to the fen.
 * @example roundYuanToFen({n: 10n, d: 3n}) === 333
 */
export function roundYuanToFen(yuan: Rational): number {
  const doubled = 2n * yuan.n * 100n + yuan.d;
  return Number(doubled / (2n * yuan.d));
}

/** A fraction as a JS number, for display and rough comparisons only. */
export function approx(value: Rational): number {
  return Number(value.n) / Number(value.d);
}
