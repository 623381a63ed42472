/**
 * Small hand-written data sets for tests: rows as objects, written as the CSV files a user would give.
 */
import { mkdtemp, mkdir, writeFile } from "node:fs/promises";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TABLES, tableSpec, type SourceTable, type TableName } from "../loaders/contract.ts";
import { checkCharacter } from "../loaders/personId.ts";
import { ingestInto } from "../loaders/ingest.ts";
import { comparePeriods, computeMetrics } from "../loaders/metrics.ts";
import { withWarehouse, type Warehouse } from "../loaders/warehouse.ts";

export type Row = Record<string, string | number | null | undefined>;
export type Tables = Partial<Record<TableName, Row[]>>;

const written: string[] = [];
// Fixtures hold made-up IDs only, but a test run should not leave thousands of folders behind.
process.on("exit", () => {
  for (const dir of written) rmSync(dir, { recursive: true, force: true });
});

/** Quotes a CSV field when needed. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV text of rows with the contract's English headers for a table (missing values empty). */
export function tableCsv(table: SourceTable, rows: Row[]): string {
  const fields = tableSpec(table).fields.map((f) => f.name);
  return [fields.join(","), ...rows.map((r) => fields.map((f) => csvCell(r[f])).join(","))].join("\n") + "\n";
}

/**
 * Writes a data directory: one CSV per table (a header-only file for tables not given), plus an optional
 * policy.json and an optional rectification ledger (rectifications.csv). Returns its path.
 */
export async function writeDataDir(
  tables: Tables,
  options: { policy?: object; dir?: string; rectifications?: Row[] } = {},
): Promise<string> {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), "xianbao-fixture-")));
  if (!options.dir) written.push(dir);
  await mkdir(dir, { recursive: true });
  for (const spec of TABLES) {
    const name = spec.name as TableName;
    await writeFile(join(dir, `${name}.csv`), tableCsv(name, tables[name] ?? []));
  }
  if (options.policy) await writeFile(join(dir, "policy.json"), JSON.stringify(options.policy));
  if (options.rectifications)
    await writeFile(join(dir, "rectifications.csv"), tableCsv("rectifications", options.rectifications));
  return dir;
}

/** A valid 18-character citizen ID for a county, birth date (YYYYMMDD) and sequence number. */
export function personId(county: string, birth: string, seq: number): string {
  const first17 = `${county}${birth}${String(seq).padStart(3, "0")}`;
  return first17 + checkCharacter(first17);
}

export interface MetricsResult {
  asOf: string;
  projects: Record<string, Record<string, unknown>>;
  findings: Record<string, unknown>[];
  rollups: Record<string, unknown>[];
  monthly: Record<string, unknown>[];
  ageing: Record<string, unknown>[];
}

/** Ingests a data directory into an in-memory warehouse and computes the metrics; returns every table. */
export async function metricsOf(dir: string, asOf?: string, today = "2026-11-23"): Promise<MetricsResult> {
  return withWarehouse(":memory:", async (db) => {
    await ingestInto(db, dir, { today });
    const date = await computeMetrics(db, asOf);
    return readMetrics(db, date);
  });
}

export interface ComparisonResult extends MetricsResult {
  compareTo: string;
  /** The T0 pass's findings and roll-ups. */
  findingsThen: Record<string, unknown>[];
  rollupsThen: Record<string, unknown>[];
  rectifications: Record<string, unknown>[];
  rectificationsThen: Record<string, unknown>[];
  periods: Record<string, unknown>[];
  changes: Record<string, unknown>[];
  ruleCounts: Record<string, unknown>[];
  /** Rows of the ledger as loaded, and the rejects of every table. */
  ledger: Record<string, unknown>[];
  rejects: Record<string, unknown>[];
  report: Awaited<ReturnType<typeof ingestInto>>;
}

/** Ingests a data directory and compares two dates (comparePeriods); returns T1's tables and T0's. */
export async function comparisonOf(
  dir: string,
  options: { asOf?: string; compareTo?: string },
  today = "2026-11-23",
): Promise<ComparisonResult> {
  return withWarehouse(":memory:", async (db) => {
    const report = await ingestInto(db, dir, { today });
    const dates = await comparePeriods(db, options);
    const order = `ORDER BY finding_key`;
    return {
      ...(await readMetrics(db, dates.asOf)),
      compareTo: dates.compareTo,
      findingsThen: await db.rows(`SELECT * FROM m_findings_then ${order}`),
      rollupsThen: await db.rows(`SELECT * FROM m_rollups_then ORDER BY level, code`),
      rectifications: await db.rows(`SELECT * FROM m_rectifications ${order}`),
      rectificationsThen: await db.rows(`SELECT * FROM m_rectifications_then ${order}`),
      periods: await db.rows(`SELECT * FROM m_finding_periods ${order}`),
      changes: await db.rows(`SELECT * FROM m_changes ORDER BY level, code`),
      ruleCounts: await db.rows(`SELECT * FROM m_rule_counts ORDER BY level, code, rule`),
      ledger: await db.rows(`SELECT * FROM rectifications ORDER BY src_file, src_row`),
      rejects: await db.rows(
        `SELECT table_name, CAST(row AS INTEGER) AS row, field, value, reason_code FROM rejects ORDER BY file_id, row, field`,
      ),
      report,
    };
  });
}

async function readMetrics(db: Warehouse, asOf: string): Promise<MetricsResult> {
  const projects: Record<string, Record<string, unknown>> = {};
  for (const p of await db.rows(
    `SELECT * EXCLUDE (virtual_pico), CAST(virtual_pico AS VARCHAR) AS virtual_pico FROM m_projects`,
  ))
    projects[p.project_id as string] = p;
  return {
    asOf,
    projects,
    findings: await db.rows(
      `SELECT * FROM m_findings ORDER BY code, project_id, village_code NULLS FIRST, event_on NULLS FIRST, record_id NULLS FIRST`,
    ),
    rollups: await db.rows(`SELECT * FROM m_rollups ORDER BY level, code`),
    monthly: await db.rows(`SELECT * FROM m_monthly ORDER BY month`),
    ageing: await db.rows(`SELECT * FROM ageing ORDER BY project_id, flow_on`),
  };
}

/** A project row with sensible defaults (Guangzhou Liwan, old method) for fixtures. */
export function project(id: string, fields: Row = {}): Row {
  return {
    project_id: id,
    project_name: `测试批次${id}`,
    county_code: "440103",
    approved_on: "2020-03-01",
    area_mu: "10",
    farmland_mu: "10",
    zone_price: "50000",
    method: "per_person",
    required_yuan: "90000.00",
    ...fields,
  };
}
