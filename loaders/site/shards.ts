/**
 * Site data too large for one file (every project's page, every person of the search index) goes out in
 * gzip shards, one file per shard number of common/shard.js, written into the site data by the pages'
 * builders and copied beside the built site by the build (publish.ts): Framework's file attachments need
 * names known when a page is built, and one page per project would not build in time at the national
 * scale. The page computes the shard from what it looks for and fetches that file only. The county and
 * city pages' data goes out the same way, one file per page named by its code (places.ts).
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

/**
 * Folders of gzip files the pages fetch themselves: their name in the site data and in the built site.
 * county and city hold one file per county or city page, named by its code (places.ts).
 */
export const SHARD_FOLDERS = {
  project: "_project",
  person: "_person",
  finding: "_finding",
  county: "_county",
  city: "_city",
} as const;

/** What a page needs to find the files of a folder, with a version that changes with any byte of them. */
export type FolderIndex = { folder: string; version: string };

/** Writes gzip-compressed JSON files into one folder; `index()` is what the page needs to find them. */
export function folderWriter(ctx: SiteContext, folder: keyof typeof SHARD_FOLDERS) {
  const hash = createHash("sha256");
  return {
    /** Writes the files `[name, json text]`, compressed side by side, written in the order given. */
    async write(files: [string, string][]): Promise<void> {
      const bytes = await Promise.all(files.map(([, text]) => gzipShard(text)));
      for (const [i, [name]] of files.entries()) {
        hash.update(`${name}\0`).update(bytes[i]);
        await ctx.writeBytes(`${folder}/${name}`, bytes[i]);
      }
    },
    index(): FolderIndex {
      return { folder: SHARD_FOLDERS[folder], version: hash.digest("hex").slice(0, 12) };
    },
  };
}

/**
 * Writes the shards of one folder, each as gzip-compressed JSON text (made by a site query, in DuckDB:
 * building 2 million credits as JavaScript objects first took minutes at the province scale); `index()`
 * is what the page needs to find them.
 */
export function shardWriter(ctx: SiteContext, folder: keyof typeof SHARD_FOLDERS, shards: number) {
  const out = folderWriter(ctx, folder);
  return {
    /** Writes shards from..to: `texts` holds the JSON of those that have content, `empty` the rest's. */
    async writeRange(from: number, to: number, texts: Map<number, string>, empty: Json): Promise<void> {
      const blank = JSON.stringify(empty);
      const files: [string, string][] = [];
      for (let n = from; n <= to; n++) files.push([shardFile(n, shards), texts.get(n) ?? blank]);
      await out.write(files);
    },
    index(): { shards: number } & FolderIndex {
      return { shards, ...out.index() };
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
): Promise<{ shards: number } & FolderIndex> {
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
