/**
 * writeSample: plans the projects, generates them county by county (streaming every row to disk, never
 * holding a table), evaluates each project as it goes, and writes policy.json and the anomalies.json
 * manifest. The same seed and options always give the same bytes.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { extname, join } from "node:path";
import { TABLES, type TableName } from "../contract.ts";
import { parsePolicyFile, policyFor, resolvePolicies, type PolicyFile } from "../policy.ts";
import { dayOf, isoOf } from "./dates.ts";
import { evaluateProject, sortFindings } from "./evaluate.ts";
import type { SampleFormat } from "./formats.ts";
import { BandSteer } from "./credits.ts";
import { StockController } from "./funding.ts";
import { villagePool, countyPriceLevel } from "./land.ts";
import { CountyPeople } from "./people.ts";
import { planSample, SHENMAO_COUNTY, type CountyPlan, type Scenario } from "./plan.ts";
import { generateProject, type CountyState, type RunContext } from "./project.ts";
import { Random } from "./random.ts";
import type { VillageRecord } from "./records.ts";
import { RejectPlanter, type PlantedReject } from "./rejects.ts";
import { scaleSpec, type SampleScale } from "./scales.ts";
import { Tally } from "./tally.ts";
import { SampleWriter } from "./write.ts";

/** The sample's fixed present: its last date. */
export const SAMPLE_AS_OF = "2026-09-30";
export const DEFAULT_SEED = 20221222;
/** Guangzhou still levied 16,200 yuan per person (DOMAIN section 2). */
export const SAMPLE_POLICY = { overrides: { "4401": { per_person_yuan: 16200 } } } as const;
/** Share of the stock's baseline shortfall paid by the sample's last day (seed 000's rectification). */
const STOCK_PAID_TARGET = 0.68;

export interface SampleOptions {
  scale: SampleScale;
  out: string;
  /** Default 20221222. */
  seed?: number;
  /** No anomalies, no rejects, no extra columns: every rule finds nothing. */
  clean?: boolean;
  /** Default: mixed for small and demo, csv for province and national. */
  format?: SampleFormat;
  onProgress?: (done: number, total: number) => void;
}

export interface SampleSummary {
  scale: SampleScale;
  seed: number;
  clean: boolean;
  format: SampleFormat;
  as_of: string;
  /** Files written, relative to `out`, sorted. */
  files: string[];
  /** Data rows written per table (planted rejects included). */
  rows: Record<TableName, number>;
  /** Expected findings plus planted rejects. */
  anomalies: number;
}

export interface PlantedProject {
  project_id: string;
  scenario: Scenario;
  /** The codes the rules find on it (F06 and F12 included when they apply). */
  codes: string[];
}

/** Removes what an earlier sample left in the directory (only names a sample writes). */
function clearOutput(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const ours = new Set<string>([...TABLES.map((t) => t.name), "counties"]);
  for (const entry of readdirSync(dir)) {
    const stem = entry.slice(0, entry.length - extname(entry).length);
    if (ours.has(stem) || ours.has(entry) || entry === "policy.json" || entry === "anomalies.json")
      rmSync(join(dir, entry), { recursive: true, force: true });
  }
}

/**
 * Writes a deterministic sample data directory and returns what it wrote.
 * @example await writeSample({ scale: "small", out: "/tmp/sample" })
 */
