/**
 * The first pass: how many projects each county gets, when each is approved, its ID, and which projects
 * carry a planted anomaly (a scenario). Plans are small; the records are generated county by county later.
 */
import { dayFrom, dayOf, partsOf, weekdayOf, type Day } from "./dates.ts";
import { countyPlaces, type CountyPlace } from "./geography.ts";
import { Random } from "./random.ts";
import type { ScaleSpec } from "./scales.ts";

/** What a project is: ordinary, the seed's Shenmao example, or a planted anomaly. */
export type Scenario =
  | "ordinary"
  | "shenmao"
  | "stock"
  | "increment"
  | "legacy_unfunded"
  | "supplied_unfunded"
  | "late_transfer"
  | "no_enrolment"
  | "over_allocated"
  | "under_coverage"
  | "duplicate_credit"
  | "minor_individual"
  | "late_credit"
  | "over_quota";

export interface ProjectPlan {
  project_id: string;
  approved: Day;
  /** Batch number within the county and year (第n批次). */
  batch: number;
  scenario: Scenario;
  linear: boolean;
}

export interface CountyPlan {
  place: CountyPlace;
  /** How lax the county is: scales its chance of under-funded and planted projects. */
  laxity: number;
  projects: ProjectPlan[];
}

export const SHENMAO_COUNTY = "441721";
export const NEW_METHOD_FROM = dayOf("2021-07-01");
const FIRST_YEAR = 2010;
/** Relative approvals per year from 2010 (2026 runs to September only). */
const YEAR_WEIGHTS = [3, 4, 5, 6, 6, 7, 8, 8, 8, 8, 8, 7, 6, 5, 5, 5, 3.5];
const CLASS_WEIGHT = { core: 0.45, metro: 1.3, urban: 1.15, rural: 1 } as const;

/**
 * Planted scenarios other than the under-funded ones, with the days that must remain before the sample's
 * last day for the anomaly to have happened by then.
 */
export const DESIGNATED: readonly { scenario: Scenario; daysBeforeEnd: number }[] = [
  { scenario: "supplied_unfunded", daysBeforeEnd: 380 },
  { scenario: "late_transfer", daysBeforeEnd: 330 },
  { scenario: "no_enrolment", daysBeforeEnd: 270 },
  { scenario: "over_allocated", daysBeforeEnd: 40 },
  { scenario: "under_coverage", daysBeforeEnd: 40 },
  { scenario: "duplicate_credit", daysBeforeEnd: 260 },
  { scenario: "minor_individual", daysBeforeEnd: 40 },
  { scenario: "late_credit", daysBeforeEnd: 640 },
  { scenario: "over_quota", daysBeforeEnd: 40 },
];

export interface PlanOptions {
  seed: number;
  clean: boolean;
  asOf: Day;
  scopeStart: Day;
  stockBaseline: Day;
}

/** Plans every project of a scale, county by county in code order. */
export function planSample(spec: ScaleSpec, o: PlanOptions): CountyPlan[] {
  const rng = new Random(o.seed, "plan", spec.name);
  const places = countyPlaces(spec.select);
  const counts = apportion(
    spec.projects,
    places.map((p) => CLASS_WEIGHT[p.cls] * Math.sqrt(p.villages.length)),
    2,
  );
  const plans: CountyPlan[] = places.map((place, i) => ({
    place,
    laxity: rng.between(0.3, 1.9),
    projects: approvalDays(rng, counts[i], o.asOf).map((approved) => blankPlan(approved)),
  }));
  const shenmao = plans.find((c) => c.place.county.county_code === SHENMAO_COUNTY);
  // Seed 001's example is diluted by nature (198 people for 21), so clean data leaves it out.
  if (shenmao && !o.clean)
    shenmao.projects.push({ ...blankPlan(dayOf("2015-09-16")), scenario: "shenmao", linear: true });
  // The sample's last day is a real record: the busiest county has a batch approved that day.
  const busiest = plans.reduce((a, b) => (b.projects.length > a.projects.length ? b : a));
  busiest.projects.reduce((a, b) => (b.approved > a.approved ? b : a)).approved = o.asOf;
  for (const county of plans) {
    county.projects.sort((a, b) => a.approved - b.approved);
    numberProjects(county);
    for (const p of county.projects) if (p.scenario === "ordinary") p.linear = rng.chance(0.12);
  }
  if (!o.clean) assignScenarios(rng, plans, spec, o);
  return plans;
}

