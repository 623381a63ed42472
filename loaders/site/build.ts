/**
 * Builds the site's data files from a data directory: ingest, metrics, then one compact JSON per page and
 * one per county. The build script runs this once per data set and settings through the cache
 * (cache.ts); Framework's thin loaders read the prepared files through src/data/siteData.ts.
 */
import { randomBytes } from "node:crypto";
import { mkdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { ingestInto } from "../ingest.ts";
import { comparePeriods } from "../metrics.ts";
import { withWarehouse, type Warehouse, type WarehouseOptions } from "../warehouse.ts";
import type { Json } from "./export.ts";
import { siteContext } from "./context.ts";
import { dataHash } from "./hash.ts";
import { defineSiteMacros } from "./query.ts";
import { writeOverview } from "./pages/overview.ts";
import { writeCounties } from "./pages/counties.ts";
import { writeStock } from "./pages/stock.ts";
import { writeBacklog } from "./pages/backlog.ts";
import { writeHeadcount } from "./pages/headcount.ts";
import { writeMethods } from "./pages/methods.ts";
import { writeFindings } from "./pages/findings.ts";
import { writeQuality } from "./pages/quality.ts";
import { writeSearch } from "./pages/search.ts";
import { writeProjects } from "./pages/projects.ts";
import { writeCompare } from "./pages/compare.ts";

/** One data builder per page, each owning its files. */
export const PAGE_WRITERS = [
  writeOverview,
  writeCounties,
  writeCompare,
  writeStock,
  writeBacklog,
  writeHeadcount,
  writeMethods,
  writeFindings,
  writeQuality,
  writeSearch,
  writeProjects,
];

export interface SiteDataOptions {
  /** Secret for the keyed person hash; default random for this build. */
  secret?: string;
  asOf?: string;
  /** T0, the earlier as-of date the site compares with (XIANBAO_COMPARE_TO); default the last half-year end before T1. */
  compareTo?: string;
  /** The load day; default today (local time). */
  today?: string;
  warehouse?: WarehouseOptions;
  chunkBytes?: number;
  /** The data's content hash when the caller has it already (dataHash). */
  dataHash?: string;
  /** Where each step's time goes (the build's log), e.g. "站点数据 site data: projects 12.3 s". */
  log?: (line: string) => void;
}

/** Writes every site data file of `dataDir` into `outDir` (which is replaced). */
export async function buildSiteData(
  dataDir: string,
  outDir: string,
  options: SiteDataOptions = {},
): Promise<void> {
  const secret = options.secret ?? randomBytes(32).toString("hex");
  const staging = `${outDir}.partial-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(join(staging, "county"), { recursive: true });
  // Memory settings come from the caller (the environment is read at the edge, see env.ts).
  const inMemory = (fn: (db: Warehouse) => Promise<void>) => withWarehouse(":memory:", fn, options.warehouse);
  await inMemory(async (db) => {
    const report = await ingestInto(db, dataDir, { today: options.today, chunkBytes: options.chunkBytes });
    // Every page compares with T0 (two as-of passes over one load): XIANBAO_COMPARE_TO, else the last
    // half-year end before T1 (docs/review.md#default-t0).
    const { asOf, compareTo } = await comparePeriods(db, {
      asOf: options.asOf,
      compareTo: options.compareTo,
    });
    await defineSiteMacros(db);
    const ctx = await siteContext(db, staging, {
      asOf,
      compareTo,
      secret,
      report: report as unknown as Record<string, Json>,
      dataHash: options.dataHash ?? (await dataHash(dataDir)),
    });
    for (const writePage of PAGE_WRITERS) {
      const started = performance.now();
      await writePage(ctx);
      options.log?.(
        `站点数据 site data: ${writePage.name.replace(/^write/, "").toLowerCase()} ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
    }
  });
  await rm(outDir, { recursive: true, force: true });
  await rename(staging, outDir);
}