export async function writeSample(options: SampleOptions): Promise<SampleSummary> {
  const spec = scaleSpec(options.scale);
  const seed = options.seed ?? DEFAULT_SEED;
  const clean = options.clean ?? false;
  const format = options.format ?? spec.defaultFormat;
  if (!Number.isSafeInteger(seed)) throw new Error(`the seed must be a whole number, got ${seed}`);
  if (format === "mixed" && spec.name === "national")
    throw new Error(
      "the mixed format (an XLSX of every project) is for small, demo and province; use --format csv",
    );
  const asOf = dayOf(SAMPLE_AS_OF);
  const policyText = JSON.stringify(SAMPLE_POLICY, null, 2) + "\n";
  const scopes = resolvePolicies(parsePolicyFile(JSON.parse(policyText) as PolicyFile, "policy.json"));
  const global = policyFor(scopes, "000000");
  const stockBaseline = dayOf(global.stock_baseline);
  const plans = planSample(spec, { seed, clean, asOf, scopeStart: dayOf(global.scope_start), stockBaseline });

  clearOutput(options.out);
  const writer = new SampleWriter(options.out, format, clean);
  let flowSeq = 0;
  let recordSeq = 0;
  const run: RunContext = {
    spec,
    clean,
    asOf,
    stockBaseline,
    stock: new StockController(STOCK_PAID_TARGET),
    bands: new BandSteer(),
    nextFlowId: () => `PZ${String(++flowSeq).padStart(8, "0")}`,
    nextRecordId: () => `R${String(++recordSeq).padStart(8, "0")}`,
  };
  const tally = new Tally(spec.name !== "national");
  const planted: PlantedProject[] = [];
  const total = plans.reduce((n, c) => n + c.projects.length, 0);
  const rejects = format === "mixed" && !clean ? new RejectPlanter(plans[0].projects.length, total) : null;
  let shenmaoId: string | null = null;
  let otherCountyVillage: VillageRecord | null = null;
  let done = 0;
  for (const countyPlan of plans) {
    const county = startCounty(countyPlan, seed, scopes);
    const group =
      spec.splitBy === "city" ? countyPlan.place.county.city_code : countyPlan.place.county.province_code;
    writer.touch("distributions", group);
    for (const v of county.pool) writer.village(v);
    tally.rows.villages += county.pool.length;
    const villageOf = new Map(county.pool.map((v) => [v.village_code, v]));
    const pooled = new Set(villageOf.keys());
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
      if (plan.scenario === "shenmao") shenmaoId = plan.project_id;
      else if (plan.scenario !== "ordinary")
        planted.push({
          project_id: plan.project_id,
          scenario: plan.scenario,
          codes: [...new Set(evaluation?.findings.map((f) => f.code))].sort(),
        });
      else
        rejects?.afterProject(done, {
          bundle,
          writer,
          format,
          group,
          pool: county.pool,
          outsidePool: countyPlan.place.villages.filter((v) => !pooled.has(v.code)),
          otherCountyVillage,
          nextFlowId: run.nextFlowId,
          nextRecordId: run.nextRecordId,
        });
      done++;
    }
    tally.addPeople(perPerson);
    otherCountyVillage = county.pool[0] ?? otherCountyVillage;
    if (options.onProgress) {
      options.onProgress(done, total);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  const { files, rows } = await writer.finish();
  writeFileSync(join(options.out, "policy.json"), policyText);
  const plantedRejects: PlantedReject[] = rejects?.planted ?? [];
  const findings = tally.findings ? sortFindings(tally.findings) : null;
  const manifest = {
    scale: spec.name,
    seed,
    clean,
    format,
    as_of: isoOf(asOf),
    shenmao_project_id: shenmaoId,
    finding_counts: tally.counts,
    totals: tally.totals(),
    people: tally.people(),
    planted_projects: planted,
    planted_rejects: plantedRejects,
    expected_findings: findings,
  };
  writeFileSync(join(options.out, "anomalies.json"), JSON.stringify(manifest, null, 1) + "\n");
  const findingCount = Object.values(tally.counts).reduce((a, b) => a + b, 0);
  return {
    scale: spec.name,
    seed,
    clean,
    format,
    as_of: isoOf(asOf),
    files: [...files, "anomalies.json", "policy.json"].sort(),
    rows,
    anomalies: findingCount + plantedRejects.length,
  };
}

/** The generation state of one county: its own random stream, village pool, people and policy. */
function startCounty(
  plan: CountyPlan,
  seed: number,
  scopes: ReturnType<typeof resolvePolicies>,
): CountyState {
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
