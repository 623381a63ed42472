/** backlog.json: 资金沉淀 (unallocated money by age). */
import { columns } from "../export.ts";
import type { SiteContext } from "../context.ts";

export const BUCKET_KEYS = [
  "unallocated_0_180_fen",
  "unallocated_181_365_fen",
  "unallocated_366_730_fen",
  "unallocated_731_1095_fen",
  "unallocated_over_1095_fen",
];

export async function writeBacklog(ctx: SiteContext): Promise<void> {
  await ctx.write("backlog.json", {
    as_of: ctx.asOf,
    province: ctx.province,
    counties: columns(ctx.counties, ["code", "name", "city_name", "unallocated_fen", ...BUCKET_KEYS]),
    long_held: columns(
      ctx.projects
        .filter((p) => (p.unallocated_over_365_fen as number) > 0)
        .sort(
          (a, b) =>
            (b.unallocated_over_365_fen as number) - (a.unallocated_over_365_fen as number) ||
            a.project_id.localeCompare(b.project_id),
        ),
      [
        "project_id",
        "project_name",
        "county_code",
        "approved_on",
        "received_fen",
        "distributed_fen",
        "unallocated_fen",
        "unallocated_over_365_fen",
        "oldest_unallocated_on",
      ],
    ),
    county_names: ctx.countyNames,
  });
}
