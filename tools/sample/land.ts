/**
 * Land figures by county class: zone prices (区片综合地价) and the 2002 farmland per capita of villages.
 * Prices cluster around each county's level and a share sits exactly on or just above a tier boundary of
 * 22号文, so that yuan per mu plotted against the zone price shows the tier cliff (seed 001).
 */
import type { CountyClass, VillageSource } from "./geography.ts";
import type { Random } from "./random.ts";
import type { VillageRecord } from "./records.ts";

/** Yuan per mu: the range county price levels are drawn from. */
const PRICE_LEVELS: Record<CountyClass, [number, number]> = {
  core: [170_000, 290_000],
  metro: [85_000, 175_000],
  urban: [50_000, 105_000],
  rural: [33_000, 55_000],
};
/** Mu of farmland per person in 2002 (seed 001's 人土比 base), by county class. */
const PER_CAPITA: Record<CountyClass, [number, number]> = {
  core: [0.3, 0.6],
  metro: [0.35, 0.9],
  urban: [0.5, 1.4],
  rural: [0.8, 2.5],
};
/** Yuan per mu: the range every project price of a class stays in. */
const PRICE_RANGE: Record<CountyClass, [number, number]> = {
  core: [150_000, 320_000],
  metro: [70_000, 220_000],
  urban: [45_000, 130_000],
  rural: [30_000, 60_000],
};
const BOUNDARIES = [50_000, 100_000, 150_000, 200_000];

/** A county's price level in yuan per mu. */
export function countyPriceLevel(rng: Random, cls: CountyClass): number {
  const [lo, hi] = PRICE_LEVELS[cls];
  return Math.round(rng.between(lo, hi) / 100) * 100;
}

/** A project's zone price in fen per mu: near the county level, sometimes exactly on or just above a tier boundary. */
export function zonePrice(rng: Random, cls: CountyClass, level: number): number {
  const [lo, hi] = PRICE_RANGE[cls];
  const near = BOUNDARIES.filter((b) => b >= Math.max(lo, level * 0.7) && b < Math.min(hi, level * 1.45));
  const u = rng.float();
  let yuan: number;
  if (near.length > 0 && u < 0.1) yuan = rng.pick(near);
  else if (near.length > 0 && u < 0.17) yuan = rng.pick(near) + 100 * rng.int(1, 30);
  else yuan = Math.round((level * rng.between(0.85, 1.18)) / 100) * 100;
  return Math.min(hi, Math.max(lo, yuan)) * 100;
}

/** A decimal in 1/10000 units with 2 decimals mostly and 4 sometimes. */
function tenThousandths(rng: Random, value: number, fourDecimals: number): number {
  return rng.chance(fourDecimals) ? Math.round(value * 10_000) : Math.round(value * 100) * 100;
}

/**
 * The villages a county's projects draw from: mostly 村 (rural collectives) rather than urban 社区, about
 * one per project, with their farmland per capita and share of people aged 16 and over.
 */
export function villagePool(
  rng: Random,
  cls: CountyClass,
  sources: readonly VillageSource[],
  projects: number,
): VillageRecord[] {
  const size = Math.min(sources.length, Math.max(8, Math.ceil(projects * 0.9)));
  const villages = sources.filter((v) => v.name.endsWith("村"));
  const others = sources.filter((v) => !v.name.endsWith("村"));
  const fromVillages = Math.min(villages.length, Math.ceil(size * 0.8));
  const chosen = [...rng.sample(villages, fromVillages), ...rng.sample(others, size - fromVillages)];
  const [lo, hi] = PER_CAPITA[cls];
  return chosen
    .sort((a, b) => (a.code < b.code ? -1 : 1))
    .map((v) => ({
      village_code: v.code,
      village_name: v.name,
      per_capita: tenThousandths(rng, rng.between(lo, hi), 0.4),
      adult_share: tenThousandths(rng, rng.between(0.6, 0.92), 0.5),
    }));
}
