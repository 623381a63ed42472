/**
 * Site data too large for one file (every project's page, every person of the search index) goes out in
 * gzip shards, one file per shard number of common/shard.js, written into the site data by the pages'
 * builders and copied beside the built site by the build (publish.ts): Framework's file attachments need
 * names known when a page is built, and one page per project would not build in time at the national
 * scale. The page computes the shard from what it looks for and fetches that file only.
 */
import { createHash } from "node:crypto";
import { cp, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { shardFile } from "@xianbao/common/shard.js";
import type { Json } from "./export.ts";
import type { SiteContext } from "./context.ts";
import { siteRows } from "./query.ts";

/** Shards read from the warehouse at once: bounds the text held in memory whatever the scale. */
const BATCH = 200;

const gzipAsync = promisify(gzip);

/**
 * Compresses one shard's JSON text (zlib runs in Node's thread pool, so shards compress side by side).
 * Level 4, not zlib's default 6: on the 531 MB of the findings shards at 2 million findings level 6 took
 * 6.04 s for 44.8 MB, level 4 3.29 s for 45.9 MB (docs/decisions.md O13).
 */
export function gzipShard(text: string): Promise<Buffer> {
  return gzipAsync(text, { level: 4 });
}

/** Shard folders: their name in the site data and in the built site. */
export const SHARD_FOLDERS = { project: "_project", person: "_person", finding: "_finding" } as const;

/**
 * Writes the shards of one folder, each as gzip-compressed JSON text (made by a site query, in DuckDB:
 * building 2 million credits as JavaScript objects first took minutes at the province scale); `index()`
 * is what the page needs to find them.
 */
export function shardWriter(ctx: SiteContext, folder: keyof typeof SHARD_FOLDERS, shards: number) {
  const hash = createHash("sha256");
  return {
    /** Writes shards from..to: `texts` holds the JSON of those that have content, `empty` the rest's. */
    async writeRange(from: number, to: number, texts: Map<number, string>, empty: Json): Promise<void> {
      const numbers = Array.from({ length: to - from + 1 }, (_, i) => from + i);
      // Compressed side by side, written in shard order.
      const blank = JSON.stringify(empty);
      const bytes = await Promise.all(numbers.map((n) => gzipShard(texts.get(n) ?? blank)));
      for (const [i, n] of numbers.entries()) {
        hash.update(bytes[i]);
        await ctx.writeBytes(`${folder}/${shardFile(n, shards)}`, bytes[i]);
      }
    },
    /** What the page needs to find the shards, with a version that changes with any byte of them. */
    index(): { shards: number; folder: string; version: string } {
      return { shards, folder: SHARD_FOLDERS[folder], version: hash.digest("hex").slice(0, 12) };
    },
  };
}

/**
 * Writes every shard of a folder from a site query that returns `{shard, json}` rows for shards $from to
 * $to (given $as_of), BATCH shards at a time; a shard without a row gets `empty`'s JSON, since the page
 * asks for the shard of any key it is given. Returns what the page needs to find them.
 */
export async function writeShards(
  ctx: SiteContext,
  folder: keyof typeof SHARD_FOLDERS,
  shards: number,
  query: string,
  empty: Json,
): Promise<{ shards: number; folder: string; version: string }> {
  const out = shardWriter(ctx, folder, shards);
  for (let from = 0; from < shards; from += BATCH) {
    const to = Math.min(shards, from + BATCH) - 1;
    const rows = await siteRows<{ shard: number; json: string }>(ctx.db, query, {
      from,
      to,
      as_of: ctx.asOf,
    });
    await out.writeRange(from, to, new Map(rows.map((r) => [r.shard, r.json])), empty);
  }
  return out.index();
}

/** Copies every shard folder of a site data directory into a built site. */
export async function publishShards(siteData: string, siteDir: string): Promise<void> {
  for (const [from, to] of Object.entries(SHARD_FOLDERS)) {
    await rm(join(siteDir, to), { recursive: true, force: true });
    if (existsSync(join(siteData, from)))
      await cp(join(siteData, from), join(siteDir, to), { recursive: true });
  }
}
