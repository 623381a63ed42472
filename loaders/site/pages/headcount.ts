/**
 * headcount.json: 虚拟与实际人数. Every project's virtual (人土比) and actual headcount with its F06 / F07
 * flag, the Shenmao-railway-like projects seed 001 names, seed 001's amount bands, and the county roll-up.
 */
import { columns, groupBy, omit, type Json } from "../export.ts";
import type { SiteContext } from "../context.ts";
import { siteRows } from "../query.ts";

/** Seed 001 names this project (深茂铁路 阳西段: 21 should be covered, 198 paid). */
const HIGHLIGHT = /深茂铁路/;

/** The county and city figures of the page's county table. */
const COUNTY_KEYS = [
  "code",
  "name",
  "city_code",
  "city_name",
  "projects",
  "virtual_people",
  "actual_people",
  "headcount_ratio",
  "distributed_fen",
  "per_capita_fen",
  "F06",
  "F07",
  "monthly_from_account_fen",
];

export async function writeHeadcount(ctx: SiteContext): Promise<void> {
  const projects = await siteRows<{ project_name: string }>(ctx.db, "headcount_projects");
  const bands = groupBy(
    await siteRows<Record<string, Json> & { level: string }>(ctx.db, "amount_bands"),
    (b) => b.level,
  );
  const global = ctx.scopes.find((s) => s.scope === "*")!;
  await ctx.write("headcount.json", {
    as_of: ctx.asOf,
    policy: {
      ...ctx.policy,
      per_person_fen: global.per_person_fen,
      base_pension_fen: global.base_pension_fen,
      per_person_monthly_fen: global.per_person_monthly_fen,
      per_person_total_fen: global.per_person_total_fen,
    },
    // Scopes whose own thresholds differ from the province's (the chart draws the province's).
    threshold_overrides: ctx.scopes
      .filter(
        (s) =>
          s.scope !== "*" &&
          (s.policy.dilution_ratio !== ctx.policy.dilution_ratio ||
            s.policy.undercoverage_ratio !== ctx.policy.undercoverage_ratio),
      )
      .map((s) => ({
        scope: s.scope,
        dilution_ratio: s.policy.dilution_ratio,
        undercoverage_ratio: s.policy.undercoverage_ratio,
      })),
    province: ctx.province,
    projects: columns(
      projects.map((p) =>
        omit(p, [
          "project_name",
          "distributed_fen",
          "monthly_from_account_fen",
          "monthly_total_fen",
          "new_method_fen",
          "new_per_capita_fen",
          "new_monthly_fen",
          "headcount_ratio",
        ]),
      ),
    ),
    highlights: projects.filter((p) => HIGHLIGHT.test(p.project_name)),
    bands: {
      province: (bands.get("all") ?? []).map((b) => omit(b, ["level", "code"])),
      counties: columns(
        (bands.get("county") ?? []).map((b) => ({ county_code: b.code, band: b.band, share: b.share })),
      ),
    },
    counties: columns(ctx.counties, COUNTY_KEYS),
    cities: ctx.cities.map((c) => Object.fromEntries(COUNTY_KEYS.map((k) => [k, c[k]]))),
  });
}
