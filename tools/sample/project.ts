/**
 * The second pass: every record of one project from its plan. Ordinary projects obey every rule with
 * clear margins (deposits before approval, transfers within 45 days, people credited within 45 days of the
 * money and the quota's year, nobody under 16 in an individual account, people within the quota); a
 * planted scenario breaks one rule on purpose. The headcount ratio and the old/new method comparison
 * follow from ordinary numbers (seed 001) and are not steered, except in clean mode.
 */
import { numberFlows, type CountyState, type RunContext } from "./context.ts";
import {
  amountsFor,
  chooseStyle,
  headcount,
  ProjectCredits,
  splitCount,
  type CreditStyle,
} from "./credits.ts";
import { isLeapDay, partsOf, type Day } from "./dates.ts";
import { approx } from "./decimal.ts";
import { projectName } from "./names.ts";
import { NEW_METHOD_FROM, type ProjectPlan } from "./plan.ts";
import { plantCreditAnomaly } from "./plantCredits.ts";
import { projectLand } from "./projectLand.ts";
import type { Method, ProjectBundle, ProjectVillageRecord } from "./records.ts";
import { fundProject } from "./scenarioFunding.ts";
import { shenmaoProject } from "./shenmao.ts";

export type { CountyState, RunContext } from "./context.ts";

/** Generates one project's records. */
export function generateProject(plan: ProjectPlan, county: CountyState, run: RunContext): ProjectBundle {
  if (plan.scenario === "shenmao") return shenmaoProject(plan, county, run);
  const { rng, policy } = county;
  const info = county.plan.place.county;
  const approved = plan.approved;
  const method: Method = approved < NEW_METHOD_FROM ? "per_person" : "per_land";
  const applied = rng.chance(0.95) ? approved - rng.int(30, 240) : null;

  const land = projectLand(plan, method, county, run);
  const { villages, farmland, totalFarmland, area, zone, virtual, required } = land;

  const asOf = run.asOf;
  let supplied: Day | null = rng.chance(0.7) ? approved + rng.int(20, 500) : null;
  if (supplied !== null && supplied > asOf) supplied = null;
  const compensation = villages.map(() => {
    if (!rng.chance(0.9)) return null;
    let day = Math.min(approved + rng.int(-15, 5), asOf);
    if (isLeapDay(day)) day -= 1;
    return day;
  });

  const funding = fundProject(
    plan,
    { rng, projectId: plan.project_id, approved, applied, required, asOf },
    run,
    supplied,
  );
  const { drafts, available, fundedOn } = funding;
  supplied = funding.supplied;

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
