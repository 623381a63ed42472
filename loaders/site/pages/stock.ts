/** stock.json: 减存量 遏增量. */
import { columns } from "../export.ts";
import type { SiteContext } from "../context.ts";

export async function writeStock(ctx: SiteContext): Promise<void> {
  await ctx.write("stock.json", {
    as_of: ctx.asOf,
    stock_baseline: ctx.policy.stock_baseline ?? null,
    scope_start: ctx.policy.scope_start ?? null,
    province: ctx.province,
    monthly: { month: ctx.monthly.month, stock_remaining_fen: ctx.monthly.stock_remaining_fen },
    counties: ctx.counties
      .filter((c) => (c.stock_baseline_fen as number) > 0 || (c.increment_projects as number) > 0)
      .map((c) => ({
        code: c.code,
        name: c.name,
        city_name: c.city_name,
        stock_projects: c.stock_projects,
        stock_baseline_fen: c.stock_baseline_fen,
        stock_remaining_fen: c.stock_remaining_fen,
        stock_progress: c.stock_progress,
        increment_projects: c.increment_projects,
        increment_open_fen: c.increment_open_fen,
      })),
    increments: columns(
      ctx.projects.filter((p) => p.is_increment),
      ["project_id", "project_name", "county_code", "approved_on", "required_fen", "received_at_approval_fen", "received_fen", "shortfall_fen"],
    ),
    county_names: ctx.countyNames,
  });
}
