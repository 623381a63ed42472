/**
 * The second pass: every record of one project from its plan. Ordinary projects obey every rule with
 * clear margins (deposits before approval, transfers within 45 days, people credited within 45 days of the
 * money and the quota's year, nobody under 16 in an individual account, people within the quota); a
 * planted scenario breaks one rule on purpose. The headcount ratio and the old/new method comparison
 * follow from ordinary numbers (seed 001) and are not steered, except in clean mode.
 */
import { landRatio, type Policy } from "../policy.ts";
import type { CountyPeople } from "./people.ts";
import { addYears, isLeapDay, partsOf, type Day } from "./dates.ts";
import { approx, mulRational, rationalOf, roundYuanToFen, type Rational } from "./decimal.ts";
import {
  amountsFor,
  BandSteer,
  chooseStyle,
  headcount,
  ProjectCredits,
  quotaYearEnd,
  splitCount,
  type CreditStyle,
} from "./credits.ts";
import {
  laterPayments,
  ordinaryFunding,
  underFunding,
  type DraftFlow,
  type FundingContext,
  type Payment,
  StockController,
} from "./funding.ts";
import { zonePrice } from "./land.ts";
import { projectName } from "./names.ts";
import { NEW_METHOD_FROM, type CountyPlan, type ProjectPlan } from "./plan.ts";
import type { Random } from "./random.ts";
import type { ScaleSpec } from "./scales.ts";
import type { FlowRecord, Method, ProjectBundle, ProjectVillageRecord, VillageRecord } from "./records.ts";

/** The state of the county being generated. */
export interface CountyState {
  plan: CountyPlan;
  rng: Random;
  pool: VillageRecord[];
  people: CountyPeople;
  priceLevel: number;
  policy: Policy;
  /** The village of the Shenmao example (阳西县 only). */
  shenmaoVillage: VillageRecord | null;
}

/** What the whole run shares. */
export interface RunContext {
  spec: ScaleSpec;
  clean: boolean;
  asOf: Day;
  stockBaseline: Day;
  stock: StockController;
  bands: BandSteer;
  nextFlowId: () => string;
  nextRecordId: () => string;
}

/** New-method batches are smaller (linear works, piecemeal expropriation: seed 001). */
const NEW_METHOD_PEOPLE = 0.15;
const FLOW_ORDER = { deposit: 0, transfer: 1, refund: 2 } as const;

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const roundTo = (value: number, step: number) => Math.round(value / step) * step;

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

