/** counties.json (县区进展) and county/<code>.json, one per county page. */
import { columns, groupBy, type Json, type Rollup } from "../export.ts";
import type { SiteContext } from "../context.ts";
import { FINDING_CODES } from "@xianbao/common/rules.js";

/** Evidence columns of a finding, shared with the findings page. */
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

/** The roll-up figures the league table, its subtotals and a county page's headline show. */
export const LEAGUE_KEYS = [
  "code",
  "name",
  "city_code",
  "city_name",
  "status",
  "reasons",
  "projects",
  "required_fen",
  "received_fen",
  "in_special_fen",
  "distributed_fen",
  "unallocated_fen",
  "unallocated_over_365_fen",
  "over_allocated_fen",
  "shortfall_fen",
  "stock_projects",
  "stock_baseline_fen",
  "stock_remaining_fen",
  "stock_progress",
  "increment_projects",
  "increment_open_fen",
  "actual_people",
  ...FINDING_CODES,
] as const;

/**
 * A county page's project columns: what its table, flags and findings need, nothing the page does not show
 * (a county of the province scale has up to ~1,500 projects and must stay well under 300 KB compressed).
 */
export const COUNTY_PROJECT_KEYS = [
  "project_id",
  "project_name",
  "approved_on",
  "supplied_on",
  "method",
  "required_fen",
  "received_fen",
  "shortfall_fen",
  "distributed_fen",
  "unallocated_fen",
  "unallocated_over_365_fen",
  "virtual_people",
  "actual_people",
  "is_stock",
  "is_increment",
] as const;

/** Finding columns of a county page (its county is the page's). */
export const COUNTY_FINDING_KEYS = FINDING_KEYS;

/** Policy parameters the rule texts of a county page quote. */
const POLICY_KEYS = [
  "stock_baseline",
  "scope_start",
  "transfer_deadline_days",
  "enrolment_deadline_days",
  "quota_valid_years",
  "per_person_yuan",
  "dilution_ratio",
  "undercoverage_ratio",
  "adult_age",
];

function league(r: Rollup): Record<string, Json> {
  const over365 =
    (r.unallocated_366_730_fen as number) +
    (r.unallocated_731_1095_fen as number) +
    (r.unallocated_over_1095_fen as number);
  const row: Record<string, Json> = {};
  for (const key of LEAGUE_KEYS) row[key] = key === "unallocated_over_365_fen" ? over365 : (r[key] ?? null);
  return row;
}

/** The most specific policy scope of a county: its own, its city's, else the global one (DOMAIN section 2). */
function policyOf(ctx: SiteContext, county: string): Record<string, Json> {
  const scope =
    ctx.policies.find((p) => p.scope === county) ??
    ctx.policies.find((p) => p.scope === county.slice(0, 4)) ??
    ctx.policy;
  return Object.fromEntries(POLICY_KEYS.map((k) => [k, scope[k] ?? null]));
}

/** Drops the months before the county's first approval: they are all zero and only add bytes. */
function trimLeading(monthly: Record<string, Json[]> | undefined): Record<string, Json[]> {
  if (!monthly?.month)
    return { month: [], received_fen: [], distributed_fen: [], unallocated_fen: [], stock_remaining_fen: [] };
  const n = monthly.month.length;
  let first = 0;
  while (
    first < n - 1 &&
    !monthly.received_fen[first] &&
    !monthly.distributed_fen[first] &&
    !monthly.stock_remaining_fen[first]
  )
    first++;
  return Object.fromEntries(Object.entries(monthly).map(([k, v]) => [k, v.slice(first)]));
}

export async function writeCounties(ctx: SiteContext): Promise<void> {
  await ctx.write("counties.json", {
    as_of: ctx.asOf,
    stock_baseline: ctx.policy.stock_baseline ?? null,
    province: league(ctx.province),
    cities: ctx.cities.map(league),
    // An array of objects with `code`: observablehq.config.ts reads it for the county pages' paths.
    counties: ctx.counties.map(league),
  });
  const projectsByCounty = groupBy(ctx.projects, (p) => p.county_code);
  const findingsByCounty = groupBy(ctx.findings, (f) => f.county_code);
  for (const county of ctx.counties)
    await ctx.write(`county/${county.code}.json`, {
      as_of: ctx.asOf,
      policy: policyOf(ctx, county.code),
      county: league(county),
      monthly: trimLeading(ctx.countyMonthly.get(county.code)),
      projects: columns(projectsByCounty.get(county.code) ?? [], COUNTY_PROJECT_KEYS),
      findings: columns(findingsByCounty.get(county.code) ?? [], COUNTY_FINDING_KEYS),
    });
}
