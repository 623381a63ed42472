/**
 * counties.json (县区进展: the league table and the city table), county/<code>.json.gz, one per county
 * page, city/<code>.json.gz, one per city page, and place-index.json, which those pages read to find
 * them (places.ts; published as _county/ and _city/ beside the built site).
 */
import { columns, groupBy, omit } from "../export.ts";
import { policyOfScope, type SiteContext } from "../context.ts";
import { siteRows } from "../query.ts";
import { batches, BATCH_ROWS } from "./findings.ts";
import { folderWriter } from "../shards.ts";
import { placeFile } from "@xianbao/common/shard.js";

/** The findings columns of a county page without findings (the keys of site/county_findings_json.sql). */
const NO_FINDINGS = JSON.stringify(
  Object.fromEntries(
    "finding_key code project_id village_code village_name person record_id amount_fen event_on detail open rectification reported_on note verdict source_file source_row person_key"
      .split(" ")
      .map((k) => [k, []]),
  ),
);

export async function writeCounties(ctx: SiteContext): Promise<void> {
  await ctx.write("counties.json", {
    as_of: ctx.asOf,
    compare_to: ctx.compareTo,
    // The status rules are stated with the province's thresholds; scopes that set their own are named.
    policy: ctx.policy,
    status_overrides: ctx.scopes
      .filter((s) => s.scope !== "*")
      .map((s) => ({
        scope: s.scope,
        changed: Object.fromEntries(
          Object.entries(s.policy).filter(([k, v]) => k.startsWith("status_") && v !== ctx.policy[k]),
        ),
      }))
      .filter((s) => Object.keys(s.changed).length > 0),
    province: ctx.province,
    cities: ctx.cities,
    // An array of objects with `code`: observablehq.config.ts reads it for the county pages' paths.
    counties: ctx.counties,
  });
  const projects = groupBy(
    await siteRows<{ county_code: string }>(ctx.db, "county_projects"),
    (p) => p.county_code,
  );
  const monthly = groupBy(
    await siteRows<{ county_code: string }>(ctx.db, "monthly_counties"),
    (m) => m.county_code,
  );
  // A county's findings come as JSON text from DuckDB, a batch of counties at a time (at most BATCH_ROWS
  // findings), and are set into the county's file as they are: no object per finding in Node.
  const sizes = new Map(ctx.counties.map((c, i) => [i, Number(c.findings ?? 0)]));
  const countyFiles = folderWriter(ctx, "county");
  for (const [from, to] of batches(sizes, BATCH_ROWS)) {
    const texts = new Map(
      (
        await siteRows<{ county_code: string; json: string }>(ctx.db, "county_findings_json", { from, to })
      ).map((r) => [r.county_code, r.json]),
    );
    const files: [string, string][] = [];
    for (const county of ctx.counties.slice(from, to + 1)) {
      const head = JSON.stringify({
        as_of: ctx.asOf,
        compare_to: ctx.compareTo,
        policy: policyOfScope(ctx, county.scope),
        county,
        monthly: columns((monthly.get(county.code) ?? []).map((m) => omit(m, ["county_code"]))),
        projects: columns((projects.get(county.code) ?? []).map((p) => omit(p, ["county_code"]))),
      });
      files.push([placeFile(county.code), `${head.slice(0, -1)},"findings":${texts.get(county.code) ?? NO_FINDINGS}}`]);
    }
    await countyFiles.write(files);
  }

  const cityMonthly = groupBy(
    await siteRows<{ city_code: string }>(ctx.db, "monthly_cities"),
    (m) => m.city_code,
  );
  const cityFiles = folderWriter(ctx, "city");
  await cityFiles.write(
    ctx.cities.map((city) => [
      placeFile(city.code),
      JSON.stringify({
        as_of: ctx.asOf,
        compare_to: ctx.compareTo,
        policy: policyOfScope(ctx, city.scope),
        city,
        counties: ctx.counties.filter((c) => c.city_code === city.code),
        monthly: columns((cityMonthly.get(city.code) ?? []).map((m) => omit(m, ["city_code"]))),
      }),
    ]),
  );
  await ctx.write("place-index.json", { county: countyFiles.index(), city: cityFiles.index() });
}
