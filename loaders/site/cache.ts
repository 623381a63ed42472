/**
 * The site-data cache: one folder per cache key (see hash.ts), built privately as
 * `<key>.building-<pid>` and renamed into place only when complete, so an entry that exists is whole.
 * The caller holds the build lock of the cache folder (publish.ts), so nobody reads an entry while
 * another build prunes it.
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { removeOnInterrupt } from "../cleanup.ts";
import { loadDay } from "../ingest.ts";
import { isAlive } from "../lock.ts";
import { buildSiteData, type SiteDataOptions } from "./build.ts";
import { cacheKey, codeVersion, dataHash, publicParts } from "./hash.ts";

/** The settings of SiteDataOptions (the secret undefined: a random one, so the entry is never reused). */
export interface PrepareOptions extends Omit<SiteDataOptions, "dataHash"> {
  dataDir: string;
  cacheDir: string;
}

export interface Prepared {
  /** The folder of site data files. */
  dir: string;
  /** Whether it was already in the cache. */
  cached: boolean;
  key: string;
}

/** The site data of a data set and settings: from the cache, else built and cached (older entries pruned). */
export async function prepareSiteData(options: PrepareOptions): Promise<Prepared> {
  const secret = options.secret ?? randomBytes(32).toString("hex");
  const data = await dataHash(options.dataDir);
  const parts = {
    data,
    secret,
    today: options.today ?? loadDay(),
    asOf: options.asOf ?? null,
    compareTo: options.compareTo ?? null,
    code: await codeVersion(),
  };
  const key = cacheKey(parts);
  const dir = join(options.cacheDir, key);
  if (existsSync(dir)) return { dir, cached: true, key };
  await mkdir(options.cacheDir, { recursive: true });
  const building = `${dir}.building-${process.pid}`;
  const forget = removeOnInterrupt(building);
  try {
    await rm(building, { recursive: true, force: true });
    await buildSiteData(options.dataDir, building, {
      secret,
      asOf: options.asOf,
      compareTo: options.compareTo,
      today: parts.today,
      warehouse: options.warehouse,
      chunkBytes: options.chunkBytes,
      dataHash: data,
      log: options.log,
    });
    await writeFile(
      join(building, "key.json"),
      JSON.stringify(publicParts(parts, options.secret !== undefined), null, 2) + "\n",
    );
    await rename(building, dir);
  } catch (error) {
    await rm(building, { recursive: true, force: true });
    throw error;
  } finally {
    forget();
  }
  await prune(options.cacheDir, key);
  return { dir, cached: false, key };
}

/** Removes every entry but `keep`, and what killed builds left (`*.building-<dead pid>`). */
async function prune(cacheDir: string, keep: string): Promise<void> {
  for (const entry of await readdir(cacheDir)) {
    if (entry === keep || entry.endsWith(".lock") || entry.includes(".lock.")) continue;
    const building = /\.building-(\d+)$/.exec(entry);
    if (building && isAlive(Number(building[1]))) continue;
    await rm(join(cacheDir, entry), { recursive: true, force: true });
  }
}
