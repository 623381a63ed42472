/**
 * Small hand-written data sets for tests: rows as objects, written as the CSV files a user would give.
 */
import { mkdtemp, mkdir, writeFile } from "node:fs/promises";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TABLES, type TableName } from "../loaders/contract.ts";
import { checkCharacter } from "../loaders/personId.ts";
import { ingestInto } from "../loaders/ingest.ts";
import { computeMetrics } from "../loaders/metrics.ts";
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
export function tableCsv(table: TableName, rows: Row[]): string {
  const fields = TABLES.find((t) => t.name === table)!.fields.map((f) => f.name);
  return [fields.join(","), ...rows.map((r) => fields.map((f) => csvCell(r[f])).join(","))].join("\n") + "\n";
}

/**
 * Writes a data directory: one CSV per table (a header-only file for tables not given), plus an optional
 * policy.json. Returns its path.
 */
export async function writeDataDir(
  tables: Tables,
  options: { policy?: object; dir?: string } = {},
): Promise<string> {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), "xianbao-fixture-")));
  if (!options.dir) written.push(dir);
  await mkdir(dir, { recursive: true });
  for (const spec of TABLES) {
    const name = spec.name as TableName;
    await writeFile(join(dir, `${name}.csv`), tableCsv(name, tables[name] ?? []));
  }
  if (options.policy) await writeFile(join(dir, "policy.json"), JSON.stringify(options.policy));
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
