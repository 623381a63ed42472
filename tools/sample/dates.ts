/**
 * Calendar dates as whole days since 1970-01-01 (UTC), and the spellings the sample writes: ISO, the
 * slashed form of Excel exports (`2021/3/5`) and the Chinese form (`2021年3月5日`).
 */

/** Days since 1970-01-01. */
export type Day = number;

const MS_PER_DAY = 86_400_000;
/** Days from 1900-01-01 (day -25567) to 2100-12-31 are cached: the generator formats millions of dates. */
const CACHE_FROM = -25_567;
const CACHE_TO = 47_846;
const isoCache: (string | undefined)[] = new Array<string | undefined>(CACHE_TO - CACHE_FROM + 1);

/**
 * The day of an ISO date.
 * @example dayOf("1970-01-02") === 1
 */
export function dayOf(iso: string): Day {
  const time = Date.parse(iso + "T00:00:00Z");
  if (Number.isNaN(time)) throw new Error(`not a date: ${iso}`);
  return time / MS_PER_DAY;
}

/** Year, month (1-12) and day of month (Hinnant's civil-from-days, no Date objects in the hot path). */
export function partsOf(day: Day): [number, number, number] {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** A day from year, month (1-12) and day of month; out-of-range parts roll over as in Date.UTC. */
export function dayFrom(year: number, month: number, date: number): Day {
  return Date.UTC(year, month - 1, date) / MS_PER_DAY;
}

/**
 * `YYYY-MM-DD`.
 * @example isoOf(0) === "1970-01-01"
 */
export function isoOf(day: Day): string {
  const cached = day >= CACHE_FROM && day <= CACHE_TO;
  let text = cached ? isoCache[day - CACHE_FROM] : undefined;
  if (text === undefined) {
    const [y, m, d] = partsOf(day);
    text = `${y}-${m < 10 ? "0" : ""}${m}-${d < 10 ? "0" : ""}${d}`;
    if (cached) isoCache[day - CACHE_FROM] = text;
  }
  return text;
}

const compactCache: (string | undefined)[] = new Array<string | undefined>(CACHE_TO - CACHE_FROM + 1);

/** `YYYYMMDD`, as in a citizen ID. */
export function compactOf(day: Day): string {
  const cached = day >= CACHE_FROM && day <= CACHE_TO;
  let text = cached ? compactCache[day - CACHE_FROM] : undefined;
  if (text === undefined) {
    const iso = isoOf(day);
    text = iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 10);
    if (cached) compactCache[day - CACHE_FROM] = text;
  }
  return text;
}

/**
 * The slashed form without leading zeros that Excel on Chinese Windows writes.
 * @example slashOf(dayOf("2021-03-05")) === "2021/3/5"
 */
export function slashOf(day: Day): string {
  const [y, m, d] = partsOf(day);
  return `${y}/${m}/${d}`;
}

/**
 * The Chinese form.
 * @example chineseOf(dayOf("2021-03-05")) === "2021年3月5日"
 */
export function chineseOf(day: Day): string {
  const [y, m, d] = partsOf(day);
  return `${y}年${m}月${d}日`;
}

/**
 * The same calendar day `years` later; 29 February becomes 28 February in a common year (as DuckDB's
 * `date + INTERVAL n YEAR` does).
 */
export function addYears(day: Day, years: number): Day {
  const [y, m, d] = partsOf(day);
  const target = dayFrom(y + years, m, d);
  return partsOf(target)[2] === d ? target : dayFrom(y + years, m, 28);
}

/** Whether the day is 29 February. */
export function isLeapDay(day: Day): boolean {
  const [, m, d] = partsOf(day);
  return m === 2 && d === 29;
}

/** 0 = Sunday ... 6 = Saturday. */
export function weekdayOf(day: Day): number {
  return (((day + 4) % 7) + 7) % 7;
}
