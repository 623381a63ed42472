/** stock.json: 减存量 遏增量 (stock burn-down, progress by county, increment projects). */
import { columns, type Json } from "../export.ts";
import type { SiteContext } from "../context.ts";

const COUNTY_KEYS = [
  "code",
  "name",
  "city_name",
  "stock_projects",
  "stock_baseline_fen",
  "stock_remaining_fen",
  "stock_progress",
  "increment_projects",
  "increment_open_fen",
];

const PROVINCE_KEYS = COUNTY_KEYS.slice(3);

const INCREMENT_KEYS = [
  "project_id",
  "project_name",
  "county_code",
  "approved_on",
  "required_fen",
  "received_at_approval_fen",
  "received_fen",
  "shortfall_fen",
];

export async function writeStock(ctx: SiteContext): Promise<void> {
  const baseline = (ctx.policy.stock_baseline as string | undefined) ?? null;
  const months = (ctx.monthly.month ?? []) as string[];
  // Before the baseline's month the stock is undefined (decisions M7): the series starts there.
  const first = baseline ? months.findIndex((m) => m >= baseline.slice(0, 7)) : -1;
  const from = first < 0 ? months.length : first;
  await ctx.write("stock.json", {
    as_of: ctx.asOf,
    data_hash: ctx.freshness.data_hash,
    stock_baseline: baseline,
    scope_start: ctx.policy.scope_start ?? null,
    // Cities or counties whose policy.json sets another baseline or scope start.
    scope_overrides: ctx.policies
      .filter(
        (p) => p.scope !== "*" && (p.stock_baseline !== baseline || p.scope_start !== ctx.policy.scope_start),
      )
      .map((p) => ({
        scope: p.scope,
        stock_baseline: p.stock_baseline ?? null,
        scope_start: p.scope_start ?? null,
      })),
    province: Object.fromEntries(PROVINCE_KEYS.map((k) => [k, ctx.province[k] ?? null])),
    monthly: {
      month: months.slice(from),
      stock_remaining_fen: ((ctx.monthly.stock_remaining_fen ?? []) as Json[]).slice(from),
    },
    counties: columns(
      ctx.counties.filter((c) => (c.stock_projects as number) > 0 || (c.increment_projects as number) > 0),
      COUNTY_KEYS,
    ),
    increments: columns(
      ctx.projects.filter((p) => p.is_increment),
      INCREMENT_KEYS,
    ),
    county_names: Object.fromEntries(
      [...new Set(ctx.projects.filter((p) => p.is_increment).map((p) => p.county_code))]
        .sort()
        .map((c) => [c, ctx.countyNames[c] ?? [c, ""]]),
    ),
  });
}
