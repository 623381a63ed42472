/**
 * Metrics (docs/metrics.md) over a warehouse, as of a date: every figure in SQL, one named query per
 * metric family (loaders/sql/metrics/*.sql), results kept in the warehouse as m_* tables. And the period
 * comparison of the review cycle (docs/review.md): two as-of passes over one load.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { FINDING_CODES } from "@xianbao/common/rules.js";
import { ownsNames, writeDirAtomically } from "./atomic.ts";
import { BilingualError } from "./errors.ts";
import { sqlText } from "./sql.ts";
import type { Warehouse } from "./warehouse.ts";

/** The metric families in the order they depend on each other. */
export const METRIC_QUERIES = [
  "scope",
  "ledger",
  "ageing",
  "headcount",
  "methods",
  "projects",
  "findings",
  "resolution",
  "proof",
  "rectifications",
  "rollups",
  "rule_stats",
  "status",
  "bands",
  "monthly",
] as const;

/**
 * The pass at T0 of a comparison: the monthly series is T1's alone (it already runs through T0), and the
 * per-rule statistics, amount bands and the findings' proof figures describe T1 only, so the earlier pass
 * leaves them out.
 */
const THEN_QUERIES = METRIC_QUERIES.filter((q) => !["monthly", "rule_stats", "bands", "proof"].includes(q));

/** The tables of the T0 pass kept for the comparison, each under `<name>_then`. */
export const THEN_TABLES = [
  "m_projects",
  "m_findings",
  "m_rectifications",
  "m_rollups",
  "m_rule_counts",
  "m_status",
];

/** What a comparison leaves behind; removed when a plain pass runs, so no stale comparison survives. */
const COMPARISON_TABLES = [...THEN_TABLES.map((t) => `${t}_then`), "m_finding_periods", "m_changes"];

/** The latest date anywhere in the loaded data (the default as-of date), or null for an empty warehouse. */
export async function latestDate(db: Warehouse): Promise<string | null> {
  const value = await db.value<string | null>(
    `SELECT CAST(max(d) AS VARCHAR) FROM (
       SELECT max(greatest(applied_on, approved_on, supplied_on)) AS d FROM projects
       UNION ALL SELECT max(flow_on) FROM fund_flows
       UNION ALL SELECT max(credited_on) FROM distributions
       UNION ALL SELECT max(compensation_paid_on) FROM project_villages)`,
  );
  return value ?? null;
}

async function asOfDate(db: Warehouse, asOf: string | undefined): Promise<string> {
  const date = asOf ?? (await latestDate(db));
  if (!date)
    throw new BilingualError(
      "没有可计算的数据: 所有表都是空的或全部被拒绝。请先查看导入报告。",
      "nothing to compute: every table is empty or was rejected. Look at the load report first.",
    );
  return date;
}

async function runPass(db: Warehouse, queries: readonly string[], date: string): Promise<void> {
  // The rule codes are bound, not written into the SQL: the roll-up's per-rule columns come from this list.
  const params = { as_of: date, rule_codes: JSON.stringify(FINDING_CODES) };
  for (const name of queries) {
    await db.run(readQuery(name), params);
    if (name === "scope") {
      // asof_credits: distributions itself when every credit is in the data as of T, else a copy of those
      // that are (the two SQL files say why; docs/decisions.md O12).
      const every = await db.value<boolean>("SELECT every_credit FROM asof_cover");
      await db.run(readQuery(every ? "asof_credits_all" : "asof_credits_cut"), params);
    }
  }
}

/**
 * Computes every metric as of `asOf` (default: the latest date in the data) into m_projects, m_findings,
 * m_finding_proof, m_rectifications, m_rollups, m_rule_counts, m_rule_stats, m_status (with m_scopes),
 * m_bands and m_monthly. Returns the as-of date used.
 */
export async function computeMetrics(db: Warehouse, asOf?: string): Promise<string> {
  const date = await asOfDate(db, asOf);
  for (const table of COMPARISON_TABLES) await db.run(`DROP TABLE IF EXISTS ${table}`);
  await runPass(db, METRIC_QUERIES, date);
  await db.run(`INSERT OR REPLACE INTO meta VALUES ('as_of', $d)`, { d: date });
  await db.run(`DELETE FROM meta WHERE key = 'compare_to'`);
  return date;
}

/**
 * The last half-year end (30 June or 31 December) strictly before `date` (YYYY-MM-DD): the default T0
 * of a comparison (docs/review.md#default-t0).
 * @example halfYearBefore("2026-09-30") === "2026-06-30"; halfYearBefore("2026-06-30") === "2025-12-31"
 */
