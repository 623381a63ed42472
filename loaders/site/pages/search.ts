/** search.json: what the search page finds (counties, projects and their approval numbers). */
import { columns } from "../export.ts";
import type { SiteContext } from "../context.ts";

export async function writeSearch(ctx: SiteContext): Promise<void> {
  await ctx.write("search.json", {
    counties: ctx.counties.map((c) => [c.code, c.name, c.city_name]),
    projects: columns(ctx.projects, ["project_id", "project_name", "county_code"]),
  });
}
