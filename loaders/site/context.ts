/**
 * What every page's data builder receives: the warehouse (metrics computed), the figures most pages
 * share, and a writer for the page's files.
 */
import { writeFile, mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Warehouse } from "../warehouse.ts";
import {
  countyMonthly,
  findings,
  policies,
  projects,
  provinceMonthly,
  rollups,
  type FindingRow,
  type Json,
  type ProjectRow,
  type Rollup,
} from "./export.ts";

export interface SiteContext {
  db: Warehouse;
  asOf: string;
  /** Writes one JSON file, relative to the site data directory. */
  write: (name: string, value: Json) => Promise<void>;
  province: Rollup;
  cities: Rollup[];
  counties: Rollup[];
  /** Province monthly series, as columns. */
  monthly: Record<string, Json[]>;
  countyMonthly: Map<string, Record<string, Json[]>>;
  projects: ProjectRow[];
  findings: FindingRow[];
  /** Every policy scope ("*" first), resolved. */
  policies: Record<string, Json>[];
  /** The global policy. */
  policy: Record<string, Json>;
  /** County code -> [county name, city name]. */
  countyNames: Record<string, [string, string]>;
  /** Files and rows read, loaded, rejected; the data's content hash. */
  freshness: Record<string, Json>;
}

/** Gathers the shared figures once for all pages. */
export async function siteContext(
  db: Warehouse,
  dir: string,
  args: { asOf: string; secret: string; report: Record<string, Json>; dataHash: string },
): Promise<SiteContext> {
  const levels = await rollups(db);
  const policyList = (await policies(db)) as Record<string, Json>[];
  const tables = args.report.tables as Record<
    string,
    { rows_read: number; rows_loaded: number; rows_rejected: number }
  >;
  const sum = (k: "rows_read" | "rows_loaded" | "rows_rejected") =>
    Object.values(tables).reduce((a, t) => a + t[k], 0);
  return {
    db,
    asOf: args.asOf,
    write: async (name, value) => {
      const path = join(dir, name);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, JSON.stringify(value));
    },
    province: levels.province,
    cities: levels.cities,
    counties: levels.counties,
    monthly: await provinceMonthly(db),
    countyMonthly: await countyMonthly(db),
    projects: await projects(db),
    findings: await findings(db, args.secret),
    policies: policyList,
    policy: policyList.find((p) => p.scope === "*") ?? {},
    countyNames: Object.fromEntries(levels.counties.map((c) => [c.code, [c.name, c.city_name]])),
    freshness: {
      data_hash: args.dataHash,
      files: (args.report.files as Json[]).length,
      rows_read: sum("rows_read"),
      rows_loaded: sum("rows_loaded"),
      rows_rejected: sum("rows_rejected"),
      tables: tables as unknown as Json,
    },
  };
}
