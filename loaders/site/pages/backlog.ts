/**
 * backlog.json (资金沉淀: unallocated money by age, by county, and the first long-held projects) and
 * backlog-held.json (every project holding money unallocated for over a year, which at the province scale
 * runs to megabytes, so the page fetches it only when a filter, "show all" or a download needs it).
 */
import { columns } from "../export.ts";
import type { SiteContext } from "../context.ts";
import { siteRows } from "../query.ts";

/** How many long-held projects backlog.json carries for the first view. */
export const HELD_FIRST = 100;

const AGE_KEYS = [
  "unallocated_0_180_fen",
  "unallocated_181_365_fen",
  "unallocated_366_730_fen",
  "unallocated_731_1095_fen",
  "unallocated_over_1095_fen",
  "unallocated_over_365_fen",
  "unallocated_over_365_share",
];

const PLACE_KEYS = ["code", "name", "city_code", "city_name", "projects", "received_fen", "unallocated_fen"];

export async function writeBacklog(ctx: SiteContext): Promise<void> {
  const held = await siteRows<{ county_code: string }>(ctx.db, "backlog_held");
  const names = (rows: { county_code: string }[]) =>
    Object.fromEntries(
      [...new Set(rows.map((p) => p.county_code))].sort().map((c) => [c, ctx.countyNames[c] ?? [c, ""]]),
    );
  await ctx.write("backlog.json", {
    as_of: ctx.asOf,
    data_hash: ctx.freshness.data_hash,
    province: ctx.province,
    counties: columns(
      ctx.counties.filter((c) => (c.unallocated_fen as number) > 0 || (c.projects as number) > 0),
      [...PLACE_KEYS, ...AGE_KEYS],
    ),
    cities: ctx.cities.map((c) => Object.fromEntries([...PLACE_KEYS, ...AGE_KEYS].map((k) => [k, c[k]]))),
    held_count: held.length,
    held_first: columns(held.slice(0, HELD_FIRST)),
    county_names: names(held.slice(0, HELD_FIRST)),
  });
  await ctx.write("backlog-held.json", { held: columns(held), county_names: names(held) });
}
