/**
 * What every page's data builder receives: the warehouse (metrics computed), the figures most pages share,
 * read once through the site queries, and a writer for the page's files.
 */
import { writeFile, mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Warehouse } from "../warehouse.ts";
import { columns, personKeyPads, type Json } from "./export.ts";
import { siteRows } from "./query.ts";
import { FINDING_CODES } from "@xianbao/common/rules.js";

/** A roll-up row of site/rollups.sql. */
export interface Rollup extends Record<string, Json> {
  level: string;
  code: string;
  name: string;
  city_code: string;
  city_name: string;
  status: string;
  reasons: string[];
  scope: string;
}

/** A policy scope of site/policies.sql, its JSON parsed. */
export interface Scope {
  scope: string;
  policy: Record<string, Json>;
  per_person_fen: number;
  base_pension_fen: number;
  per_person_monthly_fen: number;
  per_person_total_fen: number;
}

export interface SiteContext {
  db: Warehouse;
  asOf: string;
  /** T0 of the period comparison (docs/review.md#default-t0); every roll-up row carries its changes since. */
  compareTo: string;
  /** Writes one JSON file, relative to the site data directory. */
  write: (name: string, value: Json) => Promise<void>;
  /** Writes one file of bytes (a compressed shard), relative to the site data directory. */
  writeBytes: (name: string, bytes: Uint8Array) => Promise<void>;
  province: Rollup;
  cities: Rollup[];
  counties: Rollup[];
  /** Province monthly series, as columns. */
  monthly: Record<string, Json[]>;
  /**
   * How many findings there are. The findings themselves stay in DuckDB, in the temporary table
   * site_finding_rows (site/finding_rows.sql), which the findings and county pages read shard by shard.
   */
  findingCount: number;
  /** Every policy scope, "*" (the whole data set) first. */
  scopes: Scope[];
  /** The global policy. */
  policy: Record<string, Json>;
  /** County code -> [county name, city name]. */
  countyNames: Record<string, [string, string]>;
  /** Files and rows read, loaded, rejected; the data's content hash. */
  freshness: Record<string, Json>;
}

type Counts = { rows_read: number; rows_loaded: number; rows_rejected: number };

/** Gathers the shared figures once for all pages. */
export async function siteContext(
  db: Warehouse,
  dir: string,
  args: { asOf: string; compareTo: string; secret: string; report: Record<string, Json>; dataHash: string },
): Promise<SiteContext> {
  const rollups = await siteRows<Rollup>(db, "rollups");
  const scopes = (await siteRows<Omit<Scope, "policy"> & { policy: string }>(db, "policies")).map((s) => ({
    ...s,
    policy: JSON.parse(s.policy) as Record<string, Json>,
  }));
  const counties = rollups.filter((r) => r.level === "county");
  const tables = args.report.tables as unknown as Record<string, Counts>;
  const sum = (k: keyof Counts) => Object.values(tables).reduce((a, t) => a + t[k], 0);
  const { inner, outer } = personKeyPads(args.secret);
  await siteRows(db, "finding_rows", {
    counties: JSON.stringify(counties.map((c) => c.code)),
    codes: JSON.stringify(FINDING_CODES),
    inner,
    outer,
  });
  const [{ n }] = await db.rows<{ n: number }>(
    "SELECT CAST(count(*) AS INTEGER) AS n FROM site_finding_rows",
  );
  return {
    db,
    asOf: args.asOf,
    compareTo: args.compareTo,
    write: async (name, value) => {
      const path = join(dir, name);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, JSON.stringify(value));
    },
    writeBytes: async (name, bytes) => {
      const path = join(dir, name);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, bytes);
    },
    province: rollups.find((r) => r.level === "all")!,
    cities: rollups.filter((r) => r.level === "city"),
    counties,
    monthly: columns(await siteRows(db, "monthly")),
    findingCount: n,
    scopes,
    policy: scopes.find((s) => s.scope === "*")!.policy,
    countyNames: Object.fromEntries(counties.map((c) => [c.code, [c.name, c.city_name]])),
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

/** The scope's policy (its resolved JSON) by scope name. */
export function policyOfScope(ctx: SiteContext, scope: string): Record<string, Json> {
  return ctx.scopes.find((s) => s.scope === scope)?.policy ?? ctx.policy;
}
