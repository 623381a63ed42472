/**
 * compare.json (两期对比, src/compare.md): the province, every city and county with its figures at T0 and
 * T1 and their changes, as site/rollups.sql reads them from m_changes (docs/review.md#comparison). Only
 * the columns the page shows: the league table's file carries the rest.
 */
import { pick, type Json } from "../export.ts";
import type { SiteContext } from "../context.ts";

/** The roll-up columns of the comparison page; every one a column of site/rollups.sql. */
export const COMPARE_KEYS = [
  "level",
  "code",
  "name",
  "city_code",
  "city_name",
  "status",
  "status_then",
  "projects",
  "received_then_fen",
  "received_fen",
  "received_change_fen",
  "distributed_then_fen",
  "distributed_fen",
  "distributed_change_fen",
  "unallocated_then_fen",
  "unallocated_fen",
  "unallocated_change_fen",
  "shortfall_then_fen",
  "shortfall_fen",
  "shortfall_change_fen",
  "stock_baseline_fen",
  "stock_remaining_then_fen",
  "stock_remaining_fen",
  "stock_cleared_fen",
  "increment_open_then_fen",
  "increment_open_fen",
  "increment_open_change_fen",
  "new_increment_projects",
  "findings_open_then",
  "findings_open",
  "findings_open_change",
  "findings_new",
  "findings_resolved",
  "findings_reopened",
  "rectified_confirmed",
  "rectified_not_confirmed",
  "in_progress",
  "explained",
] as const;

export async function writeCompare(ctx: SiteContext): Promise<void> {
  const rows = (list: Record<string, Json>[]) => list.map((r) => pick(r, COMPARE_KEYS));
  await ctx.write("compare.json", {
    as_of: ctx.asOf,
    compare_to: ctx.compareTo,
    stock_baseline: ctx.policy.stock_baseline,
    province: pick(ctx.province, COMPARE_KEYS),
    cities: rows(ctx.cities),
    counties: rows(ctx.counties),
  });
}
