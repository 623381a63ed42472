/**
 * Builds the site's data files from a data directory: ingest, metrics, then one compact JSON per page and
 * one per county. Runs once per data set: the result is cached under a key made from the data's content,
 * so a changed file means new figures and an unchanged data set is not computed twice.
 */
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, existsSync } from "node:fs";
import { mkdir, readdir, rename, rm, stat, writeFile, readFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { ingestInto } from "../ingest.ts";
import { computeMetrics } from "../metrics.ts";
import { withWarehouse } from "../warehouse.ts";
import type { Json } from "./export.ts";
import { siteContext } from "./context.ts";
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

/** One data builder per page, each owning its files. */
export const PAGE_WRITERS = [
  writeOverview,
  writeCounties,
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
  /** Secret for the keyed person hash; default XIANBAO_HASH_SECRET, else random for this build. */
  secret?: string;
  asOf?: string;
  today?: string;
}

/** Writes every site data file of `dataDir` into `outDir` (which is replaced). */
export async function buildSiteData(
  dataDir: string,
  outDir: string,
  options: SiteDataOptions = {},
): Promise<void> {
  const secret = options.secret ?? process.env.XIANBAO_HASH_SECRET ?? randomBytes(32).toString("hex");
  const staging = `${outDir}.partial-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(join(staging, "county"), { recursive: true });
  await withWarehouse(":memory:", async (db) => {
    const report = await ingestInto(db, dataDir, { today: options.today });
    const asOf = await computeMetrics(db, options.asOf ?? process.env.XIANBAO_AS_OF);
    await defineSiteMacros(db);
    const ctx = await siteContext(db, staging, {
      asOf,
      secret,
      report: report as unknown as Record<string, Json>,
      dataHash: await dataHash(dataDir),
    });
    for (const writePage of PAGE_WRITERS) await writePage(ctx);
  });
  await rm(outDir, { recursive: true, force: true });
  await rename(staging, outDir);
}

/** SHA-256 over every file of a data directory (paths and contents), in a stable order. */
export async function dataHash(dataDir: string): Promise<string> {
  const hash = createHash("sha256");
  for (const file of await listFiles(resolve(dataDir))) {
    hash.update(relative(resolve(dataDir), file) + "\0" + (await stat(file)).size + "\0");
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  }
  return hash.digest("hex").slice(0, 16);
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  for (const e of entries) {
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(full)));
    else if (e.isFile()) out.push(full);
  }
  return out;
}

/** The data directory the site is built from: XIANBAO_DATA, else the embedded sample. */
export function siteDataDir(root = process.cwd()): string {
  return resolve(process.env.XIANBAO_DATA ?? join(root, "data", "sample"));
}

/**
 * The directory of site data files for the configured data set, built if missing or stale. Several
 * Framework loaders may ask at once: the first builds, the others wait for its marker.
 */
export async function siteFiles(root = process.cwd()): Promise<string> {
  const prepared = process.env.XIANBAO_SITE_FILES;
  if (prepared && existsSync(join(prepared, ".done"))) return prepared;
  const dataDir = siteDataDir(root);
  const key = `${await dataHash(dataDir)}-${process.env.XIANBAO_AS_OF ?? "latest"}`;
  const cache = process.env.XIANBAO_SITE_CACHE ?? join(root, ".xianbao", "site");
  const dir = join(cache, key);
  const done = join(dir, ".done");
  if (existsSync(done)) return dir;
  await mkdir(cache, { recursive: true });
  const lock = join(cache, `${key}.lock`);
  try {
    await mkdir(lock);
  } catch {
    for (let i = 0; i < 3600 && !existsSync(done); i++) await new Promise((r) => setTimeout(r, 500));
    if (existsSync(done)) return dir;
    throw new Error(`timed out waiting for ${lock}; remove it if no build is running`);
  }
  try {
    for (const entry of await readdir(cache))
      if (entry !== `${key}.lock`) await rm(join(cache, entry), { recursive: true, force: true });
    await buildSiteData(dataDir, dir);
    await writeFile(done, new Date().toISOString());
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
  return dir;
}

/** The text of one site data file (for the thin Framework loaders). */
export async function siteFile(name: string): Promise<string> {
  return readFile(join(await siteFiles(), name), "utf8");
}
