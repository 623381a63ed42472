/**
 * The project pages' data (批次页, src/project.md): for every project its approval and figures, its ledger
 * over time, fund flows, villages, credits (masked) and findings, written as gzip-compressed shards
 * `project/<n>.json.gz` (common/shard.js picks the shard from the id) and `project-index.json` saying how
 * many there are. One page reads one shard on demand, so 40,000 or 400,000 projects cost one Framework page
 * and the build copies the shards beside it (scripts/build-site.ts) instead of building a page each.
 */
import { createHash } from "node:crypto";
import { cp, rm } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { shardFile, shardOf, SHARD_TARGET_BYTES } from "@xianbao/common/shard.js";
import { columns, groupBy, omit, type Json } from "../export.ts";
import type { SiteContext } from "../context.ts";
import { siteRows } from "../query.ts";

const gzipAsync = promisify(gzip);

/** Where the shards go, in the site data and (copied) in the built site. */
export const PROJECT_DIR = "project";
export const PROJECT_SITE_DIR = "_project";

/**
 * Raw JSON bytes a project and each row of its lists take (measured on the province sample): the shard
 * count follows from them, so that a shard holds about SHARD_TARGET_BYTES.
 */
const BYTES = { project: 2600, credit: 95, flow: 110, village: 190 };

/** Shards read from the warehouse at once: bounds the rows held in memory whatever the scale. */
const BATCH = 40;

type Row = Record<string, Json> & { project_id: string };

export async function writeProjects(ctx: SiteContext): Promise<void> {
  const ids = (await siteRows<{ project_id: string }>(ctx.db, "project_names")).map((p) => p.project_id);
  const [size] = await siteRows<{ projects: number; credits: number; flows: number; villages: number }>(
    ctx.db,
    "project_sizes",
  );
  const estimate =
    size.projects * BYTES.project +
    size.credits * BYTES.credit +
    size.flows * BYTES.flow +
    size.villages * BYTES.village;
  const shards = Math.max(1, Math.ceil(estimate / SHARD_TARGET_BYTES));
  await siteRows(ctx.db, "project_shards", {
    shards: JSON.stringify(ids.map((id) => ({ project_id: id, shard: shardOf(id, shards) }))),
  });
  const findings = groupBy(ctx.findings, (f) => f.project_id);
  const version = createHash("sha256");
  for (let from = 0; from < shards; from += BATCH) {
    const range = { from, to: Math.min(shards, from + BATCH) - 1 };
    const heads = await siteRows<Row & { shard: number }>(ctx.db, "project_heads", range);
    const ledger = groupBy(
      await siteRows<Row>(ctx.db, "project_ledger", { ...range, as_of: ctx.asOf }),
      (r) => r.project_id,
    );
    const flows = groupBy(await siteRows<Row>(ctx.db, "project_flows", range), (r) => r.project_id);
    const villages = groupBy(await siteRows<Row>(ctx.db, "project_villages", range), (r) => r.project_id);
    const credits = groupBy(await siteRows<Row>(ctx.db, "project_credits", range), (r) => r.project_id);
    const list = (rows: Row[] | undefined) => columns((rows ?? []).map((r) => omit(r, ["project_id"])));
    const byShard = groupBy(heads, (h) => String(h.shard));
    for (let shard = range.from; shard <= range.to; shard++) {
      const projects: Record<string, Json> = {};
      for (const head of byShard.get(String(shard)) ?? []) {
        const id = head.project_id;
        projects[id] = {
          head: omit(head, ["shard"]),
          ledger: list(ledger.get(id)),
          flows: list(flows.get(id)),
          villages: list(villages.get(id)),
          credits: list(credits.get(id)),
          findings: list((findings.get(id) ?? []).map((f) => omit(f, ["county_code"]) as Row)),
        };
      }
      // Every shard is written, empty or not: the page asks for the shard of any id it is given.
      const bytes = await gzipAsync(JSON.stringify({ as_of: ctx.asOf, projects }), { level: 9 });
      version.update(bytes);
      await ctx.writeBytes(`${PROJECT_DIR}/${shardFile(shard, shards)}`, bytes);
    }
  }
  await ctx.write("project-index.json", {
    as_of: ctx.asOf,
    shards,
    projects: ids.length,
    folder: PROJECT_SITE_DIR,
    // Part of each shard's address: a browser must not show a shard cached from an older build.
    version: version.digest("hex").slice(0, 12),
  });
}

/**
 * Copies the shards of a site data directory into a built site (its `_project/` folder, which Framework
 * does not write: its file attachments need names known when the page is built).
 */
export async function publishProjects(siteData: string, siteDir: string): Promise<void> {
  await rm(join(siteDir, PROJECT_SITE_DIR), { recursive: true, force: true });
  await cp(join(siteData, PROJECT_DIR), join(siteDir, PROJECT_SITE_DIR), { recursive: true });
}
