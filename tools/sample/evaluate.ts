/**
 * An independent evaluator of docs/metrics.md and docs/findings.md over records as they would be loaded: the project figures
 * and the findings F01-F12 as of a date. It knows nothing of how the sample was generated, so it doubles
 * as an oracle for the SQL metrics.
 */
import { birthDate, maskPersonId } from "../../loaders/personId.ts";
import type { Policy } from "../../loaders/policy.ts";
import { addYears, dayOf, type Day } from "./dates.ts";
import {
  addRational,
  compareRational,
  fenText,
  mulRational,
  rationalOf,
  whole,
  type Rational,
} from "./decimal.ts";
import type { DistributionRecord, Finding, FlowRecord, ProjectBundle, VillageRecord } from "./records.ts";

/** Upper bounds (days, inclusive) of the unallocated ageing buckets; the last is open. */
export const AGEING_BUCKETS = ["0_180", "181_365", "366_730", "731_1095", "over_1095"] as const;
const AGEING_LIMITS = [180, 365, 730, 1095];

export interface ProjectFigures {
  project_id: string;
  county_code: string;
  required: number;
  received: number;
  in_special: number;
  distributed: number;
  shortfall: number;
  unallocated: number;
  over_allocated: number;
  funded_on: Day | null;
  virtual_people: Rational;
  actual_people: number;
  is_stock: boolean;
  stock_baseline: number;
  stock_remaining: number;
  is_increment: boolean;
  increment_open: number;
  /** Fen left unallocated by deposit age, in the order of AGEING_BUCKETS. */
  ageing: number[];
}

export interface ProjectEvaluation {
  figures: ProjectFigures;
  findings: Finding[];
}

/** Looks a village up by code. */
export type VillageLookup = (code: string) => VillageRecord | undefined;

const TEN_THOUSAND = 10_000n;

/** virtual_people = Σ farmland × adult_share / farmland_per_capita over the project's villages, exact. */
export function virtualPeople(bundle: ProjectBundle, villageOf: VillageLookup): Rational {
  let total: Rational = whole(0);
  for (const pv of bundle.villages) {
    const village = villageOf(pv.village_code);
    if (!village || village.per_capita <= 0) continue;
    const term = {
      n: BigInt(pv.farmland) * BigInt(village.adult_share),
      d: BigInt(village.per_capita) * TEN_THOUSAND,
    };
    total = addRational(total, term);
  }
  return total;
}

/** old_method_yuan = virtual_people × per_person_yuan, exact. */
export function oldMethodYuan(virtual: Rational, policy: Policy): Rational {
  return mulRational(virtual, rationalOf(policy.per_person_yuan));
}

/** new_method_yuan = area × zone_price × ratio of the zone price's tier, exact. */
export function newMethodYuan(area: number, zonePriceFen: number, policy: Policy): Rational {
  const ratio = rationalOf(tierRatio(policy, zonePriceFen));
  return mulRational({ n: BigInt(area) * BigInt(zonePriceFen), d: TEN_THOUSAND * 100n }, ratio);
}

/** The tier ratio for a zone price in fen (tier bounds are in yuan, upper bounds inclusive). */
export function tierRatio(policy: Policy, zonePriceFen: number): number {
  for (const tier of policy.land_ratio_tiers)
    if (tier.max_price === null || zonePriceFen <= tier.max_price * 100) return tier.ratio;
  return policy.land_ratio_tiers[policy.land_ratio_tiers.length - 1].ratio;
}

function byDateThenId<T>(date: (x: T) => Day, id: (x: T) => string): (a: T, b: T) => number {
  return (a, b) => date(a) - date(b) || (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0);
}

/**
 * Figures and findings of one project as of `asOf`, or null when it is approved after `asOf` (it does not
 * exist yet).
 */
