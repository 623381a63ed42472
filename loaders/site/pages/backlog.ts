/**
 * backlog.json (资金沉淀: unallocated money by age, by county, and the first long-held projects) and
 * backlog-held.json (every project holding money unallocated for over a year, which at the province scale
 * runs to megabytes, so the page fetches it only when a filter, "show all" or a download needs it).
 */
import { columns } from "../export.ts";
import type { SiteContext } from "../context.ts";

export const BUCKET_KEYS = [
  "unallocated_0_180_fen",
  "unallocated_181_365_fen",
  "unallocated_366_730_fen",
  "unallocated_731_1095_fen",
  "unallocated_over_1095_fen",
];

const HELD_KEYS = [
  "project_id",
  "project_name",
  "county_code",
  "approved_on",
  "received_fen",
  "distributed_fen",
  "unallocated_fen",
  "unallocated_366_730_fen",
  "unallocated_731_1095_fen",
  "unallocated_over_1095_fen",
  "oldest_unallocated_on",
];

/** How many long-held projects backlog.json carries for the first view. */
export const HELD_FIRST = 100;

const fen = (column: string) => `CAST(yuan_to_fen(${column}) AS DOUBLE) AS ${column}_fen`;

export async function writeBacklog(ctx: SiteContext): Promise<void> {
  // Largest money held over a year first: the rows an auditor would visit first.
  const held = await ctx.db.rows<Record<string, string | number>>(
    `SELECT project_id, project_name, county_code, CAST(approved_on AS VARCHAR) AS approved_on,
       CAST(yuan_to_fen(received_yuan) AS DOUBLE) AS received_fen,
       CAST(yuan_to_fen(distributed_yuan) AS DOUBLE) AS distributed_fen,
       CAST(yuan_to_fen(unallocated_yuan) AS DOUBLE) AS unallocated_fen,
       ${fen("unallocated_366_730")}, ${fen("unallocated_731_1095")}, ${fen("unallocated_over_1095")},
       CAST(oldest_unallocated_on AS VARCHAR) AS oldest_unallocated_on
     FROM m_projects
     WHERE unallocated_366_730 + unallocated_731_1095 + unallocated_over_1095 > 0
     ORDER BY unallocated_366_730 + unallocated_731_1095 + unallocated_over_1095 DESC, project_id`,
  );
  const counties = ctx.counties.filter(
    (c) => (c.unallocated_fen as number) > 0 || (c.projects as number) > 0,
  );
  const names = Object.fromEntries(
    [...new Set(held.map((p) => p.county_code as string))]
      .sort()
      .map((c) => [c, ctx.countyNames[c] ?? [c, ""]]),
  );
  await ctx.write("backlog.json", {
    as_of: ctx.asOf,
    data_hash: ctx.freshness.data_hash,
    province: Object.fromEntries(
      ["projects", "received_fen", "distributed_fen", "unallocated_fen", ...BUCKET_KEYS].map((k) => [
        k,
        ctx.province[k] ?? null,
      ]),
    ),
    counties: columns(counties, [
      "code",
      "name",
      "city_name",
      "projects",
      "received_fen",
      "unallocated_fen",
      ...BUCKET_KEYS,
    ]),
    held_count: held.length,
    held_first: columns(held.slice(0, HELD_FIRST), HELD_KEYS),
    county_names: Object.fromEntries(
      held.slice(0, HELD_FIRST).map((p) => [p.county_code, names[p.county_code]]),
    ),
  });
  await ctx.write("backlog-held.json", { held: columns(held, HELD_KEYS), county_names: names });
}
