/**
 * search.json: what the search page finds (counties, projects and their approval numbers, villages) and
 * the index of masked IDs by their last four characters, in the shards of ../shards.ts
 * (`person/<n>.json.gz`), which the page fetches one at a time: the province's two million people would not fit one file. Projects name
 * their county by its index in `counties`, villages and people their projects by index in `projects`: at
 * the province scale (~40,000 projects) every byte per project is 40 KB.
 */
import { shardOf, SHARD_TARGET_BYTES } from "@xianbao/common/shard.js";
import { columns, type Json } from "../export.ts";
import type { SiteContext } from "../context.ts";
import { sqlText } from "../../sql.ts";
import { siteRows } from "../query.ts";
import { writeShards } from "../shards.ts";

/** Raw JSON bytes a person takes in its shard (measured on the province sample). */
const PERSON_BYTES = 34;

/** Every value an ID's last four characters can take: 0000 to 9999 and 000X to 999X. */
function lastFours(): string[] {
  const out: string[] = [];
  for (let i = 0; i < 10000; i++) out.push(String(i).padStart(4, "0"));
  for (let i = 0; i < 1000; i++) out.push(`${String(i).padStart(3, "0")}X`);
  return out;
}

export async function writeSearch(ctx: SiteContext): Promise<void> {
  const index = new Map(ctx.counties.map((c, i) => [c.code, i]));
  const projects = await siteRows<{ project_id: string; project_name: string; county_code: string }>(
    ctx.db,
    "project_names",
  );
  const projectIndex = new Map(projects.map((p, i) => [p.project_id, i]));
  const villages = await siteRows<{ village_code: string; village_name: string; projects: string[] }>(
    ctx.db,
    "search_villages",
  );
  const persons = await writePersons(ctx);
  await ctx.write("search.json", {
    as_of: ctx.asOf,
    counties: columns(ctx.counties, ["code", "name", "city_name", "status", "projects"]),
    projects: columns(
      projects.map((p) => ({
        project_id: p.project_id,
        project_name: p.project_name,
        county: index.get(p.county_code) ?? -1,
      })),
    ),
    villages: columns(
      villages.map((v) => ({
        code: v.village_code,
        name: v.village_name,
        projects: v.projects.map((id) => projectIndex.get(id) ?? -1),
      })),
    ),
    persons,
  });
}

/** Writes the person shards; returns what the page needs to find them. */
async function writePersons(ctx: SiteContext): Promise<Json> {
  const [{ persons }] = await siteRows<{ persons: number }>(ctx.db, "person_count");
  const shards = Math.max(1, Math.ceil((persons * PERSON_BYTES) / SHARD_TARGET_BYTES));
  await siteRows(ctx.db, "person_shards", {
    shards: JSON.stringify(lastFours().map((last4) => ({ last4, shard: shardOf(last4, shards) }))),
  });
  await ctx.db.run(sqlText("site/person_shard_rows"));
  const index = await writeShards(ctx, "person", shards, "search_persons", { as_of: ctx.asOf, persons: {} });
  await ctx.db.run("DROP TABLE site_person_credits");
  return { count: persons, ...index };
}
