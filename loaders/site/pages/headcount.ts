/** headcount.json: 虚拟与实际人数. */
import { amountBands, columns } from "../export.ts";
import type { SiteContext } from "../context.ts";

export async function writeHeadcount(ctx: SiteContext): Promise<void> {
  await ctx.write("headcount.json", {
    as_of: ctx.asOf,
    policy: ctx.policy,
    province: ctx.province,
    projects: columns(
      ctx.projects.filter((p) => (p.virtual_people as number) > 0 || (p.actual_people as number) > 0),
      ["project_id", "county_code", "method", "virtual_people", "actual_people", "headcount_ratio", "per_capita_fen", "distributed_fen"],
    ),
    bands: await amountBands(ctx.db),
    county_names: ctx.countyNames,
  });
}