/** Generates one project's records. */
export function generateProject(plan: ProjectPlan, county: CountyState, run: RunContext): ProjectBundle {
  if (plan.scenario === "shenmao") return shenmaoProject(plan, county, run);
  const { rng, policy } = county;
  const info = county.plan.place.county;
  const approved = plan.approved;
  const method: Method = approved < NEW_METHOD_FROM ? "per_person" : "per_land";
  const applied = rng.chance(0.95) ? approved - rng.int(30, 240) : null;

  const k = Math.min(county.pool.length, plan.linear ? rng.int(2, 4) : 1 + rng.weighted([45, 30, 17, 8]));
  const villages = rng.sample(county.pool, k);
  let target =
    rng.logUniform(2, 24) * run.spec.peopleFactor * (method === "per_land" ? NEW_METHOD_PEOPLE : 1);
  target = Math.max(target, plan.scenario === "under_coverage" ? 6 : 1.5);
  const weights = villages.map(() => rng.between(0.3, 1));
  const weightSum = sum(weights);
  const farmland = villages.map((v, i) => {
    const units = ((target * weights[i]) / weightSum) * (v.per_capita / v.adult_share) * 10_000;
    return Math.max(100, rng.chance(0.7) ? roundTo(units, 100) : Math.round(units));
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

  const asOf = run.asOf;
  let supplied: Day | null = rng.chance(0.7) ? approved + rng.int(20, 500) : null;
  if (supplied !== null && supplied > asOf) supplied = null;
  const compensation = villages.map(() => {
    if (!rng.chance(0.9)) return null;
    let day = Math.min(approved + rng.int(-15, 5), asOf);
    if (isLeapDay(day)) day -= 1;
    return day;
  });

  const fc: FundingContext = { rng, projectId: plan.project_id, approved, applied, required, asOf };
  let drafts: DraftFlow[];
  let available: number;
  let fundedOn: Day | null = null;
  const share = (lo: number, hi: number) => Math.max(10_000, roundTo(required * rng.between(lo, hi), 10_000));
  switch (plan.scenario) {
    case "late_transfer": {
      const f = ordinaryFunding(fc, { transferDelay: [75, 300], preDepositOnly: true });
      ({ flows: drafts, fundedOn } = f);
      available = required;
      break;
    }
    case "stock": {
      const upfront = share(0.15, 0.75);
      const payments: Payment[] = [];
      let beforeBaseline = 0;
      if (rng.chance(0.3) && approved + 30 < run.stockBaseline - 10) {
        beforeBaseline = roundTo((required - upfront) * rng.between(0.2, 0.6), 10_000);
        if (beforeBaseline > 0)
          payments.push({ day: rng.int(approved + 30, run.stockBaseline - 10), amount: beforeBaseline });
      }
      const paid = run.stock.paidOf(rng, required - upfront - beforeBaseline);
      payments.push(...laterPayments(rng, paid, run.stockBaseline + 20, asOf));
      drafts = underFunding(fc, upfront, payments);
      available = upfront;
      break;
    }
    case "increment":
    case "legacy_unfunded":
    case "supplied_unfunded": {
      const upfront = plan.scenario === "increment" ? share(0.1, 0.8) : share(0.2, 0.8);
      let payments: Payment[] = [];
      const rest = required - upfront;
      if (plan.scenario === "supplied_unfunded") {
        supplied = approved + rng.int(20, 90);
        payments = laterPayments(rng, rest, supplied + 20, Math.min(supplied + 250, asOf));
      } else if (plan.scenario === "increment") {
        const u = rng.float();
        const amount = u < 0.6 ? rest : u < 0.75 ? roundTo(rest / 2, 100) : 0;
        payments = laterPayments(rng, amount, approved + 30, Math.min(approved + 600, asOf));
      } else if (rng.chance(0.5)) {
        payments = laterPayments(rng, rest, approved + 200, Math.min(approved + 3000, asOf));
      }
      drafts = underFunding(fc, upfront, payments);
      available = upfront;
      break;
    }
    default: {
      const overDeposit = plan.scenario !== "over_allocated" && rng.chance(0.06);
      ({ flows: drafts, fundedOn } = ordinaryFunding(fc, { transferDelay: [2, 35], overDeposit }));
      available = required;
    }
  }

  const virtualApprox = approx(virtual);
  const capShare = ["duplicate_credit", "late_credit", "over_quota"].includes(plan.scenario);
  const candidate = (style: CreditStyle) => {
    if (capShare) style.share = Math.min(style.share, 0.8);
    const people = headcount(virtualApprox, style);
    return { style, people, perPerson: Math.floor(Math.floor(available * style.share) / people) };
  };
  let chosen;
  if (plan.scenario === "under_coverage") {
    const equal = method === "per_person";
    chosen = candidate({
      ratio: rng.between(0.15, 0.6),
      lo: 0,
      hi: 0.7,
      share: rng.between(0.3, 0.8),
      equal,
    });
  } else {
    const tries = method === "per_person" && !run.clean ? 3 : 1;
    const candidates = Array.from({ length: tries }, () => candidate(chooseStyle(rng, method, run.clean)));
    chosen = candidates[run.bands.choose(candidates)];
  }
  const style = chosen.style;
  const noEnrolment = plan.scenario === "no_enrolment";
  const nobody = noEnrolment && rng.chance(0.5);
  const people = nobody ? 0 : chosen.people;
  if (people) run.bands.add(chosen.perPerson, people);
  const budget =
    plan.scenario === "over_allocated"
      ? Math.round(required * rng.between(1.03, 1.2))
      : Math.floor(available * style.share);
  const perVillage = people
    ? splitCount(
        people,
        farmland.map((f, i) => (f * villages[i].adult_share) / villages[i].per_capita),
      )
    : [];
  const amounts = people ? amountsFor(rng, budget, people, style.equal) : [];

  const credits = new ProjectCredits({
    rng,
    people: county.people,
    projectId: plan.project_id,
    adultAge: policy.adult_age,
    nextRecordId: run.nextRecordId,
    reuseShare: 0.03,
    minorShare: 0.04,
  });
  let next = 0;
  villages.forEach((v, i) => {
    const count = perVillage[i] ?? 0;
    if (count === 0) return;
    const day =
      noEnrolment && fundedOn !== null
        ? // Late by either reading of seed 004 art. 15: from the money or from the approval, whichever is later.
          Math.max(fundedOn, approved) + rng.int(75, 200)
        : Math.min(Math.max(approved, compensation[i] ?? approved) + rng.int(3, 20), asOf);
    credits.wave(v.village_code, day, amounts.slice(next, next + count));
    next += count;
  });
  plantCreditAnomaly(plan, rng, credits, villages, compensation, asOf, available, budget);

  const perVillagePeople = villages.map(
    (v) =>
      new Set(credits.records.filter((d) => d.village_code === v.village_code).map((d) => d.person_id)).size,
  );
  const quotas = villages.map((v, i) => {
    if (method === "per_land" && rng.chance(0.85))
      return (
        Math.max(perVillagePeople[i], Math.round(farmland[i] / v.per_capita)) +
        (rng.chance(0.5) ? rng.int(0, 2) : 0)
      );
    return method === "per_person" && rng.chance(0.1) ? perVillagePeople[i] + rng.int(0, 5) : null;
  });
  if (plan.scenario === "over_quota") {
    const i = perVillagePeople.indexOf(Math.max(...perVillagePeople));
    if (perVillagePeople[i] < 2) {
      const day =
        credits.records.find((d) => d.village_code === villages[i].village_code)?.credited_on ??
        approved + 10;
      const person = credits.person(day);
      const each = Math.max(1, Math.min(amounts[0] ?? 100_00, available - budget));
      credits.credit(person, villages[i].village_code, day, each, credits.accountFor(person, day));
      perVillagePeople[i]++;
    }
    quotas[i] = perVillagePeople[i] - rng.int(1, Math.min(2, perVillagePeople[i] - 1));
  }

  const [year] = partsOf(approved);
  const project = {
    project_id: plan.project_id,
    project_name: projectName(rng, {
      countyName: info.county_name,
      provinceCode: info.province_code,
      year,
      batch: plan.batch,
      linear: plan.linear,
    }),
    county_code: info.county_code,
    applied_on: applied,
    approved_on: approved,
    supplied_on: supplied,
    area,
    farmland: totalFarmland,
    zone_price: zone,
    method,
    required,
  };
  const pvs: ProjectVillageRecord[] = villages.map((v, i) => ({
    project_id: plan.project_id,
    village_code: v.village_code,
    farmland: farmland[i],
    compensation_paid_on: compensation[i],
    quota: quotas[i],
  }));
  return { project, villages: pvs, flows: numberFlows(drafts, run), distributions: credits.records };
}

/** Breaks one crediting rule on purpose (F08, F09, F10) for the planted scenarios. */
function plantCreditAnomaly(
  plan: ProjectPlan,
  rng: Random,
  credits: ProjectCredits,
  villages: readonly VillageRecord[],
  compensation: (Day | null)[],
  asOf: Day,
  available: number,
  budget: number,
): void {
  const adults = () => credits.records.filter((d) => d.account === "individual");
  if (plan.scenario === "duplicate_credit") {
    for (const first of rng.sample(adults(), rng.int(1, 3))) {
      const i = villages.findIndex((v) => v.village_code === first.village_code);
      const limit = Math.min(asOf, compensation[i] === null ? asOf : quotaYearEnd(compensation[i]));
      const day = Math.min(first.credited_on + rng.int(20, 150), limit);
      if (day <= first.credited_on) continue;
      credits.credit(
        { id: first.person_id, name: first.name },
        first.village_code,
        day,
        first.amount,
        "individual",
      );
    }
  } else if (plan.scenario === "minor_individual") {
    for (const record of rng.sample(credits.records, rng.int(1, Math.min(3, credits.records.length)))) {
      const child = credits.people.create(record.credited_on - Math.round(rng.between(3, 14) * 365.25));
      record.person_id = child.id;
      record.name = child.name;
      record.account = "individual";
    }
  } else if (plan.scenario === "late_credit") {
    const withPeople = villages
      .map((v, i) => ({ v, i, n: credits.records.filter((d) => d.village_code === v.village_code).length }))
      .filter((x) => x.n > 0);
    if (withPeople.length === 0) return;
    const { v, i, n } = rng.pick(withPeople);
    let paid =
      compensation[i] ??
      Math.min(
        ...credits.records.filter((d) => d.village_code === v.village_code).map((d) => d.credited_on),
      ) - 5;
    if (isLeapDay(paid)) paid -= 1;
    compensation[i] = paid;
    const count = rng.int(1, Math.max(1, Math.min(4, Math.floor(n * 0.3))));
    const spare = available - budget;
    const each = Math.max(
      1,
      Math.floor(Math.min(budget / Math.max(1, credits.records.length), spare / count)),
    );
    const day = Math.min(addYears(paid, 1) + rng.int(20, 200), asOf);
    for (let k = 0; k < count; k++) {
      const person = credits.person(day);
      credits.credit(person, v.village_code, day, each, credits.accountFor(person, day));
    }
  }
}

/** Sorts a project's flows by day (deposits before transfers before refunds) and gives them voucher numbers. */
function numberFlows(drafts: DraftFlow[], run: RunContext): FlowRecord[] {
  return drafts
    .sort((a, b) => a.flow_on - b.flow_on || FLOW_ORDER[a.flow] - FLOW_ORDER[b.flow])
    .map((f) => ({ flow_id: run.nextFlowId(), ...f }));
}

/**
 * 深茂铁路(阳西段) from seed 001: 21 people should have been covered, 198 were credited 2,109.15 yuan
 * each. The village's farmland per capita equals its adult share (0.8), so 21 mu give exactly 21.00
 * virtual people. Required and received are the 417,611.70 yuan distributed, as the seed reports them.
 */
function shenmaoProject(plan: ProjectPlan, county: CountyState, run: RunContext): ProjectBundle {
  const { rng } = county;
  const village = county.shenmaoVillage;
  if (!village) throw new Error("the Shenmao project needs its village in 阳西县");
  const approved = plan.approved;
  const required = 198 * 2109_15;
  const fc: FundingContext = {
    rng,
    projectId: plan.project_id,
    approved,
    applied: approved - 120,
    required,
    asOf: run.asOf,
  };
  const { flows } = ordinaryFunding(fc, { transferDelay: [10, 30] });
  const credits = new ProjectCredits({
    rng,
    people: county.people,
    projectId: plan.project_id,
    adultAge: county.policy.adult_age,
    nextRecordId: run.nextRecordId,
    reuseShare: 0,
    minorShare: 0,
  });
  const compensation = approved + 3;
  credits.wave(village.village_code, approved + 12, new Array<number>(198).fill(2109_15));
  return {
    project: {
      project_id: plan.project_id,
      project_name: `深茂铁路(阳西段)建设项目用地（国土资函〔2015〕512号）`,
      county_code: county.plan.place.county.county_code,
      applied_on: approved - 120,
      approved_on: approved,
      supplied_on: approved + 75,
      area: 60_5000,
      farmland: 21_0000,
      zone_price: 46_000_00,
      method: "per_person",
      required,
    },
    villages: [
      {
        project_id: plan.project_id,
        village_code: village.village_code,
        farmland: 21_0000,
        compensation_paid_on: compensation,
        quota: null,
      },
    ],
    flows: numberFlows(flows, run),
    distributions: credits.records,
  };
}
