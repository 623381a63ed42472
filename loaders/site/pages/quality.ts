/** quality.json: 数据质量, the load report, rejects (masked) and control totals. */
import { quality } from "../export.ts";
import type { SiteContext } from "../context.ts";

export async function writeQuality(ctx: SiteContext): Promise<void> {
  await ctx.write("quality.json", { as_of: ctx.asOf, freshness: ctx.freshness, ...(await quality(ctx.db, 5000)) });
}
