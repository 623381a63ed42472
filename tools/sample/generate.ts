/**
 * writeSample: plans the projects, generates them province by province and county by county (streaming
 * every row to disk, never holding a table; the national scale on worker threads), evaluates each project
 * as it goes, and writes policy.json and the anomalies.json manifest. The same seed and options always
 * give the same bytes.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { extname, join } from "node:path";
import { TABLES, type TableName } from "../../loaders/contract.ts";
import { parsePolicyFile, policyFor, resolvePolicies, type PolicyFile } from "../../loaders/policy.ts";
import { dayOf, isoOf } from "./dates.ts";
import { sortFindings } from "./evaluate.ts";
import type { SampleFormat } from "./formats.ts";
import { runInWorkers } from "./parallel.ts";
import { planSample, type CountyPlan } from "./plan.ts";
import { generateProvince, type JobContext, type ProvinceJob } from "./province.ts";
import { countLedger, LedgerPlanner } from "./rectifications.ts";
import { RejectPlanter } from "./rejects.ts";
import { scaleSpec, type SampleScale } from "./scales.ts";
import { reviewTotals, Tally } from "./tally.ts";
import { joinParts, SampleWriter } from "./write.ts";

/** The sample's fixed present: its last date. */
export const SAMPLE_AS_OF = "2026-09-30";
/** The sample's review period starts at the last half-year end before its present (docs/review.md#default-t0). */
export const SAMPLE_COMPARE_TO = "2026-06-30";
export const DEFAULT_SEED = 20221222;
/** Guangzhou still levied 16,200 yuan per person (docs/policy.md). */
export const SAMPLE_POLICY = { overrides: { "4401": { per_person_yuan: 16200 } } } as const;

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

const OURS = new Set<string>([...TABLES.map((t) => t.name), "counties", "rectifications"]);

/** Whether a name in a data folder is one a sample writes (a table file or folder, policy.json, ...). */
export function isSampleEntry(entry: string): boolean {
  const stem = entry.slice(0, entry.length - extname(entry).length);
  return OURS.has(stem) || OURS.has(entry) || ["policy.json", "anomalies.json", ".parts"].includes(entry);
}

/** Removes what an earlier sample left in the directory (only names a sample writes). */
function clearOutput(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const entry of readdirSync(dir))
    if (isSampleEntry(entry)) rmSync(join(dir, entry), { recursive: true, force: true });
}

/** The counties grouped by province, in code order. */
function provinceJobs(plans: readonly CountyPlan[]): ProvinceJob[] {
  const jobs: ProvinceJob[] = [];
  for (const county of plans) {
    const province = county.place.county.province_code;
    if (jobs.at(-1)?.province !== province) jobs.push({ province, counties: [] });
    jobs[jobs.length - 1].counties.push(county);
  }
  return jobs;
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
  if (format === "mixed" && spec.splitBy === "province")
    throw new Error("the mixed format (an XLSX of every project) is for one province; use --format csv");
  const asOf = dayOf(SAMPLE_AS_OF);
  const policyText = JSON.stringify(SAMPLE_POLICY, null, 2) + "\n";
  const global = policyFor(
    resolvePolicies(parsePolicyFile(JSON.parse(policyText) as PolicyFile, "policy.json")),
    "",
  );
  const stockBaseline = dayOf(global.stock_baseline);
  const plans = planSample(spec, { seed, clean, asOf, scopeStart: dayOf(global.scope_start), stockBaseline });
  const jobs = provinceJobs(plans);
  const compareTo = dayOf(SAMPLE_COMPARE_TO);
  const ctx: JobContext = { spec, seed, clean, format, asOf, compareTo, stockBaseline, policyText };
  const total = plans.reduce((n, c) => n + c.projects.length, 0);
  let done = 0;

  clearOutput(options.out);
  const tally = new Tally(spec.name !== "national");
  let files: string[];
  let rows: Record<TableName, number>;
  let rejects: RejectPlanter | null = null;
  let ledger: LedgerPlanner | null = null;
  if (spec.splitBy === "province") {
    const outputs = await runInWorkers(jobs, { ctx, out: options.out }, (projects) => {
      done += projects;
      options.onProgress?.(done, total);
    });
    rows = { projects: 0, villages: 0, project_villages: 0, fund_flows: 0, distributions: 0 };
    files = joinParts(
      options.out,
      format,
      clean,
      jobs.map((j) => j.province),
    );
    for (const o of outputs) {
      tally.merge(o.tally);
      for (const k of Object.keys(rows) as TableName[]) rows[k] += o.rows[k];
      files.push(...o.files.filter((f) => f.startsWith("distributions/")));
    }
  } else {
    const writer = new SampleWriter(options.out, format, clean);
    if (format === "mixed" && !clean) rejects = new RejectPlanter(plans[0].projects.length, total);
    ledger = clean ? null : new LedgerPlanner(seed, compareTo, asOf);
    for (const job of jobs) {
      const data = await generateProvince(job, ctx, {
        writer,
        rejects,
        ledger,
        onCounty: async (projects) => {
          done += projects;
          if (!options.onProgress) return;
          options.onProgress(done, total);
          await new Promise((resolve) => setImmediate(resolve));
        },
      });
      tally.merge(data);
    }
    ({ files, rows } = await writer.finish());
  }

  writeFileSync(join(options.out, "policy.json"), policyText);
  const plantedRejects = rejects?.planted ?? [];
  const findings = tally.data.findings ? sortFindings(tally.data.findings) : null;
  const returned = ledger ? await ledger.write(options.out, format, rejects ? plantedRejects : null) : null;
  files.push(...(returned?.files ?? []));
  const rejectedRows = plantedRejects.filter((r) => r.table === "rectifications").length;
  const unanswered = returned?.rows.filter((r) => r.status === null).length ?? 0;
  const review = {
    as_of: isoOf(asOf),
    compare_to: SAMPLE_COMPARE_TO,
    ...reviewTotals(tally.data),
    rectifications: returned && {
      files: returned.files,
      rows_read: returned.dataRows - unanswered,
      rows_loaded: returned.dataRows - unanswered - rejectedRows,
      rows_rejected: rejectedRows,
      unanswered_rows: unanswered,
      counted: countLedger(returned.rows, findings ?? [], asOf),
    },
  };
  const manifest = {
    scale: spec.name,
    seed,
    clean,
    format,
    as_of: isoOf(asOf),
    shenmao_project_id: tally.data.shenmaoId,
    finding_counts: tally.data.counts,
    totals: tally.totals(),
    people: tally.people(),
    planted_projects: tally.data.planted,
    planted_rejects: plantedRejects,
    review,
    expected_findings: findings,
  };
  writeFileSync(join(options.out, "anomalies.json"), JSON.stringify(manifest, null, 1) + "\n");
  const findingCount = Object.values(tally.data.counts).reduce((a, b) => a + b, 0);
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
