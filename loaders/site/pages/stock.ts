/** stock.json: 减存量 遏增量 (stock burn-down, progress by county, increment projects). */
import { columns, type Json } from "../export.ts";
import type { SiteContext } from "../context.ts";
import { siteRows } from "../query.ts";

const STOCK_KEYS = [
  "code",
  "name",
  "city_code",
  "city_name",
  "stock_projects",
  "stock_baseline_fen",
  "stock_remaining_fen",
  "stock_reduced_fen",
  "stock_progress",
  "increment_projects",
  "increment_open_projects",
  "increment_open_fen",
];

export async function writeStock(ctx: SiteContext): Promise<void> {
  const baseline = (ctx.policy.stock_baseline as string | undefined) ?? null;
  const months = (ctx.monthly.month ?? []) as string[];
  // Before the baseline's month the stock is undefined (docs/decisions.md M7): the series starts there.
  const first = baseline ? months.findIndex((m) => m >= baseline.slice(0, 7)) : -1;
  const from = first < 0 ? months.length : first;
  const increments = await siteRows<{ county_code: string }>(ctx.db, "stock_increments");
  await ctx.write("stock.json", {
    as_of: ctx.asOf,
    data_hash: ctx.freshness.data_hash,
    stock_baseline: baseline,
    scope_start: ctx.policy.scope_start ?? null,
    // Cities or counties whose policy.json sets another baseline or scope start.
    scope_overrides: ctx.scopes
      .filter(
        (s) =>
          s.scope !== "*" &&
          (s.policy.stock_baseline !== baseline || s.policy.scope_start !== ctx.policy.scope_start),
      )
      .map((s) => ({
        scope: s.scope,
        stock_baseline: s.policy.stock_baseline ?? null,
        scope_start: s.policy.scope_start ?? null,
      })),
    province: ctx.province,
    monthly: {
      month: months.slice(from),
      stock_remaining_fen: ((ctx.monthly.stock_remaining_fen ?? []) as Json[]).slice(from),
    },
    counties: columns(
      ctx.counties.filter((c) => (c.stock_projects as number) > 0 || (c.increment_projects as number) > 0),
      STOCK_KEYS,
    ),
    cities: ctx.cities.map((c) => Object.fromEntries(STOCK_KEYS.map((k) => [k, c[k]]))),
    increments: columns(increments),
    county_names: Object.fromEntries(
      [...new Set(increments.map((p) => p.county_code))]
        .sort()
        .map((c) => [c, ctx.countyNames[c] ?? [c, ""]]),
    ),
  });
}
