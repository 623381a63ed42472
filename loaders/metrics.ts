/**
 * Metrics (DOMAIN section 3) over a warehouse, as of a date: every figure in SQL, one named query per
 * metric family (loaders/sql/metrics/*.sql), results kept in the warehouse as m_* tables.
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
  "rollups",
  "rule_stats",
  "status",
  "bands",
  "monthly",
] as const;

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

/**
 * Computes every metric as of `asOf` (default: the latest date in the data) into m_projects, m_findings,
 * m_rollups, m_rule_stats, m_status (with m_scopes) and m_monthly. Returns the as-of date used.
 */
export async function computeMetrics(db: Warehouse, asOf?: string): Promise<string> {
  const date = asOf ?? (await latestDate(db));
  if (!date)
    throw new BilingualError(
      "没有可计算的数据: 所有表都是空的或全部被拒绝。请先查看导入报告。",
      "nothing to compute: every table is empty or was rejected. Look at the load report first.",
    );
  // The rule codes are bound, not written into the SQL: the roll-up's per-rule columns come from this list.
  const params = { as_of: date, rule_codes: JSON.stringify(FINDING_CODES) };
  for (const name of METRIC_QUERIES) await db.run(readQuery(name), params);
  await db.run(`INSERT OR REPLACE INTO meta VALUES ('as_of', $d)`, { d: date });
  return date;
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
] as const;

/** What `metrics --out` is, for messages. */
export const METRICS_OUT = { zh: "输出目录 (--out)", en: "the output folder (--out)" };

/**
 * Writes the command-line outputs of DOMAIN section 4 into `outDir`, all at once: into a new folder beside
 * it, swapped in when complete (atomic.ts), so an interrupted run leaves the previous set whole.
 * Resolves to the paths written.
 */
export async function writeMetricsOutputs(db: Warehouse, outDir: string): Promise<string[]> {
  const names = await writeDirAtomically(
    outDir,
    async (dir) => {
      const files = {
        projects_csv: join(dir, "projects.csv"),
        counties_csv: join(dir, "counties.csv"),
        findings_csv: join(dir, "findings.csv"),
        monthly_csv: join(dir, "monthly.csv"),
        rejects_csv: join(dir, "rejects.csv"),
      };
      await db.run(sqlText("metrics/outputs"), files);
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