export function halfYearBefore(date: string): string {
  const year = Number(date.slice(0, 4));
  return date.slice(5) > "06-30" ? `${year}-06-30` : `${year - 1}-12-31`;
}

export interface ComparisonOptions {
  /** T1 (default: the latest date in the data). */
  asOf?: string;
  /** T0 (default: the last half-year end strictly before T1). Must be before T1. */
  compareTo?: string;
}

export interface ComparisonDates {
  asOf: string;
  compareTo: string;
}

/**
 * The period comparison (docs/review.md#comparison) over one load: a pass at T0 whose tables are kept as
 * m_*_then (m_projects_then, m_findings_then, m_rectifications_then, m_rollups_then, m_rule_counts_then),
 * then the full pass at T1 into the m_* tables, then m_finding_periods (every key with what happened to
 * it) and m_changes (then / now figures per province, city and county). The site build calls it with
 * `compareTo` undefined (the last half-year end); the CLI only when --compare-to is given.
 */
export async function comparePeriods(
  db: Warehouse,
  options: ComparisonOptions = {},
): Promise<ComparisonDates> {
  const asOf = await asOfDate(db, options.asOf);
  const compareTo = options.compareTo ?? halfYearBefore(asOf);
  if (!(compareTo < asOf))
    throw new BilingualError(
      `比较日期 (上期) ${compareTo} 必须早于截止日期 (本期) ${asOf}。请用 --compare-to 指定更早的日期。`,
      `the comparison date (then) ${compareTo} must be before the as-of date (now) ${asOf}. Give an earlier --compare-to.`,
    );
  for (const table of COMPARISON_TABLES) await db.run(`DROP TABLE IF EXISTS ${table}`);
  await runPass(db, THEN_QUERIES, compareTo);
  for (const table of THEN_TABLES) await db.run(`ALTER TABLE ${table} RENAME TO ${table}_then`);
  await runPass(db, METRIC_QUERIES, asOf);
  await db.run(readQuery("changes"), { as_of: asOf, compare_to: compareTo });
  await db.run(`INSERT OR REPLACE INTO meta VALUES ('as_of', $d), ('compare_to', $t)`, {
    d: asOf,
    t: compareTo,
  });
  return { asOf, compareTo };
}

function readQuery(name: string): string {
  return sqlText(`metrics/${name}`);
}

/** The files `metrics --out` writes (a folder holding only these may be replaced by a new run). */
export const METRICS_FILES = [
  "projects.csv",
  "counties.csv",
  "findings.csv",
  "monthly.csv",
  "rejects.csv",
  "load_report.json",
  "changes.csv",
] as const;

/** What `metrics --out` is, for messages. */
export const METRICS_OUT = { zh: "输出目录 (--out)", en: "the output folder (--out)" };

/**
 * Writes the command-line outputs (docs/outputs.md) into `outDir`, all at once: into a new folder beside
 * it, swapped in when complete (atomic.ts), so an interrupted run leaves the previous set whole. changes.csv
 * too when the metrics compared two dates (comparePeriods). Resolves to the paths written.
 */
export async function writeMetricsOutputs(db: Warehouse, outDir: string): Promise<string[]> {
  const names = await writeDirAtomically(
    outDir,
    async (dir) => {
      const files: Record<string, string> = {
        projects_csv: join(dir, "projects.csv"),
        counties_csv: join(dir, "counties.csv"),
        findings_csv: join(dir, "findings.csv"),
        monthly_csv: join(dir, "monthly.csv"),
        rejects_csv: join(dir, "rejects.csv"),
      };
      await db.run(sqlText("metrics/outputs"), files);
      if (await db.value(`SELECT value FROM meta WHERE key = 'compare_to'`)) {
        files.changes_csv = join(dir, "changes.csv");
        await db.run(sqlText("metrics/outputs_changes"), { changes_csv: files.changes_csv });
      }
      const report = await db.value<string>(`SELECT value FROM meta WHERE key = 'load_report'`);
      await writeFile(
        join(dir, "load_report.json"),
        JSON.stringify(JSON.parse(report ?? "{}"), null, 2) + "\n",
      );
      return [...Object.values(files), join(dir, "load_report.json")].map((f) => f.slice(dir.length + 1));
    },
    { role: METRICS_OUT, owns: ownsNames(METRICS_FILES) },
  );
  return names.map((name) => join(outDir, name));
}
