/**
 * Metrics (DOMAIN section 3) over a warehouse, as of a date: every figure in SQL, one named query per
 * metric family (loaders/sql/metrics/*.sql), results kept in the warehouse as m_* tables.
 */
import { writeFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { FINDING_CODES } from "@xianbao/common/rules.js";
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

/** Writes the command-line outputs of DOMAIN section 4 into `outDir`. */
export async function writeMetricsOutputs(db: Warehouse, outDir: string): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const files = {
    projects_csv: join(outDir, "projects.csv"),
    counties_csv: join(outDir, "counties.csv"),
    findings_csv: join(outDir, "findings.csv"),
    monthly_csv: join(outDir, "monthly.csv"),
    rejects_csv: join(outDir, "rejects.csv"),
  };
  await db.run(sqlText("metrics/outputs"), files);
  const report = await db.value<string>(`SELECT value FROM meta WHERE key = 'load_report'`);
  const reportPath = join(outDir, "load_report.json");
  await writeFile(reportPath, JSON.stringify(JSON.parse(report ?? "{}"), null, 2) + "\n");
  return [...Object.values(files), reportPath];
}
