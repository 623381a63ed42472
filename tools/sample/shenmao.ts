/**
 * The Shenmao railway example of seed 001, reproduced exactly.
 */
import { numberFlows, type CountyState, type RunContext } from "./context.ts";
import { ProjectCredits } from "./credits.ts";
import { ordinaryFunding, type FundingContext } from "./funding.ts";
import type { ProjectPlan } from "./plan.ts";
import type { ProjectBundle } from "./records.ts";

/**
 * 深茂铁路(阳西段) from seed 001: 21 people should have been covered, 198 were credited 2,109.15 yuan
 * each. The village's farmland per capita equals its adult share (0.8), so 21 mu give exactly 21.00
 * virtual people. Required and received are the 417,611.70 yuan distributed, as the seed reports them.
 */
export function shenmaoProject(plan: ProjectPlan, county: CountyState, run: RunContext): ProjectBundle {
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
