/**
 * The project pages' data (批次页, src/project.md): for every project its approval and figures, its ledger
 * over time, fund flows, villages, credits (masked) and findings, in the shards of ../shards.ts
 * (`project/<n>.json.gz`, common/shard.js picks the shard from the id), and `project-index.json` saying
 * how many there are. One page reads one shard on demand, so 40,000 or 400,000 projects cost one
 * Framework page.
 */
import { shardOf, SHARD_TARGET_BYTES } from "@xianbao/common/shard.js";
import type { SiteContext } from "../context.ts";
import { siteRows } from "../query.ts";
import { sqlText } from "../../sql.ts";
import { writeShards } from "../shards.ts";

/**
 * Raw JSON bytes a project and each row of its lists take (measured on the province sample): the shard
 * count follows from them, so that a shard holds about SHARD_TARGET_BYTES.
 */
const BYTES = { project: 2600, credit: 95, flow: 110, village: 190 };

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
  await ctx.db.run(sqlText("site/project_shard_rows"));
  const index = await writeShards(ctx, "project", shards, "project_shard_json", {
    as_of: ctx.asOf,
    projects: {},
  });
  await ctx.db.run("DROP TABLE site_project_credits; DROP TABLE site_project_flows");
  // The version is part of each shard's address: a browser must not show a shard cached from an older build.
  await ctx.write("project-index.json", { as_of: ctx.asOf, projects: ids.length, ...index });
}
