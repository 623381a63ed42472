/** counties.json (县区进展) and county/<code>.json, one per county page. */
import { columns, groupBy, PROJECT_KEYS } from "../export.ts";
import type { SiteContext } from "../context.ts";

export const FINDING_KEYS = [
  "code",
  "project_id",
  "village_code",
  "village_name",
  "person",
  "person_key",
  "record_id",
  "amount_fen",
  "event_on",
  "detail",
];

export async function writeCounties(ctx: SiteContext): Promise<void> {
  await ctx.write("counties.json", {
    as_of: ctx.asOf,
    province: ctx.province,
    cities: ctx.cities,
    counties: ctx.counties,
  });
  const projectsByCounty = groupBy(ctx.projects, (p) => p.county_code);
  const findingsByCounty = groupBy(ctx.findings, (f) => f.county_code);
  for (const county of ctx.counties)
    await ctx.write(`county/${county.code}.json`, {
      as_of: ctx.asOf,
      county,
      monthly: ctx.countyMonthly.get(county.code) ?? {},
      projects: columns(projectsByCounty.get(county.code) ?? [], [...PROJECT_KEYS]),
      findings: columns(findingsByCounty.get(county.code) ?? [], FINDING_KEYS),
    });
}
