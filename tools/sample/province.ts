/**
 * Generates the counties of one province in order, writing every row as it is made, evaluating each
 * project and tallying. Numbering, the stock controller and the band steer belong to the province, so a
 * province's files do not depend on which thread generated it or what ran before.
 */
import {
  parsePolicyFile,
  policyFor,
  resolvePolicies,
  type PolicyFile,
  type ScopedPolicy,
} from "../../loaders/policy.ts";
import { BandSteer } from "./credits.ts";
import type { Day } from "./dates.ts";
import { evaluateProject } from "./evaluate.ts";
import type { SampleFormat } from "./formats.ts";
import { StockController } from "./funding.ts";
import { countyPriceLevel, villagePool } from "./land.ts";
import { CountyPeople } from "./people.ts";
import { SHENMAO_COUNTY, type CountyPlan } from "./plan.ts";
import { generateProject, type CountyState, type RunContext } from "./project.ts";
import { Random } from "./random.ts";
import type { VillageRecord } from "./records.ts";
import type { LedgerPlanner } from "./rectifications.ts";
import type { RejectPlanter } from "./rejects.ts";
import type { ScaleSpec } from "./scales.ts";
import { Tally, type TallyData } from "./tally.ts";
import type { SampleWriter } from "./write.ts";

/** Share of the stock's baseline shortfall paid by the sample's last day (seed 000's rectification). */
const STOCK_PAID_TARGET = 0.68;

/** The counties of one province. */
export interface ProvinceJob {
  province: string;
  counties: CountyPlan[];
}

/** What every province of a run shares (plain data, sent to worker threads as is). */
export interface JobContext {
  spec: ScaleSpec;
  seed: number;
  clean: boolean;
  format: SampleFormat;
  asOf: Day;
  /** T0 of the sample's period comparison (the last half-year end before asOf). */
  compareTo: Day;
  stockBaseline: Day;
  /** policy.json as written. */
  policyText: string;
}

export interface ProvinceHooks {
  writer: SampleWriter;
  rejects: RejectPlanter | null;
  /** Collects the rectification ledger the cities return (not at the national scale). */
  ledger: LedgerPlanner | null;
  /** Called after each county with the number of its projects. */
  onCounty: (projects: number) => void | Promise<void>;
}

/** Generates a province; returns its tally. */
export async function generateProvince(
  job: ProvinceJob,
  ctx: JobContext,
  hooks: ProvinceHooks,
): Promise<TallyData> {
  const { spec, seed, format, asOf } = ctx;
  const { writer, rejects } = hooks;
  const scopes = resolvePolicies(parsePolicyFile(JSON.parse(ctx.policyText) as PolicyFile, "policy.json"));
  // Several provinces (national) carry the province in their voucher and record numbers.
  const prefix = spec.splitBy === "province" ? job.province : "";
  let flowSeq = 0;
  let recordSeq = 0;
  const run: RunContext = {
    spec,
    clean: ctx.clean,
    asOf,
    stockBaseline: ctx.stockBaseline,
    stock: new StockController(STOCK_PAID_TARGET),
    bands: new BandSteer(),
    nextFlowId: () => `PZ${prefix}${String(++flowSeq).padStart(8, "0")}`,
    nextRecordId: () => `R${prefix}${String(++recordSeq).padStart(8, "0")}`,
  };
  const tally = new Tally(spec.name !== "national");
  let otherCountyVillage: VillageRecord | null = null;
  let index = 0;
  for (const countyPlan of job.counties) {
    const county = startCounty(countyPlan, seed, scopes);
    const { city_code, province_code } = countyPlan.place.county;
    const group = spec.splitBy === "city" ? city_code : province_code;
    writer.touch("distributions", group);
    for (const v of county.pool) writer.village(v);
    tally.data.rows.villages += county.pool.length;
    const villageOf = new Map(county.pool.map((v) => [v.village_code, v]));
    const outsidePool = rejects ? countyPlan.place.villages.filter((v) => !villageOf.has(v.code)) : [];
    const perPerson = new Map<string, number>();
    for (const plan of countyPlan.projects) {
      const bundle = generateProject(plan, county, run);
      writer.project(bundle.project);
      for (const pv of bundle.villages) writer.projectVillage(pv);
      for (const f of bundle.flows) writer.flow(f);
      for (const d of bundle.distributions) {
        writer.distribution(d, group);
        perPerson.set(d.person_id, (perPerson.get(d.person_id) ?? 0) + d.amount);
      }
      const evaluation = evaluateProject(bundle, (c) => villageOf.get(c), county.policy, asOf);
      tally.addProject(bundle, evaluation);
      if (tally.data.findings && evaluation) {
        const then = evaluateProject(bundle, (c) => villageOf.get(c), county.policy, ctx.compareTo);
        tally.addReview(then, evaluation, ctx.compareTo, bundle.project.approved_on);
        hooks.ledger?.addProject(
          city_code,
          countyPlan.place.county.county_code,
          plan.project_id,
          plan.scenario !== "ordinary" && plan.scenario !== "shenmao",
          then?.findings ?? [],
          evaluation.findings,
        );
      }
      if (plan.scenario === "shenmao") tally.data.shenmaoId = plan.project_id;
      else if (plan.scenario !== "ordinary")
        tally.data.planted.push({
          project_id: plan.project_id,
          scenario: plan.scenario,
          codes: [...new Set(evaluation?.findings.map((f) => f.code))].sort(),
        });
      else
        rejects?.afterProject(index, {
          bundle,
          writer,
          format,
          group,
          pool: county.pool,
          outsidePool,
          otherCountyVillage,
          nextFlowId: run.nextFlowId,
          nextRecordId: run.nextRecordId,
        });
      index++;
    }
    tally.addPeople(perPerson);
    otherCountyVillage = county.pool[0] ?? otherCountyVillage;
    await hooks.onCounty(countyPlan.projects.length);
  }
  return tally.data;
}

/** The generation state of one county: its own random stream, village pool, people and policy. */
function startCounty(plan: CountyPlan, seed: number, scopes: ScopedPolicy[]): CountyState {
  const { county, cls, villages } = plan.place;
  const rng = new Random(seed, "county", county.county_code);
  const pool = villagePool(rng, cls, villages, plan.projects.length);
  let shenmaoVillage: VillageRecord | null = null;
  if (county.county_code === SHENMAO_COUNTY && plan.projects.some((p) => p.scenario === "shenmao")) {
    // Farmland per capita equal to the adult share makes 21 mu exactly 21.00 virtual people.
    const source = villages.find((v) => v.name.endsWith("村")) ?? villages[0];
    shenmaoVillage = {
      village_code: source.code,
      village_name: source.name,
      per_capita: 8000,
      adult_share: 8000,
    };
    const at = pool.findIndex((v) => v.village_code === source.code);
    if (at >= 0) pool[at] = shenmaoVillage;
    else pool.push(shenmaoVillage);
    pool.sort((a, b) => (a.village_code < b.village_code ? -1 : 1));
  }
  return {
    plan,
    rng,
    pool,
    people: new CountyPeople(county.county_code, rng),
    priceLevel: countyPriceLevel(rng, cls),
    policy: policyFor(scopes, county.county_code),
    shenmaoVillage,
  };
}
