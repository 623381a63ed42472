/** methods.json: 新旧办法对比 and the policy scenario panel. */
import { columns } from "../export.ts";
import type { SiteContext } from "../context.ts";

function scopeOf(ctx: SiteContext, county: string): string {
  if (ctx.policies.some((p) => p.scope === county)) return county;
  if (ctx.policies.some((p) => p.scope === county.slice(0, 4))) return county.slice(0, 4);
  return "*";
}

export async function writeMethods(ctx: SiteContext): Promise<void> {
  await ctx.write("methods.json", {
    as_of: ctx.asOf,
    policies: ctx.policies,
    projects: columns(
      ctx.projects.map((p) => ({ ...p, scope: scopeOf(ctx, p.county_code) })),
      [
        "project_id",
        "county_code",
        "method",
        "approved_on",
        "area_mu",
        "zone_price",
        "virtual_people",
        "actual_people",
        "old_method_fen",
        "new_method_fen",
        "land_ratio",
        "scope",
      ],
    ),
    county_names: ctx.countyNames,
  });
}