function blankPlan(approved: Day): ProjectPlan {
  return { project_id: "", approved, batch: 0, scenario: "ordinary", linear: false };
}

/** Splits a total over weights by largest remainder, each share at least `minimum`. */
export function apportion(total: number, weights: readonly number[], minimum: number): number[] {
  const free = Math.max(0, total - minimum * weights.length);
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (free * w) / sum);
  const counts = exact.map((x) => Math.floor(x));
  let left = free - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) counts[order[k].i]++;
  return counts.map((c) => c + minimum);
}

/** Approval days on weekdays, weighted by year, none after the sample's last day. */
function approvalDays(rng: Random, count: number, asOf: Day): Day[] {
  const [lastYear] = partsOf(asOf);
  const weights = YEAR_WEIGHTS.slice(0, lastYear - FIRST_YEAR + 1);
  const days: Day[] = [];
  for (let i = 0; i < count; i++) {
    const year = FIRST_YEAR + rng.weighted(weights);
    const start = dayFrom(year, 1, 1);
    const end = Math.min(dayFrom(year, 12, 31), asOf);
    let day = rng.int(start, end);
    const weekday = weekdayOf(day);
    if (weekday === 6) day += 2;
    if (weekday === 0) day += 1;
    while (day > asOf || weekdayOf(day) === 0 || weekdayOf(day) === 6) day--;
    days.push(day);
  }
  return days;
}

/** IDs `<county><year><nnn>` and batch numbers counted per county and year. */
function numberProjects(county: CountyPlan): void {
  const perYear = new Map<number, number>();
  for (const p of county.projects) {
    const [year] = partsOf(p.approved);
    const n = (perYear.get(year) ?? 0) + 1;
    perYear.set(year, n);
    p.batch = n;
    p.project_id = `${county.place.county.county_code}${year}${String(n).padStart(3, "0")}`;
  }
}

function assignScenarios(rng: Random, plans: CountyPlan[], spec: ScaleSpec, o: PlanOptions): void {
  const all = plans.flatMap((c) => c.projects.map((p) => ({ p, laxity: c.laxity })));
  const ordinary = () => all.filter((x) => x.p.scenario === "ordinary" && x.p.approved < o.asOf);
  const underFunded: { scenario: Scenario; from: Day; to: Day; rate: number; min: number }[] = [
    { scenario: "stock", from: o.scopeStart, to: o.stockBaseline, rate: 0.1, min: 3 },
    { scenario: "increment", from: o.stockBaseline + 1, to: o.asOf - 1, rate: 0.05, min: 2 },
    { scenario: "legacy_unfunded", from: 0, to: o.scopeStart - 1, rate: 0.04, min: 2 },
  ];
  for (const u of underFunded) {
    const eligible = ordinary().filter((x) => x.p.approved >= u.from && x.p.approved <= u.to);
    const chosen = new Set(eligible.filter((x) => rng.chance(u.rate * x.laxity)));
    const more = weightedPick(
      rng,
      eligible.filter((x) => !chosen.has(x)),
      u.min - chosen.size,
    );
    for (const x of [...chosen, ...more]) x.p.scenario = u.scenario;
  }
  const count = Math.max(spec.designated, Math.round(spec.designatedRate * all.length));
  for (const d of DESIGNATED) {
    const eligible = ordinary().filter((x) => x.p.approved <= o.asOf - d.daysBeforeEnd);
    for (const x of weightedPick(rng, eligible, count)) x.p.scenario = d.scenario;
  }
}

/** `count` items drawn without replacement with probability growing with laxity (Efraimidis-Spirakis). */
function weightedPick<T extends { laxity: number }>(rng: Random, items: T[], count: number): T[] {
  if (count <= 0) return [];
  if (count >= items.length) return items.slice();
  const keys = Float64Array.from(items, (item) => Math.pow(rng.float(), 1 / item.laxity));
  // The count-th largest key is the threshold: a typed-array sort instead of sorting the items.
  const threshold = Float64Array.from(keys).sort()[items.length - count];
  return items.filter((_, i) => keys[i] >= threshold).slice(0, count);
}
