/**
 * The land of one project and the money it requires: its villages and their farmland (sized from a
 * virtual headcount), the total area, the zone price, the exact virtual people, and required_yuan by the
 * old method (virtual people x per-person amount) or the new (area x zone price x tier ratio), rounded
 * half up to the fen.
 */
import { landRatio } from "../../loaders/policy.ts";
import type { CountyState, RunContext } from "./context.ts";
import { approx, mulRational, rationalOf, roundYuanToFen, type Rational } from "./decimal.ts";
import { zonePrice } from "./land.ts";
import type { ProjectPlan } from "./plan.ts";
import type { Method, VillageRecord } from "./records.ts";

/** New-method batches are smaller (linear works, piecemeal expropriation: seed 001). */
const NEW_METHOD_PEOPLE = 0.15;

export interface ProjectLand {
  villages: VillageRecord[];
  /** Farmland taken from each village, 1/10000 mu. */
  farmland: number[];
  totalFarmland: number;
  area: number;
  /** Fen per mu. */
  zone: number;
  virtual: Rational;
  required: number;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** Exact virtual people of farmland over villages: Σ f × a / c (areas and shares in 1/10000). */
function virtualExact(farmland: readonly number[], villages: readonly VillageRecord[]): Rational {
  let n = 0n;
  let d = 1n;
  farmland.forEach((f, i) => {
    const tn = BigInt(f) * BigInt(villages[i].adult_share);
    const td = BigInt(villages[i].per_capita) * 10_000n;
    n = n * td + tn * d;
    d = d * td;
  });
  return { n, d };
}

/** Draws the land of a project and computes what it requires. */
export function projectLand(
  plan: ProjectPlan,
  method: Method,
  county: CountyState,
  run: RunContext,
): ProjectLand {
  const { rng, policy } = county;
  const k = Math.min(county.pool.length, plan.linear ? rng.int(2, 4) : 1 + rng.weighted([45, 30, 17, 8]));
  const villages = rng.sample(county.pool, k);
  let target =
    rng.logUniform(2, 24) * run.spec.peopleFactor * (method === "per_land" ? NEW_METHOD_PEOPLE : 1);
  target = Math.max(target, plan.scenario === "under_coverage" ? 6 : 1.5);
  const weights = villages.map(() => rng.between(0.3, 1));
  const weightSum = sum(weights);
  const farmland = villages.map((v, i) => {
    const units = ((target * weights[i]) / weightSum) * (v.per_capita / v.adult_share) * 10_000;
    return Math.max(100, rng.chance(0.7) ? Math.round(units / 100) * 100 : Math.round(units));
  });
  const totalFarmland = sum(farmland);
  const virtual = virtualExact(farmland, villages);
  const zone = zonePrice(rng, county.plan.place.cls, county.priceLevel);
  const ratio = rationalOf(landRatio(policy.land_ratio_tiers, zone / 100));
  const oldYuan = mulRational(virtual, rationalOf(policy.per_person_yuan));
  const step = rng.chance(0.7) ? 100 : 1;
  let area = Math.ceil(totalFarmland / rng.between(0.55, 0.98) / step) * step;
  const newYuanOf = (a: number) => mulRational({ n: BigInt(a) * BigInt(zone), d: 1_000_000n }, ratio);
  const oldApprox = approx(oldYuan);
  if (run.clean && approx(newYuanOf(area)) < oldApprox * 1.03) {
    // Clean data keeps the new method at or above the old (seed 001: 不低于原办法水平).
    area = Math.ceil((oldApprox * 1.05 * 1_000_000) / (zone * approx(ratio)) / 100) * 100;
  } else if (Math.abs(approx(newYuanOf(area)) - oldApprox) < oldApprox * 0.005) {
    area = Math.ceil((area * 1.02) / step) * step; // no near-ties between the methods
  }
  const required = roundYuanToFen(method === "per_person" ? oldYuan : newYuanOf(area));
  return { villages, farmland, totalFarmland, area, zone, virtual, required };
}