export function evaluateProject(
  bundle: ProjectBundle,
  villageOf: VillageLookup,
  policy: Policy,
  asOf: Day,
): ProjectEvaluation | null {
  const p = bundle.project;
  if (p.approved_on > asOf) return null;
  const flows = bundle.flows
    .filter((f) => f.flow_on <= asOf)
    .sort(
      byDateThenId<FlowRecord>(
        (f) => f.flow_on,
        (f) => f.flow_id,
      ),
    );
  const credits = bundle.distributions
    .filter((d) => d.credited_on <= asOf)
    .sort(
      byDateThenId<DistributionRecord>(
        (d) => d.credited_on,
        (d) => d.record_id,
      ),
    );
  const received = (t: Day) => {
    let sum = 0;
    for (const f of flows) {
      if (f.flow_on > t) break;
      if (f.flow === "deposit") sum += f.amount;
      else if (f.flow === "refund") sum -= f.amount;
    }
    return sum;
  };
  const inSpecial = (t: Day) => {
    let sum = 0;
    for (const f of flows) {
      if (f.flow_on > t) break;
      if (f.flow === "transfer" || (f.flow === "deposit" && f.account === "special")) sum += f.amount;
      else if (f.flow === "refund" && f.account === "special") sum -= f.amount;
    }
    return sum;
  };
  const R = p.required;
  const findings: Finding[] = [];
  // The sample's record ids hold no ID number, so a key is the record id itself (the pipeline masks any).
  const add = (
    code: string,
    village: string | null,
    person: string | null,
    fen: number | null,
    record: string | null = null,
  ) =>
    findings.push({
      code,
      project_id: p.project_id,
      village_code: village,
      person: person === null ? null : maskPersonId(person),
      amount_yuan: fen === null ? null : fenText(fen),
      finding_key: [code, p.project_id, ...(record ? [record] : code === "F11" ? [village] : [])].join(":"),
      resolved: false,
    });

  const receivedAtApproval = received(p.approved_on);
  if (receivedAtApproval < R) add("F01", null, null, R - receivedAtApproval);
  if (p.supplied_on !== null && p.supplied_on <= asOf) {
    const atSupply = received(p.supplied_on);
    if (atSupply < R) add("F02", null, null, R - atSupply);
  }
  const transferDeadline = p.approved_on + policy.transfer_deadline_days;
  if (transferDeadline <= asOf) {
    const special = inSpecial(transferDeadline);
    if (special < R) add("F03", null, null, R - special);
  }

  let fundedOn: Day | null = R <= 0 ? p.approved_on : null;
  let running = 0;
  for (let i = 0; i < flows.length && fundedOn === null; i++) {
    const f = flows[i];
    if (f.flow === "deposit") running += f.amount;
    else if (f.flow === "refund") running -= f.amount;
    const lastOfDay = i === flows.length - 1 || flows[i + 1].flow_on !== f.flow_on;
    if (lastOfDay && running >= R) fundedOn = f.flow_on;
  }
  // docs/decisions.md M1: the clock starts when the money is in place and the approval is issued; a
  // project that requires nothing has nothing to enrol.
  if (fundedOn !== null && R > 0) {
    const enrolDeadline = Math.max(fundedOn, p.approved_on) + policy.enrolment_deadline_days;
    if (enrolDeadline <= asOf && !credits.some((d) => d.credited_on <= enrolDeadline))
      add("F04", null, null, null);
  }

  const receivedNow = received(asOf);
  let distributed = 0;
  for (const d of credits) distributed += d.amount;
  if (distributed > receivedNow) add("F05", null, null, distributed - receivedNow);

  const people = new Set(credits.map((d) => d.person_id));
  const virtual = virtualPeople(bundle, villageOf);
  if (virtual.n > 0n) {
    const actual = whole(people.size);
    const ratio = { n: actual.n * virtual.d, d: virtual.n };
    if (compareRational(ratio, rationalOf(policy.dilution_ratio)) >= 0) add("F06", null, null, null);
    if (compareRational(ratio, rationalOf(policy.undercoverage_ratio)) < 0 && receivedNow >= R)
      add("F07", null, null, null);
  }

  const seen = new Set<string>();
  for (const d of credits) {
    if (seen.has(d.person_id)) add("F08", d.village_code, d.person_id, d.amount, d.record_id);
    seen.add(d.person_id);
  }
  const creditYear = (d: DistributionRecord) => new Date(d.credited_on * 86_400_000).getUTCFullYear();
  for (const d of credits) {
    if (d.account !== "individual") continue;
    // Born more than adult_age + 1 calendar years before the credit's year: an adult whatever the day.
    if (creditYear(d) - Number(d.person_id.slice(6, 10)) > policy.adult_age + 1) continue;
    const birth = birthDate(d.person_id);
    if (birth !== null && d.credited_on < addYears(dayOf(birth), policy.adult_age))
      add("F09", d.village_code, d.person_id, d.amount, d.record_id);
  }
  const quotaEnds = new Map<string, Day>();
  for (const pv of bundle.villages)
    if (pv.compensation_paid_on !== null && pv.compensation_paid_on <= asOf)
      quotaEnds.set(pv.village_code, addYears(pv.compensation_paid_on, policy.quota_valid_years));
  for (const d of credits) {
    const end = quotaEnds.get(d.village_code);
    if (end !== undefined && d.credited_on > end)
      add("F10", d.village_code, d.person_id, d.amount, d.record_id);
  }
  for (const pv of bundle.villages) {
    if (pv.quota === null) continue;
    const credited = new Set(
      credits.filter((d) => d.village_code === pv.village_code).map((d) => d.person_id),
    );
    if (credited.size > pv.quota) add("F11", pv.village_code, null, null);
  }
  if (compareRational(newMethodYuan(p.area, p.zone_price, policy), oldMethodYuan(virtual, policy)) < 0)
    add("F12", null, null, null);

  const baseline = dayOf(policy.stock_baseline);
  const isStock =
    asOf >= baseline &&
    p.approved_on >= dayOf(policy.scope_start) &&
    p.approved_on <= baseline &&
    received(baseline) < R;
  const isIncrement = p.approved_on > baseline && receivedAtApproval < R;
  const shortfall = Math.max(0, R - receivedNow);
  // Resolved at T (docs/findings.md#resolved): the money arrived later (F01, F02), reached the special
  // account later (F03), someone was credited later (F04); the others only by disappearing.
  const settled: Record<string, boolean> = {
    F01: receivedNow >= R,
    F02: receivedNow >= R,
    F03: inSpecial(asOf) >= R,
    F04: credits.length > 0,
  };
  for (const f of findings) f.resolved = settled[f.code] ?? false;
  return {
    findings,
    figures: {
      project_id: p.project_id,
      county_code: p.county_code,
      required: R,
      received: receivedNow,
      in_special: inSpecial(asOf),
      distributed,
      shortfall,
      unallocated: Math.max(0, receivedNow - distributed),
      over_allocated: Math.max(0, distributed - receivedNow),
      funded_on: fundedOn,
      virtual_people: virtual,
      actual_people: people.size,
      is_stock: isStock,
      stock_baseline: isStock ? R - received(baseline) : 0,
      stock_remaining: isStock ? shortfall : 0,
      is_increment: isIncrement,
      increment_open: isIncrement ? shortfall : 0,
      ageing: unallocatedAgeing(flows, distributed, asOf),
    },
  };
}

