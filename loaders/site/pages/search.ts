/**
 * search.json: what the search page finds (counties, projects and their approval numbers). Projects name
 * their county by its index in `counties`, not its code: at the province scale (~40,000 projects) every
 * byte per project is 40 KB.
 */
import { columns } from "../export.ts";
import type { SiteContext } from "../context.ts";
import { siteRows } from "../query.ts";

export async function writeSearch(ctx: SiteContext): Promise<void> {
  const index = new Map(ctx.counties.map((c, i) => [c.code, i]));
  const projects = await siteRows<{ project_id: string; project_name: string; county_code: string }>(
    ctx.db,
    "project_names",
  );
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
  });
}
