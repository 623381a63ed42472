/** overview.json: the 总览 page. */
import type { SiteContext } from "../context.ts";

/** How many counties the overview ranks by unallocated money. */
export const TOP_UNALLOCATED = 10;

export async function writeOverview(ctx: SiteContext): Promise<void> {
  await ctx.write("overview.json", {
    as_of: ctx.asOf,
    freshness: ctx.freshness,
    province: ctx.province,
    monthly: ctx.monthly,
    top_unallocated: [...ctx.counties]
      .sort(
        (a, b) =>
          (b.unallocated_fen as number) - (a.unallocated_fen as number) || a.code.localeCompare(b.code),
      )
      .slice(0, TOP_UNALLOCATED),
    policy: ctx.policy,
  });
}
