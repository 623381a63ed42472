/**
 * headcount.json: 虚拟与实际人数. Every project's virtual (人土比) and actual headcount with its F06 / F07
 * flag, the Shenmao-railway-like projects seed 001 names, seed 001's amount bands, and the county roll-up.
 */
import { amountBands, columns, type Json } from "../export.ts";
import type { SiteContext } from "../context.ts";
import { toFen } from "./methods.ts";

/** Seed 001 names this project (深茂铁路 阳西段: 21 should be covered, 198 paid). */
const HIGHLIGHT = /深茂铁路/;

export async function writeHeadcount(ctx: SiteContext): Promise<void> {
  const flag = new Map<string, string>();
  for (const f of ctx.findings) if (f.code === "F06" || f.code === "F07") flag.set(f.project_id, f.code);
  const rows: Record<string, Json>[] = ctx.projects.map((p) => ({
    ...p,
    flag: flag.get(p.project_id) ?? null,
  }));
  const highlights = rows.filter((p) => HIGHLIGHT.test(String(p.project_name)));
  await ctx.write("headcount.json", {
    as_of: ctx.asOf,
    policy: {
      per_person_fen: toFen(ctx.policy.per_person_yuan),
      annuity_divisor: ctx.policy.annuity_divisor ?? 139,
      base_pension_fen: toFen(ctx.policy.base_pension_yuan),
      dilution_ratio: ctx.policy.dilution_ratio ?? 2,
      undercoverage_ratio: ctx.policy.undercoverage_ratio ?? 0.8,
    },
    // Scopes whose own thresholds differ from the province's (the chart draws the province's).
    threshold_overrides: ctx.policies
      .filter(
        (p) =>
          p.scope !== "*" &&
          (p.dilution_ratio !== ctx.policy.dilution_ratio ||
            p.undercoverage_ratio !== ctx.policy.undercoverage_ratio),
      )
      .map((p) => ({
        scope: p.scope,
        dilution_ratio: p.dilution_ratio,
        undercoverage_ratio: p.undercoverage_ratio,
      })),
    province: {
      projects: ctx.province.projects,
      virtual_people: ctx.province.virtual_people,
      actual_people: ctx.province.actual_people,
      distributed_fen: ctx.province.distributed_fen,
      F06: ctx.province.F06,
      F07: ctx.province.F07,
    },
    projects: columns(rows, [
      "project_id",
      "county_code",
      "virtual_people",
      "actual_people",
      "per_capita_fen",
      "flag",
    ]),
    highlights: highlights.map((p) => ({
      project_id: p.project_id,
      project_name: p.project_name,
      county_code: p.county_code,
      virtual_people: p.virtual_people,
      actual_people: p.actual_people,
      per_capita_fen: p.per_capita_fen,
      distributed_fen: p.distributed_fen,
      monthly_from_account_fen: p.monthly_from_account_fen,
      new_method_fen: p.new_method_fen,
      flag: p.flag,
    })),
    bands: await amountBands(ctx.db),
    counties: columns(ctx.counties, [
      "code",
      "name",
      "city_name",
      "projects",
      "virtual_people",
      "actual_people",
      "distributed_fen",
      "F06",
      "F07",
    ]),
  });
}