/**
 * Unallocated money by deposit age: deposits are consumed first-in first-out by distributions, a refund
 * takes back the newest deposits made up to its date, and what is left keeps its deposit date.
 */
export function unallocatedAgeing(
  sortedFlows: readonly FlowRecord[],
  distributed: number,
  asOf: Day,
): number[] {
  const layers: { day: Day; left: number }[] = [];
  for (const f of sortedFlows) {
    if (f.flow === "deposit") layers.push({ day: f.flow_on, left: f.amount });
    else if (f.flow === "refund") {
      let take = f.amount;
      for (let i = layers.length - 1; i >= 0 && take > 0; i--) {
        const used = Math.min(take, layers[i].left);
        layers[i].left -= used;
        take -= used;
      }
    }
  }
  let consume = distributed;
  const buckets = AGEING_BUCKETS.map(() => 0);
  for (const layer of layers) {
    const used = Math.min(consume, layer.left);
    consume -= used;
    const left = layer.left - used;
    if (left <= 0) continue;
    const age = asOf - layer.day;
    let bucket = AGEING_LIMITS.findIndex((limit) => age <= limit);
    if (bucket < 0) bucket = AGEING_LIMITS.length;
    buckets[bucket] += left;
  }
  return buckets;
}

/** Sorts findings by code, project, village, person and amount (a stable order for manifests and diffs). */
export function sortFindings(findings: Finding[]): Finding[] {
  const key = (f: Finding) =>
    [
      f.code,
      f.project_id,
      f.village_code ?? "",
      f.person ?? "",
      (f.amount_yuan ?? "").padStart(16, "0"),
    ].join("\u0000");
  return findings
    .map((f) => ({ f, k: key(f) }))
    .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0))
    .map((x) => x.f);
}
